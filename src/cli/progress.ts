// A progress bar on standard error for every command that can take more than a few seconds. It shows only on
// a terminal and never with --quiet or --json, so scripts, pipes and CI logs stay clean; it is stopped before
// anything else is printed. Library calls report progress through plain callbacks (done, total) and know
// nothing of terminals.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** Starts (or restarts) the bar for a phase of `total` units; `label` says what is being done. */
  phase(label: string, total: number): void;
  /** Sets how many units of the phase are done. */
  update(done: number): void;
  /** Removes the bar from the terminal; safe to call more than once. */
  stop(): void;
}

const SILENT: Progress = { phase() {}, update() {}, stop() {} };

function formatBytes(bytes: number): string {
  return bytes >= 1 << 30
    ? `${(bytes / (1 << 30)).toFixed(1)} GiB`
    : `${(bytes / (1 << 20)).toFixed(bytes >= 10 << 20 ? 0 : 1)} MiB`;
}

/**
 * A bar when standard error is a terminal and the user did not ask for quiet or machine output; otherwise
 * one that does nothing. `unit` names what is counted (`replications`, `series`, `bytes` — shown as MiB).
 */
export function progressBar(
  options: { quiet?: boolean; json?: boolean; unit: string },
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (options.quiet === true || options.json === true || stream.isTTY !== true) return SILENT;
  const bytes = options.unit === 'bytes';
  let bar: SingleBar | undefined;
  let total = 0;
  return {
    phase(label, phaseTotal) {
      bar?.stop();
      total = phaseTotal;
      bar = new SingleBar({
        format: `${label} {bar} {shown} · {duration}s`,
        hideCursor: true,
        clearOnComplete: true,
        stream,
      });
      bar.start(Math.max(1, phaseTotal), 0, { shown: shownValue(0) });
    },
    update(done) {
      bar?.update(done, { shown: shownValue(done) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };

  function shownValue(done: number): string {
    if (!bytes) return `${done}/${total} ${options.unit}`;
    return total > 0 ? `${formatBytes(done)} of ${formatBytes(total)}` : formatBytes(done);
  }
}

/**
 * A bar for reading the file `path` (bytes read of its size); returns the callback that the readers call
 * after each chunk. A device or pipe, which has no size, shows the bytes read.
 */
export function readingProgress(progress: Progress, path: string): (bytes: number) => void {
  let size = 0;
  try {
    const stat = statSync(path);
    if (stat.isFile()) size = stat.size;
  } catch {
    // the reader reports a path that cannot be read
  }
  progress.phase(`reading ${basename(path)}`, size);
  return (bytes) => progress.update(bytes);
}
