// Loads a chain model file: YAML with positions → zod shape check → cross-reference checks → inflow resolved
// from inline rows or a CSV file (and a forecast inflow fitted, once) → one plain LoadedModel with a content
// hash, which crosses to worker threads by structured clone. Every problem found is reported at once as
// `file:line:col: path: message`; nothing is simulated from a model with errors.
import { createHash } from 'node:crypto';
import { dirname, relative, resolve } from 'node:path';
import { findColumn, parseCsv, readCsvNumber } from '../core/csv.ts';
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import { type ApplicationKind, ChainModel, LIMITS, applicationKinds } from './schema.ts';
import { cohortShare, validateModel } from './validate.ts';
import { addMonths, parseIsoDate } from '../core/calendar.ts';
import { type Forecast, ForecastInputError, forecast } from '../forecast/forecast.ts';
import { type LocatedDocument, renderPath, zodIssuesToDiagnostics } from '../core/yaml-source.ts';
import { loadYamlFile } from '../core/read-file.ts';
import { FILE_LIMITS, readTextFile } from '../core/read-file.ts';
import { inflowMonthPersons } from './inflow.ts';
import { type InitialCaseRow, readInitialCases } from './initial-cases.ts';
import type { ScenarioCost } from './measure-cost.ts';

/** One arrival stream: persons of one kind per month, of one cohort or split over cohorts by their shares. */
export interface InflowStream {
  kind: ApplicationKind;
  /** Index into model.cohorts, or -1 when each household's cohort is drawn from the shares. */
  cohort: number;
  /** Persons per month from `firstMonth` (monthly mode) — or one number, persons per day (perDay mode). */
  persons: number[];
}

export interface ResolvedInflow {
  mode: 'monthly' | 'perDay';
  /**
   * When the inflow is forecast: the method and how many months past the history the run needs. The streams
   * then hold the history; each replication draws the months after it from the forecast's sample paths.
   */
  forecast?: { method: NonNullable<ChainModel['inflow']['forecast']>['method']; horizonMonths: number };
  /** First month of the series, YYYY-MM (monthly mode). */
  firstMonth: string;
  afterLastMonth: ChainModel['inflow']['afterLastMonth'];
  streams: InflowStream[];
  /** Person shares of each cohort per kind, for streams with cohort -1: shares[kind][cohortIndex]. */
  shares: Record<ApplicationKind, number[]>;
}

export interface LoadedModel {
  file: string;
  model: ChainModel;
  inflow: ResolvedInflow;
  /** sha256 of the model and its resolved inflow: two runs with the same hash and seed give the same results. */
  hash: string;
  /**
   * Where the fields a run can still fail on are written (`stages[2]`, `stages[2].serviceTime`,
   * `cohorts[0].familyReunification.delay`, `inflow`), so that such a failure is reported at its file, line and
   * column. Plain data: it crosses to worker threads with the model. Not part of the hash.
   */
  positions?: Record<string, SourceLocation>;
  /**
   * For a forecast inflow: the forecast of each stream, fitted once when the model is loaded. Plain data, so it
   * crosses to worker threads with the model, and compileChain draws every replication's path from it rather
   * than fitting again. Derived from the model and its inflow, so not part of the hash.
   */
  inflowForecast?: InflowForecast;
  /** The rows of `initialCases` (one per open case at the start), read from its CSV file; part of the hash. */
  initialCases?: InitialCaseRow[];
  /**
   * A scenario's own costs from its measure files (`costs:`), for the MKBA. The simulator never reads them, so
   * they are not part of the hash.
   */
  measureCosts?: ScenarioCost[];
}

/** The fitted forecasts of a forecast inflow, for a run that needs `horizonMonths` months after the history. */
export interface InflowForecast {
  horizonMonths: number;
  /** One forecast per stream, in the order of `inflow.streams`. */
  streams: Forecast[];
}

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** The key that marks a measure file (measures.ts); a model file has `doorstroom` instead. */
export const MEASURE_FILE_KEY = 'doorstroom-measure';

/** Reads, checks and resolves a model file; throws InputError listing every problem. */
export function loadModel(filePath: string): LoadedModel {
  const doc = loadYamlFile(filePath);
  return loadModelFromDocument(doc, dirname(resolve(filePath)));
}

