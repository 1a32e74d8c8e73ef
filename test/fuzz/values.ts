// Bad-input testing, the building blocks: boundary numbers and hostile strings as text, the raw identifiers
// planted in inputs that must never come out of a pseudonymising command, the fixed pseudonym key, and the seed.
// Shared by the property tests (test/fuzz/*.test.ts) and the campaign (scripts/bad-inputs.ts).
import { createHash } from 'node:crypto';
import fc from 'fast-check';

/** The seed of every property and, by default, of the campaign; DOORSTROOM_FUZZ_SEED overrides it locally. */
export const FUZZ_SEED = envInteger('DOORSTROOM_FUZZ_SEED') ?? 20_251_205;

/** A whole number from the environment variable `name`, or undefined. */
export function envInteger(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be a whole number (got "${text}")`);
  return n;
}

/**
 * The pseudonym key of every run: public and fixed (a test key protects nothing), 64 hex digits as from
 * `openssl rand -hex 32`, so it passes the key checks; passed in DOORSTROOM_PSEUDONYM_KEY.
 */
export const FUZZ_KEY = createHash('sha256').update('doorstroom bad-input testing key').digest('hex');

// ── planted raw identifiers ─────────────────────────────────────────────────────────────────────────────────

/** The raw identifiers an input may hold: V-numbers (persons), case numbers, event numbers, household ids. */
export const RAW_ID = {
  person: (k: number): string => `V${String(4_000_000_001 + k)}`,
  case: (k: number): string => `Z2025-${1000 + k}`,
  event: (k: number): string => `EV-RAW-${String(k).padStart(5, '0')}`,
  household: (k: number): string => `HH-RAW-${String(k).padStart(4, '0')}`,
};

/** Finds every planted raw identifier in a text (none of them can appear in a pseudonym: those are lower case). */
export const RAW_ID_PATTERN = /V4\d{9}|Z2025-\d{4}|EV-RAW-\d{5}|HH-RAW-\d{4}/g;

/** The distinct planted raw identifiers in `text`. */
export function plantedIn(text: string): string[] {
  return [...new Set(text.match(RAW_ID_PATTERN) ?? [])];
}

// ── boundary values, as the text a file would hold ──────────────────────────────────────────────────────────

/** Numbers at and past the edges: zero, negatives, overflow, underflow, not-a-number, precision, other notations. */
export const BOUNDARY_NUMBERS: readonly string[] = [
  '0',
  '-1',
  '-0',
  '1',
  '0.5',
  '1e308',
  '-1e308',
  '1e-300',
  '5e-324',
  '1e400',
  'NaN',
  'nan',
  '.nan',
  'Infinity',
  '-Infinity',
  '.inf',
  '-.inf',
  '9007199254740993',
  '99999999999999999999',
  '2147483648',
  '4294967296',
  '1e9',
  '1000000000000',
  '0.0000001',
  '1,5',
  '1.000,5',
  '0x1F',
  '1_000',
  '+1',
  ' 1',
  '1 ',
  '٣',
  '1e',
  '--1',
  '00012',
  '1/2',
  '10%',
  '€5',
  'true',
  'null',
  '',
];

/** Strings that break parsers and messages: empty, control characters, quotes, markup, very long, odd Unicode. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t',
  '\u0000',
  '\u0001\u0002\u001b[31m',
  '\r',
  '\n',
  '\r\n',
  '"',
  "'",
  '""',
  '"a""b"',
  ',',
  ';',
  ',,,',
  '\\',
  '\\u0000',
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;x',
  ']]>',
  '<!--',
  '{',
  '}',
  '[',
  ']',
  '{}',
  '[]',
  '- ',
  ': ',
  '#',
  '*a',
  '&a',
  '!!binary',
  '!!js/function',
  '<<',
  '%YAML 1.1',
  '---',
  '...',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '${HOME}',
  '%s%s%n',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u202e',
  'ä',
  '\u0301',
  '👪',
  'null',
  '~',
  'true',
  'no',
  'NaN',
  '0x',
  '1e999',
  'x'.repeat(300),
  'é'.repeat(5000),
  'ab'.repeat(40_000),
];

/** A boundary number as text. */
export const boundaryNumber: fc.Arbitrary<string> = fc.constantFrom(...BOUNDARY_NUMBERS);

/** A hostile string, or a random one (any code unit, lone surrogates included). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** `arb` with probability `share`, else null (shrinks to null). */
export function sometimes<T>(arb: fc.Arbitrary<T>, share: number): fc.Arbitrary<T | null> {
  const weight = Math.round(share * 100);
  return fc.oneof({ weight: 100 - weight, arbitrary: fc.constant(null) }, { weight, arbitrary: arb });
}

/** True with probability `share`. */
export const chance = (share: number): fc.Arbitrary<boolean> =>
  sometimes(fc.constant(true), share).map((x) => x === true);

/**
 * A number written as a file would hold it, from min to max (whole, or with decimals). With `bad`, now and then
 * a boundary one instead (about one in five).
 */
export function numberText(min: number, max: number, decimals: boolean, bad: boolean): fc.Arbitrary<string> {
  const ordinary = decimals
    ? fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .map((x) => String(Math.min(max, Math.max(min, Number(x.toPrecision(6))))))
    : fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(String);
  return bad ? fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 1, arbitrary: boundaryNumber }) : ordinary;
}

/** `valid` values; with `bad`, a hostile string or a boundary number now and then (about one in ten). */
export function maybeBad<T extends string>(valid: fc.Arbitrary<T>, bad: boolean): fc.Arbitrary<string> {
  return bad
    ? fc.oneof(
        { weight: 9, arbitrary: valid as fc.Arbitrary<string> },
        { weight: 1, arbitrary: fc.oneof(hostileString, boundaryNumber) },
      )
    : valid;
}
