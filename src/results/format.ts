// Kept for the monitor report (src/report/monitor-report.ts) until it formats its figures with a language of its
// own: the one number formatter is `formatNumber` of src/core/locale.ts, here in English. CSV numbers and text
// tables are in src/results/table.ts.
import { formatNumber as formatInLanguage } from '../core/locale.ts';

/** A figure for people to read, in English: `12,345`, `1.2 m`, `3.40 bn`. */
export function formatNumber(v: number, digits = 0): string {
  return formatInLanguage(v, 'en', digits);
}
