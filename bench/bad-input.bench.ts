// Time and memory of the bad inputs the campaign of the issue "First use and bad input" measured, each run as the
// command a user runs (the CLI from source in a fresh process, whose peak resident memory is the memory figure):
//  - a 1-million-row CSV log with one stray quote in its second row (was: 86 MB in 10.9 s and 646 MB, and the rest
//    of the file read as one field); now that row alone is rejected and the memory is that of the clean log;
//  - the monitor on a log of two events 290 years apart (was: 3.5 GB, then a crash);
//  - validate on a YAML file of 50,000 distinct keys (was: 35 s, quadratic in the keys).
// The inputs are generated once in the temporary folder, outside the timed part.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Benchmark, writeGeneratedFile } from './harness.ts';

const ROWS = 1_000_000;
const folder = mkdtempSync(join(tmpdir(), 'doorstroom-bench-bad-input-'));
process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
const entry = new URL('../src/cli/main.ts', import.meta.url).href;

/** A canonical log of ROWS rows; with `strayQuote`, the second row's activity opens a quote that never closes. */
function csvLog(strayQuote: boolean): string {
  const file = join(folder, strayQuote ? 'stray-quote.csv' : 'clean.csv');
  const header =
    'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,outcome,persons,children\n';
  writeGeneratedFile(file, header, ROWS, (i) => {
    const c = Math.floor(i / 10);
    const day = String(1 + (c % 28)).padStart(2, '0');
    const activity = strayQuote && i === 1 ? '"aa' : 'aa';
    return `e${i},c${c},p${c},${activity},complete,2025-03-${day}T0${i % 10}:00:00+01:00,ind,aa,general,all,azc-ter-apel,,${1 + (c % 4)},${c % 3}\n`;
  });
  return file;
}

function twoEventsLog(): string {
  const file = join(folder, 'two-events.csv');
  writeFileSync(
    file,
    'event_id,case_id,person_id,activity,lifecycle,timestamp\n' +
      'e1,c1,p1,aa,start,1901-01-01T00:00:00Z\n' +
      'e2,c1,p1,aa,complete,2191-01-01T00:00:00Z\n',
  );
  return file;
}

function manyKeys(): string {
  const file = join(folder, 'keys.yaml');
  if (!existsSync(file))
    writeFileSync(
      file,
      ['doorstroom: 1', ...Array.from({ length: 50_000 }, (_, i) => `key${i}: ${i}`)].join('\n') + '\n',
    );
  return file;
}

/** Runs `doorstroom <args>` in a fresh process; its seconds (in the process) and peak resident memory. */
function runCommand(args: string[], expectedCode: number): { seconds: number; rssMiB: number } {
  const script = [
    `const { main } = await import(${JSON.stringify(entry)});`,
    'const started = performance.now();',
    `const code = await main(['node', 'doorstroom', ...${JSON.stringify(args)}]);`,
    'const seconds = (performance.now() - started) / 1000;',
    'process.stderr.write("\\n" + JSON.stringify({ code, seconds, maxRssKiB: process.resourceUsage().maxRSS }) + "\\n");',
  ].join('\n');
  // The command's own messages go to stderr too; the figures are its last line.
  const { stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const last = stderr.trimEnd().split('\n').pop() ?? '';
  if (!last.startsWith('{'))
    throw new Error(`bench: doorstroom ${args.join(' ')} gave no figures: ${stderr.slice(0, 500)}`);
  const { code, seconds, maxRssKiB } = JSON.parse(last) as { code: number; seconds: number; maxRssKiB: number };
  // A figure of a command that ended otherwise than it should (the input not what it was meant to be) is none.
  if (code !== expectedCode)
    throw new Error(
      `bench: doorstroom ${args.join(' ')} exited with ${code}, not ${expectedCode}: ${stderr.slice(0, 500)}`,
    );
  return { seconds, rssMiB: maxRssKiB / 1024 };
}

/** The figures of one command, measured once per run and shared by its time and memory benchmarks. */
function pair(
  name: string,
  args: () => string[],
  expectedCode: number,
  runs: number,
  targets: { seconds?: string; rss?: string } = {},
): Benchmark[] {
  const rss: number[] = [];
  return [
    {
      name: `${name}.seconds`,
      unit: 's',
      higherIsBetter: false,
      runs,
      target: targets.seconds,
      measure() {
        const r = runCommand(args(), expectedCode);
        rss.push(r.rssMiB);
        return r.seconds;
      },
    },
    {
      name: `${name}.peak-rss`,
      unit: 'MiB',
      higherIsBetter: false,
      runs,
      target: targets.rss,
      measure: () => rss.shift() ?? runCommand(args(), expectedCode).rssMiB,
    },
  ];
}

export const benchmarks: Benchmark[] = [
  ...pair(
    'bad-input.import-1m-rows-one-stray-quote',
    () => ['import', csvLog(true), '--out', join(folder, 'out-stray.csv'), '--quiet'],
    0,
    3,
    { seconds: 'as the clean log', rss: 'as the clean log' },
  ),
  ...pair(
    'bad-input.import-1m-rows-clean',
    () => ['import', csvLog(false), '--out', join(folder, 'out-clean.csv'), '--quiet'],
    0,
    3,
  ),
  ...pair('bad-input.monitor-two-events-290-years-apart', () => ['monitor', twoEventsLog(), '--quiet'], 0, 3, {
    rss: '< 512',
  }),
  ...pair('bad-input.validate-50k-distinct-keys', () => ['validate', manyKeys()], 2, 3),
];
