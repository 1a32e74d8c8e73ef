// The twin's warm start for people and files: the lines that say what was read from the log and what was left
// out, with the open cases per stage (the declared table of twin-files.ts), and the open cases themselves as
// open-cases.csv — the per-case initial state without identifiers, which a model reads back through
// `initialCases`.
import { type Lang, formatCount } from '../core/locale.ts';
import type { ResultFolder } from '../core/result-folder.ts';
import { initialCasesCsv } from '../model/initial-cases.ts';
import type { InitialCaseRow } from '../model/initial-cases.ts';
import type { WarmStartSummary } from '../twin/types.ts';
import type { ModelNames } from './kpis.ts';
import { terminalTable } from './table.ts';
import { warmStartOutputs } from './twin-files.ts';

export const OPEN_CASES_FILE = 'open-cases.csv';

/** Writes open-cases.csv into a result folder being built. */
export function writeOpenCases(
  folder: ResultFolder,
  rows: readonly InitialCaseRow[],
  normIds: readonly string[],
): void {
  folder.write(OPEN_CASES_FILE, initialCasesCsv(rows, normIds));
}

/** The warm start for the terminal: what was read, what was left out, and the open cases per stage. */
export function warmStartText(summary: WarmStartSummary, lang: Lang, names: ModelNames = {}): string {
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
  const [, stages] = warmStartOutputs(summary, names);
  return `${lines.join('\n')}\n\n${terminalTable(stages.table, stages.rows, lang)}`;
}
