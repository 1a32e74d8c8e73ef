// A calibration as declared tables and files (parameters.csv, validation.csv) and its report for the terminal,
// Dutch by default: what was fitted from the log, with how many observations, and how the fitted model's
// simulated lead times compare with the observed ones.
import { writeResultFolder } from '../core/result-folder.ts';
import { type Lang, text } from '../core/locale.ts';
import type { Calibration, FittedParameter } from '../calibrate/calibrate.ts';
import type { ValidationRow } from '../calibrate/validate.ts';
import { modelNames } from './kpis.ts';
import { FORMAT, output, type TableDecl, type TableOutput, tableCsv, terminalTable, UNIT } from './table.ts';

const t = text;

/** What the calibration report needs of a run. */
export interface CalibrationOutcome {
  calibration: Calibration;
  validation: ValidationRow[];
  /** The IANA zone in which the log's timestamps without a UTC offset were read. */
  timeZone?: string;
}

/** A parameter's value as text: numbers as they are, objects compact. */
function show(value: unknown): string {
  if (value === undefined) return '–';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value).replace(/"/g, '').replace(/,/g, ', ');
}

export const CALIBRATION_PARAMETERS: TableDecl<FittedParameter> = {
  id: 'parameters',
  file: 'parameters.csv',
  title: t('Geschatte parameters', 'Fitted parameters'),
  columns: [
    { key: 'parameter', label: t('parameter', 'parameter'), format: FORMAT.text, value: (p) => p.path },
    { key: 'skeleton', label: t('skelet', 'skeleton'), format: FORMAT.text, value: (p) => show(p.before), width: 40 },
    { key: 'fitted', label: t('geschat', 'fitted'), format: FORMAT.text, value: (p) => show(p.value), width: 56 },
    { key: 'n', label: t('n', 'n'), format: FORMAT.count, value: (p) => p.n },
    { key: 'fit', label: t('passing', 'fit'), format: FORMAT.text, value: (p) => p.fit, width: 40 },
    { key: 'note', label: t('toelichting', 'note'), format: FORMAT.text, value: (p) => p.note },
  ],
};

export const CALIBRATION_VALIDATION: TableDecl<ValidationRow> = {
  id: 'validation',
  file: 'validation.csv',
  title: t('Validatie', 'Validation'),
  columns: [
    { key: 'subject', label: t('onderwerp', 'subject'), format: FORMAT.text, value: (r) => r.subject },
    { key: 'observed_n', label: t('waargenomen n', 'observed n'), format: FORMAT.count, value: (r) => r.observedN },
    { key: 'simulated_n', label: t('gesimuleerd n', 'simulated n'), format: FORMAT.count, value: (r) => r.simulatedN },
    {
      key: 'observed_p50_days',
      label: t('waargenomen P50', 'observed P50'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (r) => r.observedP50,
    },
    {
      key: 'simulated_p50_days',
      label: t('gesimuleerd P50', 'simulated P50'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (r) => r.simulatedP50,
    },
    {
      key: 'observed_p90_days',
      label: t('waargenomen P90', 'observed P90'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (r) => r.observedP90,
    },
    {
      key: 'simulated_p90_days',
      label: t('gesimuleerd P90', 'simulated P90'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (r) => r.simulatedP90,
    },
    { key: 'ks_d', label: t('KS D', 'KS D'), format: FORMAT.decimal(3), value: (r) => r.ks },
    { key: 'ks_p_value', label: t('KS p-waarde', 'KS p-value'), format: FORMAT.decimal(3), value: (r) => r.ksPValue },
    {
      key: 'wasserstein_days',
      label: t('Wasserstein', 'Wasserstein'),
      unit: UNIT.days,
      format: FORMAT.days(2),
      value: (r) => r.wassersteinDays,
    },
  ],
};

export function calibrationTables(run: CalibrationOutcome): TableOutput[] {
  return [output(CALIBRATION_PARAMETERS, run.calibration.parameters), output(CALIBRATION_VALIDATION, run.validation)];
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in). */
export function writeCalibrationFiles(run: CalibrationOutcome, outDir: string): string[] {
  return writeResultFolder(outDir, (folder) => {
    for (const { table, rows } of calibrationTables(run)) folder.write(table.file!, tableCsv(table, rows));
  });
}

export function calibrationText(run: CalibrationOutcome, lang: Lang = 'nl'): string {
  const { calibration, validation } = run;
  const L = (nl: string, en: string) => (lang === 'nl' ? nl : en);
  const lines: string[] = [
    L(
      `gekalibreerd op ${calibration.model.time.start} + ${calibration.model.time.horizonDays} dagen`,
      `calibrated on ${calibration.model.time.start} + ${calibration.model.time.horizonDays} days`,
    ),
  ];
  if (run.timeZone !== undefined)
    lines.push(
      L(
        `tijden zonder UTC-verschil gelezen in ${run.timeZone} (--timezone om dat te wijzigen)`,
        `timestamps without a UTC offset read in ${run.timeZone} (--timezone to change)`,
      ),
    );
  for (const note of calibration.notes) lines.push(`${L('let op', 'note')}: ${note}`);
  lines.push('');
  lines.push(
    terminalTable(CALIBRATION_PARAMETERS, calibration.parameters, lang, {
      columns: ['parameter', 'skeleton', 'fitted', 'n', 'fit'],
    }),
    '',
  );
  const noted = calibration.parameters.filter((p) => p.note !== '');
  if (noted.length > 0) {
    lines.push(L('toelichting', 'notes'));
    for (const p of noted) lines.push(`  ${p.path}: ${p.note}`);
    lines.push('');
  }
  // People read the model's labels of the stages; validation.csv keeps their ids.
  const stages = modelNames(calibration.model).stages!;
  if (validation.length > 0)
    lines.push(
      L('validatie: tijd in fase', 'validation: time in stage'),
      terminalTable(
        CALIBRATION_VALIDATION,
        validation.map((r) => ({ ...r, subject: stages.get(r.subject) ?? r.subject })),
        lang,
        {
          columns: [
            'subject',
            'observed_n',
            'simulated_n',
            'observed_p50_days',
            'simulated_p50_days',
            'observed_p90_days',
            'simulated_p90_days',
            'ks_d',
            'wasserstein_days',
          ],
        },
      ),
    );
  return lines.join('\n') + '\n';
}
