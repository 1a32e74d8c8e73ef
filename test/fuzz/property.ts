// Bad-input testing in vitest: a fast-check property over the cases of a kind — every case ends in exit 0 or a
// located error, within the time and memory limits, without a leak. Fixed seed (FUZZ_SEED) and a bounded number
// of runs. The cases are drawn with fc.sample and run side by side (the runner's processes); when one fails, it
// is replayed through fc.assert with the same seed and its path, so fast-check shrinks it and reports the seed,
// the path and the smallest failing case. The message also names a folder with the case's inputs and a
// command.sh that runs it again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { buildCorpus, type Corpus } from './corpus.ts';
import {
  type CaseResult,
  CaseRunner,
  type FuzzCase,
  passes,
  reproCommand,
  resultText,
  saveReproduction,
} from './runner.ts';
import { envInteger, FUZZ_SEED } from './values.ts';

/** Multiplies every property's number of runs (DOORSTROOM_FUZZ_SCALE, default 1), for a longer local run. */
export const RUN_SCALE = envInteger('DOORSTROOM_FUZZ_SCALE') ?? 1;

/** While shrinking, smaller cases are tried for this long; then the smallest failing one so far is reported. */
const SHRINK_MS = 90_000;

/**
 * The runner of a test file (2 processes, 30 s and a 1 GiB heap a case) and its seed inputs, made before the
 * file's tests (the event logs too when `logs`) and closed after them.
 */
export function fuzzSetup(options: { logs: boolean }): { runner: CaseRunner; corpus: () => Corpus } {
  const runner = new CaseRunner({ workers: 2, timeoutSeconds: 30, memoryMiB: 1024 });
  let corpus: Corpus | undefined;
  beforeAll(async () => {
    corpus = await buildCorpus(options.logs ? runner : undefined);
  }, 120_000);
  afterAll(() => runner.close());
  return {
    runner,
    corpus: () => {
      if (!corpus) throw new Error('the seed inputs are made before the tests');
      return corpus;
    },
  };
}

/** A vitest time-out for a property of `numRuns` cases: generous, it only stops a runner that is stuck. */
export function propertyTimeout(numRuns: number, runner: CaseRunner): number {
  return (numRuns * RUN_SCALE * 10 + 4 * runner.timeoutSeconds) * 1000 + 2 * SHRINK_MS + 120_000;
}

/** A case that fast-check prints as its command line, how it was made and its files' sizes (the files are saved). */
function printable(c: FuzzCase): FuzzCase {
  const files = Object.entries(c.files).map(
    ([name, content]) => `${name} (${typeof content === 'string' ? Buffer.byteLength(content) : content.length} bytes)`,
  );
  return {
    ...c,
    [fc.toStringMethod]: () => `${c.kind}: doorstroom ${c.args.join(' ')} · ${c.note ?? ''} · ${files.join(', ')}`,
  } as FuzzCase;
}

/** Saves failing cases, each in a numbered folder of one folder per property (the smallest is reported). */
function failures(): (c: FuzzCase, r: CaseResult) => Error {
  let parent: string | undefined;
  let n = 0;
  return (c, r) => {
    parent ??= mkdtempSync(join(tmpdir(), 'doorstroom-fuzz-failure-'));
    const folder = join(parent, String(++n));
    saveReproduction(c, r, folder);
    return failure(c, r, folder);
  };
}

function failure(c: FuzzCase, r: CaseResult, folder: string): Error {
  return new Error(
    `doorstroom ${c.command} (${c.kind}): ${resultText(r)}\n` +
      `  made from: ${c.note ?? ''}\n` +
      `  inputs and command.sh in ${folder}\n` +
      `  run again there: ${reproCommand(c)}\n` +
      `  stderr:\n${r.stderr.slice(0, 3000)}`,
  );
}

/**
 * Runs `numRuns` cases of `cases` (every `freshEvery`-th as its own process) and fails with the smallest failing
 * case. Returns the outcomes counted by command (`import: ok`), for a test that also checks what was reached.
 */
export async function checkCases(
  runner: CaseRunner,
  arbitrary: fc.Arbitrary<FuzzCase>,
  options: { numRuns: number; freshEvery?: number },
): Promise<Record<string, number>> {
  const cases = arbitrary.map(printable);
  const numRuns = options.numRuns * RUN_SCALE;
  const drawn = fc.sample(cases, { seed: FUZZ_SEED, numRuns });
  const results = await Promise.all(
    drawn.map((c, i) => runner.run(c, { fresh: options.freshEvery !== undefined && i % options.freshEvery === 0 })),
  );
  const counts: Record<string, number> = {};
  results.forEach((r, i) => {
    const key = `${drawn[i].command}: ${r.outcome}`;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  const failed = results.findIndex((r) => !passes(r));
  if (failed < 0) return counts;
  const save = failures();
  // Replay the failing run and shrink it; a case that passes when run again is reported as it failed first.
  let firstFailure: number | undefined;
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      if (firstFailure !== undefined && performance.now() - firstFailure > SHRINK_MS) return;
      const r = await runner.run(c, { fresh: results[failed].fresh });
      if (passes(r)) return;
      firstFailure ??= performance.now();
      throw save(c, r);
    }),
    { seed: FUZZ_SEED, path: String(failed), includeErrorInReport: true },
  );
  throw save(drawn[failed], results[failed]);
}
