// Interrupted commands leave their outputs whole: 20 kills at seeded random moments of `import` and of
// `simulate --out` (SIGTERM and SIGKILL in turn) leave the destination either as it was or complete — never
// half-written, never a mix of two runs — and after the next run no temporary file remains beside it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, tempDir } from '../helpers.ts';

const CLI = join(import.meta.dirname, 'doorstroom-from-source.ts');
const KEY = 'kill-test-key-0123456789abcdef0123456789abcdef';
const KILLS = 20;

function run(args: string[]): { code: number | null; elapsedMs: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DOORSTROOM_PSEUDONYM_KEY: KEY },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`doorstroom ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { code: result.status, elapsedMs: performance.now() - started };
}

/** Starts the command and kills it after `afterMs` with `signal`; resolves when the process has ended. */
function runAndKill(args: string[], afterMs: number, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, DOORSTROOM_PSEUDONYM_KEY: KEY },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Every file under `path` (a file or a folder) with its content; undefined when nothing is there. */
function snapshot(path: string): Map<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  const files = new Map<string, string>();
  const walk = (p: string, name: string) => {
    if (statSync(p).isDirectory())
      for (const entry of readdirSync(p)) walk(join(p, entry), name === '' ? entry : `${name}/${entry}`);
    else files.set(name, readFileSync(p, 'utf8'));
  };
  walk(path, '');
  return files;
}

function sameFiles(a: Map<string, string> | undefined, b: Map<string, string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && [...a].every(([name, text]) => b.get(name) === text);
}

/** A seeded sequence in [0, 1) (a 32-bit LCG): the kill moments are the same on every run of the test. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function temporariesBeside(folder: string): string[] {
  return readdirSync(folder).filter((name) => /\.(tmp|old)-\d+$/.test(name));
}

/** A canonical event log with `cases` cases of three events; every 97th row has a bad timestamp (a reject). */
function eventLog(cases: number, variant: string): string {
  const lines = [
    'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,outcome,persons,children',
  ];
  let row = 0;
  for (let c = 0; c < cases; c++) {
    for (const [k, activity] of ['registration', 'aa', 'housing'].entries()) {
      row++;
      const day = 1 + ((c + k * 3) % 27);
      const time = row % 97 === 0 ? 'not-a-time' : `2025-03-${String(day).padStart(2, '0')}T0${k}:00:00Z`;
      lines.push(
        `${variant}-e${row},${variant}-c${c},${variant}-p${c},${activity},complete,${time},ind,${activity},general,all,,,${1 + (c % 4)},${c % 3}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

describe('interrupted commands', () => {
  // Each test starts about 60 processes: give them time on a loaded machine.
  const TIMEOUT_MS = 400_000;

  it(
    `import: ${KILLS} kills leave events and rejects as they were or complete, and no temporary after the next run`,
    async () => {
      const dir = tempDir();
      const oldLog = join(dir, 'old.csv');
      const newLog = join(dir, 'new.csv');
      writeFileSync(oldLog, eventLog(2_000, 'old'));
      writeFileSync(newLog, eventLog(15_000, 'new'));
      const out = join(dir, 'out', 'events.csv');
      const rejects = join(dir, 'out', 'events.rejects.csv');
      const args = (log: string) => ['import', log, '--pseudonymise', '--out', out, '--quiet'];

      run(args(newLog));
      const complete = { events: snapshot(out), rejects: snapshot(rejects) };
      const { elapsedMs } = run(args(oldLog));
      const before = { events: snapshot(out), rejects: snapshot(rejects) };
      expect(complete.rejects).toBeDefined();
      expect(sameFiles(before.events, complete.events)).toBe(false);
      const fullMs = Math.max(elapsedMs, run(args(newLog)).elapsedMs);
      run(args(oldLog));

      const next = uniforms(2026);
      let leftBehind = 0;
      for (let k = 0; k < KILLS; k++) {
        await runAndKill(args(newLog), next() * fullMs * 1.2, k % 2 === 0 ? 'SIGTERM' : 'SIGKILL');
        const now = { events: snapshot(out), rejects: snapshot(rejects) };
        const asBefore = sameFiles(now.events, before.events) && sameFiles(now.rejects, before.rejects);
        const asComplete = sameFiles(now.events, complete.events) && sameFiles(now.rejects, complete.rejects);
        expect(asBefore || asComplete, `kill ${k}: events and rejects are neither as before nor complete`).toBe(true);
        if (k % 2 === 0)
          expect(temporariesBeside(join(dir, 'out')), `kill ${k} (SIGTERM) left temporaries`).toEqual([]);
        leftBehind += temporariesBeside(join(dir, 'out')).length;
        // The next run cleans what a SIGKILL left, and starts again from the old state.
        run(args(oldLog));
        expect(temporariesBeside(join(dir, 'out'))).toEqual([]);
      }
      // Some kills must have landed while the files were being written, or the test proved nothing.
      expect(leftBehind).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it(
    `simulate --out: ${KILLS} kills leave the result folder as it was or complete, and no temporary after the next run`,
    async () => {
      const dir = tempDir();
      const out = join(dir, 'results');
      const model = join(examplesDir, 'tandem.yaml');
      // The run that is killed, and a quick one of another seed whose result stands as the earlier one.
      const args = (seed: number) => [
        'simulate',
        model,
        '--replications',
        '3',
        '--workers',
        '1',
        '--horizon-days',
        '400',
        '--seed',
        String(seed),
        '--out',
        out,
        '--quiet',
      ];
      const earlier = [
        'simulate',
        model,
        '--replications',
        '1',
        '--workers',
        '1',
        '--horizon-days',
        '20',
        '--seed',
        '1',
        '--out',
        out,
        '--quiet',
      ];

      const { elapsedMs } = run(args(2));
      const complete = snapshot(out);
      run(earlier);
      const before = snapshot(out);
      expect(sameFiles(before, complete)).toBe(false);

      const next = uniforms(11);
      let interrupted = 0;
      for (let k = 0; k < KILLS; k++) {
        await runAndKill(args(2), next() * elapsedMs * 1.2, k % 2 === 0 ? 'SIGTERM' : 'SIGKILL');
        const now = snapshot(out);
        const asBefore = sameFiles(now, before);
        expect(
          asBefore || sameFiles(now, complete),
          `kill ${k}: the result folder is neither as before nor complete`,
        ).toBe(true);
        if (asBefore) interrupted++;
        if (k % 2 === 0) expect(temporariesBeside(dir), `kill ${k} (SIGTERM) left temporaries`).toEqual([]);
        run(earlier);
        expect(temporariesBeside(dir)).toEqual([]);
        expect(sameFiles(snapshot(out), before)).toBe(true);
      }
      expect(interrupted).toBeGreaterThan(0);
      rmSync(dir, { recursive: true, force: true });
    },
    TIMEOUT_MS,
  );
});
