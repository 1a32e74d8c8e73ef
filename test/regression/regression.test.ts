// Results stay numerically identical for the same seed: each case runs the command from the sources and its
// output is compared, column by column (per series, KPI or stage in the long tables) and JSON path by JSON path,
// with the stored fingerprint (golden.json, see scripts/regression-golden.ts for its history). A changed or missing
// digest names the file, column and group that changed. Outputs that did not exist when the fingerprint was made
// (a new file, a new series or KPI, a new JSON path) are allowed: new features add results, they do not change the
// ones there were.
import { readFileSync, rmSync, existsSync } from 'node:fs';
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

/** A stored key that an output no longer has on purpose: a reviewed change of format, not of result. */
interface Removed {
  file: string;
  key: string;
  why: string;
}

const REMOVED: Record<string, Removed[]> = {
  'compare nl-baseline with two measures': [
    ...['label', 'better'].map((field) => ({
      file: 'compare.json',
      key: `mkba[].unpriced[].${field}`,
      why: 'an effect without a price is a KPI key; its label and direction come from the KPI catalogue',
    })),
    {
      file: 'compare.json',
      key: 'mkba[].sensitivity[].assumption',
      why: 'an assumption of the sensitivity analysis is a typed value (assumption.kind, .category, …), not English text',
    },
  ],
};

/** The stored fingerprint of a case without the keys removed on purpose (each checked to be gone indeed). */
function expectedOf(name: string, actual: Fingerprint): Fingerprint {
  const expected = structuredClone(golden[name]!);
  for (const r of REMOVED[name] ?? []) {
    expect(expected[r.file]?.[r.key], `${r.file} ${r.key} is stored`).toBeDefined();
    expect(actual[r.file]?.[r.key], `${r.file} ${r.key} is gone: ${r.why}`).toBeUndefined();
    delete expected[r.file]![r.key];
  }
  return expected;
}

/** The part of `actual` that the stored fingerprint covers: every stored file and key, as the output has it now. */
function covered(expected: Fingerprint, actual: Fingerprint): Fingerprint {
  const out: Fingerprint = {};
  for (const [file, keys] of Object.entries(expected)) {
    const now = actual[file];
    if (!now) continue; // a missing file shows as missing in the comparison
    out[file] = Object.fromEntries(Object.keys(keys).map((key) => [key, now[key] ?? 'missing']));
  }
  return out;
}

describe('results are unchanged for the same seed', () => {
  it('compares the inputs that were stored, and nothing else', () => {
    expect(Object.keys(golden).sort()).toEqual(REGRESSION_CASES.map((c) => c.name).sort());
  });

  for (const c of REGRESSION_CASES) {
    it(c.name, async () => {
      const needed = REGRESSION_CASES.find((n) => n.name === c.needs);
      if (needed && !existsSync(join(work, needed.output))) expect((await runCli(needed.args(work))).code).toBe(0);
      const run = await runCli(c.args(work));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const actual = fingerprint(join(work, c.output));
      const expected = expectedOf(c.name, actual);
      expect(covered(expected, actual)).toEqual(expected);
    });
  }
});
