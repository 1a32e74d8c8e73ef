// The bad-input campaign: thousands of mutants of the shipped inputs and structure-aware generated inputs, for
// every command, each in a child process with a time and a memory limit (at most 2 at once). Prints per command
// how many were tried and how they ended; writes the inputs of every case that did not pass to a folder, with a
// command.sh that runs it again; exits with 1 when any case crashed, hung, ran out of memory, leaked a planted
// identifier or failed without saying where. Not part of the test suite (the properties in test/fuzz/ are);
// DEVELOPERS.md ("Bad-input testing") describes both.
//
//   node scripts/bad-inputs.ts [--count N] [--seed S] [--timeout s] [--memory MiB] [--kind k[,k…]] [--workers 1|2] [--fresh n] [--out dir]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildCorpus } from '../test/fuzz/corpus.ts';
import { type CommandName, COMMANDS, type Kind, kindNamed, KINDS } from '../test/fuzz/kinds.ts';
import {
  type CaseResult,
  CaseRunner,
  type FuzzCase,
  type Outcome,
  passes,
  resultText,
  saveReproduction,
} from '../test/fuzz/runner.ts';
import { FUZZ_SEED } from '../test/fuzz/values.ts';

const USAGE = `usage: node scripts/bad-inputs.ts [options]

  --count N       cases in all, shared equally by the kinds (default 3000)
  --seed S        seed of the generators (default ${FUZZ_SEED}, the seed of the property tests)
  --timeout s     seconds a case may run before it counts as a hang (default 30)
  --memory MiB    heap limit of a case's process (--max-old-space-size; twice this in resident memory also counts; default 1024)
  --kind k[,k…]   only these kinds (repeatable): ${KINDS.map((k) => k.name).join(', ')}
  --workers n     processes at once, 1 or 2 (default 2)
  --fresh n       every n-th case runs as its own process instead of in a long-lived worker (default 10; 0: never)
  --out dir       folder for the failing cases (default: a new folder in ${tmpdir()})
  --located       also list the most frequent located errors per command (what the generators run into)

kinds:
${KINDS.map((k) => `  ${k.name.padEnd(10)} ${k.about} [${k.commands.join(', ')}]`).join('\n')}
`;

