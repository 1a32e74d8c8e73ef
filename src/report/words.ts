// Words shared by the reports, in the report's language.
import type { Lang } from '../core/locale.ts';

/** A chooser of the Dutch or the English text: `const T = inLang(lang); T('dagen', 'days')`. */
export function inLang(lang: Lang): (nl: string, en: string) => string {
  return (nl, en) => (lang === 'nl' ? nl : en);
}

const MONTH_NAMES: Record<Lang, readonly string[]> = {
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** An ISO date (YYYY-MM-DD) as people write it: `1 december 2026`, `1 December 2026`. */
export function longDate(iso: string, lang: Lang): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTH_NAMES[lang][month - 1]} ${year}`;
}