export function loadModelFromDocument(doc: LocatedDocument, baseDir: string): LoadedModel {
  const top = doc.value;
  if (
    top !== null &&
    typeof top === 'object' &&
    !Array.isArray(top) &&
    MEASURE_FILE_KEY in top &&
    !('doorstroom' in top)
  ) {
    throw new InputError([
      {
        file: doc.file,
        ...doc.locateKey([MEASURE_FILE_KEY]),
        path: '',
        message: `this is a measure file, not a chain model: apply it to a model with --with ${doc.file}, or check it with doorstroom validate ${doc.file} --base <model.yaml>`,
      },
    ]);
  }
  const parsed = ChainModel.safeParse(doc.value);
  if (!parsed.success) throw new InputError(zodIssuesToDiagnostics(parsed.error.issues, doc, ChainModel));
  const model = parsed.data;
  const problems = validateModel(model);
  if (problems.length > 0) {
    throw new InputError(
      problems
        .map((p): Diagnostic => ({
          file: doc.file,
          ...doc.locate(p.path),
          path: renderPath(p.path),
          message: p.message,
        }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    );
  }
  const initialCases = readInitialCases(model, doc, baseDir);
  if (initialCases) {
    // The routing check again, with the stage, kind, cohort and track of every row as a start.
    const more = validateModel(model, initialCases);
    if (more.length > 0)
      throw new InputError(
        more.map((p): Diagnostic => ({
          file: doc.file,
          ...doc.locate(['initialCases', 'path']),
          path: 'initialCases.path',
          message: `a case of the file: ${renderPath(p.path)}: ${p.message}`,
        })),
      );
  }
  const fitted: Forecast[] = [];
  const inflow = resolveInflow(model, doc, baseDir, fitted);
  const inflowAt = [
    'inflow',
    model.inflow.monthly ? 'monthly' : model.inflow.file ? 'file' : model.inflow.perDay ? 'perDay' : 'forecast',
  ];
  const tooMany = inflowPersonsProblem(model, inflow, model.time.horizonDays, 'shorten time.horizonDays');
  if (tooMany)
    throw new InputError([{ file: doc.file, ...doc.locate(inflowAt), path: renderPath(inflowAt), message: tooMany }]);
  return {
    file: doc.file,
    model,
    inflow,
    hash: modelHash(model, inflow, initialCases),
    positions: runtimePositions(model, doc, inflowAt),
    ...(inflow.forecast && { inflowForecast: { horizonMonths: inflow.forecast.horizonMonths, streams: fitted } }),
    ...(initialCases && { initialCases }),
  };
}

/** The positions of the fields a run can fail on (LoadedModel.positions). */
function runtimePositions(model: ChainModel, doc: LocatedDocument, inflowAt: string[]): Record<string, SourceLocation> {
  const positions: Record<string, SourceLocation> = {};
  const add = (path: (string | number)[]) => (positions[renderPath(path)] = { file: doc.file, ...doc.locate(path) });
  model.stages.forEach((stage, i) => {
    add(['stages', i]);
    add(['stages', i, 'serviceTime']);
  });
  model.cohorts.forEach(
    (cohort, i) => cohort.familyReunification && add(['cohorts', i, 'familyReunification', 'delay']),
  );
  positions.inflow = { file: doc.file, ...doc.locate(inflowAt) };
  return positions;
}

/**
 * Why a run of `horizonDays` would simulate too many persons (LIMITS.personsPerRun: the expected arrivals within
 * the run plus the initial state), or undefined. The months a forecast fills are checked when each replication
 * draws them. Also used when a run overrides the model's horizon.
 */
export function inflowPersonsProblem(
  model: ChainModel,
  inflow: ResolvedInflow,
  horizonDays: number,
  remedy = 'shorten the run',
): string | undefined {
  const initial = model.initialState.reduce((a, s) => a + s.persons, 0);
  let arrivals = 0;
  if (inflow.mode === 'perDay') {
    for (const stream of inflow.streams) arrivals += stream.persons[0] * horizonDays;
  } else {
    const start = parseIsoDate(model.time.start);
    const end = start + horizonDays;
    for (const stream of inflow.streams) {
      const observed = stream.persons.length;
      let monthDay = parseIsoDate(`${inflow.firstMonth}-01`);
      for (let offset = 0; monthDay < end; offset++) {
        const next = addMonths(monthDay, 1);
        const overlap = Math.min(end, next) - Math.max(start, monthDay);
        if (overlap > 0 && !(inflow.forecast && offset >= observed)) {
          arrivals += (inflowMonthPersons(stream.persons, offset, inflow.afterLastMonth) * overlap) / (next - monthDay);
        }
        monthDay = next;
      }
    }
  }
  if (arrivals + initial <= LIMITS.personsPerRun) return undefined;
  const what =
    initial > 0
      ? `${Math.round(arrivals)} expected arrivals and ${initial} persons at the start`
      : `${Math.round(arrivals)} expected arrivals`;
  return `a run of ${horizonDays} days would simulate ${what}, more than the ${LIMITS.personsPerRun} persons a replication may hold; ${remedy}, or lower the inflow (is a count off by a factor, e.g. a scale of 1000 on a file already in persons?)`;
}

export function modelHash(model: ChainModel, inflow: ResolvedInflow, initialCases?: InitialCaseRow[]): string {
  return createHash('sha256').update(canonicalJson({ model, inflow, initialCases })).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthString(monthNo: number): string {
  const year = Math.floor(monthNo / 12);
  return `${year}-${String((monthNo % 12) + 1).padStart(2, '0')}`;
}

/** Resolves the model's inflow; the forecasts of a forecast inflow are pushed onto `fitted`, one per stream. */
function resolveInflow(model: ChainModel, doc: LocatedDocument, baseDir: string, fitted: Forecast[]): ResolvedInflow {
  const spec = model.inflow;
  const shares = Object.fromEntries(
    applicationKinds.map((k) => [k, model.cohorts.map((c) => cohortShare(c.shareOfInflow, k, model.cohorts.length))]),
  ) as Record<ApplicationKind, number[]>;
  const base = { afterLastMonth: spec.afterLastMonth, shares };
  const startMonth = model.time.start.slice(0, 7);

  if (spec.perDay) {
    const streams = applicationKinds
      .filter((k) => (spec.perDay![k] ?? 0) > 0)
      .map((kind) => ({ kind, cohort: -1, persons: [spec.perDay![kind]!] }));
    return { mode: 'perDay', firstMonth: startMonth, streams, ...base };
  }

  let firstMonth: string;
  const streams: InflowStream[] = [];
  if (spec.monthly) {
    // Rows are in month order; with a cohort per row, one stream per kind and cohort (validate.ts checked ids).
    const monthly = spec.monthly;
    firstMonth = monthly[0].month;
    const months = [...new Set(monthly.map((r) => r.month))];
    const cohortIndex = new Map(model.cohorts.map((c, i) => [c.id, i]));
    const nMonths = monthNumber(months[months.length - 1]) - monthNumber(firstMonth) + 1;
    if (nMonths > LIMITS.months) {
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', 'monthly']),
          path: 'inflow.monthly',
          message: `the series spans ${nMonths} months (${firstMonth} to ${months[months.length - 1]}), more than the ${LIMITS.months} a series may have; give the months the run needs`,
        },
      ]);
    }
    for (const kind of applicationKinds) {
      const byCohort = new Map<number, InflowStream>();
      for (const row of monthly) {
        if (row[kind] === undefined) continue;
        const cohort = row.cohort === undefined ? -1 : cohortIndex.get(row.cohort)!;
        let stream = byCohort.get(cohort);
        if (!stream) byCohort.set(cohort, (stream = { kind, cohort, persons: new Array<number>(nMonths).fill(0) }));
        stream.persons[monthNumber(row.month) - monthNumber(firstMonth)] = row[kind]!;
      }
      streams.push(...[...byCohort.values()].sort((a, b) => a.cohort - b.cohort));
    }
    checkGaps(months, (i, missing) => {
      const row = monthly.findIndex((r) => r.month === months[i]);
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', 'monthly', row, 'month']),
          path: `inflow.monthly[${row}].month`,
          message: `month ${missing} is missing; give every month from ${firstMonth} to ${months[months.length - 1]}`,
        },
      ]);
    });
  } else {
    const key = spec.file ? 'file' : 'forecast';
    const file: {
      path: string;
      monthColumn: string;
      columns: Partial<Record<ApplicationKind, string>>;
      cohortColumn?: string;
      scale: number;
    } = spec.file ?? spec.forecast!;
    const csvPath = resolve(baseDir, file.path);
    const shown = relative(process.cwd(), csvPath) || csvPath;
    let text: string;
    try {
      text = readTextFile(csvPath, { maxBytes: FILE_LIMITS.csv, what: 'an inflow CSV file', legacyEncoding: true });
    } catch (error) {
      if (!(error instanceof InputError) || error.diagnostics.length === 0) throw error;
      // Reported at the model's field that names the file: that is what the user fixes (or where they look).
      const problem = error.diagnostics[0];
      const where = problem.line === 1 && problem.col === 1 ? '' : `:${problem.line}:${problem.col}`;
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', key, 'path']),
          path: `inflow.${key}.path`,
          message: `${shown}${where}: ${problem.message}; the path is relative to the model file`,
        },
      ]);
    }
    const table = parseCsv(text, shown);
    const column = (name: string, field: string): number => {
      const i = findColumn(table.header, name);
      if (i < 0) {
        throw new InputError([
          {
            file: doc.file,
            ...doc.locate(['inflow', key, field]),
            path: `inflow.${key}.${field}`,
            message: `column "${name}" is not in ${shown}; its columns are: ${table.header.join(', ')}`,
          },
        ]);
      }
      return i;
    };
    const monthCol = column(file.monthColumn, 'monthColumn');
    const cohortCol = file.cohortColumn ? column(file.cohortColumn, 'cohortColumn') : -1;
    const kindCols = applicationKinds
      .filter((k) => file.columns[k] !== undefined)
      .map((k) => ({ kind: k, col: column(file.columns[k]!, `columns.${k}`) }));
    const bad: Diagnostic[] = [];
    const rowBad = (line: number, col: number, message: string) =>
      bad.push({ file: shown, line, col: 1, path: table.header[col] ?? '', message });
    const months: string[] = [];
    for (const row of table.rows) {
      const m = row.fields[monthCol].trim();
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) rowBad(row.line, monthCol, `"${m}" is not a month; write YYYY-MM`);
      else months.push(m);
    }
    if (bad.length > 0) throw new InputError(bad);
    if (months.length === 0) {
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', key, 'path']),
          path: `inflow.${key}.path`,
          message: `${shown} has a header but no rows; give one row per month with the inflow of that month`,
        },
      ]);
    }
    const sorted = [...new Set(months)].sort();
    firstMonth = sorted[0];
    const nMonths = monthNumber(sorted[sorted.length - 1]) - monthNumber(firstMonth) + 1;
    if (nMonths > LIMITS.months) {
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', key, 'path']),
          path: `inflow.${key}.path`,
          message: `${shown} spans ${nMonths} months (${firstMonth} to ${sorted[sorted.length - 1]}), more than the ${LIMITS.months} a series may have; check the month column, or cut the file to the months the run needs`,
        },
      ]);
    }
    const cohortIndex = new Map(model.cohorts.map((c, i) => [c.id, i]));
    const byKey = new Map<string, InflowStream>();
    const seen = new Map<string, number>();
    for (const row of table.rows) {
      const m = row.fields[monthCol].trim();
      let cohort = -1;
      if (cohortCol >= 0) {
        const id = row.fields[cohortCol].trim();
        const ci = cohortIndex.get(id);
        if (ci === undefined) {
          rowBad(
            row.line,
            cohortCol,
            `unknown cohort "${id}"; the model's cohorts are: ${[...cohortIndex.keys()].join(', ')}`,
          );
          continue;
        }
        cohort = ci;
      }
      const rowKey = `${m}|${cohort}`;
      if (seen.has(rowKey)) {
        rowBad(
          row.line,
          monthCol,
          `month ${m}${cohort >= 0 ? ` for cohort ${model.cohorts[cohort].id}` : ''} appears twice (also on line ${seen.get(rowKey)})`,
        );
        continue;
      }
      seen.set(rowKey, row.line);
      for (const { kind, col } of kindCols) {
        const raw = row.fields[col].trim();
        if (raw === '') continue;
        const value = readCsvNumber(raw, table); // a decimal comma in a file separated by ";"
        if (!Number.isFinite(value) || value < 0) {
          rowBad(row.line, col, `"${raw}" is not a count of persons (a number >= 0)`);
          continue;
        }
        if (value * file.scale > LIMITS.personsPerMonth) {
          rowBad(
            row.line,
            col,
            `${raw}${file.scale === 1 ? '' : ` × scale ${file.scale}`} persons in one month is more than the ${LIMITS.personsPerMonth} allowed; check the number${file.scale === 1 ? '' : ' and the scale'}`,
          );
          continue;
        }
        const key = `${kind}|${cohort}`;
        let stream = byKey.get(key);
        if (!stream) {
          stream = { kind, cohort, persons: new Array<number>(nMonths).fill(0) };
          byKey.set(key, stream);
        }
        stream.persons[monthNumber(m) - monthNumber(firstMonth)] = value * file.scale;
      }
    }
    if (bad.length > 0) throw new InputError(bad);
    if (cohortCol < 0) {
      checkGaps(sorted, (_i, missing) => {
        throw new InputError([
          {
            file: shown,
            line: 1,
            col: 1,
            path: file.monthColumn,
            message: `month ${missing} is missing; give every month from ${sorted[0]} to ${sorted[sorted.length - 1]}`,
          },
        ]);
      });
    }
    streams.push(
      ...[...byKey.values()].sort(
        (a, b) => applicationKinds.indexOf(a.kind) - applicationKinds.indexOf(b.kind) || a.cohort - b.cohort,
      ),
    );
  }

  // The series must cover the run unless the model says what happens after it.
  const from = monthNumber(firstMonth);
  const startNo = monthNumber(startMonth);
  const to = from + Math.max(0, ...streams.map((s) => s.persons.length)) - 1;
  const where = spec.monthly ? ['inflow', 'monthly'] : ['inflow', spec.file ? 'file' : 'forecast', 'path'];
  if (startNo < from) {
    throw new InputError([
      {
        file: doc.file,
        ...doc.locate(where),
        path: renderPath(where),
        message: `the inflow starts in ${firstMonth}, after the model's start (${model.time.start}); give the months from ${startMonth}`,
      },
    ]);
  }
  if (spec.forecast) return resolveForecastInflow(model, doc, { firstMonth, streams, ...base }, spec.forecast, fitted);
  const problem = inflowCoverageProblem(
    model,
    { mode: 'monthly', firstMonth, streams, ...base },
    model.time.horizonDays,
    'shorten time.horizonDays',
  );
  if (problem)
    throw new InputError([{ file: doc.file, ...doc.locate(where), path: renderPath(where), message: problem }]);
  if (spec.afterLastMonth === 'repeat-last-year' && to - from + 1 < 12) {
    throw new InputError([
      {
        file: doc.file,
        ...doc.locate(['inflow', 'afterLastMonth']),
        path: 'inflow.afterLastMonth',
        message: `repeat-last-year needs at least 12 months of inflow; there are ${to - from + 1}`,
      },
    ]);
  }
  return { mode: 'monthly', firstMonth, streams, ...base };
}

