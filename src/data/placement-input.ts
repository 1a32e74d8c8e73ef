// Input files of the placement of permit holders: the households waiting to be housed, dwellings per household
// size, labour demand per profile and municipal coordinates. Every row is checked against the municipalities of
// one CBS division and every problem is reported at once as file:line:col before anything is solved. Household
// identifiers are case data: no message repeats one, and they can be pseudonymised as they are read. With
// `sensitive` (the command's --pseudonymise) no message quotes any value or header name of any of these files:
// a file without a header, or given in place of another, puts data where the header should be.
import { InputError, type Diagnostic } from '../core/diagnostics.ts';
import type { Pseudonymiser } from '../log/pseudonymise.ts';
import { loadBoundaries, SHIPPED_BOUNDARIES } from './boundaries.ts';
import { centroids } from './geography.ts';
import { columnLabel, displayPath, type MunicipalityData, readCsvFile, requireColumns, thousandsHint, unknownMunicipalityMessage } from './municipalities.ts';
import { type CsvReadOptions, type CsvTable, fieldColumn, fieldForMessage, findColumn, numberAdvice, problemsFull, readCsvNumber } from '../core/csv.ts';


/** A household of permit holders to be housed together. */
export interface Household {
  id: string;
  persons: number;
  /** Number of children (under 18) among the persons. */
  children: number;
  /** Code of the municipality of the household's reception location (or its planned municipality). */
  origin: string;
  /** Labour-market profile, e.g. `technical`, `care`; households without one match nowhere in particular. */
  profile?: string;
}

/** A parsed file with its problems so far and a located reporter. */
interface Reader {
  table: CsvTable;
  headerLine: number;
  problems: Diagnostic[];
  codes: Set<string>;
  /** The name looked up for each column index found (the path of its diagnostics when the file is sensitive). */
  names: Map<number, string>;
}

function openFile(path: string, municipalities: MunicipalityData, csv: CsvReadOptions | undefined): Reader {
  const { table, headerLine } = readCsvFile(path, csv);
  return { table, headerLine, problems: [], codes: new Set(municipalities.municipalities.map((m) => m.code)), names: new Map() };
}

/** The indices of the columns `names` (reported and thrown when one is missing), remembered for diagnostics. */
function columnsOf(r: Reader, names: readonly string[]): number[] {
  const columns = requireColumns(r.table, r.headerLine, names, r.problems);
  if (!columns) throw new InputError(r.problems);
  columns.forEach((c, k) => r.names.set(c, names[k]));
  return columns;
}

function problemAt(r: Reader, row: { line: number; fields: string[] }, col: number, message: string): void {
  r.problems.push({ file: r.table.file, line: row.line, col: fieldColumn(row.fields, col, r.table.delimiter), path: columnLabel(r.table, col, r.names.get(col) ?? ''), message });
}

/** The municipality code of the row when it is one of `municipalities`; else reports it and gives undefined. */
function knownCode(r: Reader, row: { line: number; fields: string[] }, col: number, municipalities: MunicipalityData): string | undefined {
  const code = row.fields[col].trim();
  if (r.codes.has(code)) return code;
  problemAt(r, row, col, unknownMunicipalityMessage(code, municipalities, r.table.sensitive));
  return undefined;
}

/** The most persons in one household, and so the largest dwelling size (a household is placed whole). */
export const MAX_PERSONS = 99;
/** The most dwellings of one size in one municipality. */
export const MAX_DWELLINGS = 10_000_000;
/** The largest magnitude of a labour-market match score: the solver's coefficients stay well within its range. */
export const MAX_MATCH_SCORE = 1_000_000;

/** A whole number from min to max written as digits, or undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** The value, or every problem found in one InputError; a file without rows is one too (`empty` says what to add). */
function finish<T>(r: Reader, value: T, empty: string): T {
  if (r.problems.length === 0 && r.table.rows.length === 0) {
    r.problems.push({ file: r.table.file, line: r.headerLine, col: 1, path: '', message: `the file has a header but no rows: ${empty}` });
  }
  if (r.problems.length > 0) throw new InputError(r.problems);
  return value;
}

