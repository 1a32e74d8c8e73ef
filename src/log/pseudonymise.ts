// Keyed pseudonyms for identifiers such as V-numbers: HMAC-SHA256 under a secret key, shortened to 20 base32
// characters (100 bits). Without the key a pseudonym cannot be linked back to the identifier by trying
// candidates; with the same key the same identifier always gets the same pseudonym, so logs from several
// partners join. The key comes from DOORSTROOM_PSEUDONYM_KEY or a key file and is never written with the data.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ModelError } from '../model/diagnostics.ts';
import { readFailureMessage } from '../model/yaml-source.ts';

export const PSEUDONYM_KEY_ENV = 'DOORSTROOM_PSEUDONYM_KEY';
/** Minimum key length in characters (meant as at least 32 bytes of entropy, e.g. `openssl rand -hex 32`). */
export const MIN_KEY_LENGTH = 32;
/** Characters of a pseudonym: 20 base32 characters = 100 bits; among 10 million identifiers the chance of
 * any collision is about n²/2^101 ≈ 4·10⁻¹⁷. */
export const PSEUDONYM_LENGTH = 20;

const CACHE_SIZE = 1 << 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export type Pseudonymiser = (identifier: string) => string;

/** A pseudonymiser for a key of at least MIN_KEY_LENGTH characters; the key is kept in the closure only. */
export function pseudonymiser(key: string): Pseudonymiser {
  if (key.length < MIN_KEY_LENGTH) {
    throw new RangeError(`pseudonym key too short (${key.length} characters; at least ${MIN_KEY_LENGTH})`);
  }
  // Case and person ids repeat on consecutive rows: a bounded cache (emptied when full) saves most HMACs.
  // It lives in memory only, for the duration of the import.
  const cache = new Map<string, string>();
  return (identifier: string): string => {
    const cached = cache.get(identifier);
    if (cached !== undefined) return cached;
    if (cache.size >= CACHE_SIZE) cache.clear();
    const digest = createHmac('sha256', key).update(identifier, 'utf8').digest();
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
 * The key from a key file (trailing newline removed) when given, else from DOORSTROOM_PSEUDONYM_KEY.
 * A missing or short key is a user error; the key itself never appears in a message.
 */
export function loadPseudonymKey(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  let key: string | undefined;
  let source: string;
  if (keyFile !== undefined) {
    source = keyFile;
    try {
      key = readFileSync(keyFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw keyError(keyFile, readFailureMessage(error));
    }
  } else {
    source = `$${PSEUDONYM_KEY_ENV}`;
    key = env[PSEUDONYM_KEY_ENV];
    if (key === undefined || key === '') {
      throw keyError(`$${PSEUDONYM_KEY_ENV}`, `pseudonymising needs a key: set ${PSEUDONYM_KEY_ENV} or pass --key-file <file> (at least ${MIN_KEY_LENGTH} random characters, e.g. from \`openssl rand -hex 32\`); keep the key apart from the data`);
    }
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw keyError(source, `the pseudonym key is too short (${key.length} characters); use at least ${MIN_KEY_LENGTH} random characters, e.g. from \`openssl rand -hex 32\``);
  }
  return key;
}

function keyError(source: string, message: string): ModelError {
  return new ModelError([{ file: source, line: 1, col: 1, path: '', message }]);
}
