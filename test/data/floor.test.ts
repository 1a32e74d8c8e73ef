// src/data stands on src/core only: the municipalities, the boundaries' geography and the placement inputs
// import no value from the floors above them (plan, report, sim, cli), so no arrow runs back up and no circle
// (municipalities ↔ taakstelling) returns.
import { describe, expect, it } from 'vitest';
import { relativeValueImports } from './imports.ts';

describe('src/data', () => {
  it('imports values only from src/core and itself', () => {
    const upward = relativeValueImports('src/data').filter(
      ({ target }) => !target.startsWith('src/core/') && !target.startsWith('src/data/'),
    );
    expect(upward.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });
});
