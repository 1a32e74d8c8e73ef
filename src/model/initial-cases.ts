// The per-case form of the initial state: a CSV file with one row per case open at the start (its stage,
// household, kind, cohort, track, permit and the dates of its history), as a model gives it in `initialCases`
// or as the twin derives it from an event log. Every bad cell is reported at its file, line and column; no
// message quotes a cell (the file describes real households), and the file has no identifier column.
import { relative, resolve } from 'node:path';
import { type CsvTable, csvField, fieldColumn, findColumn, parseCsv } from '../core/csv.ts';
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import { parseIsoDate } from '../core/calendar.ts';
import { FILE_LIMITS, readTextFile } from '../core/read-file.ts';
import type { LocatedDocument } from '../core/yaml-source.ts';
import {
  type ApplicationKind,
  CLOCK_STOPPED,
  INITIAL_OVERFLOW,
  type ChainModel,
  IsoDate,
  LIMITS,
  applicationKinds,
} from './schema.ts';

/** One open case at the start, with ids and dates as written (plain data: it crosses to worker threads). */
export interface InitialCaseRow {
  stage: string;
  persons: number;
  /** Children among the persons; null: drawn from the cohort's childShare. */
  children: number | null;
  kind: ApplicationKind;
  cohort: string;
  track: string | null;
  granted: boolean;
  /** Dates (YYYY-MM-DD, on or before the start): arrival in the chain, entry into the current stage. */
  arrived: string;
  enteredStage: string;
  /** In service at the start since this date, or null (waiting). */
  startedService: string | null;
  /**
   * Explicit states of norm clocks: norm id → the date the clock started, or `stopped` for a clock that started
   * and stopped before the start (it does not run again); a norm not given follows from arrival and stage entry.
   */
  clocks: Record<string, string>;
  /** For an open application abroad: whether the sponsor is housed (null: not given, counts as not housed). */
  sponsorHoused: boolean | null;
  /** The reception location the case is in (a location id, or `overflow`: without a bed), or null: placed by
   * its stage's preferences like any case. */
  location: string | null;
}

/** The columns of the file; `clock.<norm id>` columns come on top. */
export const INITIAL_CASE_COLUMNS = {
  required: ['stage', 'persons', 'cohort', 'arrived', 'enteredStage'],
  optional: ['children', 'kind', 'track', 'granted', 'startedService', 'sponsorHoused', 'location'],
} as const;
const CLOCK_PREFIX = 'clock.';

/**
 * The rows as the CSV file that readInitialCases reads back (the twin's open cases): the required and optional
 * columns, then one `clock.<norm id>` column per norm of `normIds`.
 */
