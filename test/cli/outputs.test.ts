// Outputs go where the user said, whole: missing folders are created, and whatever is in the way — a file where
// a result folder should go, a folder of the user's own, a path the system does not let anyone write — is exit 2
// with a message that names the path, before the run and without a stack trace.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_MARKER } from '../../src/core/result-folder.ts';
import { examplesDir, repoRoot, runCli, tempDir } from '../helpers.ts';

const tandem = join(examplesDir, 'tandem.yaml');
const quick = ['--replications', '1', '--workers', '1', '--horizon-days', '5', '--quiet'];

describe('every output option against paths that cannot be written', () => {
  // Each command with each kind of output it has; the hostile paths below, where they fit the kind.
  const trace = join(tempDir(), 'trace.csv');
  const ready = runCli(['simulate', tandem, ...quick, '--trace', trace]);
  const outputs: { command: (path: string) => string[]; kind: 'file' | 'folder' }[] = [
    { command: (p) => ['simulate', tandem, ...quick, '--out', p], kind: 'folder' },
    { command: (p) => ['simulate', tandem, ...quick, '--trace', p], kind: 'file' },
    {
      command: (p) => [
        'compare',
        tandem,
        '--with',
        join(examplesDir, 'measures', 'faster-housing.yaml'),
        '--replications',
        '2',
        '--workers',
        '1',
        '--horizon-days',
        '5',
        '--quiet',
        '--out',
        p,
      ],
      kind: 'folder',
    },
    { command: (p) => ['monitor', trace, '--quiet', '--out', p], kind: 'folder' },
    { command: (p) => ['monitor', trace, '--quiet', '--report', p], kind: 'file' },
    { command: (p) => ['import', trace, '--quiet', '--out', existsSync(p) ? p : `${p}.csv`], kind: 'file' },
    {
      command: (p) => [
        'forecast',
        join(repoRoot, 'data', 'air_passengers_1949_1960.csv'),
        '--horizon',
        '2',
        '--quiet',
        '--out',
        p,
      ],
      kind: 'folder',
    },
    {
      command: (p) => [
        'forecast',
        join(repoRoot, 'data', 'air_passengers_1949_1960.csv'),
        '--horizon',
        '2',
        '--quiet',
        '--report',
        p,
      ],
      kind: 'file',
    },
    { command: (p) => ['allocate', 'key', '--places', '100', '--quiet', '--out', p], kind: 'folder' },
    { command: (p) => ['allocate', 'taakstelling', '--period', '2023-H1', '--quiet', '--report', p], kind: 'file' },
    { command: (p) => ['key', 'new', p], kind: 'file' },
  ];
  const hostile = (dir: string, kind: 'file' | 'folder'): string[] => [
    join(dir, 'afile', 'below'),
    '/proc/doorstroom-test/x',
    '/sys/doorstroom-test',
    join(dir, 'n'.repeat(300)),
    kind === 'folder' ? join(dir, 'afile') : dir,
    ...(kind === 'folder' ? [dir] : ['/dev/full']),
  ];

  it('ends each in exit 2 naming the path, without a stack trace, and writes nothing', async () => {
    expect((await ready).code).toBe(0);
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'mine');
    for (const output of outputs) {
      for (const path of hostile(dir, output.kind)) {
        const args = output.command(path);
        const { code, stderr } = await runCli(args);
        expect(code, args.join(' ')).toBe(2);
        expect(stderr, args.join(' ')).toMatch(/^doorstroom: |^[^\n]+:\d+:\d+: /);
        expect(stderr, args.join(' ')).not.toMatch(/\n\s+at /);
        expect(stderr, args.join(' ')).not.toContain('.tmp-');
      }
    }
    expect(readdirSync(dir)).toEqual(['afile']);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('mine');
  });
});

describe('where outputs go', () => {
  it('creates the missing folders of a trace and of a result folder', async () => {
    const dir = tempDir();
    const trace = join(dir, 'new', 'deeper', 'ev.csv');
    const out = join(dir, 'results', 'tandem');
    const { code, stderr } = await runCli(['simulate', tandem, ...quick, '--trace', trace, '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(trace, 'utf8').split('\n')[0]).toMatch(/^event_id,case_id,/);
    expect(readdirSync(out)).toContain(RESULT_MARKER);
    expect(readdirSync(join(dir, 'new', 'deeper'))).toEqual(['ev.csv']);
  });

  it('refuses a result folder that is a file, a folder with the user’s files, and the working folder', async () => {
    const dir = tempDir();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    for (const out of [file, dir, '.']) {
      const { code, stdout, stderr } = await runCli(['simulate', tandem, ...quick, '--out', out]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(`^doorstroom: cannot (write the result folder|use) ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`),
      );
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('names a path no one may write, without a stack trace', async () => {
    const { code, stderr } = await runCli(['simulate', tandem, ...quick, '--trace', '/proc/doorstroom/ev.csv']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^doorstroom: cannot write \/proc\/doorstroom: a folder on the way does not exist/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const sys = await runCli(['simulate', tandem, ...quick, '--out', '/sys/doorstroom/out']);
    expect(sys.code).toBe(2);
    expect(sys.stderr).toMatch(/^doorstroom: cannot write \/sys\/doorstroom/);
    expect(sys.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the output, not a temporary, when a part of its path is a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'x');
    for (const args of [
      ['key', 'new', join(dir, 'afile', 'k')],
      ['allocate', 'key', '--places', '100', '--report', join(dir, 'afile', 'r.html')],
      ['simulate', tandem, ...quick, '--trace', join(dir, 'afile', 't.csv')],
    ]) {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stderr).toContain(`cannot write ${join(dir, 'afile')}`);
      expect(stderr).not.toContain('.tmp-');
    }
    expect(readdirSync(dir)).toEqual(['afile']);
  });

  it('refuses a file output inside the result folder, which is replaced as a whole, before anything runs', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const trace = join(dir, 'trace.csv');
    expect((await runCli(['simulate', tandem, ...quick, '--trace', trace])).code).toBe(0);
    const cases: [string[], string][] = [
      [['simulate', tandem, ...quick, '--out', out, '--trace', join(out, 'ev.csv')], '--trace'],
      [['monitor', trace, '--quiet', '--out', out, '--report', join(out, 'r.html')], '--report'],
      [
        ['calibrate', trace, '--model', tandem, '--quiet', '--out', out, '--fitted', join(out, 'fitted.yaml')],
        '--fitted',
      ],
      [
        [
          'compare',
          tandem,
          '--with',
          join(examplesDir, 'measures', 'faster-housing.yaml'),
          '--replications',
          '2',
          '--quiet',
          '--out',
          out,
          '--report',
          join(out, 'c.html'),
        ],
        '--report',
      ],
    ];
    for (const [args, option] of cases) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(new RegExp(`^doorstroom: ${option} .* lies inside --out `));
    }
    expect(readdirSync(dir)).toEqual(['trace.csv']);
  });

  it('replaces its own earlier result as a whole, keeping no file of the earlier run', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect((await runCli(['simulate', tandem, ...quick, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'stale.csv'), 'from an earlier version');
    expect((await runCli(['simulate', tandem, ...quick, '--seed', '2', '--out', out])).code).toBe(0);
    expect(readdirSync(out)).not.toContain('stale.csv');
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('gives a folder as a log to read as exit 2 naming it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'log.csv'));
    const { code, stderr } = await runCli(['import', join(dir, 'log.csv'), '--out', join(dir, 'events.csv')]);
    expect(code).toBe(2);
    expect(stderr).toContain(join(dir, 'log.csv'));
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['log.csv']);
  });
});
