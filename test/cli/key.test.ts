// `doorstroom key new`: a key only its owner may read, strong enough for the loader, created with its folders,
// never over an existing file (unless --force), and nothing left behind when it cannot be written; an import with
// it warns only when others may read the key file.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPseudonymKey, pseudonymiser } from '../../src/log/pseudonymise.ts';
import { runCli, tempDir } from '../helpers.ts';

const noWarning = (message: string): void => {
  throw new Error(`unexpected warning: ${message}`);
};

describe('doorstroom key new', () => {
  it('writes 64 hex characters and a line feed with mode 600, in new folders, which the loader accepts without warning', async () => {
    const dir = tempDir();
    const file = join(dir, 'keys', 'partner', 'ind.key');
    const result = await runCli(['key', 'new', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote a new pseudonym key to ${file} (mode 600`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(result.stdout).not.toContain(text.trim());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = loadPseudonymKey(file, {}, noWarning);
    expect(key.toString('utf8')).toBe(text.trim());
    expect(pseudonymiser(key)('V1234567890')).toMatch(/^[a-z2-7]{20}$/);
    // Another run makes another key.
    const second = join(dir, 'second.key');
    expect((await runCli(['key', 'new', second])).code).toBe(0);
    expect(readFileSync(second, 'utf8')).not.toBe(text);
    expect(readdirSync(join(dir, 'keys', 'partner'))).toEqual(['ind.key']);
  });

  it('refuses to overwrite an existing file (exit 2, file unchanged) unless --force, which replaces it with mode 600', async () => {
    const dir = tempDir();
    const file = join(dir, 'key');
    writeFileSync(file, 'the old key, not to be lost\n');
    chmodSync(file, 0o644);
    const refused = await runCli(['key', 'new', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `doorstroom: ${file} exists already; a new key there would make the pseudonyms of logs imported with the old one no longer join. Choose another file name, or give --force to replace it\n`,
    );
    expect(refused.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('the old key, not to be lost\n');
    expect(readdirSync(dir)).toEqual(['key']);
    const forced = await runCli(['key', 'new', file, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['key']);
  });

  it('refuses a folder and a path it cannot write, naming the path, and leaves nothing behind', async () => {
    const dir = tempDir();
    const folder = await runCli(['key', 'new', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`cannot write ${dir}: it is a folder; give the name of a file`);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked, { mode: 0o500 });
      const denied = await runCli(['key', 'new', join(locked, 'key')]);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toMatch(/cannot write .*locked\/key: permission denied/);
      expect(readdirSync(locked)).toEqual([]);
    }
    const file = join(dir, 'in-a-file', 'key');
    writeFileSync(join(dir, 'in-a-file'), '');
    const notFolder = await runCli(['key', 'new', file]);
    expect(notFolder.code).toBe(2);
    expect(notFolder.stderr).toMatch(/cannot write .*in-a-file/);
    expect(notFolder.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a key file in use', () => {
  it('imports with a new key silently, and warns (exit 0) when others may read the key file, with the chmod to run', async () => {
    const dir = tempDir();
    const key = join(dir, 'key');
    expect((await runCli(['key', 'new', key])).code).toBe(0);
    const input = join(dir, 'in.csv');
    writeFileSync(
      input,
      'event_id,case_id,person_id,activity,lifecycle,timestamp\ne1,V1234567890,V1234567890,a,complete,2025-01-01T10:00:00+01:00\n',
    );
    const args = ['import', input, '--pseudonymise', '--key-file', key, '--out', join(dir, 'out.csv'), '-q'];
    const quiet = await runCli(args);
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });
    chmodSync(key, 0o644);
    const warned = await runCli(args);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toBe(
      `doorstroom: warning: ${key}: other users than its owner may read the pseudonym key file (mode 644); whoever reads the key can re-identify the pseudonyms: run chmod 600 ${key}\n`,
    );
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).not.toContain('1234567890');
    // A weak key is refused before anything is read or written.
    writeFileSync(key, `${'ab'.repeat(20)}\n`, { mode: 0o600 });
    const weak = await runCli([...args.slice(0, -3), '--out', join(dir, 'weak.csv')]);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain(`${key}:1:1: the key repeats a pattern of 2 characters`);
    expect(readdirSync(dir).sort()).toEqual(['in.csv', 'key', 'out.csv']);
  });
});
