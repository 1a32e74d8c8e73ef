// The allocation report: one self-contained HTML page with a value per municipality (or province) as a choropleth
// beside a table of every row, the same figures summed per province as a second map and table, and any further
// sections the caller adds. Pure: the caller passes the parsed topologies; every number on a map is in a table.
import { DEFAULT_LANG, type Lang, formatCount, text } from '../core/locale.ts';
import {
  type AreaRow,
  type AreaValue,
  areaTable,
  type ProvinceSum,
  provinceSumTable,
} from '../results/allocation-files.ts';
import { type Column, FORMAT } from '../results/table.ts';
import { type Html, html, raw } from './html.ts';
import { choroplethSvg, featureNames, formatValue, valueDigits } from './map.ts';
import { chartWithTable, reportPage, section } from './page.ts';
import { declaredTableHtml } from './table.ts';
import { inLang } from './words.ts';

/**
 * One area of the report: its CBS code (`GM0363`, `PV27`, matched to the map features' `statcode`), name, value
 * and, for a municipality, its province: its CBS code (`PV27`) or its name (`Noord-Holland`).
 */
export type AllocationRow = AreaRow;

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
  /**
   * Further columns of the table of areas, after the value: declared columns (src/results), e.g. those of the
   * command's own table by `joinedColumns`, so that the report shows them as its files and terminal do.
   */
  columns?: readonly Column<AllocationRow>[];
  /** Sections after the maps: `html` is HTML the caller vouches for (an `html` fragment, or markup as text). */
  extraSections?: { heading: string; html: string | Html }[];
  /** The language of the report (default Dutch). */
  lang?: Lang;
}

interface Noun {
  one: string;
  many: string;
}

