// A capacity plan as declared tables and files: stages.csv, beds.csv, targets.csv, housing.csv, the housing each
// municipality needs (housing-municipalities.csv), plan.json and planned-model.yaml; and its terminal summary,
// Dutch by default, with the model's labels of stages where a person reads.
import { stringify } from 'yaml';
import { writeResultFolder } from '../core/result-folder.ts';
import { formatNumber, formatPercent, type Lang, type Text } from '../core/locale.ts';
import type { BedMonth, CapacityPlan, StageMonth, TargetMonth } from '../plan/capacity.ts';
import { loadMunicipalities } from '../data/municipalities.ts';
import { taakstelling } from '../plan/taakstelling.ts';
import type { ModelNames } from './kpis.ts';
import { FORMAT, jsonText, output, type TableDecl, type TableOutput, tableCsv, textTable, UNIT } from './table.ts';

const t = (nl: string, en: string): Text => ({ nl, en });

export const PLAN_STAGES: TableDecl<StageMonth> = {
  id: 'stages',
  file: 'stages.csv',
  title: t('Capaciteit per fase', 'Capacity per stage'),
  columns: [
    { key: 'month', label: t('maand', 'month'), format: FORMAT.text, value: (s) => s.month },
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (s) => s.stage },
    { key: 'partner', label: t('ketenpartner', 'partner'), format: FORMAT.text, value: (s) => s.partner },
    { key: 'unit', label: t('eenheid', 'unit'), format: FORMAT.text, value: (s) => s.unit },
    { key: 'plan', label: t('plan', 'plan'), format: FORMAT.decimal(1), value: (s) => s.plan },
    { key: 'offered', label: t('aangeboden last', 'offered'), format: FORMAT.decimal(1), value: (s) => s.offered },
    {
      key: 'fluid_bound',
      label: t('vloeistofgrens', 'fluid bound'),
      format: FORMAT.decimal(1),
      value: (s) => s.fluidBound,
    },
    {
      key: 'square_root_bound',
      label: t('wortelregel', 'square-root bound'),
      format: FORMAT.decimal(1),
      value: (s) => s.squareRootBound,
    },
    { key: 'fte', label: t('fte', 'FTE'), unit: UNIT.fte, format: FORMAT.decimal(1), value: (s) => s.fte },
    {
      key: 'staff_cost_eur',
      label: t('personeelskosten', 'staff cost'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (s) => s.staffCostEur,
    },
  ],
};

export const PLAN_BEDS: TableDecl<BedMonth> = {
  id: 'beds',
  file: 'beds.csv',
  title: t('Opvangbedden', 'Reception beds'),
  columns: [
    { key: 'month', label: t('maand', 'month'), format: FORMAT.text, value: (b) => b.month },
    {
      key: 'location_type',
      label: t('soort locatie', 'location type'),
      format: FORMAT.text,
      value: (b) => b.locationType,
    },
    { key: 'plan', label: t('plan', 'plan'), unit: UNIT.beds, format: FORMAT.count, value: (b) => b.plan },
    {
      key: 'demand_at_confidence',
      label: t('vraag bij betrouwbaarheid', 'demand at confidence'),
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (b) => b.demandAtConfidence,
    },
    {
      key: 'analytic_bound',
      label: t('analytische grens', 'analytic bound'),
      unit: UNIT.beds,
      format: FORMAT.count,
      value: (b) => b.analyticBound,
    },
    { key: 'cost_eur', label: t('kosten', 'cost'), unit: UNIT.eur, format: FORMAT.euro, value: (b) => b.costEur },
  ],
};

export const PLAN_TARGETS: TableDecl<TargetMonth> = {
  id: 'targets',
  file: 'targets.csv',
  title: t('Normdoelen', 'Norm targets'),
  columns: [
    { key: 'month', label: t('maand', 'month'), format: FORMAT.text, value: (x) => x.month },
    { key: 'norm', label: t('norm', 'norm'), format: FORMAT.text, value: (x) => x.norm },
    { key: 'target', label: t('doel', 'target'), format: FORMAT.percent(1), value: (x) => x.target },
    { key: 'achieved', label: t('gehaald', 'achieved'), format: FORMAT.percent(1), value: (x) => x.achieved },
    { key: 'held_in', label: t('gehaald in', 'held in'), format: FORMAT.percent(0), value: (x) => x.heldIn },
    { key: 'measured', label: t('gemeten', 'measured'), format: FORMAT.decimal(1), value: (x) => x.measured },
    { key: 'holds', label: t('gehaald', 'holds'), format: FORMAT.text, value: (x) => x.holds },
  ],
};