function positive(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) {
    process.stderr.write(`bad-inputs: ${name} must be a whole number ≥ ${min} (got "${text}")\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const COUNTED = ['tried', 'ok', 'located', 'unlocated', 'crash', 'hang', 'memory', 'leak'] as const;
type Counts = Record<(typeof COUNTED)[number], number>;
const zero = (): Counts => Object.fromEntries(COUNTED.map((k) => [k, 0])) as Counts;
const BAD: readonly Outcome[] = ['unlocated', 'crash', 'hang', 'memory'];

/** What a failure is about, so that many cases of one defect count as one cause. */
function cause(c: FuzzCase, r: CaseResult): string {
  const parts: string[] = [];
  if (!passes(r) && r.outcome !== 'ok' && r.outcome !== 'located') {
    if (r.outcome === 'crash') {
      const message =
        /^\s*(?:uncaught: |unhandled rejection: |uncaught exception: )?((?:[A-Z]\w*)?Error\b[^\n]*)/m.exec(
          r.stderr,
        )?.[1] ??
        r.stderr.split('\n').find((l) => l.trim() !== '') ??
        `exit ${r.code ?? r.signal}`;
      const frame = /\bat [^\n]*?(src\/[\w/.-]+\.ts):\d+/.exec(r.stderr)?.[1] ?? '';
      parts.push(`crash: ${generalise(message).slice(0, 160)}${frame ? ` (${frame})` : ''}`);
    } else if (r.outcome === 'unlocated')
      parts.push(
        `unlocated: ${generalise(r.stderr.split('\n').find((l) => l.trim() !== '') ?? '(no message)').slice(0, 160)}`,
      );
    else parts.push(`${r.outcome}: ${c.kind}`);
  }
  for (const leak of r.leaks) parts.push(`leak in ${leak.split(':')[0].replace(/\d+/g, 'N')}`);
  return `${c.command}: ${parts.join(' + ')}`;
}

/** A message with the specifics of one case (numbers, quoted values, paths) taken out. */
function generalise(text: string): string {
  return text
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\/[^\s:]*\/case-\d+\//g, '')
    .replace(/\d+(\.\d+)?/g, 'N');
}

function table(rows: [string, Counts][]): string {
  const header = ['command', ...COUNTED];
  const lines = [header, ...rows.map(([name, c]) => [name, ...COUNTED.map((k) => String(c[k]))])];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines
    .map((l) => l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '))
    .join('\n');
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        timeout: { type: 'string' },
        memory: { type: 'string' },
        kind: { type: 'string', multiple: true },
        workers: { type: 'string' },
        fresh: { type: 'string' },
        out: { type: 'string' },
        located: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`bad-inputs: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const count = positive('--count', parsed.count, 3000);
  const seed = positive('--seed', parsed.seed, FUZZ_SEED, 0);
  const timeoutSeconds = positive('--timeout', parsed.timeout, 30);
  const memoryMiB = positive('--memory', parsed.memory, 1024, 64);
  const workers = Math.min(2, positive('--workers', parsed.workers, 2));
  const freshEvery = positive('--fresh', parsed.fresh, 10, 0);
  let kinds: readonly Kind[];
  try {
    kinds = parsed.kind ? parsed.kind.flatMap((k) => k.split(',')).map((k) => kindNamed(k.trim())) : KINDS;
  } catch (error) {
    process.stderr.write(`bad-inputs: ${(error as Error).message}\n`);
    return 2;
  }
  const out = parsed.out ?? mkdtempSync(join(tmpdir(), `doorstroom-bad-inputs-${seed}-`));
  mkdirSync(out, { recursive: true });

  const perKind = Math.ceil(count / kinds.length);
  process.stdout.write(
    `bad-input campaign: ${perKind * kinds.length} cases (${perKind} per kind: ${kinds.map((k) => k.name).join(', ')}), seed ${seed}, ${workers} process${workers === 1 ? '' : 'es'}, time limit ${timeoutSeconds} s, heap limit ${memoryMiB} MiB, every ${freshEvery || 'no'}${freshEvery ? 'th' : ''} case in its own process\nfailing cases go to ${out}\n`,
  );
  const started = performance.now();
  const runner = new CaseRunner({ workers, timeoutSeconds, memoryMiB });
  // Interrupted: stop the workers and remove the cases' folders (the failing cases already written stay).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void runner.close().then(() => process.exit(130));
    });
  }
  const byCommand = new Map<CommandName | string, Counts>();
  const causes = new Map<string, { n: number; example: string; result: string }>();
  const located = new Map<string, number>();
  let done = 0;
  let failed = 0;
  try {
    const corpus = await buildCorpus(runner);
    for (const [k, kind] of kinds.entries()) {
      // One seed per kind, so that a kind's cases do not change when other kinds are added or left out.
      const cases = fc.sample(kind.cases(corpus), { seed: seed + 7919 * (KINDS.indexOf(kind) + 1), numRuns: perKind });
      const inFlight = new Set<Promise<void>>();
      for (const [i, c] of cases.entries()) {
        const serial = k * perKind + i;
        const run = runner.run(c, { fresh: freshEvery > 0 && serial % freshEvery === 0 }).then((r) => {
          const counts = byCommand.get(c.command) ?? zero();
          byCommand.set(c.command, counts);
          counts.tried++;
          counts[r.outcome]++;
          if (r.leaks.length > 0) counts.leak++;
          if (r.outcome === 'located') {
            const message = r.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
            const key = `${c.command}: ${generalise(message.replace(/^[^\n]*?:\d+:\d+: /, '')).slice(0, 140)}`;
            located.set(key, (located.get(key) ?? 0) + 1);
          }
          if (!passes(r)) {
            failed++;
            const folder = join(
              out,
              `${String(serial).padStart(5, '0')}-${c.command.replace(/ /g, '-')}-${r.outcome}${r.leaks.length > 0 ? '-leak' : ''}`,
            );
            saveReproduction(c, r, folder);
            const key = cause(c, r);
            const seen = causes.get(key);
            if (seen) seen.n++;
            else causes.set(key, { n: 1, example: folder, result: resultText(r) });
          }
          done++;
          if (done % 50 === 0)
            process.stderr.write(
              `  ${done}/${perKind * kinds.length} cases · ${failed} not passing · ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
            );
        });
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
        if (inFlight.size >= 2 * workers) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }
  } catch (error) {
    process.stderr.write(`bad-inputs: ${(error as Error).stack ?? String(error)}\n`);
    await runner.close();
    return 1;
  }
  await runner.close();

  const total = zero();
  const rows: [string, Counts][] = [];
  for (const command of [
    ...COMMANDS,
    ...[...byCommand.keys()].filter((c) => !(COMMANDS as readonly string[]).includes(c)),
  ]) {
    const c = byCommand.get(command);
    if (!c) continue;
    rows.push([command, c]);
    for (const k of COUNTED) total[k] += c[k];
  }
  rows.push(['total', total]);
  const minutes = (performance.now() - started) / 60_000;
  let report = `\n${table(rows)}\n\n${done} cases in ${minutes.toFixed(1)} min; leak counts cases whose output held a planted identifier (any outcome)\n`;
  if (causes.size > 0) {
    report += `\n${causes.size} distinct failure cause${causes.size === 1 ? '' : 's'} (cases, an example):\n`;
    for (const [key, v] of [...causes.entries()].sort((a, b) => b[1].n - a[1].n))
      report += `  ${String(v.n).padStart(4)}  ${key}\n        ${v.result}\n        ${v.example}/command.sh\n`;
  }
  if (parsed.located) {
    report += '\nmost frequent located errors per command:\n';
    const byCommandLocated = new Map<string, [string, number][]>();
    for (const [key, n] of located) {
      const command = key.slice(0, key.indexOf(': '));
      byCommandLocated.set(command, [...(byCommandLocated.get(command) ?? []), [key.slice(command.length + 2), n]]);
    }
    for (const [command, list] of byCommandLocated) {
      report += `  ${command}\n`;
      for (const [message, n] of list.sort((a, b) => b[1] - a[1]).slice(0, 5))
        report += `    ${String(n).padStart(4)}  ${message}\n`;
    }
  }
  report += `\nfailing cases: ${failed}${failed > 0 ? ` in ${out}` : ''}\n`;
  process.stdout.write(report);
  writeFileSync(join(out, 'summary.txt'), report);
  const bad = BAD.some((o) => total[o] > 0) || total.leak > 0;
  return bad ? 1 : 0;
}

process.exitCode = await main();
