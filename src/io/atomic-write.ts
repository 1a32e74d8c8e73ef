// Writing files whole or not at all: text goes to a temporary file beside the target, which is renamed over
// the target only when complete; on failure the temporary file is removed and the target is untouched.
// One implementation for every writer (result files, event logs in CSV, XES and OCEL, rejects files).
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';

const BLOCK = 1 << 20;

export function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * A text file written in pieces through a 1 MiB block buffer (no string per write is kept): `commit` renames
 * the temporary file into place, `abort` removes it (safe to call after a failure at any point).
 */
export class AtomicTextFile {
  readonly path: string;
  readonly tmpPath: string;
  private fd: number | undefined;
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  constructor(path: string) {
    this.path = path;
    this.tmpPath = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmpPath, 'w');
  }

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: write the block out when the text might not fit.
    if (this.used + text.length * 3 > BLOCK) {
      this.flush();
      if (text.length * 3 > BLOCK) {
        writeSync(this.fd!, text);
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd!, this.block, 0, this.used);
    this.used = 0;
  }

  commit(): void {
    this.flush();
    closeSync(this.fd!);
    this.fd = undefined;
    renameSync(this.tmpPath, this.path);
  }

  abort(): void {
    this.used = 0;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed by a failed commit
      }
      this.fd = undefined;
    }
    rmSync(this.tmpPath, { force: true });
  }
}

/** Runs `body` with an AtomicTextFile for `path`: the file appears complete when body returns, else not at all. */
export function writeTextAtomically(path: string, body: (out: AtomicTextFile) => void): void {
  const out = new AtomicTextFile(path);
  try {
    body(out);
    out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
}
