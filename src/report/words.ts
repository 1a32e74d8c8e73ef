// Words shared by the reports, in the report's language.
import type { Lang } from '../core/locale.ts';

/** A chooser of the Dutch or the English text: `const T = inLang(lang); T('dagen', 'days')`. */
export function inLang(lang: Lang): (nl: string, en: string) => string {
  return (nl, en) => (lang === 'nl' ? nl : en);
}

/** The term of a norm in words: `6 maanden`, `10 werkdagen`, `98 dagen` (or in English). */
export function normTerm(norm: { termMonths: number; termDays: number; working: boolean }, lang: Lang): string {
  const T = inLang(lang);
  if (norm.termMonths > 0) return T(`${norm.termMonths} maanden`, `${norm.termMonths} months`);
  return norm.working
    ? T(`${norm.termDays} werkdagen`, `${norm.termDays} working days`)
    : T(`${norm.termDays} dagen`, `${norm.termDays} days`);
}