/**
 * Observed months, then a forecast: fits each series for as many months past the history as the run needs
 * (pushed onto `fitted`), so a bad series is reported here, at its column, and no worker thread fits again.
 */
function resolveForecastInflow(
  model: ChainModel,
  doc: LocatedDocument,
  history: Omit<ResolvedInflow, 'mode' | 'forecast'>,
  spec: NonNullable<ChainModel['inflow']['forecast']>,
  fitted: Forecast[],
): ResolvedInflow {
  let { firstMonth, streams } = history;
  if (spec.historyFrom !== undefined) {
    const drop = monthNumber(spec.historyFrom) - monthNumber(firstMonth);
    const longest = Math.max(...streams.map((s) => s.persons.length));
    if (drop >= longest) {
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', 'forecast', 'historyFrom']),
          path: 'inflow.forecast.historyFrom',
          message: `${spec.historyFrom} is after the last month of the history; choose an earlier month`,
        },
      ]);
    }
    if (drop > 0) {
      streams = streams.map((s) => ({ ...s, persons: s.persons.slice(drop) }));
      firstMonth = spec.historyFrom;
    }
    if (monthNumber(spec.historyFrom) > monthNumber(model.time.start.slice(0, 7))) {
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', 'forecast', 'historyFrom']),
          path: 'inflow.forecast.historyFrom',
          message: `${spec.historyFrom} is after the model's start (${model.time.start}), so the first months of the run would have no inflow; start the history in or before ${model.time.start.slice(0, 7)}`,
        },
      ]);
    }
  }
  const lastHistory = monthNumber(firstMonth) + Math.max(...streams.map((s) => s.persons.length)) - 1;
  spec.stress.forEach((stress, i) => {
    if (monthNumber(stress.from) <= lastHistory) {
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', 'forecast', 'stress', i, 'from']),
          path: `inflow.forecast.stress[${i}].from`,
          message: `${stress.from} is an observed month; a stress applies to forecast months, from ${monthString(lastHistory + 1)} on`,
        },
      ]);
    }
  });
  const horizonMonths = forecastMonths(model.time.start, model.time.horizonDays, lastHistory);
  for (const stream of streams) {
    try {
      fitted.push(forecast(stream.persons, { horizon: horizonMonths, period: 12, method: spec.method }));
    } catch (error) {
      if (!(error instanceof ForecastInputError)) throw error;
      throw new InputError([
        {
          file: doc.file,
          ...doc.locate(['inflow', 'forecast', 'columns', stream.kind]),
          path: `inflow.forecast.columns.${stream.kind}`,
          message: `the ${stream.kind} series cannot be forecast: ${error.message}`,
        },
      ]);
    }
  }
  return { ...history, mode: 'monthly', firstMonth, streams, forecast: { method: spec.method, horizonMonths } };
}

