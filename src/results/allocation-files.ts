// The housing target (taakstelling) and the distribution key for reception places as declared tables: the
// CSV files per municipality and per province, the JSON, the Excel workbook and the terminal summaries (Dutch by
// default).
import { formatCount, type Lang, type Text, text } from '../core/locale.ts';
import type { ProvinceTaakstelling, Taakstelling, TaakstellingRow } from '../plan/taakstelling.ts';
import type { DistributionKey, DistributionKeyRow, ProvinceDistributionKey } from '../plan/distribution-key.ts';
import {
  type Column,
  FORMAT,
  type Format,
  jsonText,
  output,
  type TableDecl,
  type TableOutput,
  tableCsv,
  terminalTable,
  UNIT,
} from './table.ts';

const t = text;

interface Of<R, Result> {
  row: R;
  result: Result;
}

const code = t('code', 'code');
const name = t('gemeente', 'municipality');
const provinceCode = t('provinciecode', 'province code');
const provinceName = t('provincie', 'province');
const year = t('indelingsjaar', 'division year');

/** The reception places a municipality or province already has (distribution key). */
function existingColumn<R extends { existing: number }>(): Column<Of<R, DistributionKey>> {
  return {
    key: 'existing',
    label: t('bestaand', 'existing'),
    unit: UNIT.places,
    format: FORMAT.count,
    value: ({ row }) => row.existing,
  };
}

/** How the existing places settle against the key: credited, still to be opened, and more than the key asks. */
function settlementColumns<R extends { credit: number; remaining: number; surplus: number }>(): Column<
  Of<R, DistributionKey>
>[] {
  return [
    {
      key: 'credit',
      label: t('verrekend', 'credit'),
      unit: UNIT.places,
      format: FORMAT.count,
      value: ({ row }) => row.credit,
    },
    {
      key: 'remaining',
      label: t('resterend', 'remaining'),
      unit: UNIT.places,
      format: FORMAT.count,
      value: ({ row }) => row.remaining,
    },
    {
      key: 'surplus',
      label: t('overschot', 'surplus'),
      unit: UNIT.places,
      format: FORMAT.count,
      value: ({ row }) => row.surplus,
    },
  ];
}

