// The language and number formatting of everything a person reads: reports, terminal tables and summaries.
// Dutch is the default (doorstroom's users are the Dutch chain partners), English on request (`--lang en`).
// Numbers follow the language's locale: `nl` writes 12.500 and 3,4 mln, `en` writes 12,500 and 3.4 m.
// Pure: no Node imports, so the browser's what-if formats its numbers the same way.
import { formatLocale, type FormatLocaleObject } from 'd3-format';

export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];
export const DEFAULT_LANG: Lang = 'nl';

/** A text in both languages; `say` picks one. */
export interface Text {
  nl: string;
  en: string;
}

/** A text in Dutch and English, as declarations write it: `text('gemeente', 'municipality')`. */
export function text(nl: string, en: string): Text {
  return { nl, en };
}

export function say(text: Text, lang: Lang): string {
  return text[lang];
}

/** The language a user named, or undefined when it is not one doorstroom speaks. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  return v === 'nl' || v === 'en' ? v : undefined;
}

/** The BCP 47 tag of a language, for `<html lang>` and `Intl`. */
export function localeTag(lang: Lang): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

const LOCALES: Record<Lang, FormatLocaleObject> = {
  nl: formatLocale({ decimal: ',', thousands: '.', grouping: [3], currency: ['€ ', ''], minus: '−' }),
  en: formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['€', ''], minus: '−' }),
};

const MILLION: Record<Lang, string> = { nl: 'mln', en: 'm' };
const BILLION: Record<Lang, string> = { nl: 'mld', en: 'bn' };

/** The d3-format locale of a language, for charts that format their own ticks. */
export function numberLocale(lang: Lang): FormatLocaleObject {
  return LOCALES[lang];
}

/** What a missing or undefined figure shows as. */
export const NO_VALUE = '–';

/**
 * A figure in full, for a table where people read exact figures: grouped thousands with `digits` decimals, never
 * abbreviated and never `−0` (`1.234.567,50` in nl); NaN as `–`, ±Infinity as `∞`.
 */
export function formatFull(v: number, lang: Lang, digits = 0): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? NO_VALUE : v > 0 ? '∞' : '−∞';
  const rounded = Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
  return LOCALES[lang].format(`,.${digits}f`)(rounded);
}

/** An amount in euros in full, whole euros (`€ 1.234.567` in nl); NaN as `–`. */
export function formatEuroFull(v: number, lang: Lang): string {
  if (!Number.isFinite(v)) return NO_VALUE;
  return LOCALES[lang].format('$,.0f')(Math.abs(v) < 0.5 ? 0 : v);
}

/**
 * A figure for people to read: grouped thousands with `digits` decimals; millions and billions abbreviated
 * (`3,4 mln`, `1,25 mld`); small non-zero figures that would round to zero with three significant digits.
 */
export function formatNumber(v: number, lang: Lang, digits = 0): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? NO_VALUE : v > 0 ? '∞' : '−∞';
  const locale = LOCALES[lang];
  const abs = Math.abs(v);
  if (abs > 0 && abs < 0.5 * 10 ** -digits) return locale.format('.3r')(v);
  if (abs >= 1e9) return `${locale.format(',.2f')(v / 1e9)} ${BILLION[lang]}`;
  if (abs >= 1e6) return `${locale.format(',.1f')(v / 1e6)} ${MILLION[lang]}`;
  return locale.format(`,.${digits}f`)(v);
}

/** A share as a percentage: `formatPercent(0.125, 'nl', 1)` is `12,5%`. */
export function formatPercent(share: number, lang: Lang, digits = 0): string {
  if (!Number.isFinite(share)) return NO_VALUE;
  return LOCALES[lang].format(`.${digits}%`)(share);
}

/** An amount of euros, whole: `€ 1.250.000` in `nl`, `€1,250,000` in `en`; millions and billions abbreviated. */
export function formatEuro(v: number, lang: Lang): string {
  if (!Number.isFinite(v)) return NO_VALUE;
  const abs = Math.abs(v);
  if (abs >= 1e6) {
    const sign = v < 0 ? '−' : '';
    const body = formatNumber(abs, lang);
    return lang === 'nl' ? `${sign}€ ${body}` : `${sign}€${body}`;
  }
  return LOCALES[lang].format('$,.0f')(v);
}

/** A whole count with grouped thousands, exactly (never abbreviated): for counts in messages and notes. */
export function formatCount(n: number, lang: Lang): string {
  if (!Number.isFinite(n)) return NO_VALUE;
  return LOCALES[lang].format(',')(n);
}