/** What {@link loadHouseholds} does with the identifiers. */
export interface LoadHouseholdsOptions {
  /** Replace every id by its keyed pseudonym as it is read (the same key gives the same pseudonym as `import`). */
  pseudonymise?: Pseudonymiser;
  /** How the file is read; with pseudonymise, messages quote nothing of it whatever `csv.sensitive` says. */
  csv?: CsvReadOptions;
}

/**
 * Reads the households to place: a CSV with `id,persons,children,origin` and optionally `profile` (other columns
 * are ignored). `origin` is the CBS code of the municipality of the household's reception location or planned
 * municipality. Checks: ids present and unique (a repeated id is reported by its lines, never by its value),
 * persons a whole number ≥ 1, children a whole number from 0 to persons, origin one of `municipalities`. With
 * `pseudonymise`, no message quotes a value or the header of the file.
 */
export function loadHouseholds(path: string, municipalities: MunicipalityData, options: LoadHouseholdsOptions = {}): Household[] {
  const csv: CsvReadOptions = { ...options.csv, ...(options.pseudonymise ? { sensitive: true } : {}) };
  const r = openFile(path, municipalities, csv);
  const [idCol, personsCol, childrenCol, originCol] = columnsOf(r, ['id', 'persons', 'children', 'origin']);
  const profileCol = findColumn(r.table.header, 'profile');
  const shown = (text: string) => fieldForMessage(r.table, text);
  const firstLine = new Map<string, number>();
  const households: Household[] = [];
  for (const row of r.table.rows) {
    if (problemsFull(r.problems, r.table.file, row.line)) break;
    const at = (col: number, message: string) => problemAt(r, row, col, message);
    const id = row.fields[idCol].trim();
    const personsText = row.fields[personsCol].trim();
    const childrenText = row.fields[childrenCol].trim();
    const origin = row.fields[originCol].trim();
    const profile = profileCol >= 0 ? row.fields[profileCol].trim() : '';
    let ok = true;
    if (id === '') {
      at(idCol, 'the household id is empty; give every household an id (a case number or its pseudonym)');
      ok = false;
    } else if (firstLine.has(id)) {
      at(idCol, `the id on this line is also on line ${firstLine.get(id)}; give each household one row`);
      ok = false;
    } else {
      firstLine.set(id, row.line);
    }
    const persons = wholeNumber(personsText, 1, MAX_PERSONS);
    if (persons === undefined) {
      at(personsCol, `${shown(personsText)} is not a number of persons; write a whole number from 1 to ${MAX_PERSONS} (the household is placed whole)`);
      ok = false;
    }
    const children = wholeNumber(childrenText, 0, MAX_PERSONS);
    if (children === undefined) {
      at(childrenCol, `${shown(childrenText)} is not a number of children; write a whole number from 0 to ${MAX_PERSONS}`);
      ok = false;
    } else if (persons !== undefined && children > persons) {
      at(childrenCol, `${children} children in a household of ${persons} persons; children are counted among the persons`);
      ok = false;
    }
    if (!r.codes.has(origin)) {
      at(originCol, unknownMunicipalityMessage(origin, municipalities, r.table.sensitive));
      ok = false;
    }
    if (ok) {
      households.push({ id: options.pseudonymise ? options.pseudonymise(id) : id, persons: persons!, children: children!, origin, ...(profile !== '' ? { profile } : {}) });
    }
  }
  return finish(r, households, 'add one row per household');
}

/** How a column of a per-municipality-and-key file is read: the value, or the message why the text is none. */
type Field<T> = { column: string; read: (text: string, table: CsvTable) => T | { problem: string } };

/**
 * Reads a CSV of one number per municipality and key (`code`, `key.column`, `value.column`): codes checked
 * against `municipalities`, each (code, key) once, every problem located. `what` names a row's subject.
 */
