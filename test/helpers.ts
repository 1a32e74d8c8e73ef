// Shared test helpers: build models from YAML text, run the CLI in-process and capture its output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelFromDocument, type LoadedModel } from '../src/model/load.ts';
import { parseYamlDocument } from '../src/core/yaml-source.ts';
import { main } from '../src/cli/main.ts';
import { InputError, formatDiagnostic } from '../src/core/diagnostics.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const examplesDir = join(repoRoot, 'examples');

export function modelFromYaml(text: string, file = 'test-model.yaml', baseDir = examplesDir): LoadedModel {
  return loadModelFromDocument(parseYamlDocument(text, file), baseDir);
}

/** What a self-contained report may not hold: a script, a linked stylesheet, or an address to fetch from. */
export const SCRIPTS_OR_FETCHES = /<script|<link[^>]+href=|(src|href)="https?:|url\(\s*['"]?https?:/;

export function tempDir(prefix = 'doorstroom-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const previous = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => (
    out.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    err.push(String(chunk)),
    true
  )) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'doorstroom', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = previous;
  }
}

/** A one-stage queue: Poisson arrivals, `servers` exponential servers, customers leave after service. */
export function queueModelYaml(opts: {
  arrivalsPerDay: number;
  servers: number;
  meanServiceDays: number;
  horizonDays: number;
  warmupDays?: number;
  seed?: number;
}): string {
  return `doorstroom: 1
name: queue
seed: ${opts.seed ?? 1}
time: { start: 2025-01-01, horizonDays: ${opts.horizonDays}, warmupDays: ${opts.warmupDays ?? 0} }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow: { entry: { first: service }, perDay: { first: ${opts.arrivalsPerDay} } }
stages:
  - id: service
    partner: p
    capacity: { servers: ${opts.servers} }
    serviceTime: { dist: exponential, meanDays: ${opts.meanServiceDays} }
    next: [{ exit: other }]
`;
}

/** The formatted diagnostics of the InputError that `load` throws (fails the test if it throws none). */
export function errorsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected an InputError');
}

/** The message of the InputError that the (async) `run` throws (fails the test if it throws none). */
export async function asyncErrorOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}
