// The runs whose results must stay numerically identical across refactors: simulate, a scenario, compare,
// monitor (on a simulated trace), plan capacity, forecast and the allocations. `fingerprint` reduces an output
// folder to one digest per table column (and per JSON leaf path), so the stored result stays small and a
// change of number formatting or of the NaN policy (empty, "NaN" or null) does not count as a change of result.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface RegressionCase {
  name: string;
  /** Command-line arguments; `work` is a scratch folder shared by the cases of one run, in order. */
  args: (work: string) => string[];
  /** The output folder or file to fingerprint, inside `work`. */
  output: string;
  /** The case whose output this one reads. */
  needs?: string;
}

const FAST = ['--workers', '1', '--quiet'];

/**
 * The frozen copies of the example models and measures the golden result was made with (test/regression/frozen,
 * laid out as the repository was, so their relative data paths and their text are unchanged): the examples in
 * examples/ improve over time, these inputs do not.
 */
const FROZEN_ROOT = 'test/regression/frozen/';
const FROZEN = `${FROZEN_ROOT}examples/`;

export const REGRESSION_CASES: RegressionCase[] = [
  {
    name: 'simulate nl-baseline',
    args: (w) => [
      'simulate',
      FROZEN + 'nl-baseline.yaml',
      '--replications',
      '2',
      '--horizon-days',
      '150',
      '--seed',
      '11',
      '--out',
      join(w, 'sim'),
      ...FAST,
    ],
    output: 'sim',
  },
  {
    // Long enough (a year after the warm-up) that every lead-time histogram holds hundreds of exits: a count
    // lost anywhere shows in leadtimes.csv.
    name: 'simulate nl-baseline, a reported year',
    args: (w) => [
      'simulate',
      FROZEN + 'nl-baseline.yaml',
      '--replications',
      '2',
      '--horizon-days',
      '1100',
      '--seed',
      '13',
      '--out',
      join(w, 'sim-year'),
      ...FAST,
    ],
    output: 'sim-year',
  },
  {
    name: 'simulate nl-2014-2017 with the emergency playbook',
    args: (w) => [
      'simulate',
      FROZEN + 'nl-2014-2017.yaml',
      '--with',
      FROZEN + 'measures-2015/emergency-playbook.yaml',
      '--replications',
      '2',
      '--horizon-days',
      '500',
      '--seed',
      '5',
      '--out',
      join(w, 'sim-2015'),
      ...FAST,
    ],
    output: 'sim-2015',
  },
  {
    name: 'compare nl-baseline with two measures',
    args: (w) => [
      'compare',
      FROZEN + 'nl-baseline.yaml',
      '--with',
      FROZEN + 'measures/faster-housing.yaml',
      '--with',
      FROZEN + 'measures/emergency-3000.yaml',
      '--replications',
      '2',
      '--horizon-days',
      '150',
      '--seed',
      '3',
      '--out',
      join(w, 'compare'),
      ...FAST,
    ],
    output: 'compare',
  },
  {
    name: 'trace of nl-baseline',
    args: (w) => [
      'simulate',
      FROZEN + 'nl-baseline.yaml',
      '--replications',
      '1',
      '--horizon-days',
      '300',
      '--seed',
      '2',
      '--trace',
      join(w, 'trace.csv'),
      ...FAST,
    ],
    output: 'trace.csv',
  },
  {
    name: 'monitor that trace',
    args: (w) => [
      'monitor',
      join(w, 'trace.csv'),
      '--model',
      FROZEN + 'nl-baseline.yaml',
      '--by',
      'track',
      '--out',
      join(w, 'monitor'),
      '--quiet',
    ],
    output: 'monitor',
    needs: 'trace of nl-baseline',
  },
  {
    name: 'plan capacity',
    args: (w) => [
      'plan',
      'capacity',
      FROZEN + 'nl-baseline.yaml',
      '--months',
      '2',
      '--replications',
      '2',
      '--max-iterations',
      '1',
      '--target',
      'decision-term=0.9',
      '--target',
      'stage.housing=0.9',
      '--out',
      join(w, 'plan'),
      ...FAST,
    ],
    output: 'plan',
  },
  {
    name: 'forecast',
    args: (w) => [
      'forecast',
      'data/asylum_applicants_monthly_nl_de_2012_2019.csv',
      '--horizon',
      '6',
      '--out',
      join(w, 'forecast'),
      '--quiet',
    ],
    output: 'forecast',
  },
  {
    name: 'allocate taakstelling',
    args: (w) => ['allocate', 'taakstelling', '--period', '2023-H1', '--out', join(w, 'taakstelling'), '--quiet'],
    output: 'taakstelling',
  },
  {
    name: 'allocate key',
    args: (w) => ['allocate', 'key', '--places', '96000', '--out', join(w, 'key'), '--quiet'],
    output: 'key',
  },
  {
    name: 'allocate placement',
    args: (w) => [
      'allocate',
      'placement',
      '--households',
      'examples/placement/households.csv',
      '--period',
      '2026-H1',
      '--national',
      '2046',
      '--out',
      join(w, 'placement'),
      '--quiet',
    ],
    output: 'placement',
  },
];

