// The twin's warm start as files and text: the open cases at the as-of moment (open-cases.csv, the per-case
// initial state without identifiers, which a model reads back through `initialCases`), the per-stage counts and
// capacities (warm-start.csv) and the summary with its counts (warm-start.json); the terminal's summary lines.
import { type Lang, formatCount, text as t } from '../core/locale.ts';
import type { ResultFolder } from '../core/result-folder.ts';
import { initialCasesCsv } from '../model/initial-cases.ts';
import type { WarmStartStage, WarmStartSummary } from '../twin/types.ts';
import type { WarmStart } from '../twin/warm-start.ts';
import { FORMAT, type TableDecl, type TableOutput, UNIT, jsonText, output, tableCsv, terminalTable } from './table.ts';

export const WARM_START_FILES = ['open-cases.csv', 'warm-start.csv', 'warm-start.json'] as const;

export const WARM_START_STAGES: TableDecl<WarmStartStage> = {
  id: 'warm-start',
  file: 'warm-start.csv',
  title: t('Open zaken op de peildatum', 'Open cases at the as-of date'),
  columns: [
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (r) => r.stage },
    { key: 'cases', label: t('open', 'open'), unit: UNIT.cases, format: FORMAT.count, value: (r) => r.cases },
    { key: 'persons', label: t('open', 'open'), unit: UNIT.persons, format: FORMAT.count, value: (r) => r.persons },
    {
      key: 'in_service',
      label: t('in behandeling', 'in service'),
      unit: UNIT.cases,
      format: FORMAT.count,
      value: (r) => r.inService,
    },
    {
      key: 'capacity_model',
      label: t('capaciteit model', 'capacity model'),
      format: FORMAT.decimal(1),
      value: (r) => r.capacityModel,
    },
    {
      key: 'capacity_log',
      label: t('capaciteit log', 'capacity log'),
      format: FORMAT.decimal(1),
      value: (r) => r.capacityLog,
    },
  ],
};

export function warmStartTables(summary: WarmStartSummary): TableOutput[] {
  return [output(WARM_START_STAGES, summary.stages)];
}

/** Writes open-cases.csv, warm-start.csv and warm-start.json into a result folder being built. */
export function writeWarmStartFiles(folder: ResultFolder, warm: WarmStart, normIds: readonly string[]): void {
  folder.write('open-cases.csv', initialCasesCsv(warm.rows, normIds));
  for (const { table, rows } of warmStartTables(warm.summary)) folder.write(table.file!, tableCsv(table, rows));
  folder.write('warm-start.json', jsonText(warm.summary));
}

/** The warm start for the terminal: what was read, what was left out, and the table per stage. */
export function warmStartText(summary: WarmStartSummary, lang: Lang): string {
  const n = (v: number) => formatCount(v, lang);
  const nl = lang === 'nl';
  const s = summary;
  const lines = [
    nl
      ? `peildatum ${s.asOf} (00:00): ${n(s.openCases)} open zaken (${n(s.openPersons)} personen) van ${n(s.logCases)} zaken in het log · ${n(s.closedCases)} gesloten`
      : `as of ${s.asOf} (00:00): ${n(s.openCases)} open cases (${n(s.openPersons)} persons) of ${n(s.logCases)} cases in the log · ${n(s.closedCases)} closed`,
  ];
  if (s.eventsAfterAsOf > 0 || s.casesAfterAsOf > 0)
    lines.push(
      nl
        ? `${n(s.eventsAfterAsOf)} gebeurtenissen op of na de peildatum genegeerd · ${n(s.casesAfterAsOf)} zaken beginnen pas daarna`
        : `${n(s.eventsAfterAsOf)} events at or after the as-of moment ignored · ${n(s.casesAfterAsOf)} cases start only after it`,
    );
  if (s.withoutStage)
    lines.push(
      nl
        ? `${n(s.withoutStage)} zaken zonder vertrek maar in geen fase van het model: niet meegenomen`
        : `${n(s.withoutStage)} cases without an exit but at no stage of the model: not simulated`,
    );
  if (s.cohortAssumed)
    lines.push(
      nl
        ? `${n(s.cohortAssumed)} open zaken zonder (bekend) cohort: het eerste cohort van het model aangenomen`
        : `${n(s.cohortAssumed)} open cases without a (known) cohort: the model's first cohort assumed`,
    );
  lines.push(
    s.capacitySource === 'model'
      ? nl
        ? 'capaciteit: die van het model op de peildatum (--capacity log: het gemiddelde in behandeling in het log over de 28 dagen ervoor)'
        : 'capacity: the model’s at the as-of date (--capacity log: the mean in service in the log over the 28 days before)'
      : nl
        ? 'capaciteit: het gemiddelde in behandeling in het log over de 28 dagen voor de peildatum (afgerond, voor fasen met behandelaars)'
        : 'capacity: the mean in service in the log over the 28 days before the as-of date (rounded, for stages with servers)',
  );
  return `${lines.join('\n')}\n\n${terminalTable(WARM_START_STAGES, s.stages, lang)}`;
}