function loadKeyedValues<K extends string | number>(path: string, municipalities: MunicipalityData, key: Field<K>, value: Field<number>, what: string, csv: CsvReadOptions | undefined): Map<string, Record<K, number>> {
  const r = openFile(path, municipalities, csv);
  const [codeCol, keyCol, valueCol] = columnsOf(r, ['code', key.column, value.column]);
  const out = new Map<string, Record<K, number>>();
  const lines = new Map<string, number>();
  for (const row of r.table.rows) {
    if (problemsFull(r.problems, r.table.file, row.line)) break;
    const at = (col: number, message: string) => problemAt(r, row, col, message);
    const code = knownCode(r, row, codeCol, municipalities);
    if (code === undefined) continue;
    const k = key.read(row.fields[keyCol].trim(), r.table);
    if (typeof k === 'object') {
      at(keyCol, k.problem);
      continue;
    }
    const id = `${code}\u0000${k}`;
    if (lines.has(id)) {
      const which = r.table.sensitive && typeof k === 'string' ? `with this ${key.column}` : `${key.column} ${JSON.stringify(k)}`;
      at(keyCol, `${code} ${which} is also on line ${lines.get(id)}; give each municipality and ${what} one row`);
      continue;
    }
    lines.set(id, row.line);
    const v = value.read(row.fields[valueCol].trim(), r.table);
    if (typeof v === 'object') {
      at(valueCol, v.problem);
      continue;
    }
    let m = out.get(code);
    if (!m) out.set(code, (m = {} as Record<K, number>));
    m[k] = v;
  }
  return finish(r, out, `add one row per municipality and ${what}`);
}

/**
 * Reads dwellings available per municipality and household size: `code,size,units`, one row per municipality
 * and size. Sizes a municipality has no row for are not limited there.
 */
export function loadHousingStock(path: string, municipalities: MunicipalityData, csv?: CsvReadOptions): Map<string, Record<number, number>> {
  return loadKeyedValues<number>(
    path,
    municipalities,
    { column: 'size', read: (t, table) => wholeNumber(t, 1, MAX_PERSONS) ?? { problem: `${fieldForMessage(table, t)} is not a household size; write the persons a dwelling is for, a whole number from 1 to ${MAX_PERSONS}` } },
    { column: 'units', read: (t, table) => wholeNumber(t, 0, MAX_DWELLINGS) ?? { problem: `${fieldForMessage(table, t)} is not a number of dwellings; write a whole number from 0 to ${MAX_DWELLINGS.toLocaleString('en-GB')}${thousandsHint(t)}` } },
    'household size',
    csv,
  );
}

/**
 * Reads labour demand per municipality and profile: `code,profile,score`, e.g. vacancies per 1,000 of the labour
 * force in the occupations of the profile. A profile a municipality has no row for scores 0.
 */
export function loadLabourDemand(path: string, municipalities: MunicipalityData, csv?: CsvReadOptions): Map<string, Record<string, number>> {
  return loadKeyedValues<string>(
    path,
    municipalities,
    { column: 'profile', read: (t) => (t !== '' ? t : { problem: 'the profile is empty; name the labour-market profile, as in the households file' }) },
    {
      column: 'score',
      read: (t, table) => {
        const n = readCsvNumber(t, table);
        if (Number.isNaN(n)) return { problem: `${fieldForMessage(table, t)} is not a number${numberAdvice(t, table)} (the match score; 0 where there is no demand)` };
        if (Math.abs(n) > MAX_MATCH_SCORE) return { problem: `${fieldForMessage(table, t)} is beyond ±${MAX_MATCH_SCORE.toLocaleString('en-GB')}; write the match score on a scale such as vacancies per 1,000 of the labour force` };
        return n;
      },
    },
    'profile',
    csv,
  );
}

