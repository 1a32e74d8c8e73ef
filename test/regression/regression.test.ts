// Results stay numerically identical for the same seed: each case runs the command from the sources and its
// output is compared, column by column and JSON path by JSON path, with the fingerprint stored before the
// redesign (scripts/regression-golden.ts). A changed digest names the file and column that changed.
//
// Where an output moved on purpose, REVIEWED_CHANGES says where to: a JSON path now held by a CSV column is
// checked against the stored digest of the path (same values, same order), then left out of the comparison;
// files and JSON paths that are new are listed by name. golden.json itself is never regenerated.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';
import { REGRESSION_CASES, canonical, digest, fingerprint, parseCsv, type Fingerprint } from './cases.ts';

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as Record<
  string,
  Fingerprint
>;
const work = tempDir('doorstroom-regression-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A JSON path whose values now live in a CSV column (in the rows `where` picks). */
interface MovedToCsv {
  json: string;
  path: string;
  csv: string;
  column: string;
  where: (row: Record<string, string>) => boolean;
  /** The JSON held one value per series (its key): the column's value once per (scenario, series). */
  oncePerSeries?: boolean;
}

interface ReviewedChange {
  moved: MovedToCsv[];
  /** New files of the output, fingerprinted but not in golden.json. */
  newFiles: string[];
  /** New JSON paths (by prefix) of a file that is in golden.json. */
  newPaths: { json: string; prefix: string }[];
}

const isBase = (row: Record<string, string>) => row.scenario === 'base';
const isScenario = (row: Record<string, string>) => row.scenario !== 'base';

/**
 * compare.json lost its daily series (55 MB for nl-baseline with two scenarios): they are in daily.csv, one row per
 * scenario, series and day, written unrounded. base.aggregate.series[] are the rows of the base,
 * scenarios[].aggregate.series[] those of the scenarios in order. compare.json gained every replication's
 * headline figures (replicationFigures) and a note of the files (files).
 */
const COMPARE_SERIES: MovedToCsv[] = (['base', 'scenarios[]'] as const).flatMap((owner) =>
  (['mean', 'p5', 'p50', 'p95'] as const)
    .map((column): MovedToCsv => ({
      json: 'compare.json',
      path: `${owner}.aggregate.series[].${column}[]`,
      csv: 'daily.csv',
      column,
      where: owner === 'base' ? isBase : isScenario,
    }))
    .concat({
      json: 'compare.json',
      path: `${owner}.aggregate.series[].key`,
      csv: 'daily.csv',
      column: 'series',
      where: owner === 'base' ? isBase : isScenario,
      oncePerSeries: true,
    }),
);

const REVIEWED_CHANGES: Record<string, ReviewedChange> = {
  'compare nl-baseline with two measures': {
    moved: COMPARE_SERIES,
    newFiles: ['daily.csv', 'actions.csv'],
    newPaths: [
      { json: 'compare.json', prefix: 'replicationFigures.' },
      { json: 'compare.json', prefix: 'files.' },
    ],
  },
};

/** The digest a moved JSON path would have, from the CSV column that holds its values now. */
function movedDigest(folder: string, m: MovedToCsv): string {
  const [header, ...rows] = parseCsv(readFileSync(join(folder, m.csv), 'utf8'));
  const records = rows.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ''])));
  const values: string[] = [];
  let previous = '';
  for (const row of records) {
    if (!m.where(row)) continue;
    if (m.oncePerSeries) {
      const id = `${row.scenario}\u0001${row.series}`;
      if (id === previous) continue;
      previous = id;
    }
    values.push(canonical(row[m.column]!));
  }
  return digest(values);
}

/** The stored fingerprint with the reviewed changes applied (moved paths checked against the output first). */
function expectedFingerprint(name: string, folder: string, actual: Fingerprint): Fingerprint {
  const expected = structuredClone(golden[name]!);
  const change = REVIEWED_CHANGES[name];
  if (!change) return expected;
  for (const m of change.moved) {
    expect(movedDigest(folder, m), `${m.json} ${m.path} → ${m.csv} ${m.column}`).toBe(expected[m.json]![m.path]);
    delete expected[m.json]![m.path];
  }
  for (const file of change.newFiles) {
    expect(actual[file], `new file ${file}`).toBeDefined();
    expected[file] = actual[file]!;
  }
  for (const { json, prefix } of change.newPaths) {
    const paths = Object.keys(actual[json] ?? {}).filter((p) => p.startsWith(prefix));
    expect(paths.length, `new paths ${json} ${prefix}*`).toBeGreaterThan(0);
    for (const p of paths) expected[json]![p] = actual[json]![p]!;
  }
  return expected;
}

describe('results are unchanged for the same seed', () => {
  for (const c of REGRESSION_CASES) {
    it(c.name, async () => {
      const needed = REGRESSION_CASES.find((n) => n.name === c.needs);
      if (needed && !existsSync(join(work, needed.output))) expect((await runCli(needed.args(work))).code).toBe(0);
      const run = await runCli(c.args(work));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const actual = fingerprint(join(work, c.output));
      expect(actual).toEqual(expectedFingerprint(c.name, join(work, c.output), actual));
    });
  }
});
