// A capacity plan as declared tables and files: stages.csv, beds.csv, targets.csv, housing.csv, the housing each
// municipality needs (housing-municipalities.csv), plan.json and planned-model.yaml; and its terminal summary,
// Dutch by default, with the model's labels of stages where a person reads.
import { stringify } from 'yaml';
import { writeResultFolder } from '../core/result-folder.ts';
import { type Lang, say, type Text, text } from '../core/locale.ts';
import type { BedMonth, CapacityPlan, StageMonth, TargetMonth } from '../plan/capacity.ts';
import { loadMunicipalities } from '../data/municipalities.ts';
import { taakstelling } from '../plan/taakstelling.ts';
import { type ModelNames, subjectName } from './kpis.ts';
import {
  type Column,
  FORMAT,
  jsonText,
  output,
  type TableDecl,
  type TableOutput,
  tableCsv,
  terminalTable,
  UNIT,
} from './table.ts';

const t = text;

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

interface StageSummary {
  stage: string;
  partner: string;
  unit: string;
  first: number;
  fluid: number;
  squareRoot: number;
  max: number;
  mean: number;
  buffer: number | undefined;
}

const count = (key: string, label: Text, value: (r: StageSummary) => number): Column<StageSummary> => ({
  key,
  label,
  format: FORMAT.count,
  value,
});

/** The terminal's summary of the staff plan: one row per stage over the months. */
export const PLAN_STAGE_SUMMARY: TableDecl<StageSummary> = {
  id: 'stage-summary',
  title: t('Personeel per fase', 'Staff per stage'),
  columns: [
    {
      key: 'stage',
      label: t('fase (ketenpartner)', 'stage (partner)'),
      format: FORMAT.text,
      value: (r) => `${r.stage} (${r.partner})`,
    },
    { key: 'unit', label: t('eenheid', 'unit'), format: FORMAT.text, value: (r) => r.unit },
    count('first_plan', t('plan eerste maand', 'first month plan'), (r) => r.first),
    count('fluid_bound', t('vloeistofgrens', 'fluid bound'), (r) => r.fluid),
    count('square_root_bound', t('wortelregel', 'square-root'), (r) => r.squareRoot),
    count('max_plan', t('plan max.', 'max plan'), (r) => r.max),
    count('mean_plan', t('plan gem.', 'mean plan'), (r) => r.mean),
    {
      key: 'buffer',
      label: t('buffer boven vloeistofgrens', 'buffer over fluid'),
      format: FORMAT.percent(1),
      value: (r) => r.buffer,
    },
  ],
};

interface BedSummary {
  type: string;
  max: number;
  mean: number;
  maxBound: number;
}

/** The terminal's summary of the bed plan: one row per location type over the months. */
export const PLAN_BED_SUMMARY: TableDecl<BedSummary> = {
  id: 'bed-summary',
  title: t('Bedden per soort locatie', 'Beds per location type'),
  columns: [
    {
      key: 'location_type',
      label: t('bedden (soort locatie)', 'beds (location type)'),
      format: FORMAT.text,
      value: (r) => r.type,
    },
    { key: 'max_plan', label: t('plan max.', 'max plan'), format: FORMAT.count, value: (r) => r.max },
    { key: 'mean_plan', label: t('plan gem.', 'mean plan'), format: FORMAT.count, value: (r) => r.mean },
    {
      key: 'max_analytic_bound',
      label: t('analytische grens max.', 'max analytic bound'),
      format: FORMAT.count,
      value: (r) => r.maxBound,
    },
  ],
};

interface TargetSummary {
  norm: string;
  target: number;
  held: number;
  months: number;
  lowest: number;
}

/** The terminal's summary of the targets: one row per norm over the months. */
export const PLAN_TARGET_SUMMARY: TableDecl<TargetSummary> = {
  id: 'target-summary',
  title: t('Doelen', 'Targets'),
  columns: [
    { key: 'norm', label: t('doel', 'target'), format: FORMAT.text, value: (r) => r.norm },
    { key: 'target', label: t('aandeel binnen', 'share within'), format: FORMAT.percent(1), value: (r) => r.target },
    {
      key: 'months_held',
      label: t('maanden gehaald', 'months held'),
      format: FORMAT.text,
      value: (r) => t(`${r.held} van ${r.months}`, `${r.held} of ${r.months}`),
    },
    {
      key: 'lowest_achieved',
      label: t('laagst gehaald (bij betrouwbaarheid)', 'lowest achieved (at confidence)'),
      format: FORMAT.percent(1),
      value: (r) => r.lowest,
    },
  ],
};

