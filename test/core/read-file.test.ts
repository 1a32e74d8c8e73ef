// Files read whole stop at their size limit with a located error (also on a device that never ends), strip a
// byte-order mark, locate invalid UTF-8, and read Windows-1252 where asked.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBytesLimited, readTextFile } from '../../src/core/read-file.ts';
import { errorsOf, tempDir } from '../helpers.ts';

describe('reading a file whole', () => {
  it('stops at the limit on /dev/zero with a located error that names the limit', () => {
    const errors = errorsOf(() => readTextFile('/dev/zero', { maxBytes: 1 << 20, what: 'a YAML file' }));
    expect(errors).toEqual([
      '/dev/zero:1:1: the file is larger than 1 MiB, the limit for a YAML file; check that this is the right file, or split it',
    ]);
  });

  it('refuses a regular file over the limit before reading it, and reads one at the limit', () => {
    const dir = tempDir();
    const path = join(dir, 'x.csv');
    writeFileSync(path, 'a'.repeat(101));
    expect(errorsOf(() => readBytesLimited(path, 100, 'a CSV file'))[0]).toContain('larger than 100 bytes');
    expect(readBytesLimited(path, 101, 'a CSV file').length).toBe(101);
  });

  it('names a folder and a missing file as such', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    expect(errorsOf(() => readTextFile(join(dir, 'sub'), { maxBytes: 100, what: 'x' }))[0]).toContain(
      'this is a folder',
    );
    expect(errorsOf(() => readTextFile(join(dir, 'none.yaml'), { maxBytes: 100, what: 'x' }))[0]).toContain(
      'no such file',
    );
  });

  it('removes a byte-order mark and locates the first byte that is not UTF-8', () => {
    const dir = tempDir();
    const path = join(dir, 'm.yaml');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('\uFEFFname: a\nlabel: '), Buffer.from([0x53, 0xfa, 0x64]), Buffer.from('\n')]),
    );
    expect(errorsOf(() => readTextFile(path, { maxBytes: 1000, what: 'a YAML file' }))).toEqual([
      `${path}:2:9: the file is not UTF-8 text (a byte here is not valid UTF-8); save it as UTF-8`,
    ]);
    writeFileSync(path, '\uFEFFname: a\n');
    expect(readTextFile(path, { maxBytes: 1000, what: 'a YAML file' })).toBe('name: a\n');
  });

  it('reads a file that is not UTF-8 as Windows-1252 when legacy encoding is allowed (Dutch Excel CSV)', () => {
    const dir = tempDir();
    const path = join(dir, 'g.csv');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('code;naam\nGM1900;S'),
        Buffer.from([0xfa]),
        Buffer.from('dwest-Frysl'),
        Buffer.from([0xe2]),
        Buffer.from('n\n'),
      ]),
    );
    expect(readTextFile(path, { maxBytes: 1000, what: 'a CSV file', legacyEncoding: true })).toBe(
      'code;naam\nGM1900;Súdwest-Fryslân\n',
    );
    // A UTF-8 byte-order mark before Windows-1252 text is no text in either reading.
    writeFileSync(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naam\nS'), Buffer.from([0xfa]), Buffer.from('\n')]),
    );
    expect(readTextFile(path, { maxBytes: 1000, what: 'a CSV file', legacyEncoding: true })).toBe('naam\nSú\n');
  });
});
