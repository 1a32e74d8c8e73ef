// The safety net itself: the runner tells a hang, a memory blow-up, an internal error and an unlocated error
// from a located one, finds planted identifiers in every output (and only where a field is not passed on), and
// writes failing cases so that their command.sh runs them again; a failing property names its seed, path and
// smallest case; the mutations do what their names say.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { applyByteMutations, applyTreeMutations, toJson, toYaml, yamlTree } from './mutate.ts';
import { checkCases } from './property.ts';
import { CaseRunner, classify, type FuzzCase, parseCsvRows, passes, saveReproduction } from './runner.ts';
import { FUZZ_SEED, RAW_ID } from './values.ts';

const runners: CaseRunner[] = [];
function runner(options: ConstructorParameters<typeof CaseRunner>[0]): CaseRunner {
  const r = new CaseRunner(options);
  runners.push(r);
  return r;
}
afterAll(async () => {
  for (const r of runners) await r.close();
});

/** A canonical log: the raw case id in case_id, a raw V-number in activity (a field passed on as it is). */
const LOG = `event_id,case_id,person_id,activity,lifecycle,timestamp
e1,${RAW_ID.case(0)},p1,${RAW_ID.person(0)},complete,2025-03-30T03:15:00+02:00
`;

describe('classify', () => {
  const base = {
    code: 0 as number | null,
    signal: null as string | null,
    stderr: '',
    timedOut: false,
    memoryExceeded: false,
  };
  it.each([
    ['ok', { code: 0 }],
    [
      'located',
      {
        code: 2,
        stderr:
          'model.yaml:3:7: time.start: not a calendar date\ndoorstroom: 1 problem found; stopped before writing any result\n',
      },
    ],
    ['located', { code: 2, stderr: 'doorstroom: --to 2025-01-01 is before --from 2025-02-01\n' }],
    [
      'located',
      { code: 2, stderr: "error: option '--horizon <n>' argument 'x' is invalid. --horizon must be a whole number\n" },
    ],
    ['unlocated', { code: 2, stderr: 'something went wrong\n' }],
    ['unlocated', { code: 2, stderr: '' }],
    ['unlocated', { code: 2, stderr: 'model.yaml:0:0: no position\n' }],
    [
      'crash',
      {
        code: 1,
        stderr: 'doorstroom: internal error, please report it with the model file:\nTypeError: x is undefined\n',
      },
    ],
    ['crash', { code: null, signal: 'SIGSEGV' }],
    ['crash', { code: 7 }],
    [
      'memory',
      { code: 134, stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n' },
    ],
    ['memory', { code: 1, stderr: 'RangeError: Invalid string length\n' }],
    ['memory', { code: null, signal: 'SIGKILL', memoryExceeded: true }],
    ['hang', { code: null, signal: 'SIGKILL', timedOut: true }],
  ])('%s: %j', (outcome, raw) => {
    expect(classify({ ...base, ...raw })).toBe(outcome);
  });
});

describe('the runner', () => {
  it('finds a planted identifier in an output, in every field when strict, outside passed-on fields otherwise, and nothing when pseudonymised', async () => {
    const r = runner({ workers: 1 });
    const leakCase = (args: string[], strict: boolean): FuzzCase => ({
      kind: 'test',
      command: 'import',
      args,
      files: { 'events.csv': LOG },
      leak: { ids: [RAW_ID.case(0), RAW_ID.person(0)], strict },
    });
    const plain = ['import', 'events.csv', '--out', 'out/events.csv'];
    const strict = await r.run(leakCase(plain, true));
    expect(strict.outcome).toBe('ok');
    expect(strict.leaks).toEqual([`out/events.csv: ${RAW_ID.case(0)}, ${RAW_ID.person(0)}`]);
    const relaxed = await r.run(leakCase(plain, false));
    expect(relaxed.leaks).toEqual([`out/events.csv: ${RAW_ID.case(0)}`]);
    expect(passes(relaxed)).toBe(false);
    const pseudonymised = await r.run(leakCase([...plain, '--pseudonymise'], false));
    expect(pseudonymised.outcome).toBe('ok');
    expect(pseudonymised.leaks).toEqual([]);
  });

  it('stops a command that waits for ever, in a worker and as its own process, and counts it as a hang', async () => {
    // The limit is short because these commands never end, however fast the machine.
    const r = runner({ workers: 1, timeoutSeconds: 2 });
    const folder = tempDir();
    // A named pipe without a writer: opening it never returns (synchronously for a model, in a thread for a log).
    execFileSync('mkfifo', [join(folder, 'model.yaml'), join(folder, 'events.csv')]);
    const validate: FuzzCase = {
      kind: 'test',
      command: 'validate',
      args: ['validate', join(folder, 'model.yaml')],
      files: {},
    };
    const monitor: FuzzCase = {
      kind: 'test',
      command: 'monitor',
      args: ['monitor', join(folder, 'events.csv')],
      files: {},
    };
    expect((await r.run(validate)).outcome).toBe('hang');
    expect((await r.run(monitor)).outcome).toBe('hang');
    expect((await r.run(validate, { fresh: true })).outcome).toBe('hang');
    // The worker that was stopped is replaced: the next case runs.
    expect(
      (
        await r.run({
          kind: 'test',
          command: 'import',
          args: ['import', 'events.csv', '--out', 'out.csv'],
          files: { 'events.csv': LOG },
        })
      ).outcome,
    ).toBe('ok');
  });

  it('counts a command that exceeds the memory limit as memory, in a worker and as its own process', async () => {
    const r = runner({ workers: 1, memoryMiB: 96 });
    // A 60 MB series: far more than a 96 MiB heap once read and split (the file limit for CSV is 256 MiB).
    const series = join(tempDir(), 'series.csv');
    writeFileSync(series, `month,n\n${'2020-01,1\n'.repeat(6_000_000)}`);
    const big: FuzzCase = {
      kind: 'test',
      command: 'forecast',
      args: ['forecast', series, '--quiet', '--out', 'fc'],
      files: {},
    };
    expect((await r.run(big)).outcome).toBe('memory');
    expect((await r.run(big, { fresh: true })).outcome).toBe('memory');
  });

  it('writes a failing case with a command.sh that runs it again', async () => {
    const r = runner({ workers: 1 });
    const c: FuzzCase = {
      kind: 'test',
      command: 'validate',
      args: ['validate', 'examples/model.yaml'],
      files: { 'examples/model.yaml': 'doorstroom: 1\nname: [\n' },
    };
    const result = await r.run(c);
    expect(result.outcome).toBe('located');
    const folder = join(tempDir(), 'case');
    saveReproduction(c, result, folder);
    expect(readFileSync(join(folder, 'result.txt'), 'utf8')).toMatch(/^located \(exit 2/);
    let code = 0;
    let stderr = '';
    try {
      execFileSync('sh', [join(folder, 'command.sh')], { stdio: 'pipe' });
    } catch (error) {
      code = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(code).toBe(2);
    expect(stderr).toMatch(/^examples\/model\.yaml:\d+:\d+: /m);
    expect(existsSync(join(folder, 'examples', 'model.yaml'))).toBe(true);
  });
});

describe('a property', () => {
  it('that fails names the seed, the path and the smallest failing case, and where its inputs are', async () => {
    const r = runner({ workers: 2 });
    // Every case leaks: the log is imported without --pseudonymise, yet its identifiers are to be protected.
    const cases = fc.nat({ max: 3 }).map((n): FuzzCase => ({
      kind: 'test',
      command: 'import',
      args: ['import', 'events.csv', '--out', 'out/events.csv'],
      files: { 'events.csv': LOG + '\n'.repeat(n) },
      leak: { ids: [RAW_ID.case(0)], strict: true },
      note: `${n} blank lines`,
    }));
    let message = '';
    try {
      await checkCases(r, cases, { numRuns: 4 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`seed: ${FUZZ_SEED}`);
    expect(message).toMatch(/path: "\d+(:\d+)*"/);
    expect(message).toContain('Counterexample');
    expect(message).toContain(`ok + leak (exit 0, `);
    expect(message).toContain('0 blank lines');
    const folder = /inputs and command\.sh in (\S+)/.exec(message)?.[1];
    expect(folder && existsSync(join(folder, 'events.csv'))).toBe(true);
    // The failures of this test are on purpose: their folder goes.
    rmSync(dirname(folder!), { recursive: true, force: true });
  });
});

describe('mutations', () => {
  const text = 'a,b\n1,2\n3,4\n';
  it.each([
    [[{ op: 'delete-line', at: 1 }], 'a,b\n3,4\n'],
    [[{ op: 'duplicate-line', at: 4 }], 'a,b\n1,2\n1,2\n3,4\n'],
    [[{ op: 'swap-lines', a: 0, b: 2 }], '3,4\n1,2\na,b\n'],
    [[{ op: 'insert', at: 0, bytes: 'bom' }], '\ufeffa,b\n1,2\n3,4\n'],
    [[{ op: 'number', at: 1, value: '1e308' }], 'a,b\n1,1e308\n3,4\n'],
    [[{ op: 'word', at: 1, value: '' }], 'a,\n1,2\n3,4\n'],
    [[{ op: 'repeat-lines', at: 2, lines: 1, times: 3 }], 'a,b\n1,2\n3,4\n3,4\n3,4\n'],
    [[{ op: 'repeat-numbered', at: 0, lines: 1, times: 2 }], 'a0,b\na1,b\n1,2\n3,4\n'],
    [[{ op: 'truncate', at: 5 }], 'a,b\n1'],
    [[{ op: 'delete-bytes', at: 3, length: 4 }], 'a,b\n3,4\n'],
  ] as const)('%j', (mutations, expected) => {
    expect(applyByteMutations(text, mutations as never).toString('utf8')).toBe(expected);
  });

  it('inserts bytes that are not UTF-8 as they are', () => {
    expect([...applyByteMutations('ab', [{ op: 'insert', at: 1, bytes: 'invalid-utf8-ff' }])]).toEqual([
      0x61, 0xff, 0x62,
    ]);
  });

  it('changes a YAML tree and writes what a library would refuse to: duplicate keys, raw values', () => {
    const tree = yamlTree('a: 1\nb: [p, q]\n')!;
    expect(toYaml(applyTreeMutations(tree, [{ op: 'duplicate-key', at: 0 }]))).toBe('a: 1\na: 1\nb:\n  - p\n  - q\n');
    expect(toYaml(applyTreeMutations(tree, [{ op: 'add-keys', at: 0, count: 2 }]))).toBe(
      'a: 1\nb:\n  - p\n  - q\nk0: 0\nk1: 1\n',
    );
    expect(toYaml(applyTreeMutations(tree, [{ op: 'leaf', at: 1, value: { num: '.nan' } }]))).toBe(
      'a: .nan\nb:\n  - p\n  - q\n',
    );
    // A string that YAML would read as another type is quoted.
    expect(toYaml(applyTreeMutations(tree, [{ op: 'leaf', at: 3, value: { str: 'no' } }]))).toBe(
      'a: 1\nb:\n  - "no"\n  - q\n',
    );
    expect(toJson(applyTreeMutations(tree, [{ op: 'type', at: 2, to: 'map' }]))).toBe(
      '{\n  "a": 1,\n  "b": {\n    "value": [\n      "p",\n      "q"\n    ]\n  }\n}',
    );
  });

  it('reads back CSV rows with quotes, separators and line breaks in fields', () => {
    expect(parseCsvRows('a,"b ""c"", d"\r\n"x\ny",z\n')).toEqual([
      ['a', 'b "c", d'],
      ['x\ny', 'z'],
    ]);
  });
});
