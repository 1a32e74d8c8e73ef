// Parsers of numeric command-line options, shared by every command: each accepts a plain decimal number within
// its bounds and says, in one line, what it takes ("--replications must be a whole number >= 1 and <= 10000 (got
// "1e9")"); commander prints the message and the command exits with 2. The bounds of the model and the run come
// from LIMITS (src/model/schema.ts), so an option can never ask for more than a model file may.
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_LANG, type Lang, parseLang } from '../core/locale.ts';
import { LIMITS } from '../model/schema.ts';

/** A number written in decimal (no hex, no "Infinity", no empty text); NaN for anything else. */
export function decimal(value: string): number {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
}

/** A whole number from `min` to `max` (both included). */
export function intInRange(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = decimal(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number >= ${min} and <= ${max} (got "${value}")`);
    return n;
  };
}

/** A number from `min` to `max`; with `exclusiveMin`, above `min`. */
export function numberInRange(name: string, min: number, max: number, options: { exclusiveMin?: boolean } = {}) {
  return (value: string): number => {
    const n = decimal(value);
    const low = options.exclusiveMin ? n > min : n >= min;
    if (!(Number.isFinite(n) && low && n <= max)) {
      throw new InvalidArgumentError(
        `${name} must be a number ${options.exclusiveMin ? '>' : '>='} ${min} and <= ${max} (got "${value}")`,
      );
    }
    return n;
  };
}

/** A whole number from 1 to `max` (default: a count far beyond any real use, but finite). */
export function positiveInt(name: string, max = 1_000_000_000) {
  return intInRange(name, 1, max);
}

/** A whole number from 0 to `max`. */
export function nonNegativeInt(name: string, max = 1_000_000_000) {
  return intInRange(name, 0, max);
}

/** The options every simulating command shares, bounded by LIMITS. */
export const runOptions = {
  replications: (name = '--replications') => intInRange(name, 1, LIMITS.replications),
  seed: (name = '--seed') => intInRange(name, 0, LIMITS.seed),
  workers: (name = '--workers') => intInRange(name, 1, LIMITS.workers),
  horizonDays: (name = '--horizon-days') => intInRange(name, 1, LIMITS.horizonDays),
  /** Months to plan or forecast: up to the longest run. */
  months: (name = '--months') => intInRange(name, 1, LIMITS.months),
};

/** A commander parser for a repeatable option: every value, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--lang nl|en`: the language of tables, summaries and "wrote …" lines (diagnostics stay English). */
export function langOption(value: string): Lang {
  const lang = parseLang(value);
  if (!lang) throw new InvalidArgumentError(`--lang must be nl or en (got "${value}")`);
  return lang;
}

/** Adds `--lang` (default nl) to a command that prints results. */
export function withLang(command: Command): Command {
  return command.option(
    '--lang <lang>',
    'language of tables and summaries: nl (Dutch, the default) or en (English)',
    langOption,
    DEFAULT_LANG,
  );
}

/** Adds `--xlsx <file>`: the result's tables as an Excel workbook. */
export function withXlsx(command: Command): Command {
  return command.option(
    '--xlsx <file>',
    'also write the result tables as an Excel workbook (.xlsx), one sheet per table',
  );
}