/** Months after the last month of the history (a month number) up to the last month of the run; at least 1. */
function forecastMonths(start: string, horizonDays: number, lastHistory: number): number {
  const endDate = new Date(Date.parse(`${start}T00:00:00Z`) + (horizonDays - 1) * 86_400_000);
  return Math.max(1, endDate.getUTCFullYear() * 12 + endDate.getUTCMonth() - lastHistory);
}

/**
 * The loaded model with its inflow forecast fitted for a run of `horizonDays` (a run that overrides the model's
 * horizon needs more or fewer months, and the calibration depends on them): the same object when its forecast
 * already fits, or when the inflow is not forecast. Call it once before handing the model to worker threads.
 */
export function withInflowForecastFor(loaded: LoadedModel, horizonDays: number): LoadedModel {
  const { inflow, model } = loaded;
  if (!inflow.forecast) return loaded;
  const lastHistory = monthNumber(inflow.firstMonth) + Math.max(...inflow.streams.map((s) => s.persons.length)) - 1;
  const horizonMonths = forecastMonths(model.time.start, horizonDays, lastHistory);
  const carried = loaded.inflowForecast;
  if (carried && carried.horizonMonths === horizonMonths && carried.streams.length === inflow.streams.length)
    return loaded;
  const streams = inflow.streams.map((s) =>
    forecast(s.persons, { horizon: horizonMonths, period: 12, method: inflow.forecast!.method }),
  );
  return { ...loaded, inflowForecast: { horizonMonths, streams } };
}

