// Forecasting stands below the simulator: src/forecast imports values from src/core and itself only (one
// generator, src/core/random.ts; one mean and one quantile, src/core/stats.ts), never from src/sim or above.
// The HTML page (render.ts) is the exception while it still draws its own charts.
import { describe, expect, it } from 'vitest';
import { relativeValueImports } from '../data/imports.ts';

describe('src/forecast', () => {
  it('imports values only from src/core and itself', () => {
    const upward = relativeValueImports('src/forecast').filter(
      ({ file, target }) =>
        file !== 'src/forecast/render.ts' && !target.startsWith('src/core/') && !target.startsWith('src/forecast/'),
    );
    expect(upward.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });
});