const NOUNS: Record<Lang, Record<'municipality' | 'province', Noun>> = {
  nl: { municipality: { one: 'gemeente', many: 'gemeenten' }, province: { one: 'provincie', many: 'provincies' } },
  en: {
    municipality: { one: 'municipality', many: 'municipalities' },
    province: { one: 'province', many: 'provinces' },
  },
};

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
function offMapNote(codes: string[], noun: Noun, lang: Lang): Html | '' {
  if (codes.length === 0) return '';
  const one = codes.length === 1;
  const shown = `${codes.slice(0, 20).join(', ')}${codes.length > 20 ? ', …' : ''}`;
  return lang === 'nl'
    ? html`<p>${codes.length} ${one ? noun.one : noun.many} ${one ? 'heeft' : 'hebben'} geen vorm op de kaart en ${one ? 'staat' : 'staan'} alleen in de tabel: ${shown}.</p>`
    : html`<p>${codes.length} ${one ? `${noun.one} has` : `${noun.many} have`} no shape on the map and ${one ? 'is' : 'are'} only in the table: ${shown}.</p>`;
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
  const lang = input.lang ?? DEFAULT_LANG;
  const T = inLang(lang);
  const nouns = NOUNS[lang];
  const noun = nouns[level];
  const digits = valueDigits(rows.map((r) => r.value));
  const fmt = (v: number, d = digits) => formatValue(v, d, lang);
  const caption = (what: string, how = '') =>
    T(
      `${value.label} per ${what} (${value.unit})${how}, in kwantielklassen, donkerder voor meer; wijs een gebied aan voor zijn waarde. De tabel ernaast geeft dezelfde getallen.`,
      `${value.label} per ${what} (${value.unit})${how}, in quantile classes, darker for more; hover an area for its value. The table beside it holds the same numbers.`,
    ) + (input.mapSource ? ` ${input.mapSource}` : '');
  const sections: Html[] = [];

  const mapCodes = featureNames(input.topology, input.objectName);
  // The value's decimals: none when all are integers, else two.
  const areaValue: AreaValue = { ...value, format: digits === 0 ? FORMAT.count : FORMAT.decimal(digits) };
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

  const heading = `${value.label} per ${noun.one}`;
  const svg = choroplethSvg(input.topology, input.objectName, new Map(rows.map((r) => [r.code, r.value])), {
    title: heading,
    description: T(
      `Kaart van de ${mapCodes.size} ${noun.many} gekleurd naar ${value.label.toLowerCase()} (${value.unit}); de tabel ernaast geeft de getallen.`,
      `Map of the ${mapCodes.size} ${noun.many} coloured by ${value.label.toLowerCase()} (${value.unit}); the table beside it holds the numbers.`,
    ),
    unit: value.unit,
    digits,
    lang,
  });
  const table = declaredTableHtml(
    areaTable(heading, areaValue, hasProvince, input.columns),
    rows.map((r) => ({ ...r, province: provinceLabel(r.province) })),
    lang,
  );
  const offMap = rows.filter((r) => !mapCodes.has(r.code)).map((r) => r.code);
  sections.push(section(heading, chartWithTable(raw(svg), caption(noun.one), table), offMapNote(offMap, noun, lang)));

  if (level === 'municipality' && hasProvince) {
    const sums = new Map<string, ProvinceSum & { name: string }>();
    for (const r of rows) {
      const key = r.province === undefined ? '' : (provinceCode.get(r.province) ?? r.province);
      let entry = sums.get(key);
      if (!entry)
        sums.set(
          key,
          (entry = {
            name: r.province === undefined ? T('geen provincie', 'no province') : provinceLabel(r.province),
            code: provinceCode.get(r.province ?? '') ?? '',
            municipalities: 0,
            sum: 0,
          }),
        );
      entry.municipalities++;
      entry.sum += r.value;
    }
    const provinces = [...sums.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    const total = rows.reduce((a, r) => a + r.value, 0);
    const provinceTable = declaredTableHtml(
      provinceSumTable(
        T(
          `${value.label} per provincie (som over haar gemeenten)`,
          `${value.label} per province (sum over its municipalities)`,
        ),
        areaValue,
      ),
      [...provinces, { name: text('totaal', 'total'), code: '', municipalities: rows.length, sum: total }],
      lang,
    );
    let body: (Html | '')[] = [provinceTable];
    if (input.provinceTopology !== undefined) {
      const provinceSvg = choroplethSvg(
        input.provinceTopology,
        input.provinceObjectName ?? onlyObject(input.provinceTopology),
        new Map(provinces.filter((p) => p.code !== '').map((p) => [p.code, p.sum])),
        {
          title: `${value.label} per ${nouns.province.one}`,
          description: T(
            `Kaart van de ${provinceNames?.size ?? 0} provincies gekleurd naar de som van ${value.label.toLowerCase()} over hun gemeenten (${value.unit}); de tabel ernaast geeft de getallen.`,
            `Map of the ${provinceNames?.size ?? 0} provinces coloured by the sum of ${value.label.toLowerCase()} over their municipalities (${value.unit}); the table beside it holds the numbers.`,
          ),
          unit: value.unit,
          digits,
          lang,
        },
      );
      const unmatched = provinces.filter((p) => p.code === '').map((p) => p.name);
      body = [
        chartWithTable(
          raw(provinceSvg),
          caption(nouns.province.one, T(', opgeteld over haar gemeenten', ', summed over its municipalities')),
          provinceTable,
        ),
        offMapNote(unmatched, nouns.province, lang),
      ];
    }
    sections.push(section(`${value.label} per ${nouns.province.one}`, body));
  }

  for (const s of input.extraSections ?? [])
    sections.push(section(s.heading, typeof s.html === 'string' ? raw(s.html) : s.html));
  const about = input.intro
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => html`<p>${p}</p>\n`);

  // Summary: the total, and the largest and smallest areas.
  const finite = rows.filter((r) => Number.isFinite(r.value));
  const summary: Html[] = [];
  if (finite.length > 0) {
    const total = finite.reduce((a, r) => a + r.value, 0);
    const sorted = [...finite].sort((a, b) => b.value - a.value);
    const most = sorted[0];
    const least = sorted[sorted.length - 1];
    summary.push(
      html`${T('Totaal', 'Total')}: <strong>${fmt(total)} ${value.unit}</strong> ${T('over', 'over')} ${formatCount(finite.length, lang)} ${finite.length === 1 ? noun.one : noun.many}.`,
    );
    if (sorted.length > 1)
      summary.push(
        html`${T('Meeste', 'Most')}: ${most.name} (${fmt(most.value)}); ${T('minste', 'least')}: ${least.name} (${fmt(least.value)}).`,
      );
  }
  return reportPage({ lang, title: input.title, summary, about, sections });
}
