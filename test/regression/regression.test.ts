// Results stay numerically identical for the same seed: each case runs the command from the sources and its
// output is compared, column by column and JSON path by JSON path, with the fingerprint stored before the
// redesign (scripts/regression-golden.ts). A changed digest names the file and column that changed.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';
import { REGRESSION_CASES, fingerprint, type Fingerprint } from './cases.ts';

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as Record<
  string,
  Fingerprint
>;
const work = tempDir('doorstroom-regression-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('results are unchanged for the same seed', () => {
  for (const c of REGRESSION_CASES) {
    it(c.name, async () => {
      const needed = REGRESSION_CASES.find((n) => n.name === c.needs);
      if (needed && !existsSync(join(work, needed.output))) expect((await runCli(needed.args(work))).code).toBe(0);
      const run = await runCli(c.args(work));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(fingerprint(join(work, c.output))).toEqual(golden[c.name]);
    });
  }
});
