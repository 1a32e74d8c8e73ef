// Temporary files and folders that stand in for an output until it is complete. Every one is named
// `<target>.tmp-<pid>` (or `<target>.old-<pid>` for a folder moved aside during a swap), so that the next run
// writing the same target can tell which were left by a process that no longer runs and remove them. While a
// process runs, its temporaries are registered here; on SIGINT, SIGTERM or SIGHUP they are removed before the
// process exits, so an interrupted command leaves the target as it was. Only SIGKILL (or a power cut) leaves
// any behind, and those the next run cleans.
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const live = new Set<string>();

/** The temporary name that stands in for `target` while this process writes it. */
export function tempPathFor(target: string): string {
  return `${target}.tmp-${process.pid}`;
}

/** Registers a temporary file or folder of this process, to be removed if the process is interrupted. */
export function trackTemp(path: string): void {
  live.add(path);
}

/** The temporary was renamed into place or removed: no longer this process's to clean. */
export function untrackTemp(path: string): void {
  live.delete(path);
}

/**
 * Removes a temporary of this process (file or folder) and forgets it. A failure is not reported: this runs
 * while another error is on its way (which is the one to report), and whatever stays is removed by the next run.
 */
export function removeTemp(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // see above
  }
  live.delete(path);
}

/** Removes every temporary this process still holds (synchronously: it runs in a signal handler). */
export function removeLiveTemps(): void {
  for (const path of live) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort while exiting; whatever stays is removed by the next run as a dead process's leftover.
    }
  }
  live.clear();
}

let installed = false;

/**
 * Removes this process's temporaries on SIGINT, SIGTERM and SIGHUP, then exits with 128 + the signal number
 * (130, 143, 129) as a shell expects. Installed once by the command line; a library caller keeps its own
 * signal handling.
 */
export function removeTempsOnSignals(): void {
  if (installed) return;
  installed = true;
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const signal of Object.keys(numbers) as NodeJS.Signals[]) {
    process.on(signal, () => {
      removeLiveTemps();
      process.exit(128 + numbers[signal]);
    });
  }
}

/** True when a process with this id runs (or exists but belongs to another user). */
export function processRuns(pid: number): boolean {
  if (pid === process.pid) return false; // ours cannot have made it yet: a leftover of an earlier process with our id
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries that earlier processes, now ended, left beside `target` (`<target>.tmp-<pid>`,
 * `<target>.old-<pid>`). Those of processes that still run are left alone: they may be writing right now.
 * Returns the paths removed. A folder that cannot be listed has nothing to clean.
 */
export function removeStaleTemps(target: string): string[] {
  const folder = dirname(target);
  const prefix = `${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(?:tmp|old)-(\d+)$/.exec(name.slice(prefix.length));
    if (match === null || processRuns(Number(match[1]))) continue;
    const path = join(folder, name);
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Not ours to remove (permissions): it stays, and does no harm beside the target.
    }
  }
  return removed;
}