export function initialCasesCsv(rows: readonly InitialCaseRow[], normIds: readonly string[]): string {
  const columns = [...INITIAL_CASE_COLUMNS.required, ...INITIAL_CASE_COLUMNS.optional];
  const lines = [[...columns, ...normIds.map((n) => `${CLOCK_PREFIX}${n}`)].map(csvField).join(',')];
  for (const row of rows) {
    const cell: Record<(typeof columns)[number], string> = {
      stage: row.stage,
      persons: String(row.persons),
      cohort: row.cohort,
      arrived: row.arrived,
      enteredStage: row.enteredStage,
      children: row.children === null ? '' : String(row.children),
      kind: row.kind,
      track: row.track ?? '',
      granted: String(row.granted),
      startedService: row.startedService ?? '',
      sponsorHoused: row.sponsorHoused === null ? '' : String(row.sponsorHoused),
      location: row.location ?? '',
    };
    lines.push([...columns.map((c) => cell[c]), ...normIds.map((n) => row.clocks[n] ?? '')].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Reads `model.initialCases` (undefined when the model has none); throws one InputError with every problem. */
export function readInitialCases(
  model: ChainModel,
  doc: LocatedDocument,
  baseDir: string,
): InitialCaseRow[] | undefined {
  const spec = model.initialCases;
  if (!spec) return undefined;
  const csvPath = resolve(baseDir, spec.path);
  const shown = relative(process.cwd(), csvPath) || csvPath;
  const atPath = (message: string): InputError =>
    new InputError([{ file: doc.file, ...doc.locate(['initialCases', 'path']), path: 'initialCases.path', message }]);
  let text: string;
  try {
    text = readTextFile(csvPath, { maxBytes: FILE_LIMITS.csv, what: 'an initial-cases CSV file' });
  } catch (error) {
    if (!(error instanceof InputError) || error.diagnostics.length === 0) throw error;
    throw atPath(`${shown}: ${error.diagnostics[0].message}; the path is relative to the model file`);
  }
  const table = parseCsv(text, shown, { sensitive: true, maxRows: LIMITS.initialPersons });
  const problems: Diagnostic[] = [];
  const col = (name: string): number => findColumn(table.header, name);
  for (const name of INITIAL_CASE_COLUMNS.required)
    if (col(name) < 0)
      problems.push({
        file: shown,
        line: table.headerLine,
        col: 1,
        path: name,
        message: `the header has no column "${name}"; the columns are ${INITIAL_CASE_COLUMNS.required.join(', ')} and optionally ${INITIAL_CASE_COLUMNS.optional.join(', ')}, clock.<norm id>`,
      });
  const normIds = new Set(model.norms.map((n) => n.id));
  const known = new Set<string>([...INITIAL_CASE_COLUMNS.required, ...INITIAL_CASE_COLUMNS.optional]);
  const clockColumns: { norm: string; index: number }[] = [];
  table.header.forEach((name, index) => {
    if (name.startsWith(CLOCK_PREFIX)) {
      const norm = name.slice(CLOCK_PREFIX.length);
      if (normIds.has(norm)) clockColumns.push({ norm, index });
      else
        problems.push({
          file: shown,
          line: table.headerLine,
          col: fieldColumn(table.header, index, table.delimiter),
          path: `column ${index + 1}`,
          message: `a clock column names a norm of the model (clock.<norm id>); the norms are: ${[...normIds].join(', ') || '(none)'}`,
        });
    } else if (!known.has(name) && findColumn([...known], name) < 0)
      problems.push({
        file: shown,
        line: table.headerLine,
        col: fieldColumn(table.header, index, table.delimiter),
        path: `column ${index + 1}`,
        message: `unknown column; the columns are ${[...known].join(', ')} and clock.<norm id> (the file has no identifier column)`,
      });
  });
  if (problems.length > 0) throw new InputError(problems);
  if (table.rows.length === 0) throw atPath(`${shown} has a header but no rows; give one row per open case`);
  const rows = table.rows.map((row) => readRow(model, table, row, col, clockColumns, problems));
  const persons = rows.reduce((a, r) => a + (r?.persons ?? 0), 0);
  if (persons + model.initialState.reduce((a, s) => a + s.persons, 0) > LIMITS.initialPersons)
    problems.push({
      file: doc.file,
      ...doc.locate(['initialCases', 'path']),
      path: 'initialCases.path',
      message: `the initial state holds more than the ${LIMITS.initialPersons} persons allowed`,
    });
  if (problems.length > 0) throw new InputError(problems.slice(0, 100));
  return rows as InitialCaseRow[];
}

function readRow(
  model: ChainModel,
  table: CsvTable,
  row: { line: number; fields: string[] },
  col: (name: string) => number,
  clockColumns: { norm: string; index: number }[],
  problems: Diagnostic[],
): InitialCaseRow | null {
  const before = problems.length;
  const bad = (index: number, message: string) =>
    problems.push({
      file: table.file,
      line: row.line,
      col: fieldColumn(row.fields, index, table.delimiter),
      path: table.header[index],
      message,
    });
  const cell = (name: string): [string, number] => {
    const index = col(name);
    return [index >= 0 ? (row.fields[index] ?? '').trim() : '', index];
  };
  const id = (name: 'stage' | 'cohort' | 'track', list: { id: string }[], optional: boolean): string | null => {
    const ids = list.map((x) => x.id);
    const what = name;
    const [value, index] = cell(name);
    if (value === '' && optional) return null;
    if (!ids.includes(value)) bad(index, `not a ${what} of the model; the ${what}s are: ${ids.join(', ')}`);
    return value;
  };
  const whole = (name: string, min: number, max: number, optional: boolean): number | null => {
    const [value, index] = cell(name);
    if (value === '' && optional) return null;
    const n = Number(value);
    if (value === '' || !Number.isInteger(n) || n < min || n > max) {
      bad(index, `not a whole number from ${min} to ${max}`);
      return null;
    }
    return n;
  };
  const startDay = parseIsoDate(model.time.start);
  const date = (name: string, index: number, value: string, optional: boolean): string | null => {
    if (value === '' && optional) return null;
    if (!IsoDate.safeParse(value).success) bad(index, `${name} is not a date (YYYY-MM-DD)`);
    else if (parseIsoDate(value) > startDay)
      bad(index, `${name} is after the start (${model.time.start}); an open case's dates are on or before it`);
    else if (value < '1900-01-01') bad(index, `${name} is before 1900-01-01`);
    else return value;
    return null;
  };
  const flag = (name: string): boolean | null => {
    const [value, index] = cell(name);
    if (value === '') return null;
    if (/^(true|1|yes|ja)$/i.test(value)) return true;
    if (/^(false|0|no|nee)$/i.test(value)) return false;
    bad(index, 'write true or false');
    return null;
  };
  const stage = id('stage', model.stages, false)!;
  const persons = whole('persons', 1, LIMITS.householdSize, false);
  const children = whole('children', 0, LIMITS.householdSize, true);
  if (children !== null && persons !== null && children > persons) bad(col('children'), 'more children than persons');
  const [kindText, kindIndex] = cell('kind');
  const kind = (kindText === '' ? 'first' : kindText) as ApplicationKind;
  if (!applicationKinds.includes(kind)) bad(kindIndex, `not a kind; write ${applicationKinds.join(', ')}`);
  const cohort = id('cohort', model.cohorts, false)!;
  const track = id('track', model.tracks, true);
  const granted = flag('granted') ?? false;
  const sponsorHoused = flag('sponsorHoused');
  const [arrivedText, arrivedIndex] = cell('arrived');
  const arrived = date('arrived', arrivedIndex, arrivedText, false);
  const [enteredText, enteredIndex] = cell('enteredStage');
  const entered = date('enteredStage', enteredIndex, enteredText, false);
  const [startedText, startedIndex] = cell('startedService');
  const started = date('startedService', startedIndex, startedText, true);
  if (arrived !== null && entered !== null && entered < arrived) bad(enteredIndex, 'enteredStage is before arrived');
  if (entered !== null && started !== null && started < entered)
    bad(startedIndex, 'startedService is before enteredStage');
  const clocks: Record<string, string> = {};
  for (const { norm, index } of clockColumns) {
    const text = (row.fields[index] ?? '').trim();
    if (text.toLowerCase() === CLOCK_STOPPED) {
      clocks[norm] = CLOCK_STOPPED;
      continue;
    }
    const value = date(`clock.${norm}`, index, text, true);
    if (value !== null) clocks[norm] = value;
  }
  const stageSpec = model.stages.find((s) => s.id === stage);
  if (stageSpec?.abroad && kind !== 'familyReunification')
    bad(kindIndex, 'the stage is abroad: only family reunification applications (familyReunification) wait there');
  if (sponsorHoused !== null && stageSpec && !stageSpec.abroad)
    bad(col('sponsorHoused'), 'sponsorHoused is for open applications at an abroad stage; leave it empty here');
  const [locationText, locationIndex] = cell('location');
  const locationIds = (model.reception?.locations ?? []).map((l) => l.id);
  let location: string | null = null;
  if (locationText !== '') {
    if (locationText !== INITIAL_OVERFLOW && !locationIds.includes(locationText))
      bad(
        locationIndex,
        `not a reception location of the model; the locations are: ${locationIds.join(', ') || '(none)'}, or ${INITIAL_OVERFLOW} (without a bed)`,
      );
    else if (stageSpec?.abroad)
      bad(locationIndex, 'the stage is abroad: a case there has no bed; leave location empty');
    else location = locationText;
  }
  if (problems.length > before) return null;
  return {
    stage,
    persons: persons!,
    children,
    kind,
    cohort,
    track,
    granted,
    arrived: arrived!,
    enteredStage: entered!,
    startedService: started,
    clocks,
    sponsorHoused,
    location,
  };
}
