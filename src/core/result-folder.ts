// A result folder (`--out dir`) written as one unit: its files are built in `<dir>.tmp-<pid>` beside it and
// the finished folder is swapped in for the old one (rename the old aside, rename the new in, remove the
// old), so a reader — or a run killed half-way — sees either the previous result or the complete new one,
// never a mix. Because the whole folder is replaced, doorstroom only replaces folders it wrote itself (they
// hold a `.doorstroom` marker) or empty ones; a folder with other files is refused rather than emptied.
// Invariant: nothing under `dir` changes until commit(); after abort() nothing of this run remains.
import { existsSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, normalize, resolve } from 'node:path';
import { InputError } from './diagnostics.ts';
import { makeFolders, writeFailureMessage } from './atomic-write.ts';
import { processRuns, removeStaleTemps, removeTemp, tempPathFor, trackTemp, untrackTemp } from './temp-files.ts';

/** The marker file in every result folder doorstroom writes. */
export const RESULT_MARKER = '.doorstroom';
const MARKER_TEXT =
  'This folder is a result written by doorstroom. doorstroom replaces it as a whole when a command writes to it again;\n' +
  'keep files of your own elsewhere.\n';

/**
 * Checks that `dir` may be replaced by a result folder: absent, empty, or a result folder doorstroom wrote.
 * Throws InputError naming the path and what to do otherwise.
 */
export function checkResultFolder(dir: string): void {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return; // absent: created on commit
  }
  if (!stat.isDirectory())
    throw new InputError(
      `cannot write the result folder ${dir}: it is a file; give the name of a folder (new or written by doorstroom before)`,
    );
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new InputError(writeFailureMessage(dir, error));
  }
  if (names.length > 0 && !names.includes(RESULT_MARKER)) {
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
    throw new InputError(
      `cannot write the result folder ${dir}: it holds files doorstroom did not write (${shown}); doorstroom replaces its result folder as a whole, so give a new or empty folder`,
    );
  }
}

export class ResultFolder {
  /** The folder the result will have. */
  readonly dir: string;
  /** Where its files are built until commit. */
  readonly buildDir: string;
  private readonly written: string[] = [];
  private open = true;

  constructor(dir: string) {
    // `out/` and `out` are one folder; the temporary must lie beside it, not inside.
    dir = normalize(dir).replace(/(.)\/+$/, '$1');
    if (dir === '/' || dir === '.' || dir === '..')
      throw new InputError(
        `cannot use ${dir} as a result folder: doorstroom replaces its result folder as a whole; give a new folder`,
      );
    checkResultFolder(dir);
    this.dir = dir;
    this.buildDir = tempPathFor(dir);
    recoverInterruptedSwap(dir);
    removeStaleTemps(dir);
    trackTemp(this.buildDir);
    try {
      makeFolders(this.buildDir);
    } catch (error) {
      untrackTemp(this.buildDir);
      throw new InputError(writeFailureMessage(dir, error));
    }
  }

  /** The path a file `name` is built at (for writers that stream into the folder). */
  pathOf(name: string): string {
    return join(this.buildDir, name);
  }

  /** Writes one file of the result; `name` may contain subfolders. */
  write(name: string, text: string | Uint8Array): void {
    const path = this.pathOf(name);
    try {
      makeFolders(dirname(path));
      writeFileSync(path, text);
    } catch (error) {
      throw new InputError(writeFailureMessage(join(this.dir, name), error));
    }
    this.written.push(join(this.dir, name));
  }

  /** Puts the finished folder in place of the old one; returns the paths of the files written. */
  commit(): string[] {
    if (!this.open) throw new Error('ResultFolder.commit: already committed or aborted');
    this.write(RESULT_MARKER, MARKER_TEXT);
    this.written.pop();
    // The folder may have been changed between the check and now (another run): check again.
    checkResultFolder(this.dir);
    const aside = `${this.dir}.old-${process.pid}`;
    const hadOld = existsSync(this.dir);
    try {
      if (hadOld) {
        trackTemp(aside);
        renameSync(this.dir, aside);
      }
      renameSync(this.buildDir, this.dir);
    } catch (error) {
      // Put the old folder back if it was moved and the new one could not take its place.
      if (hadOld && !existsSync(this.dir) && existsSync(aside)) renameSync(aside, this.dir);
      throw new InputError(writeFailureMessage(this.dir, error));
    }
    untrackTemp(this.buildDir);
    if (hadOld) removeTemp(aside);
    this.open = false;
    return this.written.slice();
  }

  abort(): void {
    if (!this.open) return;
    this.open = false;
    removeTemp(this.buildDir);
  }
}

/**
 * A run killed between the two renames of a swap leaves no `dir`, the old folder aside and the new one,
 * complete (it holds the marker, which is written last), under its temporary name: put the new one in place.
 */
function recoverInterruptedSwap(dir: string): void {
  if (existsSync(dir)) return;
  const folder = dirname(dir);
  const prefix = `${basename(dir)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || name === basename(tempPathFor(dir))) continue;
    const candidate = join(folder, name);
    if (!existsSync(join(candidate, RESULT_MARKER))) continue;
    // Only when its process has ended: removeStaleTemps decides that with the same rule right after.
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || processRuns(pid)) continue;
    try {
      renameSync(candidate, dir);
    } catch {
      return;
    }
    return;
  }
}

/**
 * Builds the result folder `dir` with `body` and swaps it in when body returns; on an error nothing changes.
 * Returns the paths of the files written (as they are after the swap).
 */
export function writeResultFolder(dir: string, body: (folder: ResultFolder) => void): string[] {
  const folder = new ResultFolder(dir);
  try {
    body(folder);
    return folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
}

/**
 * Checks, before a command reads or computes anything, that its `--out` folder may be replaced (checkResultFolder)
 * and that none of its single-file outputs (`{ '--report': path }`) lies inside it, where the next run's swap
 * would remove it. Nothing to check without `--out`.
 */
export function checkOutputs(out: string | undefined, files: Record<string, string | undefined> = {}): void {
  if (out === undefined) return;
  checkResultFolder(out);
  for (const [option, path] of Object.entries(files)) {
    if (path !== undefined && isInside(path, out)) {
      throw new InputError(
        `${option} ${path} lies inside --out ${out}, which is replaced as a whole; write it outside the result folder`,
      );
    }
  }
}

/** True when `inner` is `outer` or lies inside it (both resolved against the working folder). */
function isInside(inner: string, outer: string): boolean {
  const a = resolve(inner);
  const b = resolve(outer);
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
}