interface CostSummary {
  item: Text;
  plan: number;
  bound: number;
}

/** The terminal's summary of the plan's cost beside the analytic bound. */
export const PLAN_COST_SUMMARY: TableDecl<CostSummary> = {
  id: 'cost-summary',
  title: t('Kosten van het plan', 'Cost of the plan'),
  columns: [
    {
      key: 'item',
      label: t('kosten van het plan', 'cost of the plan'),
      unit: UNIT.eur,
      format: FORMAT.text,
      value: (r) => r.item,
    },
    { key: 'plan', label: t('plan', 'plan'), format: FORMAT.count, value: (r) => r.plan },
    {
      key: 'analytic_bound',
      label: t('analytische grens', 'analytic bound'),
      format: FORMAT.count,
      value: (r) => r.bound,
    },
  ],
};

const mean = (values: readonly number[]): number => values.reduce((a, v) => a + v, 0) / values.length;

function groups<R>(rows: readonly R[], key: (r: R) => string): R[][] {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return [...out.values()];
}

export function capacityPlanText(plan: CapacityPlan, lang: Lang = 'nl', names: ModelNames = {}): string {
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
  const stages = groups(plan.stages, (s) => s.stage).map((list): StageSummary => {
    const meanPlan = mean(list.map((s) => s.plan));
    const meanFluid = mean(list.map((s) => s.fluidBound));
    return {
      stage: names.stages?.get(list[0].stage) ?? list[0].stage,
      partner: list[0].partner,
      unit: list[0].unit,
      first: list[0].plan,
      fluid: list[0].fluidBound,
      squareRoot: list[0].squareRootBound,
      max: Math.max(...list.map((s) => s.plan)),
      mean: meanPlan,
      buffer: meanFluid > 0 ? meanPlan / meanFluid - 1 : undefined,
    };
  });
  lines.push(terminalTable(PLAN_STAGE_SUMMARY, stages, lang), '');
  const beds = groups(plan.beds, (b) => b.locationType).map((list): BedSummary => ({
    type: list[0].locationType,
    max: Math.max(...list.map((b) => b.plan)),
    mean: mean(list.map((b) => b.plan)),
    maxBound: Math.max(...list.map((b) => b.analyticBound)),
  }));
  lines.push(terminalTable(PLAN_BED_SUMMARY, beds, lang), '');
  const targets = groups(plan.targets, (x) => x.norm).map((list): TargetSummary => ({
    norm: subjectName({ kind: 'norm', id: list[0].norm, measure: 'withinShare' }, names),
    target: list[0].target,
    held: list.filter((x) => x.holds).length,
    months: list.length,
    lowest: Math.min(...list.map((x) => (Number.isFinite(x.achieved) ? x.achieved : 1))),
  }));
  lines.push(terminalTable(PLAN_TARGET_SUMMARY, targets, lang), '');
  if (plan.housing.length > 0) {
    const housing = plan.housing.map((h) => ({ ...h, stage: names.stages?.get(h.stage) ?? h.stage }));
    lines.push(
      say(PLAN_HOUSING.title, lang),
      terminalTable(PLAN_HOUSING, housing, lang, { columns: ['half_year', 'stage', 'persons'] }),
      '',
    );
  }
  const c = plan.cost;
  const cost: CostSummary[] = [
    { item: t('personeel', 'staff'), plan: c.staffEur, bound: c.analyticStaffEur },
    { item: t('opvangbedden', 'reception beds'), plan: c.bedsEur, bound: c.analyticBedsEur },
    { item: t('totaal', 'total'), plan: c.totalEur, bound: c.analyticStaffEur + c.analyticBedsEur },
  ];
  lines.push(terminalTable(PLAN_COST_SUMMARY, cost, lang));
  return lines.join('\n') + '\n';
}
