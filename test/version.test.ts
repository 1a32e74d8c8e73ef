import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOORSTROOM_VERSION } from '../src/version.ts';

describe('version', () => {
  it('matches package.json so results name the release that produced them', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(DOORSTROOM_VERSION).toBe(pkg.version);
  });
});
