// The allocation report: one self-contained HTML page with a value per municipality (or province) as a choropleth
// beside a table of every row, the same figures summed per province as a second map and table, and any further
// sections the caller adds. Pure: the caller passes the parsed topologies; every number on a map is in a table.
import { chartWithTable, htmlTable, reportPage } from './html.ts';
import { choroplethSvg, featureNames, formatValue, valueDigits } from './map.ts';
import { escapeHtml } from './svg.ts';

/** One area of the report: its code on the map, name, province, value and further table columns. */
export interface AllocationRow {
  /** The CBS code of the area (`GM0363`, `PV27`), matched to the map features' `statcode`. */
  code: string;
  name: string;
  /** The province of a municipality: its CBS code (`PV27`) or its name (`Noord-Holland`). */
  province?: string;
  value: number;
  /** Further columns of the table, in the order of first appearance; numbers with thousands separators (two decimals
   * for a column with any non-integer), strings as they are. */
  columns?: Record<string, string | number>;
}

/** What allocationReportHtml draws: the areas' topology, the value per area and the page around it. */
export interface AllocationReportInput {
  title: string;
  /** Plain text (escaped here); blank lines separate paragraphs. */
  intro: string;
  level: 'municipality' | 'province';
  /** The parsed TopoJSON of the areas of `level`, with the GeometryCollection `objectName`. */
  topology: unknown;
  objectName: string;
  /** The parsed TopoJSON of the provinces, for the per-province map when `level` is municipality. */
  provinceTopology?: unknown;
  /** Its GeometryCollection; by default its only object. */
  provinceObjectName?: string;
  /** Where the boundaries come from (e.g. "Boundaries: CBS/PDOK, CC BY 4.0"), shown under each map. */
  mapSource?: string;
  value: { label: string; unit: string };
  rows: AllocationRow[];
  /** Sections after the maps: `html` is HTML already escaped by the caller. */
  extraSections?: { heading: string; html: string }[];
}

const NOUNS = {
  municipality: { one: 'municipality', many: 'municipalities' },
  province: { one: 'province', many: 'provinces' },
} as const;

function onlyObject(topology: unknown): string {
  const objects =
    typeof topology === 'object' && topology !== null
      ? Object.keys((topology as { objects?: object }).objects ?? {})
      : [];
  if (objects.length !== 1)
    throw new Error(
      `allocation report: name the province object (provinceObjectName); the topology has ${objects.length === 0 ? 'none' : objects.join(', ')}`,
    );
  return objects[0];
}

/** A sentence on the rows whose code has no shape on the map (empty when every row has one). */
function offMapNote(codes: string[], noun: { one: string; many: string }): string {
  if (codes.length === 0) return '';
  const one = codes.length === 1;
  const shown = codes.slice(0, 20).join(', ');
  return `<p>${codes.length} ${one ? `${noun.one} has` : `${noun.many} have`} no shape on the map and ${one ? 'is' : 'are'} only in the table: ${escapeHtml(shown)}${codes.length > 20 ? ', …' : ''}.</p>`;
}

/**
 * The allocation report as one HTML page (reportPage): the choropleth of `rows` at `level` beside a table with
 * every row (name, code, province, value and the extra columns, in the order given); when `level` is
 * municipality and rows name a province, the values summed per province in a table with a total row, with a
 * second choropleth when `provinceTopology` is given (rows match a province by its code or its name); then the
 * extra sections. Rows whose code is not on the map are named under it; areas without a row are hatched.
 */