/** Reads municipal coordinates: `code,lat,lon` in degrees WGS84, e.g. each town hall. */
export function loadCoordinates(path: string, municipalities: MunicipalityData, csv?: CsvReadOptions): Map<string, { lat: number; lon: number }> {
  const r = openFile(path, municipalities, csv);
  const [codeCol, latCol, lonCol] = columnsOf(r, ['code', 'lat', 'lon']);
  const out = new Map<string, { lat: number; lon: number }>();
  const lines = new Map<string, number>();
  for (const row of r.table.rows) {
    if (problemsFull(r.problems, r.table.file, row.line)) break;
    const at = (col: number, message: string) => problemAt(r, row, col, message);
    const code = knownCode(r, row, codeCol, municipalities);
    if (code === undefined) continue;
    if (lines.has(code)) {
      at(codeCol, `${code} is also on line ${lines.get(code)}; give each municipality one row`);
      continue;
    }
    lines.set(code, row.line);
    const [lat, lon] = [latCol, lonCol].map((c) => row.fields[c].trim());
    const latN = readCsvNumber(lat, r.table);
    const lonN = readCsvNumber(lon, r.table);
    const example = r.table.delimiter === ';' ? ['52,37', '4,90'] : ['52.37', '4.90'];
    if (Number.isNaN(latN) || Math.abs(latN) > 90) at(latCol, `${fieldForMessage(r.table, lat)} is not a latitude; write degrees from -90 to 90 (WGS84), e.g. ${example[0]}`);
    else if (Number.isNaN(lonN) || Math.abs(lonN) > 180) at(lonCol, `${fieldForMessage(r.table, lon)} is not a longitude; write degrees from -180 to 180 (WGS84), e.g. ${example[1]}`);
    else out.set(code, { lat: latN, lon: lonN });
  }
  return finish(r, out, 'add one row per municipality');
}

let shipped: Map<string, { lat: number; lon: number }> | undefined;

/** The centroid (degrees) of every municipality of the shipped boundaries (CBS division {@link SHIPPED_BOUNDARIES}). */
export function shippedCentroids(): Map<string, { lat: number; lon: number }> {
  shipped ??= new Map([...centroids(loadBoundaries().municipalities, SHIPPED_BOUNDARIES.municipalities.object)].map(([code, c]) => [code, { lat: c.lat, lon: c.lon }]));
  return shipped;
}

/**
 * Coordinates for every municipality: those of `coordinatesFile` first, else — for the shipped division only —
 * the centroid of its shipped boundary. Municipalities left without any are reported in one InputError.
 */
export function municipalityCoordinates(municipalities: MunicipalityData, coordinatesFile?: string, csv?: CsvReadOptions): Map<string, { lat: number; lon: number }> {
  const given = coordinatesFile !== undefined ? loadCoordinates(coordinatesFile, municipalities, csv) : new Map<string, { lat: number; lon: number }>();
  const fallback = municipalities.year === SHIPPED_BOUNDARIES.divisionYear ? shippedCentroids() : new Map<string, { lat: number; lon: number }>();
  const out = new Map<string, { lat: number; lon: number }>();
  const missing: string[] = [];
  for (const m of municipalities.municipalities) {
    const c = given.get(m.code) ?? fallback.get(m.code);
    if (c) out.set(m.code, c);
    else missing.push(`${m.code} (${m.name})`);
  }
  if (missing.length > 0) {
    const where = municipalities.year === SHIPPED_BOUNDARIES.divisionYear ? `the shipped boundaries of division ${SHIPPED_BOUNDARIES.divisionYear}` : `the shipped boundaries (division ${SHIPPED_BOUNDARIES.divisionYear}, not ${municipalities.year})`;
    const fix = coordinatesFile !== undefined ? `add them to ${displayPath(coordinatesFile)}` : 'give them with --coordinates (a CSV code,lat,lon)';
    throw new InputError([{ file: coordinatesFile ?? municipalities.file, line: 1, col: 1, path: 'lat', message: `no coordinates for ${missing.length} of the ${municipalities.municipalities.length} municipalities, in neither ${coordinatesFile !== undefined ? displayPath(coordinatesFile) + ' nor ' : ''}${where}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}; ${fix}` }]);
  }
  return out;
}