/** A housing target's persons: the share of the national number, the arrears, and both together. */
function targetColumns<R extends { target: number; arrears: number; total: number }>(): Column<Of<R, Taakstelling>>[] {
  return [
    {
      key: 'target',
      label: t('taakstelling', 'target'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: ({ row }) => row.target,
    },
    {
      key: 'arrears',
      label: t('achterstand', 'arrears'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: ({ row }) => row.arrears,
    },
    {
      key: 'total',
      label: t('totaal', 'total'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: ({ row }) => row.total,
    },
  ];
}

export const TAAKSTELLING_MUNICIPALITIES: TableDecl<Of<TaakstellingRow, Taakstelling>> = {
  id: 'taakstelling-municipalities',
  file: 'taakstelling-municipalities.csv',
  title: t('Taakstelling per gemeente', 'Housing target per municipality'),
  columns: [
    { key: 'code', label: code, format: FORMAT.text, value: ({ row }) => row.code },
    { key: 'year', label: year, format: FORMAT.text, value: ({ result }) => result.year },
    { key: 'name', label: name, format: FORMAT.text, value: ({ row }) => row.name },
    { key: 'province_code', label: provinceCode, format: FORMAT.text, value: ({ row }) => row.provinceCode },
    { key: 'province_name', label: provinceName, format: FORMAT.text, value: ({ row }) => row.provinceName },
    { key: 'period', label: t('periode', 'period'), format: FORMAT.text, value: ({ result }) => result.period },
    { key: 'population', label: t('inwoners', 'population'), format: FORMAT.count, value: ({ row }) => row.population },
    {
      key: 'population_share',
      label: t('aandeel inwoners', 'population share'),
      format: FORMAT.percent(2),
      value: ({ row }) => row.populationShare,
    },
    {
      key: 'quota',
      label: t('quotum', 'quota'),
      unit: UNIT.persons,
      format: FORMAT.decimal(2),
      value: ({ row }) => row.quota,
    },
    ...targetColumns(),
  ],
};

export const TAAKSTELLING_PROVINCES: TableDecl<Of<ProvinceTaakstelling, Taakstelling>> = {
  id: 'taakstelling-provinces',
  file: 'taakstelling-provinces.csv',
  title: t('Taakstelling per provincie', 'Housing target per province'),
  columns: [
    { key: 'province_code', label: provinceCode, format: FORMAT.text, value: ({ row }) => row.code },
    { key: 'year', label: year, format: FORMAT.text, value: ({ result }) => result.year },
    { key: 'province_name', label: provinceName, format: FORMAT.text, value: ({ row }) => row.name },
    { key: 'period', label: t('periode', 'period'), format: FORMAT.text, value: ({ result }) => result.period },
    {
      key: 'municipalities',
      label: t('gemeenten', 'municipalities'),
      format: FORMAT.count,
      value: ({ row }) => row.municipalities,
    },
    { key: 'population', label: t('inwoners', 'population'), format: FORMAT.count, value: ({ row }) => row.population },
    {
      key: 'population_share',
      label: t('aandeel inwoners', 'population share'),
      format: FORMAT.percent(2),
      value: ({ row }) => row.populationShare,
    },
    ...targetColumns(),
  ],
};

export function taakstellingTables(result: Taakstelling): TableOutput[] {
  return [
    output(
      TAAKSTELLING_MUNICIPALITIES,
      result.rows.map((row) => ({ row, result })),
    ),
    output(
      TAAKSTELLING_PROVINCES,
      result.provinces.map((row) => ({ row, result })),
    ),
  ];
}

/** The housing target as tidy CSV files (per municipality, per province) and JSON, by file name. */
export function taakstellingFiles(
  result: Taakstelling,
  source: Record<string, string | undefined>,
): Record<string, string> {
  return {
    ...Object.fromEntries(taakstellingTables(result).map(({ table, rows }) => [table.file!, tableCsv(table, rows)])),
    'taakstelling.json': jsonText({ command: 'allocate taakstelling', source, ...result }),
  };
}

export const KEY_MUNICIPALITIES: TableDecl<Of<DistributionKeyRow, DistributionKey>> = {
  id: 'key-municipalities',
  file: 'key-municipalities.csv',
  title: t('Verdeelsleutel per gemeente', 'Distribution key per municipality'),
  columns: [
    { key: 'code', label: code, format: FORMAT.text, value: ({ row }) => row.code },
    { key: 'year', label: year, format: FORMAT.text, value: ({ result }) => result.year },
    { key: 'name', label: name, format: FORMAT.text, value: ({ row }) => row.name },
    { key: 'province_code', label: provinceCode, format: FORMAT.text, value: ({ row }) => row.provinceCode },
    { key: 'province_name', label: provinceName, format: FORMAT.text, value: ({ row }) => row.provinceName },
    { key: 'population', label: t('inwoners', 'population'), format: FORMAT.count, value: ({ row }) => row.population },
    {
      key: 'score',
      label: t('welvaartsscore', 'welfare score'),
      format: FORMAT.decimal(3),
      value: ({ row }) => row.score,
    },
    { key: 'z', label: t('z-score', 'z'), format: FORMAT.decimal(3), value: ({ row }) => row.z },
    { key: 'factor', label: t('factor', 'factor'), format: FORMAT.decimal(3), value: ({ row }) => row.factor },
    { key: 'weight', label: t('gewicht', 'weight'), format: FORMAT.decimal(1), value: ({ row }) => row.weight },
    { key: 'share', label: t('aandeel', 'share'), format: FORMAT.percent(2), value: ({ row }) => row.share },
    {
      key: 'quota',
      label: t('quotum', 'quota'),
      unit: UNIT.places,
      format: FORMAT.decimal(2),
      value: ({ row }) => row.quota,
    },
    {
      key: 'places',
      label: t('plaatsen', 'places'),
      format: FORMAT.count,
      value: ({ row }) => row.places,
    },
    existingColumn(),
    {
      key: 'large_location_places',
      label: t('in grote locaties', 'in large locations'),
      unit: UNIT.places,
      format: FORMAT.count,
      value: ({ row }) => row.large,
    },
    ...settlementColumns(),
  ],
};

export const KEY_PROVINCES: TableDecl<Of<ProvinceDistributionKey, DistributionKey>> = {
  id: 'key-provinces',
  file: 'key-provinces.csv',
  title: t('Verdeelsleutel per provincie', 'Distribution key per province'),
  columns: [
    { key: 'province_code', label: provinceCode, format: FORMAT.text, value: ({ row }) => row.code },
    { key: 'year', label: year, format: FORMAT.text, value: ({ result }) => result.year },
    { key: 'province_name', label: provinceName, format: FORMAT.text, value: ({ row }) => row.name },
    {
      key: 'municipalities',
      label: t('gemeenten', 'municipalities'),
      format: FORMAT.count,
      value: ({ row }) => row.municipalities,
    },
    { key: 'population', label: t('inwoners', 'population'), format: FORMAT.count, value: ({ row }) => row.population },
    { key: 'share', label: t('aandeel', 'share'), format: FORMAT.percent(2), value: ({ row }) => row.share },
    {
      key: 'places',
      label: t('plaatsen', 'places'),
      format: FORMAT.count,
      value: ({ row }) => row.places,
    },
    existingColumn(),
    ...settlementColumns(),
  ],
};

export function keyTables(result: DistributionKey): TableOutput[] {
  return [
    output(
      KEY_MUNICIPALITIES,
      result.rows.map((row) => ({ row, result })),
    ),
    output(
      KEY_PROVINCES,
      result.provinces.map((row) => ({ row, result })),
    ),
  ];
}

/** The key as tidy CSV files (per municipality, per province) and JSON, by file name. */
export function keyFiles(result: DistributionKey, source: Record<string, string | undefined>): Record<string, string> {
  return {
    ...Object.fromEntries(keyTables(result).map(({ table, rows }) => [table.file!, tableCsv(table, rows)])),
    'key.json': jsonText({ command: 'allocate key', source, ...result }),
  };
}

// ---- The report ---------------------------------------------------------------------------------------------

/** An area of an allocation report: its CBS code, name, province (as the report names it) and value. */
export interface AreaRow {
  /** The CBS code of the area (`GM0363`, `PV27`). */
  code: string;
  name: string;
  province?: string;
  value: number;
}

/** The figure an allocation report maps: its label and unit in the report's words, and its format. */
export interface AreaValue {
  label: string;
  unit: string;
  format: Format;
}

const inWords = (words: string): Text => t(words, words);

/** The value column of an allocation report's tables. */
function valueColumn<R>(value: AreaValue, of: (row: R) => number): Column<R> {
  return { key: 'value', label: inWords(value.label), unit: inWords(value.unit), format: value.format, value: of };
}

/**
 * The report's table of areas: name, code, the province when `withProvince`, the value, then `extra` columns
 * (declared columns of the command's own table, see `joinedColumns`).
 */
export function areaTable(
  title: string,
  value: AreaValue,
  withProvince: boolean,
  extra: readonly Column<AreaRow>[] = [],
): TableDecl<AreaRow> {
  return {
    id: 'areas',
    title: inWords(title),
    columns: [
      { key: 'name', label: t('naam', 'name'), format: FORMAT.text, value: (r) => r.name },
      { key: 'code', label: code, format: FORMAT.text, value: (r) => r.code },
      ...(withProvince
        ? [{ key: 'province', label: provinceName, format: FORMAT.text, value: (r: AreaRow) => r.province ?? '' }]
        : []),
      valueColumn<AreaRow>(value, (r) => r.value),
      ...extra,
    ],
  };
}

/** A province of an allocation report: its name and code on the map, its municipalities and their summed value. */
export interface ProvinceSum {
  name: Text | string;
  code: string;
  municipalities: number;
  sum: number;
}

/** The report's table of the value summed per province (and a total row). */
export function provinceSumTable(title: string, value: AreaValue): TableDecl<ProvinceSum> {
  return {
    id: 'province-sums',
    title: inWords(title),
    columns: [
      { key: 'province', label: provinceName, format: FORMAT.text, value: (p) => p.name },
      { key: 'code', label: code, format: FORMAT.text, value: (p) => p.code },
      {
        key: 'municipalities',
        label: t('gemeenten', 'municipalities'),
        format: FORMAT.count,
        value: (p) => p.municipalities,
      },
      valueColumn<ProvinceSum>(value, (p) => p.sum),
    ],
  };
}

// ---- The terminal -------------------------------------------------------------------------------------------

const all = t('alle', 'all');

/** The terminal summary: national number, notes, provinces and the municipalities with the largest totals. */
export function taakstellingSummary(
  result: Taakstelling,
  top: number,
  nationalSource?: string,
  lang: Lang = 'nl',
): string {
  const L = (nl: string, en: string) => (lang === 'nl' ? nl : en);
  const lines = [
    L(
      `taakstelling ${result.period}: ${formatCount(result.national, lang)} vergunninghouders over ${result.rows.length} gemeenten (CBS-indeling ${result.year})`,
      `housing target ${result.period}: ${formatCount(result.national, lang)} permit holders over ${result.rows.length} municipalities (CBS division ${result.year})`,
    ),
  ];
  if (nationalSource) lines.push(`  ${L('landelijk aantal uit', 'national number from')} ${nationalSource}`);
  for (const note of result.notes) lines.push(`  ${L('let op', 'note')}: ${note}`);
  const nation: ProvinceTaakstelling = {
    code: '',
    name: all[lang],
    municipalities: result.rows.length,
    population: result.population,
    populationShare: 1,
    ...result.totals,
  };
  const provinces = [...result.provinces, nation].map((row) => ({ row, result }));
  const columns = ['province_name', 'municipalities', 'population', 'population_share', 'target', 'arrears', 'total'];
  lines.push('', terminalTable(TAAKSTELLING_PROVINCES, provinces, lang, { columns }));
  const largest = [...result.rows]
    .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code))
    .slice(0, top)
    .map((row) => ({ row, result }));
  lines.push('', L(`de ${largest.length} grootste totalen:`, `the ${largest.length} largest totals:`));
  lines.push(
    terminalTable(TAAKSTELLING_MUNICIPALITIES, largest, lang, {
      columns: ['name', 'code', 'province_name', 'population', 'quota', 'target', 'arrears', 'total'],
    }),
  );
  return lines.join('\n') + '\n';
}

/** The terminal summary of a key: national number, notes, provinces and the municipalities with the most places. */
export function keySummary(result: DistributionKey, top: number, lang: Lang = 'nl'): string {
  const L = (nl: string, en: string) => (lang === 'nl' ? nl : en);
  const lines = [
    L(
      `verdeelsleutel: ${formatCount(result.places, lang)} opvangplaatsen over ${result.provinces.length} provincies en ${result.rows.length} gemeenten (CBS-indeling ${result.year})`,
      `distribution key: ${formatCount(result.places, lang)} reception places over ${result.provinces.length} provinces and ${result.rows.length} municipalities (CBS division ${result.year})`,
    ),
  ];
  for (const note of result.notes) lines.push(`  ${L('let op', 'note')}: ${note}`);
  const tot = result.totals;
  const nation: ProvinceDistributionKey = {
    code: '',
    name: all[lang],
    municipalities: result.rows.length,
    population: result.rows.reduce((s, r) => s + r.population, 0),
    share: 1,
    places: tot.places,
    existing: tot.existing,
    credit: tot.credit,
    remaining: tot.remaining,
    surplus: tot.surplus,
  };
  const provinces = [...result.provinces, nation].map((row) => ({ row, result }));
  const columns = [
    'province_name',
    'municipalities',
    'population',
    'share',
    'places',
    'existing',
    'credit',
    'remaining',
    'surplus',
  ];
  lines.push('', terminalTable(KEY_PROVINCES, provinces, lang, { columns }));
  const byRemaining = tot.existing > 0;
  const largest = [...result.rows]
    .sort((a, b) => (byRemaining ? b.remaining - a.remaining : b.places - a.places) || a.code.localeCompare(b.code))
    .slice(0, top)
    .map((row) => ({ row, result }));
  lines.push(
    '',
    byRemaining
      ? L(`de ${largest.length} grootste resterende taken:`, `the ${largest.length} largest remaining tasks:`)
      : L(`de ${largest.length} grootste aantallen plaatsen:`, `the ${largest.length} largest numbers of places:`),
  );
  lines.push(
    terminalTable(KEY_MUNICIPALITIES, largest, lang, {
      columns: ['name', 'code', 'province_name', 'population', 'factor', 'quota', 'places', 'credit', 'remaining'],
    }),
  );
  return lines.join('\n') + '\n';
}