type HousingRow = CapacityPlan['housing'][number];

export const PLAN_HOUSING: TableDecl<HousingRow> = {
  id: 'housing',
  file: 'housing.csv',
  title: t('Huisvesting per halfjaar', 'Housing per half-year'),
  columns: [
    { key: 'half_year', label: t('halfjaar', 'half-year'), format: FORMAT.text, value: (h) => h.halfYear },
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (h) => h.stage },
    { key: 'persons', label: t('personen', 'persons'), format: FORMAT.count, value: (h) => h.persons },
  ],
};

interface MunicipalityHousing {
  halfYear: string;
  code: string;
  year: number;
  name: string;
  province: string;
  persons: number;
}

export const PLAN_HOUSING_MUNICIPALITIES: TableDecl<MunicipalityHousing> = {
  id: 'housing-municipalities',
  file: 'housing-municipalities.csv',
  title: t('Taakstelling per gemeente', 'Housing target per municipality'),
  columns: [
    { key: 'half_year', label: t('halfjaar', 'half-year'), format: FORMAT.text, value: (r) => r.halfYear },
    { key: 'code', label: t('code', 'code'), format: FORMAT.text, value: (r) => r.code },
    { key: 'division_year', label: t('indelingsjaar', 'division year'), format: FORMAT.text, value: (r) => r.year },
    { key: 'name', label: t('gemeente', 'municipality'), format: FORMAT.text, value: (r) => r.name },
    { key: 'province', label: t('provincie', 'province'), format: FORMAT.text, value: (r) => r.province },
    { key: 'persons', label: t('personen', 'persons'), format: FORMAT.count, value: (r) => r.persons },
  ],
};

/** The plan's tables with their rows, in the order of the files. */
export function capacityPlanTables(plan: CapacityPlan): TableOutput[] {
  // The housing each municipality needs per half-year: the planned national number as a housing target (taakstelling).
  const municipalities = loadMunicipalities();
  const perMunicipality: MunicipalityHousing[] = [];
  for (const h of plan.housing)
    for (const row of taakstelling({ period: h.halfYear, national: h.persons, municipalities }).rows)
      perMunicipality.push({
        halfYear: h.halfYear,
        code: row.code,
        year: municipalities.year,
        name: row.name,
        province: row.provinceName,
        persons: row.total,
      });
  return [
    output(PLAN_STAGES, plan.stages),
    output(PLAN_BEDS, plan.beds),
    output(PLAN_TARGETS, plan.targets),
    output(PLAN_HOUSING, plan.housing),
    output(PLAN_HOUSING_MUNICIPALITIES, perMunicipality),
  ];
}

/** plan.json: the plan without the planned model (that is planned-model.yaml). */
export function capacityPlanJson(plan: CapacityPlan): string {
  const { plannedModel: _model, ...rest } = plan;
  return jsonText(rest);
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in). */
export function writeCapacityPlanFiles(plan: CapacityPlan, outDir: string): string[] {
  return writeResultFolder(outDir, (folder) => {
    for (const { table, rows } of capacityPlanTables(plan)) folder.write(table.file!, tableCsv(table, rows));
    folder.write('plan.json', capacityPlanJson(plan));
    folder.write(
      'planned-model.yaml',
      `# The model with the capacity plan of doorstroom plan capacity (${plan.months[0]} – ${plan.months[plan.months.length - 1]}).\n${stringify(plan.plannedModel, { lineWidth: 120 })}`,
    );
  });
}

