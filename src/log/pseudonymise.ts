// Keyed pseudonyms for identifiers such as V-numbers: HMAC-SHA256 under a secret key, shortened to 20 base32
// characters (100 bits). Without the key a pseudonym cannot be linked back to the identifier by trying
// candidates; with the same key the same identifier always gets the same pseudonym, so logs from several
// partners join. The key comes from DOORSTROOM_PSEUDONYM_KEY or a key file and is never written with the data.
//
// A key is its bytes: a key file is read as bytes (never decoded, so two different binary keys never become the
// same text); one final line break (LF or CRLF) is not part of a text key. A text key (UTF-8 without control
// characters) is HMAC'd with its UTF-8 bytes, exactly as when keys were read as text, so the pseudonyms of
// existing logs do not change. Weak keys are refused by the documented rule of keyProblem (docs/event-log.md).
import { createHmac, createSecretKey } from 'node:crypto';
import { statSync } from 'node:fs';
import { InputError } from '../core/diagnostics.ts';
import { FILE_LIMITS, readBytesLimited } from '../core/read-file.ts';

export const PSEUDONYM_KEY_ENV = 'DOORSTROOM_PSEUDONYM_KEY';
/** Minimum length of a text key, in characters (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_KEY_LENGTH = 32;
/** Minimum length of a binary key (any key that is not UTF-8 text), in bytes: 16 random bytes are 128 bits. */
export const MIN_BINARY_KEY_BYTES = 16;
/** The least a key must be able to hold, in bits, by the estimate of keyProblem. */
export const MIN_KEY_BITS = 128;
/** Characters of a pseudonym: 20 base32 characters = 100 bits; among 10 million identifiers the chance of
 * any collision is about n²/2^101 ≈ 4·10⁻¹⁷. */
export const PSEUDONYM_LENGTH = 20;

const CACHE_SIZE = 1 << 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_ADVICE = 'make one with `doorstroom key new <file>` (or `openssl rand -hex 32`)';

export type Pseudonymiser = (identifier: string) => string;

/**
 * A pseudonymiser for a key that keyProblem accepts (a string is taken as its UTF-8 bytes); the key is kept in
 * the closure only. A weak key is a RangeError: user input goes through loadPseudonymKey, which says why.
 */
export function pseudonymiser(key: string | Uint8Array): Pseudonymiser {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  const problem = keyProblem(bytes);
  if (problem !== undefined) throw new RangeError(`pseudonym key: ${problem}`);
  // A key object: an HMAC under a Buffer key costs several times one under a key object or a string.
  const secret = createSecretKey(bytes);
  // Case and person ids repeat on consecutive rows: a bounded cache (emptied when full) saves most HMACs.
  // It lives in memory only, for the duration of the import.
  const cache = new Map<string, string>();
  return (identifier: string): string => {
    const cached = cache.get(identifier);
    if (cached !== undefined) return cached;
    if (cache.size >= CACHE_SIZE) cache.clear();
    const digest = createHmac('sha256', secret).update(identifier, 'utf8').digest();
    // 20 characters × 5 bits = 100 bits, taken from the first 13 bytes.
    let out = '';
    let buffer = 0;
    let bits = 0;
    let i = 0;
    while (out.length < PSEUDONYM_LENGTH) {
      buffer = ((buffer << 8) | digest[i++]) & 0xffff;
      bits += 8;
      while (bits >= 5 && out.length < PSEUDONYM_LENGTH) {
        bits -= 5;
        out += BASE32[(buffer >> bits) & 31];
      }
    }
    cache.set(identifier, out);
    return out;
  };
}

/**
 * The key that the bytes of a key file (or variable) make: for a text key (UTF-8 without control characters
 * other than tab and line breaks) without one final LF or CRLF, so `key`, `key\n` and `key\r\n` are the same
 * key; a binary key byte for byte (a random key may end in the byte of a line feed).
 */
