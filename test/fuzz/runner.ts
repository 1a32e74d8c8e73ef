// Bad-input testing, running a case: the input files are written to a folder of their own, the command runs
// there in a child process with a time and a memory limit, and the result is classified:
//   ok         exit 0
//   located    exit 2 with `file:line:col: …` (a file problem) or `doorstroom: …` (an option or path problem)
//   unlocated  exit 2 without either: the user is not told where the problem is
//   crash      exit 1 (an internal error), any other exit code, a signal, an uncaught exception
//   hang       still running after the time limit
//   memory     the heap limit (--max-old-space-size) or the resident-memory limit was exceeded
// and, for a pseudonymising case, searched for leaks: a planted raw identifier in standard output or error, or
// in any file the command wrote (rejects files and leftover temporary files included).
//
// Most cases run in a pool of long-lived worker processes (worker.ts: the command in-process, no start-up cost);
// `fresh` runs one as its own process (test/cli/doorstroom-from-source.ts), exactly as a user would, so that a
// process that does not exit when its command is done shows up too. At most `workers` processes run at once.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUZZ_KEY, RAW_ID_PATTERN } from './values.ts';
import { PASS_THROUGH_FIELDS } from './formats.ts';

/** One generated input: the command line, the files it reads, and what must not leak. */
export interface FuzzCase {
  /** The generator that made it (a kind of the campaign). */
  kind: string;
  /** The command it runs, for counting: validate, simulate, import, allocate placement, … */
  command: string;
  /** The command line after `doorstroom`; file names are relative to the case's folder. */
  args: string[];
  /** The input files, relative path → content. */
  files: Record<string, string | Uint8Array>;
  /** With pseudonymisation: the planted raw identifiers that must not come out. `strict`: not even in fields an
   * import passes on as they are (the generator put none there); else those fields of CSV and JSON outputs are
   * not searched (a mutation may have moved an identifier into one). */
  leak?: { ids: string[]; strict: boolean };
  /** Files to read back after the run (for building inputs from outputs). */
  collect?: string[];
  /** How the inputs were made, for a reader of a failure. */
  note?: string;
}

export const OUTCOMES = ['ok', 'located', 'unlocated', 'crash', 'hang', 'memory'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CaseResult {
  outcome: Outcome;
  /** Where planted identifiers were found (`stderr: V4000000001`, `out.rejects.csv: Z2025-1000`). */
  leaks: string[];
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  seconds: number;
  fresh: boolean;
  /** The files named by the case's `collect`, when they were written. */
  collected: Record<string, Buffer>;
}

export interface RunnerOptions {
  /** Processes running at once (default 1). */
  workers?: number;
  /** Seconds a case may run before it counts as a hang (default 30). */
  timeoutSeconds?: number;
  /** The V8 heap limit in MiB (--max-old-space-size, default 1024); twice this in resident memory also counts. */
  memoryMiB?: number;
}

/** A case passes when it ends in exit 0 or a located error, and leaks nothing. */
export function passes(r: CaseResult): boolean {
  return (r.outcome === 'ok' || r.outcome === 'located') && r.leaks.length === 0;
}

const LOCATED_IN_FILE = /^[^\n]*?:[1-9]\d*:[1-9]\d*: \S/m;
// `doorstroom: …` (InputError), or commander's own message about an option or argument (`error: option '--x <n>'
// argument 'y' is invalid. …`, `error: unknown option '--z'`), which names the option.
const LOCATED_OPTION =
  /^doorstroom: (?!internal error)\S|^error: (?:option|unknown option|missing required argument|required option|too many arguments|unknown command)\b/m;
const OUT_OF_MEMORY =
  /JavaScript heap out of memory|Reached heap limit|Allocation failed - |ERR_WORKER_OUT_OF_MEMORY|Array buffer allocation failed|Invalid string length|Invalid array length|Invalid typed array length/;

/** The outcome of a finished (or stopped) command. */
export function classify(r: {
  code: number | null;
  signal: string | null;
  stderr: string;
  timedOut: boolean;
  memoryExceeded: boolean;
}): Outcome {
  if (r.memoryExceeded) return 'memory';
  if (r.timedOut) return 'hang';
  if (r.code === 0) return 'ok';
  if (OUT_OF_MEMORY.test(r.stderr)) return 'memory';
  if (r.code === 2) return LOCATED_IN_FILE.test(r.stderr) || LOCATED_OPTION.test(r.stderr) ? 'located' : 'unlocated';
  return 'crash';
}

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..');
const WORKER = join(here, 'worker.ts');
const FROM_SOURCE = join(REPO_ROOT, 'test', 'cli', 'doorstroom-from-source.ts');

/** The environment of every command: the pseudonym key set, nothing of the test runner's Node options. */
function caseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOORSTROOM_PSEUDONYM_KEY: FUZZ_KEY };
  delete env.NODE_OPTIONS;
  return env;
}

