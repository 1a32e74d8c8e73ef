// Reference data of Dutch municipalities: the shipped list (CBS codes, provinces, population) and user CSV files
// with one number per municipality (arrears, welfare scores, existing places). A municipality is identified by
// its CBS code together with the year of the division the code belongs to; every row is checked and every
// problem reported at once, located as file:line:col, before anything is computed.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CsvReadOptions, type CsvTable, fieldColumn, fieldForMessage, findColumn, headerForMessage, numberAdvice, parseCsv, problemsFull, readCsvNumber, readWithSeparator } from '../core/csv.ts';
import { InputError, shortText, suggestSpelling, type Diagnostic } from '../core/diagnostics.ts';
import { FILE_LIMITS, readTextFile } from '../core/read-file.ts';

/** One municipality of a CBS division. */
export interface Municipality {
  /** CBS code, `GM` + 4 digits. */
  code: string;
  name: string;
  /** CBS province code, `PV` + 2 digits. */
  provinceCode: string;
  provinceName: string;
  /** Inhabitants, a whole number > 0. */
  population: number;
}

/** The municipalities of one CBS division, as loaded: codes are unique within it. */
export interface MunicipalityData {
  /** The year of the CBS division the codes belong to (codes change with mergers). */
  year: number;
  /** Reference date of the population figures (YYYY-MM-DD), where known. */
  populationDate?: string;
  /** The file read. */
  file: string;
  municipalities: Municipality[];
}

/**
 * One figure per municipality for a map or a table (what a report colours), keyed by CBS code and division year,
 * with the names a reader needs beside it.
 */
export interface MunicipalFigure {
  code: string;
  year: number;
  name: string;
  provinceCode: string;
  provinceName: string;
  value: number;
}

/** The shipped municipality list (data/nl_municipalities.csv), found relative to the package from src/ and dist/. */
export const SHIPPED_MUNICIPALITIES_FILE = fileURLToPath(new URL('../../data/nl_municipalities.csv', import.meta.url));
/** The shipped half-yearly housing targets (data/nl_housing_target_halfyear.csv). */
export const SHIPPED_HOUSING_TARGETS_FILE = fileURLToPath(new URL('../../data/nl_housing_target_halfyear.csv', import.meta.url));
/** The shipped list uses the CBS division of 2026 (data/SOURCES.md). */
export const SHIPPED_DIVISION_YEAR = 2026;
/** The shipped population is that of 1 January 2024 (CBS StatLine 70072NED; data/SOURCES.md). */
export const SHIPPED_POPULATION_DATE = '2024-01-01';

const MUNICIPALITY_COLUMNS = ['cbs_code', 'name', 'province_code', 'province_name', 'population'] as const;

/** The most municipalities a list may have: the Netherlands had about 1,200 at most (1850), 342 in 2026. */
export const MAX_MUNICIPALITIES = 2000;

/** What a caller says about a municipality file that is not the shipped one. */
export interface LoadMunicipalitiesOptions {
  /** The CBS division year of the file's codes; required for any file but the shipped one. */
  year?: number;
  /** The reference date of its population figures (YYYY-MM-DD), if known. */
  populationDate?: string;
  /** How the file is read (separator, whether its values may be quoted in messages). */
  csv?: CsvReadOptions;
}

/**
 * Reads a municipality list: a CSV with the columns `cbs_code` (or `code`), `name`, `province_code`,
 * `province_name`, `population` (further columns are ignored). Without a path, the shipped list (2026 division,
 * population 1 January 2024). Checks: codes GM + 4 digits and unique, provinces PV + 2 digits with one name
 * each, names present, population a whole number > 0; every problem is reported in one InputError.
 */
