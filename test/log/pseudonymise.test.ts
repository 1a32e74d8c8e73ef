// Keyed pseudonyms: stable under one key, different under another; keys read as bytes (binary keys that are not
// UTF-8 stay distinct), the same pseudonyms as before for text keys, one final line break that is not part of a
// text key, weak keys refused by the documented rule, and a warning for a key file that others may read.
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  keyFromBytes,
  keyProblem,
  loadPseudonymKey,
  PSEUDONYM_LENGTH,
  pseudonymiser,
} from '../../src/log/pseudonymise.ts';
import { InputError } from '../../src/core/diagnostics.ts';
import { tempDir } from '../helpers.ts';

const KEY_A = 'a'.repeat(16) + '0123456789abcdef0123';
const KEY_B = 'b'.repeat(16) + '0123456789abcdef0123';
const TEST_KEY = '0123456789abcdef0123456789abcdef-test';

/** Writes `content` as a key file with mode 0600 (no warning) and returns its path. */
function keyFile(content: string | Uint8Array, mode = 0o600): string {
  const file = join(tempDir(), 'key');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

/** The message of the InputError that loading the key throws. */
function keyError(file: string | undefined, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadPseudonymKey(file, env, () => undefined);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the key to be refused');
}

const noWarning = (): void => {
  throw new Error('unexpected warning');
};

describe('pseudonymiser', () => {
  it('gives the same pseudonym for the same key and identifier, another for another key, and never the identifier', () => {
    const a = pseudonymiser(KEY_A);
    const b = pseudonymiser(KEY_B);
    expect(a('V1234567890')).toBe(pseudonymiser(KEY_A)('V1234567890'));
    expect(a('V1234567890')).not.toBe(b('V1234567890'));
    expect(a('V1234567890')).not.toBe(a('V1234567891'));
    expect(a('V1234567890')).toMatch(new RegExp(`^[a-z2-7]{${PSEUDONYM_LENGTH}}$`));
    expect(a('V1234567890')).not.toContain('1234567890');
  });

  it('gives text keys exactly the pseudonyms that keys read as text gave (existing imported logs still join)', () => {
    // Computed with the implementation that read keys as UTF-8 text and passed the string to the HMAC.
    const p = pseudonymiser(TEST_KEY);
    expect(p('V1234567890')).toBe('le2wfrkeyq6xb7pfvo32');
    expect(p('Z-V1234567890')).toBe('jbeo6rj3cze5niom34ta');
    expect(pseudonymiser(Buffer.from(TEST_KEY))('V1234567890')).toBe('le2wfrkeyq6xb7pfvo32');
    expect(pseudonymiser(`${'é'.repeat(8)}0123456789abcdefghijklmnopqrstuvwxyz`)('V1234567890')).toBe(
      'auxlx5ymbwchj4zobbxn',
    );
    expect(pseudonymiser(loadPseudonymKey(keyFile(`${TEST_KEY}\n`), {}, noWarning))('V1234567890')).toBe(
      'le2wfrkeyq6xb7pfvo32',
    );
  });

  it('has no collision among 100,000 distinct identifiers', () => {
    const p = pseudonymiser(KEY_A);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(p(`V${1_000_000_000 + i}`));
    expect(seen.size).toBe(100_000);
  });

  it('refuses a weak key as a RangeError', () => {
    expect(() => pseudonymiser('short')).toThrow(/too short/);
    expect(() => pseudonymiser('k'.repeat(40))).toThrow(RangeError);
  });
});

describe('loadPseudonymKey', () => {
  it('reads the environment variable, or a key file, as bytes', () => {
    expect(loadPseudonymKey(undefined, { DOORSTROOM_PSEUDONYM_KEY: KEY_A }, noWarning)).toEqual(Buffer.from(KEY_A));
    expect(loadPseudonymKey(keyFile(`${KEY_B}\n`), { DOORSTROOM_PSEUDONYM_KEY: KEY_A }, noWarning)).toEqual(
      Buffer.from(KEY_B),
    );
  });

  it('takes one final LF or CRLF as not part of a text key, in a file and in the variable; other white space is refused', () => {
    const pseudonym = (key: Buffer) => pseudonymiser(key)('V1234567890');
    const expected = pseudonymiser(TEST_KEY)('V1234567890');
    for (const ending of ['', '\n', '\r\n']) {
      expect(pseudonym(loadPseudonymKey(keyFile(TEST_KEY + ending), {}, noWarning)), JSON.stringify(ending)).toBe(
        expected,
      );
      expect(
        pseudonym(loadPseudonymKey(undefined, { DOORSTROOM_PSEUDONYM_KEY: TEST_KEY + ending }, noWarning)),
        JSON.stringify(ending),
      ).toBe(expected);
    }
    expect(keyError(keyFile(`${TEST_KEY}\n\n`))).toMatch(/key:1:1: the key has more than one line/);
    expect(keyError(keyFile(`${TEST_KEY}\nsecond line\n`))).toMatch(/more than one line/);
    expect(keyError(keyFile(` ${TEST_KEY}`))).toMatch(/starts or ends with white space/);
    expect(keyError(keyFile(`${TEST_KEY}\t\n`))).toMatch(/starts or ends with white space/);
    expect(keyError(undefined, { DOORSTROOM_PSEUDONYM_KEY: `${TEST_KEY} ` })).toMatch(
      /^\$DOORSTROOM_PSEUDONYM_KEY:1:1: the key starts or ends with white space/,
    );
    expect(keyError(keyFile(`\ufeff${TEST_KEY}\n`))).toMatch(/byte-order mark/);
  });

  it('keeps binary keys apart that UTF-8 text would make the same, and uses a binary key byte for byte', () => {
    // Each byte alone is not UTF-8: read as text, both keys were 32 replacement characters, i.e. one key.
    const a = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i));
    const b = Buffer.from(Array.from({ length: 32 }, (_, i) => 0xa0 + i));
    expect(a.toString('utf8')).toBe(b.toString('utf8'));
    const pa = pseudonymiser(loadPseudonymKey(keyFile(a), {}, noWarning));
    const pb = pseudonymiser(loadPseudonymKey(keyFile(b), {}, noWarning));
    expect(pa('V1234567890')).not.toBe(pb('V1234567890'));
    // A random binary key may end in the byte of a line feed: it is part of the key.
    const withLf = Buffer.concat([a, Buffer.from([0x0a])]);
    expect(keyFromBytes(withLf)).toEqual(withLf);
    expect(pseudonymiser(loadPseudonymKey(keyFile(withLf), {}, noWarning))('V1234567890')).not.toBe(pa('V1234567890'));
    // 40 bytes of 0x80 are one byte value repeated, not a key.
    expect(keyError(keyFile(Buffer.alloc(40, 0x80)))).toMatch(/one byte value repeated/);
    // 16 bytes are enough for a binary key, 15 are not.
    expect(loadPseudonymKey(keyFile(a.subarray(0, 16)), {}, noWarning)).toHaveLength(16);
    expect(keyError(keyFile(a.subarray(0, 15)))).toMatch(
      /too short \(15 bytes\); a binary key needs at least 16 bytes/,
    );
    // A variable cannot carry bytes that are not UTF-8; they arrive as U+FFFD.
    expect(keyError(undefined, { DOORSTROOM_PSEUDONYM_KEY: a.toString('utf8') })).toMatch(
      /not UTF-8 text .*--key-file/,
    );
  });

  it('accepts the keys of the documented generators, every time', () => {
    for (let i = 0; i < 200; i++) {
      for (const key of [
        `${randomBytes(32).toString('hex')}\n`,
        `${randomBytes(32).toString('base64')}\n`,
        randomBytes(32),
        randomBytes(16),
      ]) {
        expect(keyProblem(keyFromBytes(Buffer.from(key)))).toBeUndefined();
      }
    }
  });

  it.each([
    ['one character repeated', 'k'.repeat(40), /one character repeated/],
    ['a short pattern repeated', '0123456789abcdef'.repeat(4), /repeats a pattern of 16 characters/],
    ['a pattern repeated, cut off', 'abc'.repeat(13) + 'a', /repeats a pattern of 3 characters/],
    ['one character for most of it', `${'a'.repeat(30)}bcdefghijk`, /one character makes up more than half/],
    ['few different characters', 'abcacbbcaabccbacbacabbcaccabbacbacb', /only 3 different characters/],
    [
      'too few bits for its alphabet',
      '31415926535897932384626433832795',
      /32 decimal digits hold at most 106 bits, a key needs 128 \(at least 39 decimal digits\)/,
    ],
    ['too short', 'secret-but-short', /too short \(16 characters\); a text key needs at least 32/],
  ])('refuses %s and never quotes the key', (_, key, reason) => {
    for (const message of [keyError(keyFile(`${key}\n`)), keyError(undefined, { DOORSTROOM_PSEUDONYM_KEY: key })]) {
      expect(message).toMatch(reason);
      expect(message).toMatch(/doorstroom key new/);
      expect(message).not.toContain(key.slice(0, 8));
    }
  });

  it('reports a missing key, an unreadable file and an endless device as user errors', () => {
    expect(() => loadPseudonymKey(undefined, {})).toThrow(InputError);
    expect(keyError(undefined, {})).toMatch(/DOORSTROOM_PSEUDONYM_KEY or pass --key-file/);
    expect(keyError(join(tempDir(), 'missing-key'))).toMatch(/cannot read file/);
    expect(keyError(tempDir())).toMatch(/this is a folder/);
    expect(keyError('/dev/zero')).toMatch(
      /^\/dev\/zero:1:1: the file is larger than 4096 bytes, the limit for a pseudonym key file/,
    );
    expect(keyError(keyFile(''))).toMatch(/the key is empty/);
  });

  it('warns when others than the owner may read the key file, with the chmod to run', () => {
    const warnings: string[] = [];
    const file = keyFile(`${TEST_KEY}\n`, 0o644);
    expect(loadPseudonymKey(file, {}, (m) => warnings.push(m))).toEqual(Buffer.from(TEST_KEY));
    expect(warnings).toEqual([
      `${file}: other users than its owner may read the pseudonym key file (mode 644); whoever reads the key can re-identify the pseudonyms: run chmod 600 ${file}`,
    ]);
    expect(warnings[0]).not.toContain(TEST_KEY);
    chmodSync(file, 0o640);
    expect(() => loadPseudonymKey(file, {}, (m) => warnings.push(m))).not.toThrow();
    expect(warnings[1]).toMatch(/\(mode 640\)/);
    chmodSync(file, 0o600);
    loadPseudonymKey(file, {}, noWarning);
    chmodSync(file, 0o400);
    loadPseudonymKey(file, {}, noWarning);
  });
});
