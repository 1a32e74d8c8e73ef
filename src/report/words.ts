// Words shared by the reports, in the report's language.
import type { Lang } from '../core/locale.ts';

/** A chooser of the Dutch or the English text: `const T = inLang(lang); T('dagen', 'days')`. */
export function inLang(lang: Lang): (nl: string, en: string) => string {
  return (nl, en) => (lang === 'nl' ? nl : en);
}