/** Resident memory of a process in MiB (Linux), or undefined. */
function residentMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the case's input files into `folder`. */
export function writeInputs(c: FuzzCase, folder: string): void {
  for (const [name, content] of Object.entries(c.files)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

function walk(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Fields of CSV and JSON outputs that may hold what an input held in a passed-on field. */
const PASSED_ON = new Set<string>([...PASS_THROUGH_FIELDS, 'profile', 'group']);

/** The rows of a comma-separated text (RFC 4180). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The text of an output with its passed-on fields left out (CSV columns, JSON keys); other files whole. */
function withoutPassedOn(path: string, text: string): string {
  if (path.endsWith('.csv')) {
    const rows = parseCsvRows(text);
    const keep = (rows[0] ?? []).map((name) => !PASSED_ON.has(name));
    return rows.map((r) => r.filter((_, i) => keep[i] ?? true).join(',')).join('\n');
  }
  if (path.endsWith('.json')) {
    try {
      return JSON.stringify(JSON.parse(text), (key, value) => (PASSED_ON.has(key) ? undefined : value));
    } catch {
      return text;
    }
  }
  return text;
}

/** Where the case's planted identifiers came out: standard output and error, every file that is not an input. */
export function findLeaks(c: FuzzCase, stdout: string, stderr: string, folder: string): string[] {
  if (!c.leak || c.leak.ids.length === 0) return [];
  const wanted = new Set(c.leak.ids);
  const found: string[] = [];
  const search = (where: string, text: string) => {
    const hits = [...new Set(text.match(RAW_ID_PATTERN) ?? [])].filter((id) => wanted.has(id));
    if (hits.length > 0)
      found.push(`${where}: ${hits.slice(0, 3).join(', ')}${hits.length > 3 ? ` (+${hits.length - 3})` : ''}`);
  };
  search('stdout', stdout);
  search('stderr', stderr);
  for (const path of walk(folder)) {
    const name = relative(folder, path);
    if (name in c.files) continue;
    const text = readFileSync(path).toString('latin1');
    search(name, c.leak.strict ? text : withoutPassedOn(name, text));
  }
  return found;
}

interface Slot {
  child?: ChildProcess;
  /** Resolves when the worker is ready; rejects with its output when it failed to start. */
  ready?: Promise<void>;
  /** The worker's own standard error since its current case began (a V8 out-of-memory report lands here). */
  stderrTail: string;
}

interface Raw {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  memoryExceeded: boolean;
  restart: boolean;
}

const TAIL = 64 * 1024;
const appendTail = (tail: string, chunk: string): string => (tail + chunk).slice(-TAIL);

export class CaseRunner {
  readonly workers: number;
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
  private readonly root: string;
  private readonly slots: Slot[];
  private readonly free: Slot[];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextId = 1;
  private serial = 0;

  constructor(options: RunnerOptions = {}) {
    this.workers = options.workers ?? 1;
    this.timeoutSeconds = options.timeoutSeconds ?? 30;
    this.memoryMiB = options.memoryMiB ?? 1024;
    this.root = mkdtempSync(join(tmpdir(), 'doorstroom-fuzz-'));
    this.slots = Array.from({ length: this.workers }, () => ({ stderrTail: '' }));
    this.free = [...this.slots];
  }

  /** Runs one case (in a pooled worker, or `fresh` as its own process) and removes its folder afterwards. */
  async run(c: FuzzCase, options: { fresh?: boolean } = {}): Promise<CaseResult> {
    const slot = await this.acquire();
    const folder = join(this.root, `case-${++this.serial}`);
    mkdirSync(folder);
    try {
      writeInputs(c, folder);
      const started = performance.now();
      const raw = options.fresh ? await this.runFresh(c, folder) : await this.runPooled(slot, c, folder);
      const seconds = (performance.now() - started) / 1000;
      if (raw.restart) this.stop(slot);
      const collected: Record<string, Buffer> = {};
      for (const name of c.collect ?? []) {
        try {
          collected[name] = readFileSync(join(folder, name));
        } catch {
          // not written
        }
      }
      return {
        outcome: classify(raw),
        leaks: findLeaks(c, raw.stdout, raw.stderr, folder),
        code: raw.code,
        signal: raw.signal,
        stdout: raw.stdout,
        stderr: raw.stderr,
        seconds,
        fresh: options.fresh === true,
        collected,
      };
    } finally {
      rmSync(folder, { recursive: true, force: true });
      this.release(slot);
    }
  }

  /** Stops every worker and removes the runner's folder. */
  async close(): Promise<void> {
    for (const slot of this.slots) this.stop(slot);
    rmSync(this.root, { recursive: true, force: true });
  }

  private acquire(): Promise<Slot> {
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  private stop(slot: Slot): void {
    slot.child?.kill('SIGKILL');
    slot.child = undefined;
    slot.ready = undefined;
  }

  private start(slot: Slot): Promise<void> {
    const child = fork(WORKER, [], {
      execArgv: [`--max-old-space-size=${this.memoryMiB}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: caseEnv(),
    });
    slot.child = child;
    slot.stderrTail = '';
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => (slot.stderrTail = appendTail(slot.stderrTail, chunk)));
    child.stderr!.on('data', (chunk: string) => (slot.stderrTail = appendTail(slot.stderrTail, chunk)));
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready) {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve();
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        child.off('message', onMessage);
        // Give the pipes a moment to deliver what the worker printed before it died.
        setTimeout(
          () => reject(new Error(`the worker did not start (exit ${code ?? signal}):\n${slot.stderrTail}`)),
          50,
        );
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return slot.ready;
  }

  private async runPooled(slot: Slot, c: FuzzCase, folder: string): Promise<Raw> {
    if (!slot.child || !slot.ready) this.start(slot);
    try {
      await slot.ready;
    } catch (error) {
      this.stop(slot);
      return {
        code: 1,
        signal: null,
        stdout: '',
        stderr: (error as Error).message,
        timedOut: false,
        memoryExceeded: false,
        restart: true,
      };
    }
    const child = slot.child!;
    const id = this.nextId++;
    slot.stderrTail = '';
    return new Promise<Raw>((resolve) => {
      let done = false;
      const finish = (raw: Raw) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(raw);
      };
      const onMessage = (m: { id?: number; code: number; stdout: string; stderr: string; unhandled: boolean }) => {
        if (m.id !== id) return;
        // What the worker printed outside the captured streams (worker threads, V8) belongs to the case too.
        setImmediate(() =>
          finish({
            code: m.code,
            signal: null,
            stdout: m.stdout,
            stderr: m.stderr + slot.stderrTail,
            timedOut: false,
            memoryExceeded: false,
            restart: m.unhandled,
          }),
        );
      };
      const onExit = (code: number | null, signal: string | null) => {
        slot.child = undefined;
        slot.ready = undefined;
        setTimeout(
          () =>
            finish({
              code: code ?? null,
              signal,
              stdout: '',
              stderr: slot.stderrTail,
              timedOut: false,
              memoryExceeded: false,
              restart: true,
            }),
          50,
        );
      };
      const timer = setTimeout(() => {
        this.stop(slot);
        finish({
          code: null,
          signal: 'SIGKILL',
          stdout: '',
          stderr: slot.stderrTail,
          timedOut: true,
          memoryExceeded: false,
          restart: true,
        });
      }, this.timeoutSeconds * 1000);
      const watch = setInterval(() => {
        const rss = residentMiB(child.pid);
        if (rss !== undefined && rss > 2 * this.memoryMiB) {
          this.stop(slot);
          finish({
            code: null,
            signal: 'SIGKILL',
            stdout: '',
            stderr: `${slot.stderrTail}\nresident memory ${Math.round(rss)} MiB > ${2 * this.memoryMiB} MiB`,
            timedOut: false,
            memoryExceeded: true,
            restart: true,
          });
        }
      }, 200);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, cwd: folder, args: c.args, env: { DOORSTROOM_PSEUDONYM_KEY: FUZZ_KEY } });
    });
  }

  private runFresh(c: FuzzCase, folder: string): Promise<Raw> {
    return new Promise<Raw>((resolve) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${this.memoryMiB}`, FROM_SOURCE, ...c.args], {
        cwd: folder,
        env: caseEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: string[] = [];
      const err: string[] = [];
      let timedOut = false;
      let memoryExceeded = false;
      let extra = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => out.push(chunk));
      child.stderr.on('data', (chunk: string) => err.push(chunk));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.timeoutSeconds * 1000);
      const watch = setInterval(() => {
        const rss = residentMiB(child.pid);
        if (rss !== undefined && rss > 2 * this.memoryMiB) {
          memoryExceeded = true;
          extra = `\nresident memory ${Math.round(rss)} MiB > ${2 * this.memoryMiB} MiB`;
          child.kill('SIGKILL');
        }
      }, 200);
      child.on('error', (error) => err.push(`cannot start: ${error.message}`));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        clearInterval(watch);
        resolve({
          code,
          signal,
          stdout: out.join(''),
          stderr: err.join('') + extra,
          timedOut,
          memoryExceeded,
          restart: false,
        });
      });
    });
  }
}

/** A shell word (single-quoted when needed). */
function shellWord(s: string): string {
  return /^[\w./=:@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that reproduces a case from its folder (with the Node that ran it: Node 24 runs the sources). */
export function reproCommand(c: FuzzCase): string {
  return `DOORSTROOM_PSEUDONYM_KEY=${FUZZ_KEY} ${shellWord(process.execPath)} --max-old-space-size=1024 ${shellWord(FROM_SOURCE)} ${c.args.map(shellWord).join(' ')}`;
}

/** Writes a failing case's inputs, a script that runs it again and what happened, into `folder`. */
export function saveReproduction(c: FuzzCase, r: CaseResult, folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeInputs(c, folder);
  writeFileSync(
    join(folder, 'command.sh'),
    `#!/bin/sh\n# ${c.kind}: ${c.note ?? ''}\ncd "$(dirname "$0")" && ${reproCommand(c)}\n`,
    { mode: 0o755 },
  );
  writeFileSync(
    join(folder, 'result.txt'),
    `${resultText(r)}\n\nstderr:\n${r.stderr.slice(0, 20_000)}\n\nstdout:\n${r.stdout.slice(0, 5000)}\n`,
  );
}

/** One line: outcome, exit code or signal, time, leaks. */
export function resultText(r: CaseResult): string {
  return `${r.outcome}${r.leaks.length > 0 ? ' + leak' : ''} (exit ${r.code ?? r.signal}${r.fresh ? ', own process' : ''}, ${r.seconds.toFixed(1)} s)${r.leaks.length > 0 ? `; planted identifiers found in ${r.leaks.join('; ')}` : ''}`;
}
