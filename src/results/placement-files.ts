// The placement of permit holders' households as declared tables: per household, per municipality, per province,
// per subgroup and (with a housing stock) per dwelling size; the CSV files, placement.json and the Excel workbook.
import type { MunicipalityData } from '../data/municipalities.ts';
import type { Household, Placement, SubgroupOutcome } from '../plan/placement.ts';
import { FORMAT, jsonText, output, type TableDecl, type TableOutput, tableCsv, UNIT } from './table.ts';
import { text } from '../core/locale.ts';

const t = text;

/** What the placement's files need of a run. */
export interface PlacementOutcome {
  result: Placement;
  municipalities: MunicipalityData;
  households: Household[];
  source: Record<string, string | undefined>;
  settings: Record<string, unknown>;
  notes: string[];
}

/** Target and outcome summed per province. */
export interface ProvinceTotal {
  code: string;
  name: string;
  municipalities: number;
  target: number;
  placedPersons: number;
  placedHouseholds: number;
  shortfall: number;
  excess: number;
}

export function provinceTotals(run: PlacementOutcome): ProvinceTotal[] {
  const byCode = new Map(run.municipalities.municipalities.map((m) => [m.code, m]));
  const out = new Map<string, ProvinceTotal>();
  for (const o of run.result.municipalities) {
    const m = byCode.get(o.code)!;
    let p = out.get(m.provinceCode);
    if (!p)
      out.set(
        m.provinceCode,
        (p = {
          code: m.provinceCode,
          name: m.provinceName,
          municipalities: 0,
          target: 0,
          placedPersons: 0,
          placedHouseholds: 0,
          shortfall: 0,
          excess: 0,
        }),
      );
    p.municipalities++;
    p.target += o.targetPersons;
    p.placedPersons += o.placedPersons;
    p.placedHouseholds += o.placedHouseholds;
    p.shortfall += o.shortfall;
    p.excess += o.excess;
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** A number that may be missing (null, NaN or infinite): an empty cell. */
const optional = (v: number | null): number | undefined => (v === null || !Number.isFinite(v) ? undefined : v);

interface HouseholdRow {
  household: Household;
  municipality: string | null;
  name?: string;
  province?: string;
  distanceKm: number | null;
}

export const PLACEMENT_HOUSEHOLDS: TableDecl<HouseholdRow> = {
  id: 'placement-households',
  file: 'placement-households.csv',
  title: t('Huishoudens', 'Households'),
  columns: [
    { key: 'id', label: t('huishouden', 'household'), format: FORMAT.text, value: (r) => r.household.id },
    { key: 'persons', label: t('personen', 'persons'), format: FORMAT.count, value: (r) => r.household.persons },
    { key: 'children', label: t('kinderen', 'children'), format: FORMAT.count, value: (r) => r.household.children },
    { key: 'origin', label: t('herkomst', 'origin'), format: FORMAT.text, value: (r) => r.household.origin },
    { key: 'profile', label: t('profiel', 'profile'), format: FORMAT.text, value: (r) => r.household.profile ?? '' },
    {
      key: 'municipality',
      label: t('gemeentecode', 'municipality code'),
      format: FORMAT.text,
      value: (r) => r.municipality ?? '',
    },
    { key: 'municipality_name', label: t('gemeente', 'municipality'), format: FORMAT.text, value: (r) => r.name ?? '' },
    { key: 'province_name', label: t('provincie', 'province'), format: FORMAT.text, value: (r) => r.province ?? '' },
    {
      key: 'distance_km',
      label: t('afstand', 'distance'),
      unit: UNIT.km,
      format: FORMAT.decimal(1),
      value: (r) => optional(r.distanceKm),
    },
  ],
};

type MunicipalityRow = Placement['municipalities'][number] & {
  year: number;
  provinceCode: string;
  provinceName: string;
  reasons: string;
};

export const PLACEMENT_MUNICIPALITIES: TableDecl<MunicipalityRow> = {
  id: 'placement-municipalities',
  file: 'placement-municipalities.csv',
  title: t('Plaatsing per gemeente', 'Placement per municipality'),
  columns: [
    { key: 'code', label: t('code', 'code'), format: FORMAT.text, value: (o) => o.code },
    { key: 'year', label: t('indelingsjaar', 'division year'), format: FORMAT.text, value: (o) => o.year },
    { key: 'name', label: t('gemeente', 'municipality'), format: FORMAT.text, value: (o) => o.name },
    {
      key: 'province_code',
      label: t('provinciecode', 'province code'),
      format: FORMAT.text,
      value: (o) => o.provinceCode,
    },
    { key: 'province_name', label: t('provincie', 'province'), format: FORMAT.text, value: (o) => o.provinceName },
    {
      key: 'target',
      label: t('taakstelling', 'target'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (o) => o.targetPersons,
    },
    {
      key: 'placed_persons',
      label: t('geplaatst', 'placed'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (o) => o.placedPersons,
    },
    {
      key: 'placed_households',
      label: t('geplaatste huishoudens', 'placed households'),
      format: FORMAT.count,
      value: (o) => o.placedHouseholds,
    },
    {
      key: 'shortfall',
      label: t('tekort', 'shortfall'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (o) => o.shortfall,
    },
    {
      key: 'excess',
      label: t('overschot', 'excess'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (o) => o.excess,
    },
    {
      key: 'mean_distance_km',
      label: t('gemiddelde afstand', 'mean distance'),
      unit: UNIT.km,
      format: FORMAT.decimal(1),
      value: (o) => optional(o.meanDistanceKm),
    },
    {
      key: 'shadow_price',
      label: t('schaduwprijs', 'shadow price'),
      format: FORMAT.decimal(1),
      value: (o) => optional(o.shadowPrice),
    },
    {
      key: 'relative_shadow_price',
      label: t('relatieve schaduwprijs', 'relative shadow price'),
      format: FORMAT.decimal(1),
      value: (o) => optional(o.relativeShadowPrice),
    },
    {
      key: 'shortfall_reasons',
      label: t('redenen tekort', 'shortfall reasons'),
      format: FORMAT.text,
      value: (o) => o.reasons,
    },
  ],
};

export const PLACEMENT_PROVINCES: TableDecl<ProvinceTotal & { year: number }> = {
  id: 'placement-provinces',
  file: 'placement-provinces.csv',
  title: t('Plaatsing per provincie', 'Placement per province'),
  columns: [
    { key: 'province_code', label: t('provinciecode', 'province code'), format: FORMAT.text, value: (p) => p.code },
    { key: 'year', label: t('indelingsjaar', 'division year'), format: FORMAT.text, value: (p) => p.year },
    { key: 'province_name', label: t('provincie', 'province'), format: FORMAT.text, value: (p) => p.name },
    {
      key: 'municipalities',
      label: t('gemeenten', 'municipalities'),
      format: FORMAT.count,
      value: (p) => p.municipalities,
    },
    {
      key: 'target',
      label: t('taakstelling', 'target'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (p) => p.target,
    },
    {
      key: 'placed_persons',
      label: t('geplaatst', 'placed'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (p) => p.placedPersons,
    },
    {
      key: 'placed_households',
      label: t('geplaatste huishoudens', 'placed households'),
      format: FORMAT.count,
      value: (p) => p.placedHouseholds,
    },
    {
      key: 'shortfall',
      label: t('tekort', 'shortfall'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (p) => p.shortfall,
    },
    {
      key: 'excess',
      label: t('overschot', 'excess'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (p) => p.excess,
    },
  ],
};

export const PLACEMENT_SUBGROUPS: TableDecl<SubgroupOutcome> = {
  id: 'placement-subgroups',
  file: 'placement-subgroups.csv',
  title: t('Subgroepen', 'Subgroups'),
  columns: [
    { key: 'dimension', label: t('indeling', 'dimension'), format: FORMAT.text, value: (s) => s.dimension },
    { key: 'group', label: t('groep', 'group'), format: FORMAT.text, value: (s) => s.group },
    { key: 'households', label: t('huishoudens', 'households'), format: FORMAT.count, value: (s) => s.households },
    { key: 'persons', label: t('personen', 'persons'), format: FORMAT.count, value: (s) => s.persons },
    {
      key: 'placed_persons',
      label: t('geplaatst', 'placed'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (s) => s.placedPersons,
    },
    {
      key: 'mean_distance_km',
      label: t('gemiddelde afstand', 'mean distance'),
      unit: UNIT.km,
      format: { ...FORMAT.decimal(1), rounded: true },
      value: (s) => optional(s.meanDistanceKm),
    },
    {
      key: 'gap_km',
      label: t('verschil', 'gap'),
      unit: UNIT.km,
      format: { ...FORMAT.decimal(1), rounded: true },
      value: (s) => optional(s.gapKm),
    },
    {
      key: 'share_within_km',
      label: t('aandeel dichtbij', 'share near'),
      format: FORMAT.percent(1),
      value: (s) => optional(s.shareWithinKm),
    },
  ],
};

interface HousingRow {
  code: string;
  year: number;
  name: string;
  size: number;
  units: number;
  used: number;
}

export const PLACEMENT_HOUSING: TableDecl<HousingRow> = {
  id: 'placement-housing',
  file: 'placement-housing.csv',
  title: t('Woningen', 'Housing'),
  columns: [
    { key: 'code', label: t('code', 'code'), format: FORMAT.text, value: (h) => h.code },
    { key: 'year', label: t('indelingsjaar', 'division year'), format: FORMAT.text, value: (h) => h.year },
    { key: 'name', label: t('gemeente', 'municipality'), format: FORMAT.text, value: (h) => h.name },
    { key: 'size', label: t('grootte', 'size'), unit: UNIT.persons, format: FORMAT.count, value: (h) => h.size },
    { key: 'units', label: t('woningen', 'units'), format: FORMAT.count, value: (h) => h.units },
    { key: 'used', label: t('gebruikt', 'used'), format: FORMAT.count, value: (h) => h.used },
  ],
};

/** The rows of placement-municipalities.csv: each municipality's outcome with its province and shortfall reasons. */
export function placementMunicipalityRows(run: PlacementOutcome): MunicipalityRow[] {
  const { result, municipalities } = run;
  const byCode = new Map(municipalities.municipalities.map((m) => [m.code, m]));
  const reasons = new Map(result.explanation.short.map((s) => [s.code, s.reasons.join(' ')]));
  return result.municipalities.map((o) => {
    const m = byCode.get(o.code)!;
    return {
      ...o,
      year: municipalities.year,
      provinceCode: m.provinceCode,
      provinceName: m.provinceName,
      reasons: reasons.get(o.code) ?? '',
    };
  });
}

/** The placement's tables with their rows, in the order of the files. */
export function placementTables(run: PlacementOutcome): TableOutput[] {
  const { result, municipalities, households } = run;
  const year = municipalities.year;
  const byCode = new Map(municipalities.municipalities.map((m) => [m.code, m]));
  const householdRows: HouseholdRow[] = households.map((household, i) => {
    const a = result.households[i];
    const m = a.municipality !== null ? byCode.get(a.municipality)! : undefined;
    return {
      household,
      municipality: a.municipality,
      name: m?.name,
      province: m?.provinceName,
      distanceKm: a.distanceKm,
    };
  });
  const municipalRows = placementMunicipalityRows(run);
  const tables = [
    output(PLACEMENT_HOUSEHOLDS, householdRows),
    output(PLACEMENT_MUNICIPALITIES, municipalRows),
    output(
      PLACEMENT_PROVINCES,
      provinceTotals(run).map((p) => ({ ...p, year })),
    ),
    output(PLACEMENT_SUBGROUPS, result.subgroups),
  ];
  if (result.municipalities.some((o) => o.housing !== undefined)) {
    const housing: HousingRow[] = result.municipalities.flatMap((o) =>
      (o.housing ?? []).map((h) => ({ code: o.code, year, name: o.name, ...h })),
    );
    tables.push(output(PLACEMENT_HOUSING, housing));
  }
  return tables;
}

/** The placement as tidy CSV files and JSON, by file name. */
export function placementFiles(run: PlacementOutcome): Record<string, string> {
  const { result, municipalities } = run;
  const files: Record<string, string> = Object.fromEntries(
    placementTables(run).map(({ table, rows }) => [table.file!, tableCsv(table, rows)]),
  );
  files['placement.json'] = jsonText({
    command: 'allocate placement',
    year: municipalities.year,
    source: run.source,
    settings: run.settings,
    notes: run.notes,
    solve: result.solve,
    relaxation: result.relaxation ?? null,
    objective: result.objective,
    meanDistanceKm: result.meanDistanceKm,
    withinKm: result.withinKm,
    priceReference: result.priceReference,
    explanation: result.explanation,
    fairness: result.fairness ?? null,
    provinces: provinceTotals(run),
    municipalities: result.municipalities,
    subgroups: result.subgroups,
    assignments: result.assignments,
    households: result.households,
  });
  return files;
}