export function keyFromBytes(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) {
    end--;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
  }
  const stripped = bytes.subarray(0, end);
  return keyText(stripped) !== undefined ? stripped : bytes;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The key as text when it is UTF-8 without control characters other than tab, CR and LF; else undefined (binary). */
function keyText(bytes: Uint8Array): string | undefined {
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return undefined;
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Character classes of text keys, smallest first: a key of only these characters holds at most `bits` each. */
const CLASSES: readonly { name: string; size: number; test: RegExp }[] = [
  { name: 'decimal digits', size: 10, test: /^[0-9]+$/ },
  { name: 'hexadecimal digits', size: 16, test: /^(?:[0-9a-f]+|[0-9A-F]+)$/ },
  { name: 'letters of one case', size: 26, test: /^(?:[a-z]+|[A-Z]+)$/ },
  { name: 'letters and digits', size: 62, test: /^[A-Za-z0-9]+$/ },
  { name: 'base64 characters', size: 64, test: /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)=*$/ },
  { name: 'printable characters', size: 95, test: /^[\x20-\x7e]+$/ },
];

/**
 * Why `key` (bytes, as keyFromBytes gives them) is not acceptable as a pseudonym key, or undefined.
 * The rule (docs/event-log.md, "The key"): a text key is one line of at least MIN_KEY_LENGTH characters
 * without white space at either end; a binary key has at least MIN_BINARY_KEY_BYTES bytes. Then, so that a
 * key that is long but predictable is refused, with n its length in characters (bytes for a binary key):
 * - it is not one character repeated, nor a pattern that repeats (a period p ≤ n/2: then only p count);
 * - no character makes up more than half of it, and it has at least ¼·min(n, alphabet) different characters;
 * - (counted characters) × log2(alphabet) ≥ MIN_KEY_BITS, the alphabet being the smallest class that holds
 *   the key: 10 decimal digits, 16 hex digits, 26 letters of one case, 62 letters and digits, 64 base64,
 *   95 printable ASCII characters (also for other text), 256 byte values for a binary key.
 * Keys made by `doorstroom key new`, `openssl rand -hex 32`, `openssl rand -base64 32` or 16 or more random
 * bytes pass (a random key fails only with a vanishing probability). The message never contains the key.
 */
export function keyProblem(key: Uint8Array): string | undefined {
  if (key.length === 0) return 'the key is empty';
  const text = keyText(key);
  let symbols: number[];
  let size: number;
  let className: string;
  let unit: string;
  if (text !== undefined) {
    if (/[\r\n]/.test(text))
      return 'the key has more than one line; a key is one line (one final line break is allowed and is not part of it)';
    if (text.charCodeAt(0) === 0xfeff)
      return 'the key starts with a byte-order mark (a file saved as "UTF-8 with BOM"); save it without one';
    if (/^\s|\s$/.test(text))
      return 'the key starts or ends with white space, which is easily lost or added when a key is copied; remove it';
    symbols = Array.from(text, (c) => c.codePointAt(0)!);
    if (symbols.length < MIN_KEY_LENGTH)
      return `the key is too short (${symbols.length} characters); a text key needs at least ${MIN_KEY_LENGTH}: ${KEY_ADVICE}`;
    const cls = CLASSES.find((c) => c.test.test(text)) ?? CLASSES[CLASSES.length - 1];
    size = cls.size;
    className = cls.name;
    unit = 'characters';
  } else {
    if (key.length < MIN_BINARY_KEY_BYTES)
      return `the key is too short (${key.length} bytes); a binary key needs at least ${MIN_BINARY_KEY_BYTES} bytes: ${KEY_ADVICE}`;
    symbols = Array.from(key);
    size = 256;
    className = 'byte values';
    unit = 'bytes';
  }
  const n = symbols.length;
  const period = smallestPeriod(symbols);
  if (period === 1) return `the key is one ${unit === 'bytes' ? 'byte value' : 'character'} repeated; ${KEY_ADVICE}`;
  if (period <= n / 2) return `the key repeats a pattern of ${period} ${unit}; ${KEY_ADVICE}`;
  const counts = new Map<number, number>();
  let most = 0;
  for (const s of symbols) {
    const c = (counts.get(s) ?? 0) + 1;
    counts.set(s, c);
    if (c > most) most = c;
  }
  if (most > n / 2)
    return `one ${unit === 'bytes' ? 'byte value' : 'character'} makes up more than half of the key; ${KEY_ADVICE}`;
  if (counts.size < Math.min(n, size) / 4) return `the key has only ${counts.size} different ${unit}; ${KEY_ADVICE}`;
  const bits = n * Math.log2(size);
  if (bits < MIN_KEY_BITS) {
    const needed = Math.ceil(MIN_KEY_BITS / Math.log2(size));
    return `the key is too short for its characters: ${n} ${className} hold at most ${Math.floor(bits)} bits, a key needs ${MIN_KEY_BITS} (at least ${needed} ${className}); ${KEY_ADVICE}`;
  }
  return undefined;
}