/**
 * Per file: per column (CSV, per group of rows for the long tables) or leaf path (JSON), the count of values and a
 * digest of them; whole-file digests otherwise.
 */
export type Fingerprint = Record<string, Record<string, string>>;

/** One value in canonical form: a number as JavaScript prints it, a missing number (empty, NaN, null) as NaN. */
export function canonical(cell: string | number | boolean | null): string {
  if (cell === null || cell === '' || cell === 'NaN') return 'NaN';
  if (typeof cell === 'number') return Number.isNaN(cell) ? 'NaN' : String(cell);
  if (typeof cell === 'boolean') return String(cell);
  if (cell.startsWith(tmpdir())) return basename(cell); // the scratch folder differs from run to run
  if (cell.includes(FROZEN_ROOT)) return cell.replaceAll(FROZEN_ROOT, ''); // the paths the inputs had then
  const n = Number(cell);
  return /^[-+]?(\d|\.\d|Infinity)/.test(cell) && !Number.isNaN(n) ? String(n) : cell;
}

export function digest(values: string[]): string {
  return `${values.length}:${createHash('sha256').update(values.join('\u0001')).digest('hex').slice(0, 24)}`;
}

/** Splits a CSV text of doorstroom's own output (RFC 4180 quoting) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * The identity columns of the long tables: their rows are fingerprinted per group of equal identity (a series, a
 * KPI, a stage), so a new series, KPI or stage in an output adds keys to its fingerprint and leaves the digests of
 * the others as they were. Tables not listed are fingerprinted column by column over all rows.
 */
const GROUP_COLUMNS: Record<string, string[]> = {
  'actions.csv': ['rule'],
  'beds.csv': ['location_type'],
  'bottlenecks.csv': ['stage'],
  'breaches.csv': ['norm', 'scope'],
  'costs.csv': ['category'],
  'daily.csv': ['scenario', 'series'],
  'differences.csv': ['scenario', 'kpi'],
  'forecast.csv': ['series', 'method'],
  'housing.csv': ['stage'],
  'kpis.csv': ['kpi'],
  'leadtimes.csv': ['scope', 'subject', 'group', 'measure'],
  'mkba.csv': ['scenario', 'category'],
  'norms.csv': ['norm', 'scope', 'group'],
  'open.csv': ['stage', 'group'],
  'replications.csv': ['scenario', 'kpi'],
  'stages.csv': ['stage'],
  'targets.csv': ['norm'],
  'weekly.csv': ['series', 'stage'],
};

function csvFingerprint(name: string, text: string): Record<string, string> {
  const [header, ...rows] = parseCsv(text);
  const groupBy = (GROUP_COLUMNS[name] ?? []).filter((column) => header!.includes(column));
  const index = groupBy.map((column) => header!.indexOf(column));
  const groups = new Map<string, string[][]>();
  for (const row of rows) {
    const id = index.map((j) => row[j] ?? '').join(' / ');
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    group.push(row);
  }
  const out: Record<string, string> = {};
  for (const [id, group] of groups)
    header!.forEach((column, j) => {
      if (index.includes(j)) return;
      out[id === '' ? column : `${column} @ ${id}`] = digest(group.map((r) => canonical(r[j] ?? '')));
    });
  return out;
}

function jsonLeaves(value: unknown, path: string, into: Map<string, string[]>): void {
  if (Array.isArray(value)) value.forEach((v) => jsonLeaves(v, `${path}[]`, into));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) jsonLeaves(v, path === '' ? k : `${path}.${k}`, into);
  else {
    let list = into.get(path);
    if (!list) into.set(path, (list = []));
    list.push(canonical(value as string | number | boolean | null));
  }
}

/** Wall-clock figures (solver seconds, elapsed time, the time of writing) differ from run to run. */
const CLOCK = /(^|\.)(\w*[sS]econds|elapsed\w*|generated\w*|written\w*)$/;

/** JSON leaves grouped by their path with array indices dropped, each group digested in document order. */
function jsonFingerprint(text: string): Record<string, string> {
  const leaves = new Map<string, string[]>();
  jsonLeaves(JSON.parse(text), '', leaves);
  const out: Record<string, string> = {};
  for (const path of [...leaves.keys()].sort()) if (!CLOCK.test(path)) out[path] = digest(leaves.get(path)!);
  return out;
}

export function fingerprint(path: string): Fingerprint {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => !f.startsWith('.'))
        .sort()
        .map((f) => [f, join(path, f)] as const)
    : [[path.split('/').pop()!, path] as const];
  const out: Fingerprint = {};
  for (const [name, file] of files) {
    const text = readFileSync(file, 'utf8');
    if (name.endsWith('.csv') && !name.startsWith('trace')) out[name] = csvFingerprint(name, text);
    else if (name.endsWith('.json')) out[name] = jsonFingerprint(text);
    else if (name.endsWith('.html')) continue;
    else out[name] = { file: digest([text]) };
  }
  return out;
}