/**
 * Why a monthly inflow does not cover a run of `horizonDays`, or undefined when it does (or when the model says
 * what arrives after the series). Also used when a run overrides the model's horizon.
 */
export function inflowCoverageProblem(
  model: ChainModel,
  inflow: ResolvedInflow,
  horizonDays: number,
  remedy = 'shorten the run',
): string | undefined {
  if (inflow.mode !== 'monthly' || inflow.afterLastMonth !== 'error' || inflow.forecast) return undefined;
  const endDate = new Date(Date.parse(`${model.time.start}T00:00:00Z`) + (horizonDays - 1) * 86_400_000);
  const endNo = endDate.getUTCFullYear() * 12 + endDate.getUTCMonth();
  const to = monthNumber(inflow.firstMonth) + Math.max(0, ...inflow.streams.map((s) => s.persons.length)) - 1;
  if (endNo <= to) return undefined;
  return `the inflow ends in ${monthString(to)} but the run lasts until ${endDate.toISOString().slice(0, 10)}; add months, ${remedy}, or set inflow.afterLastMonth (repeat-last-year, hold-last or zero)`;
}

function checkGaps(months: string[], onGap: (index: number, missing: string) => void): void {
  for (let i = 1; i < months.length; i++) {
    const expected = monthNumber(months[i - 1]) + 1;
    if (monthNumber(months[i]) !== expected) onGap(i, monthString(expected));
  }
}