export function loadMunicipalities(path: string = SHIPPED_MUNICIPALITIES_FILE, options: LoadMunicipalitiesOptions = {}): MunicipalityData {
  const shipped = path === SHIPPED_MUNICIPALITIES_FILE;
  const { table, headerLine } = readCsvFile(path, shipped ? {} : options.csv);
  const year = options.year ?? (shipped ? SHIPPED_DIVISION_YEAR : undefined);
  const problems: Diagnostic[] = [];
  const at = (line: number, col: number, field: string, message: string) => problems.push({ file: path, line, col, path: field, message });
  if (year === undefined || !Number.isInteger(year) || year < 1800 || year > 9999) {
    at(headerLine, 1, '', `${year === undefined ? 'the year of the CBS division this file\'s codes belong to is not known' : `${year} is not a year`}; codes change with mergers, so say it (on the command line: --division-year, e.g. 2026)`);
  }
  const columns = requireColumns(table, headerLine, MUNICIPALITY_COLUMNS, problems);
  if (!columns) throw new InputError(problems);

  const municipalities: Municipality[] = [];
  const codeLine = new Map<string, number>();
  const provinceNames = new Map<string, { name: string; line: number }>();
  const shown = (value: string) => fieldForMessage(table, value);
  for (const row of table.rows) {
    if (problemsFull(problems, path, row.line)) break;
    const [code, name, provinceCode, provinceName, populationText] = columns.map((c) => row.fields[c].trim());
    const fieldAt = (k: number, message: string) => at(row.line, fieldColumn(row.fields, columns[k], table.delimiter), columnLabel(table, columns[k], MUNICIPALITY_COLUMNS[k]), message);
    let ok = true;
    if (!/^GM\d{4}$/.test(code)) {
      fieldAt(0, `${shown(code)} is not a CBS municipality code; write GM and four digits, e.g. GM0363`);
      ok = false;
    } else if (codeLine.has(code)) {
      fieldAt(0, `${code} appears twice (also on line ${codeLine.get(code)}); give each municipality one row`);
      ok = false;
    } else {
      codeLine.set(code, row.line);
    }
    if (name === '') {
      fieldAt(1, 'the name is empty');
      ok = false;
    }
    if (!/^PV\d{2}$/.test(provinceCode)) {
      fieldAt(2, `${shown(provinceCode)} is not a CBS province code; write PV and two digits, e.g. PV27`);
      ok = false;
    } else {
      const known = provinceNames.get(provinceCode);
      if (!known) provinceNames.set(provinceCode, { name: provinceName, line: row.line });
      else if (known.name !== provinceName) {
        fieldAt(3, table.sensitive ? `province ${provinceCode} has another name here than on line ${known.line}; use one name per province` : `province ${provinceCode} is called ${shown(provinceName)} here but ${shown(known.name)} on line ${known.line}; use one name per province`);
        ok = false;
      }
    }
    if (provinceName === '') {
      fieldAt(3, 'the province name is empty');
      ok = false;
    }
    const population = Number(populationText);
    if (!/^\d+$/.test(populationText) || !Number.isSafeInteger(population) || population <= 0) {
      fieldAt(4, `${shown(populationText)} is not a population; write a whole number of inhabitants > 0, without separators`);
      ok = false;
    }
    if (ok) municipalities.push({ code, name, provinceCode, provinceName, population });
  }
  if (problems.length === 0 && municipalities.length === 0) at(headerLine, 1, '', 'no municipalities: add one row per municipality below the header');
  if (municipalities.length > MAX_MUNICIPALITIES) {
    at(table.rows[MAX_MUNICIPALITIES].line, 1, '', `more than ${MAX_MUNICIPALITIES.toLocaleString('en-GB')} municipalities, the most a list may have; check that this is a list of municipalities`);
  }
  if (problems.length > 0) throw new InputError(problems);
  const populationDate = options.populationDate ?? (shipped ? SHIPPED_POPULATION_DATE : undefined);
  return { year: year!, ...(populationDate !== undefined ? { populationDate } : {}), file: path, municipalities };
}

/** What a number in a per-municipality file must be. */
export interface MunicipalValueRules {
  /** Only whole numbers (persons, places). */
  integer?: boolean;
  /** The smallest value allowed. */
  min?: number;
  /** The largest value allowed (also −max is the smallest when `min` is not given). */
  max?: number;
  /** Every municipality must have a value (a score that the key needs for all). */
  complete?: boolean;
  /**
   * Read only the rows whose `column` holds `value` (e.g. one half year of a long file); the column must exist
   * and some row must match.
   */
  where?: { column: string; value: string };
  /** How the file is read (separator, whether its values may be quoted in messages). */
  csv?: CsvReadOptions;
}