/** The length of the shortest p with s[i] = s[i - p] for every i ≥ p (n when the key does not repeat). */
function smallestPeriod(s: readonly number[]): number {
  const border = new Int32Array(s.length);
  for (let i = 1, k = 0; i < s.length; i++) {
    while (k > 0 && s[i] !== s[k]) k = border[k - 1];
    if (s[i] === s[k]) k++;
    border[i] = k;
  }
  return s.length - (s.length > 0 ? border[s.length - 1] : 0);
}

/** The default for warnings about a key: a line on standard error. */
function warnOnStderr(message: string): void {
  process.stderr.write(`doorstroom: warning: ${message}\n`);
}

/** `'my key'` when a path needs quoting in a shell command, else the path. */
function shellWord(path: string): string {
  return /^[\w./@:+-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/**
 * The key (its bytes, as keyFromBytes reads them) from a key file when given, else from
 * DOORSTROOM_PSEUDONYM_KEY (its UTF-8 bytes, the same rules). A missing, unreadable or weak key is an InputError; a
 * key file that other users may read gives a warning (`warn`, default standard error) with the chmod to run.
 * The key itself never appears in a message.
 */
export function loadPseudonymKey(
  keyFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = warnOnStderr,
): Buffer {
  let bytes: Buffer;
  let source: string;
  if (keyFile !== undefined) {
    source = keyFile;
    bytes = readBytesLimited(keyFile, FILE_LIMITS.key, 'a pseudonym key file');
    if (process.platform !== 'win32') {
      const stat = statSync(keyFile);
      if (stat.isFile() && (stat.mode & 0o077) !== 0) {
        warn(
          `${keyFile}: other users than its owner may read the pseudonym key file (mode ${(stat.mode & 0o777).toString(8)}); whoever reads the key can re-identify the pseudonyms: run chmod 600 ${shellWord(keyFile)}`,
        );
      }
    }
  } else {
    source = `$${PSEUDONYM_KEY_ENV}`;
    const value = env[PSEUDONYM_KEY_ENV];
    if (value === undefined || value === '') {
      throw keyError(
        source,
        `pseudonymising needs a key: set ${PSEUDONYM_KEY_ENV} or pass --key-file <file> (${KEY_ADVICE}); keep the key apart from the data`,
      );
    }
    // Bytes that are not UTF-8 reach a JavaScript string as U+FFFD: a binary key cannot travel in a variable.
    if (value.includes('\ufffd'))
      throw keyError(
        source,
        'the key is not UTF-8 text (an environment variable cannot hold a binary key); put a binary key in a file and pass --key-file',
      );
    bytes = Buffer.from(value, 'utf8');
  }
  const key = keyFromBytes(bytes);
  const problem = keyProblem(key);
  if (problem !== undefined) throw keyError(source, problem);
  return key;
}

function keyError(source: string, message: string): InputError {
  return new InputError([{ file: source, line: 1, col: 1, path: '', message }]);
}
