// Writing files whole or not at all: text goes to a temporary file beside the target, which is renamed over
// the target only when complete; on failure or interruption the temporary file is removed and the target is
// untouched. Missing parent folders are created; a target that is a folder, or that cannot be written, is a
// InputError naming the path. Temporaries left by a killed earlier run are removed when the target is written
// again (temp-files.ts). One implementation for every writer (result files, event logs, rejects files).
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './diagnostics.ts';
import { removeStaleTemps, removeTemp, tempPathFor, trackTemp, untrackTemp } from './temp-files.ts';

const BLOCK = 1 << 20;

/** Why a path cannot be written, in words, from a Node file-system error. */
export function writeFailureMessage(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    ENOENT: 'a folder on the way does not exist and cannot be made there; check the path',
    EACCES: 'permission denied; choose a folder you may write to',
    EPERM: 'not permitted; choose a folder you may write to',
    EROFS: 'the file system is read-only; choose another folder',
    ENOSPC: 'the disk is full; free space or choose another disk',
    EDQUOT: 'the disk quota is used up; free space or choose another disk',
    EISDIR: 'this is a folder; give a file name',
    ENOTDIR: 'a part of this path is a file, not a folder',
    ENAMETOOLONG: 'the name is too long',
    EEXIST: 'something is in the way at this path',
    ELOOP: 'the path loops through symbolic links',
    EINVAL: 'this path cannot hold a file',
    EXDEV: 'the temporary file and the target are on different file systems',
  };
  const reason =
    code !== undefined && why[code] !== undefined ? why[code] : error instanceof Error ? error.message : String(error);
  return `cannot write ${path}: ${reason}${code !== undefined ? ` (${code})` : ''}`;
}

/**
 * Creates `folder` and its missing parents, one level at a time. Node's own recursive mkdir never returns on a
 * path under /proc or /sys, where mkdir says ENOENT although the parent exists; this throws that error instead.
 */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  let at = resolve(folder);
  for (;;) {
    try {
      if (statSync(at).isDirectory()) break;
      // A file where a folder should be: mkdir below reports ENOTDIR or EEXIST for it.
      break;
    } catch {
      missing.push(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
    }
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]);
    } catch (error) {
      // Made meanwhile by another process: fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(missing[i]).isDirectory()) throw error;
    }
  }
}

/**
 * Makes sure `path` can be written as a file: its folder exists (created when missing), it is not itself a
 * folder, and temporaries of earlier, ended runs beside it are gone. Throws InputError otherwise.
 */
export function prepareOutputFile(path: string): void {
  let kind: 'absent' | 'file' | 'folder' | 'special' = 'absent';
  try {
    const stat = statSync(path);
    kind = stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'special';
  } catch {
    // absent (or unreadable, which the write itself reports)
  }
  if (kind === 'folder') throw new InputError(`cannot write ${path}: it is a folder; give the name of a file`);
  // A device, pipe or socket would be replaced by the rename (or, as root, a device node lost): refuse it.
  if (kind === 'special')
    throw new InputError(`cannot write ${path}: it is a device, pipe or socket, not a file; give the name of a file`);
  try {
    makeFolders(dirname(path));
  } catch (error) {
    throw new InputError(writeFailureMessage(dirname(path), error));
  }
  removeStaleTemps(path);
}

export function writeFileAtomically(path: string, text: string): void {
  writeTextAtomically(path, (out) => out.write(text));
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
    prepareOutputFile(path);
    this.path = path;
    this.tmpPath = tempPathFor(path);
    trackTemp(this.tmpPath);
    try {
      this.fd = openSync(this.tmpPath, 'w', 0o644);
    } catch (error) {
      untrackTemp(this.tmpPath);
      throw new InputError(writeFailureMessage(path, error));
    }
  }

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: write the block out when the text might not fit.
    if (this.used + text.length * 3 > BLOCK) {
      this.flush();
      if (text.length * 3 > BLOCK) {
        this.writeOut(() => writeSync(this.fd!, text));
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  /** Bytes as they are (a binary file such as an Excel workbook). */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    this.writeOut(() => {
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd!, bytes, at);
    });
  }

  private flush(): void {
    if (this.used === 0) return;
    const used = this.used;
    this.used = 0;
    this.writeOut(() => writeSync(this.fd!, this.block, 0, used));
  }

  private writeOut(write: () => void): void {
    try {
      write();
    } catch (error) {
      throw new InputError(writeFailureMessage(this.path, error));
    }
  }

  /** Writes out what is buffered and closes the temporary file; the target is not touched yet. */
  finish(): void {
    if (this.fd === undefined) return;
    this.flush();
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch (error) {
      throw new InputError(writeFailureMessage(this.path, error));
    }
  }

  commit(): void {
    this.finish();
    try {
      renameSync(this.tmpPath, this.path);
    } catch (error) {
      throw new InputError(writeFailureMessage(this.path, error));
    }
    untrackTemp(this.tmpPath);
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
    removeTemp(this.tmpPath);
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

/**
 * Commits several files as one result (an event log and its rejects file): each is complete before any is
 * renamed into place, and the renames follow each other directly. `remove` lists files that belong to an
 * earlier result of the same name and must not outlive this one (a rejects file when nothing was rejected).
 */
export function commitTogether(files: readonly AtomicTextFile[], remove: readonly string[] = []): void {
  try {
    for (const file of files) file.finish();
  } catch (error) {
    for (const file of files) file.abort();
    throw error;
  }
  for (const path of remove) rmSync(path, { force: true });
  for (const file of files) file.commit();
}