/**
 * Reads one number per municipality from a CSV such as `code,arrears` (the code column is named `code`,
 * `cbs_code` or `gemeentecode`; `column` names the value column; other columns are ignored). Codes must belong
 * to `municipalities` (the same CBS division): an unknown code is reported with its line and, where one is
 * close, a did-you-mean; so are duplicate codes, empty or non-numeric values and values against `rules`.
 * Numbers may have a decimal comma in a file separated by `;`. Municipalities without a row are absent from the
 * map unless `rules.complete` asks for all.
 */
export function loadMunicipalValues(path: string, column: string, municipalities: MunicipalityData, rules: MunicipalValueRules = {}): Map<string, number> {
  const { table, headerLine } = readCsvFile(path, rules.csv);
  const problems: Diagnostic[] = [];
  const columns = requireColumns(table, headerLine, rules.where ? ['code', column, rules.where.column] : ['code', column], problems);
  if (!columns) throw new InputError(problems);
  const [codeColumn, valueColumn, whereColumn] = columns;
  const codeName = columnLabel(table, codeColumn, 'code');
  const valueName = columnLabel(table, valueColumn, column);
  const rows = rules.where ? table.rows.filter((row) => row.fields[whereColumn].trim() === rules.where!.value) : table.rows;
  if (rules.where && rows.length === 0) {
    const present = [...new Set(table.rows.slice(0, 10_000).map((row) => row.fields[whereColumn].trim()))];
    const listed = !table.sensitive && present.length > 0 ? ` (it has ${present.slice(0, 8).map((p) => shortText(p)).join(', ')}${present.length > 8 ? ', …' : ''})` : '';
    throw new InputError([{ file: path, line: headerLine, col: 1, path: rules.where.column, message: `no row has ${rules.where.column} ${rules.where.value}${listed}` }]);
  }

  const byCode = new Map(municipalities.municipalities.map((m) => [m.code, m]));
  const values = new Map<string, number>();
  const lines = new Map<string, number>();
  for (const row of rows) {
    if (problemsFull(problems, path, row.line)) break;
    const code = row.fields[codeColumn].trim();
    const raw = row.fields[valueColumn].trim();
    const at = (col: number, field: string, message: string) => problems.push({ file: path, line: row.line, col: fieldColumn(row.fields, col, table.delimiter), path: field, message });
    if (!byCode.has(code)) {
      at(codeColumn, codeName, unknownMunicipalityMessage(code, municipalities, table.sensitive));
      continue;
    }
    if (lines.has(code)) {
      at(codeColumn, codeName, `${code} (${byCode.get(code)!.name}) appears twice (also on line ${lines.get(code)}); give each municipality one row`);
      continue;
    }
    lines.set(code, row.line);
    const value = readCsvNumber(raw, table);
    const shown = table.sensitive ? 'the value' : shortText(raw);
    if (raw === '') {
      at(valueColumn, valueName, `no value for ${code}; write a number (0 if there is none) or leave the row out`);
    } else if (Number.isNaN(value)) {
      at(valueColumn, valueName, `${fieldForMessage(table, raw)} is not a number${numberAdvice(raw, table)}`);
    } else if (rules.integer && !Number.isInteger(value)) {
      at(valueColumn, valueName, `${shown} is not a whole number${thousandsHint(raw)}`);
    } else if (rules.min !== undefined && value < rules.min) {
      at(valueColumn, valueName, `${shown} is below ${rules.min}, the least this column allows`);
    } else if (rules.max !== undefined && (value > rules.max || (rules.min === undefined && value < -rules.max))) {
      at(valueColumn, valueName, `${shown} is ${value > rules.max ? 'above' : 'below'} ${value > rules.max ? '' : '−'}${rules.max.toLocaleString('en-GB')}, the ${value > rules.max ? 'most' : 'least'} this column allows`);
    } else if (!rules.integer && rules.max === undefined && Math.abs(value) > MAX_MUNICIPAL_VALUE) {
      at(valueColumn, valueName, `${shown} is beyond ±${MAX_MUNICIPAL_VALUE.toExponential()}, more than any figure per municipality; check the column`);
    } else if (rules.integer && !Number.isSafeInteger(value)) {
      at(valueColumn, valueName, `${shown} is too large a whole number; check the column`);
    } else {
      values.set(code, value);
    }
  }
  if (rules.complete && problems.length === 0) {
    const missing = municipalities.municipalities.filter((m) => !lines.has(m.code));
    if (missing.length > 0) {
      const listed = missing.slice(0, 5).map((m) => `${m.code} (${m.name})`).join(', ');
      problems.push({ file: path, line: headerLine, col: 1, path: valueName, message: `no ${column} for ${missing.length} of the ${municipalities.municipalities.length} municipalities: ${listed}${missing.length > 5 ? ', …' : ''}; give every municipality a row` });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return values;
}

/** The largest magnitude of a number per municipality without a stated maximum (scores): sums stay finite. */
export const MAX_MUNICIPAL_VALUE = 1e12;

/** `; if the point separates thousands, …` for a whole number written like `1.234` (as Dutch Excel may save it). */
export function thousandsHint(raw: string): string {
  return /^[+-]?\d{1,3}(?:[.,]\d{3})+$/.test(raw.trim()) ? '; if the point or comma separates thousands, write the number without it' : '';
}

/**
 * The message for a code that is not one of `municipalities`: which division it was checked against, and a
 * did-you-mean where the code is a name, lacks its prefix or zeros, or is one edit away from a known code. With
 * `sensitive`, the code is not quoted and nothing is suggested from it.
 */
export function unknownMunicipalityMessage(code: string, municipalities: MunicipalityData, sensitive = false): string {
  const list = municipalities.municipalities;
  const division = `the ${list.length} municipalities of CBS division ${municipalities.year} (${displayPath(municipalities.file)})`;
  if (sensitive) return `the value is not a municipality code of ${division}; write codes as GM and four digits`;
  return `unknown municipality code ${fieldForMessage({ sensitive }, code)}: not one of ${division}${municipalityCodeHint(code, list)}`;
}

function municipalityCodeHint(code: string, list: readonly Municipality[]): string {
  // Only a value of a plausible length is compared with the list (a comparison costs length² steps).
  if (code.length > 64) return '; write codes as GM and four digits';
  const byCode = new Map(list.map((m) => [m.code, m]));
  // A name where the code should be (Amsterdam, Amsterdm): point to its code.
  if (!/\d/.test(code)) {
    const byName = new Map(list.filter((m) => m.name.length <= 128).map((m) => [m.name.toLowerCase(), m]));
    const named = byName.get(code.toLowerCase()) ?? byName.get(suggestSpelling(code, byName.keys()) ?? '');
    return named ? `; did you mean ${named.code} (${named.name})?` : '; write codes as GM and four digits';
  }
  // A code without its prefix or leading zeros (363, GM363, gm0363), as spreadsheets write them.
  const digits = /^(?:GM)?\s*(\d{1,4})$/i.exec(code)?.[1];
  const padded = digits !== undefined ? byCode.get(`GM${digits.padStart(4, '0')}`) : undefined;
  if (padded) return `; did you mean ${padded.code} (${padded.name})?`;
  if (/^GM\d{4}$/.test(code)) return '; codes change with mergers: a former municipality\'s code must be replaced by its successor\'s';
  const close = byCode.get(suggestSpelling(code, byCode.keys()) ?? '');
  return close ? `; did you mean ${close.code} (${close.name})?` : '; write codes as GM and four digits';
}

/** `2023-H1` → { year: 2023, half: 1 }; undefined for anything else (the housing target is set per half year). */
export function parseHalfYear(period: string): { year: number; half: 1 | 2 } | undefined {
  const match = /^(\d{4})-H([12])$/.exec(period);
  return match ? { year: Number(match[1]), half: match[2] === '1' ? 1 : 2 } : undefined;
}

/** One row of the half-yearly housing target file. */
export interface HousingTarget {
  /** `YYYY-H1` or `YYYY-H2`. */
  period: string;
  /** The national target (persons). */
  national: number;
  /** Backlog carried in from earlier periods, where the source gives it. */
  backlogCarriedIn?: number;
  source: string;
  line: number;
}

/** Reads the half-yearly national housing targets (`period,taakstelling,…,source`); the shipped file by default. */
export function loadHousingTargets(path: string = SHIPPED_HOUSING_TARGETS_FILE): HousingTarget[] {
  const { table, headerLine } = readCsvFile(path);
  const problems: Diagnostic[] = [];
  const columns = requireColumns(table, headerLine, ['period', 'taakstelling', 'backlog_carried_in', 'source'], problems);
  if (!columns) throw new InputError(problems);
  const [periodColumn, targetColumn, backlogColumn, sourceColumn] = columns;
  const targets: HousingTarget[] = [];
  for (const row of table.rows) {
    if (problemsFull(problems, path, row.line)) break;
    const at = (col: number, message: string) => problems.push({ file: path, line: row.line, col: fieldColumn(row.fields, col, table.delimiter), path: table.header[col], message });
    const period = row.fields[periodColumn].trim();
    const national = Number(row.fields[targetColumn].trim());
    const backlog = row.fields[backlogColumn].trim();
    if (!parseHalfYear(period)) at(periodColumn, `"${period}" is not a half year; write YYYY-H1 or YYYY-H2`);
    else if (!Number.isInteger(national) || national < 0 || row.fields[targetColumn].trim() === '') at(targetColumn, 'the target must be a whole number ≥ 0');
    else if (backlog !== '' && !Number.isInteger(Number(backlog))) at(backlogColumn, `"${backlog}" is not a whole number`);
    else targets.push({ period, national, ...(backlog !== '' ? { backlogCarriedIn: Number(backlog) } : {}), source: row.fields[sourceColumn].trim(), line: row.line });
  }
  if (problems.length > 0) throw new InputError(problems);
  return targets;
}

/** A path as a message shows it: relative to the working directory where that is shorter. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown !== '' && shown.length < path.length ? shown : path;
}

/**
 * Reads and parses a CSV input file whole (at most FILE_LIMITS.csv; UTF-8, or Windows-1252 as Dutch Excel saves
 * it), with the separator of its header line unless `options.delimiter` names one. An unreadable, too large or
 * malformed file is an InputError located in it.
 */
export function readCsvFile(path: string, options: CsvReadOptions = {}): { table: CsvTable; headerLine: number } {
  const text = readTextFile(path, { maxBytes: FILE_LIMITS.csv, what: 'a CSV input file', legacyEncoding: true });
  const table = parseCsv(text, path, options);
  return { table, headerLine: table.headerLine };
}

/**
 * The indices of `names` in the header (by {@link findColumn}: exact, an alias such as `code` for `cbs_code`,
 * or ignoring case), or undefined after reporting each missing one at the header line — with a did-you-mean,
 * the columns that are there and the separator the file was read with; for a sensitive file without quoting
 * the header, which may be a data row.
 */
export function requireColumns(table: CsvTable, headerLine: number, names: readonly string[], problems: Diagnostic[]): number[] | undefined {
  const indices = names.map((name) => findColumn(table.header, name));
  indices.forEach((index, k) => {
    if (index >= 0) return;
    const name = names[k];
    let message: string;
    if (table.sensitive) {
      message = `no column "${name}": the header on line ${headerLine} has ${table.header.length} column${table.header.length === 1 ? '' : 's'} (${readWithSeparator(table)}) and none of them is ${name}; the first line that is not a # comment must name the columns (${names.join(',')})`;
    } else {
      // Suggest only columns that are not themselves one of the names asked for (and of a length worth comparing).
      const close = suggestSpelling(name, table.header.filter((h) => !names.includes(h) && h.length <= 64));
      message = `no column "${name}"${close ? `; did you mean "${close}"?` : ''} (the header has ${headerForMessage(table)}; ${readWithSeparator(table)})`;
    }
    problems.push({ file: table.file, line: headerLine, col: 1, path: name, message });
  });
  return problems.length > 0 ? undefined : indices;
}

/**
 * The name to put in a diagnostic's path for column `index`: as the header spells it (`cbs_code`, `Code`), or
 * — for a sensitive file, whose header may be data — the name that was looked up.
 */
export function columnLabel(table: CsvTable, index: number, lookedUp: string): string {
  return table.sensitive ? lookedUp : table.header[index];
}
