// Keyed pseudonyms: stable under one key, different under another, and key handling that refuses weak keys.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPseudonymKey, PSEUDONYM_LENGTH, pseudonymiser } from '../../src/log/pseudonymise.ts';
import { ModelError } from '../../src/model/diagnostics.ts';
import { tempDir } from '../helpers.ts';

const KEY_A = 'a'.repeat(16) + '0123456789abcdef0123';
const KEY_B = 'b'.repeat(16) + '0123456789abcdef0123';

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

  it('has no collision among 100,000 distinct identifiers', () => {
    const p = pseudonymiser(KEY_A);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(p(`V${1_000_000_000 + i}`));
    expect(seen.size).toBe(100_000);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => pseudonymiser('short')).toThrow(/too short/);
  });
});

describe('loadPseudonymKey', () => {
  it('reads the environment variable, or a key file without its trailing newline', () => {
    expect(loadPseudonymKey(undefined, { DOORSTROOM_PSEUDONYM_KEY: KEY_A })).toBe(KEY_A);
    const file = join(tempDir(), 'key');
    writeFileSync(file, `${KEY_B}\n`);
    expect(loadPseudonymKey(file, { DOORSTROOM_PSEUDONYM_KEY: KEY_A })).toBe(KEY_B);
  });

  it('reports a missing or short key as a user error that does not contain the key', () => {
    expect(() => loadPseudonymKey(undefined, {})).toThrow(ModelError);
    expect(() => loadPseudonymKey(undefined, {})).toThrow(/DOORSTROOM_PSEUDONYM_KEY or pass --key-file/);
    const short = 'secret-but-short';
    let message = '';
    try {
      loadPseudonymKey(undefined, { DOORSTROOM_PSEUDONYM_KEY: short });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/too short \(16 characters\); use at least 32/);
    expect(message).not.toContain(short);
    expect(() => loadPseudonymKey(join(tempDir(), 'missing-key'), {})).toThrow(/cannot read file/);
  });
});