export function capacityPlanText(plan: CapacityPlan, lang: Lang = 'nl', names: ModelNames = {}): string {
  const fmt = (v: number, digits = 0) => formatNumber(v, lang, digits);
  const pct = (v: number) => formatPercent(v, lang, 1);
  const L = (nl: string, en: string) => (lang === 'nl' ? nl : en);
  const lines: string[] = [];
  const iterations =
    lang === 'nl'
      ? `${plan.iterations} zoekstap${plan.iterations === 1 ? '' : 'pen'}`
      : `${plan.iterations} search iteration${plan.iterations === 1 ? '' : 's'}`;
  const holds = plan.feasible
    ? L('elk doel wordt gehaald', 'every target holds')
    : L('NIET elk doel wordt gehaald', 'NOT every target holds');
  lines.push(
    `${L('capaciteitsplan voor', 'capacity plan for')} ${plan.model}: ${plan.months[0]} – ${plan.months[plan.months.length - 1]} · ${iterations} · ${holds}`,
  );
  for (const n of plan.notes) lines.push(`${L('let op', 'note')}: ${n}`);
  lines.push('');
  const stageIds = [...new Set(plan.stages.map((s) => s.stage))];
  const rows = [
    [
      L('fase (ketenpartner)', 'stage (partner)'),
      L('eenheid', 'unit'),
      L('plan eerste maand', 'first month plan'),
      L('vloeistofgrens', 'fluid bound'),
      L('wortelregel', 'square-root'),
      L('plan max.', 'max plan'),
      L('plan gem.', 'mean plan'),
      L('buffer boven vloeistofgrens', 'buffer over fluid'),
    ],
  ];
  for (const id of stageIds) {
    const list = plan.stages.filter((s) => s.stage === id);
    const meanPlan = list.reduce((a, s) => a + s.plan, 0) / list.length;
    const meanFluid = list.reduce((a, s) => a + s.fluidBound, 0) / list.length;
    rows.push([
      `${names.stages?.get(id) ?? id} (${list[0].partner})`,
      list[0].unit,
      fmt(list[0].plan),
      fmt(list[0].fluidBound),
      fmt(list[0].squareRootBound),
      fmt(Math.max(...list.map((s) => s.plan))),
      fmt(meanPlan),
      meanFluid > 0 ? pct(meanPlan / meanFluid - 1) : '–',
    ]);
  }
  lines.push(textTable(rows), '');
  const types = [...new Set(plan.beds.map((b) => b.locationType))];
  const bedRows = [
    [
      L('bedden (soort locatie)', 'beds (location type)'),
      L('plan max.', 'max plan'),
      L('plan gem.', 'mean plan'),
      L('analytische grens max.', 'max analytic bound'),
    ],
  ];
  for (const type of types) {
    const list = plan.beds.filter((b) => b.locationType === type);
    bedRows.push([
      type,
      fmt(Math.max(...list.map((b) => b.plan))),
      fmt(list.reduce((a, b) => a + b.plan, 0) / list.length),
      fmt(Math.max(...list.map((b) => b.analyticBound))),
    ]);
  }
  lines.push(textTable(bedRows), '');
  const norms = [...new Set(plan.targets.map((x) => x.norm))];
  const tRows = [
    [
      L('doel', 'target'),
      L('aandeel binnen', 'share within'),
      L('maanden gehaald', 'months held'),
      L('laagst gehaald (bij betrouwbaarheid)', 'lowest achieved (at confidence)'),
    ],
  ];
  for (const n of norms) {
    const list = plan.targets.filter((x) => x.norm === n);
    const held = list.filter((x) => x.holds).length;
    tRows.push([
      n,
      pct(list[0].target),
      L(`${held} van ${list.length}`, `${held} of ${list.length}`),
      pct(Math.min(...list.map((x) => (Number.isFinite(x.achieved) ? x.achieved : 1)))),
    ]);
  }
  lines.push(textTable(tRows), '');
  if (plan.housing.length > 0) {
    const hRows = [
      [
        L('huisvesting (personen per halfjaar)', 'housing (persons per half-year)'),
        L('fase', 'stage'),
        L('personen', 'persons'),
      ],
    ];
    for (const h of plan.housing) hRows.push([h.halfYear, names.stages?.get(h.stage) ?? h.stage, fmt(h.persons)]);
    lines.push(textTable(hRows), '');
  }
  const c = plan.cost;
  lines.push(
    textTable([
      [
        L('kosten van het plan (EUR)', 'cost of the plan (EUR)'),
        L('plan', 'plan'),
        L('analytische grens', 'analytic bound'),
      ],
      [L('personeel', 'staff'), fmt(c.staffEur), fmt(c.analyticStaffEur)],
      [L('opvangbedden', 'reception beds'), fmt(c.bedsEur), fmt(c.analyticBedsEur)],
      [L('totaal', 'total'), fmt(c.totalEur), fmt(c.analyticStaffEur + c.analyticBedsEur)],
    ]),
  );
  return lines.join('\n') + '\n';
}
