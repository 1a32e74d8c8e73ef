// The columns that name a norm and its term, the same in the simulator's and the monitor's norm tables.
import { text as t } from '../core/locale.ts';
import { type Column, FORMAT, UNIT } from './table.ts';

interface NormTerm {
  id: string;
  scope: string;
  termDays: number;
  termMonths: number;
  working: boolean;
}

/** The norm's id and scope. */
export function normIdColumns<R extends NormTerm>(): Column<R>[] {
  return [
    { key: 'norm', label: t('norm', 'norm'), format: FORMAT.text, value: (n) => n.id },
    { key: 'scope', label: t('bereik', 'scope'), format: FORMAT.text, value: (n) => n.scope },
  ];
}

/** The norm's term in days or months, and whether it counts working days or calendar days. */
export function normTermColumns<R extends NormTerm>(): Column<R>[] {
  return [
    { key: 'term_days', label: t('termijn', 'term'), unit: UNIT.days, format: FORMAT.count, value: (n) => n.termDays },
    {
      key: 'term_months',
      label: t('termijn', 'term'),
      unit: t('maanden', 'months'),
      format: FORMAT.count,
      value: (n) => n.termMonths,
    },
    {
      key: 'calendar',
      label: t('kalender', 'calendar'),
      format: FORMAT.text,
      value: (n) => (n.working ? 'working' : 'calendar'),
    },
  ];
}