export function allocationReportHtml(input: AllocationReportInput): string {
  const { value, rows, level } = input;
  const noun = NOUNS[level];
  const valueHeader = `${value.label} (${value.unit})`;
  const digits = valueDigits(rows.map((r) => r.value));
  const caption = (what: string, how = '') =>
    `${value.label} per ${what} (${value.unit})${how}, in quantile classes, darker for more; hover an area for its value. The table beside it holds the same numbers.${input.mapSource ? ` ${input.mapSource}` : ''}`;
  const sections: string[] = [];

  const mapCodes = featureNames(input.topology, input.objectName);
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.columns ?? {})))];
  // Numbers in an extra column share its decimals: none when all are integers, else two.
  const columnDigits = new Map(
    extraKeys.map((k) => [k, valueDigits(rows.map((r) => r.columns?.[k]).filter((v) => typeof v === 'number'))]),
  );
  const cell = (k: string, v: string | number | undefined) =>
    v === undefined ? '' : typeof v === 'number' ? formatValue(v, columnDigits.get(k)!) : v;
  const hasProvince = rows.some((r) => r.province !== undefined);
  const provinceNames =
    input.provinceTopology !== undefined
      ? featureNames(input.provinceTopology, input.provinceObjectName ?? onlyObject(input.provinceTopology))
      : undefined;
  // A province as the rows give it (code or name) → its code on the province map, if it is there.
  const provinceCode = new Map<string, string>();
  for (const [code, name] of provinceNames ?? []) provinceCode.set(code, code).set(name, code);
  const provinceLabel = (p: string | undefined) =>
    p === undefined ? '' : (provinceNames?.get(provinceCode.get(p) ?? '') ?? p);

  const svg = choroplethSvg(input.topology, input.objectName, new Map(rows.map((r) => [r.code, r.value])), {
    title: `${value.label} per ${level}`,
    description: `Map of the ${mapCodes.size} ${noun.many} coloured by ${value.label.toLowerCase()} (${value.unit}); the table beside it holds the numbers.`,
    unit: value.unit,
    digits,
  });
  const table = htmlTable(
    `${value.label} per ${level}`,
    ['name', 'code', ...(hasProvince ? ['province'] : []), valueHeader, ...extraKeys],
    rows.map((r) => [
      r.name,
      r.code,
      ...(hasProvince ? [provinceLabel(r.province)] : []),
      formatValue(r.value, digits),
      ...extraKeys.map((k) => cell(k, r.columns?.[k])),
    ]),
  );
  const offMap = rows.filter((r) => !mapCodes.has(r.code)).map((r) => r.code);
  sections.push(
    `<section><h2>${escapeHtml(`${value.label} per ${level}`)}</h2>${chartWithTable(svg, caption(level), table)}${offMapNote(offMap, noun)}</section>`,
  );

  if (level === 'municipality' && hasProvince) {
    const sums = new Map<string, { label: string; code: string; count: number; sum: number }>();
    for (const r of rows) {
      const key = r.province === undefined ? '' : (provinceCode.get(r.province) ?? r.province);
      let entry = sums.get(key);
      if (!entry)
        sums.set(
          key,
          (entry = {
            label: r.province === undefined ? 'no province' : provinceLabel(r.province),
            code: provinceCode.get(r.province ?? '') ?? '',
            count: 0,
            sum: 0,
          }),
        );
      entry.count++;
      entry.sum += r.value;
    }
    const provinces = [...sums.values()].sort((a, b) => a.label.localeCompare(b.label, 'nl'));
    const total = rows.reduce((a, r) => a + r.value, 0);
    const provinceTable = htmlTable(
      `${value.label} per province (sum over its municipalities)`,
      ['province', 'code', 'municipalities', valueHeader],
      [
        ...provinces.map((p) => [p.label, p.code, formatValue(p.count, 0), formatValue(p.sum, digits)]),
        ['total', '', formatValue(rows.length, 0), formatValue(total, digits)],
      ],
    );
    let body = provinceTable;
    if (input.provinceTopology !== undefined) {
      const provinceSvg = choroplethSvg(
        input.provinceTopology,
        input.provinceObjectName ?? onlyObject(input.provinceTopology),
        new Map(provinces.filter((p) => p.code !== '').map((p) => [p.code, p.sum])),
        {
          title: `${value.label} per province`,
          description: `Map of the ${provinceNames?.size ?? 0} provinces coloured by the sum of ${value.label.toLowerCase()} over their municipalities (${value.unit}); the table beside it holds the numbers.`,
          unit: value.unit,
          digits,
        },
      );
      const unmatched = provinces.filter((p) => p.code === '').map((p) => p.label);
      body = `${chartWithTable(provinceSvg, caption('province', ', summed over its municipalities'), provinceTable)}${offMapNote(unmatched, NOUNS.province)}`;
    }
    sections.push(`<section><h2>${escapeHtml(`${value.label} per province`)}</h2>${body}</section>`);
  }

  for (const s of input.extraSections ?? [])
    sections.push(`<section><h2>${escapeHtml(s.heading)}</h2>${s.html}</section>`);
  const intro = input.intro
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  return reportPage(input.title, intro, sections);
}
