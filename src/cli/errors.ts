// Turns errors a user can cause into a message without a stack trace and exit code 2; anything else is a
// defect in doorstroom and keeps its stack (exit code 1), so it can be reported and fixed.
import { InvalidArgumentError } from 'commander';
import { writeFailureMessage } from '../core/atomic-write.ts';
import { readFailureMessage } from '../core/read-file.ts';
import { formatDiagnostic, InputError } from '../core/diagnostics.ts';

/** Problems of one error printed at most; the count of the rest follows. */
const MAX_SHOWN_PROBLEMS = 100;

// Errors of the file system that a user causes (a path that is wrong, not writable, full, a folder).
const FILE_SYSTEM_CODES = new Set([
  'ENOENT',
  'EACCES',
  'EPERM',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG',
  'ELOOP',
  'EXDEV',
  'ENXIO',
  'EINVAL',
  'EMFILE',
  'ENFILE',
]);

export function reportUserError(error: unknown): number {
  if (error instanceof InputError && error.diagnostics.length > 0) {
    // A file that is not what it should be can have a problem on every line: the first ones say what to fix.
    const n = error.diagnostics.length;
    const shown = n > MAX_SHOWN_PROBLEMS ? error.diagnostics.slice(0, MAX_SHOWN_PROBLEMS) : error.diagnostics;
    process.stderr.write(`${shown.map(formatDiagnostic).join('\n')}\n`);
    if (n > shown.length)
      process.stderr.write(
        `… and ${n - shown.length} more problems, not shown; fix these first (is it the right file?)\n`,
      );
    process.stderr.write(`doorstroom: ${n} problem${n === 1 ? '' : 's'} found; stopped before writing any result\n`);
    return 2;
  }
  if (error instanceof InputError || error instanceof InvalidArgumentError) {
    process.stderr.write(`doorstroom: ${error.message}\n`);
    return 2;
  }
  // A file-system error that reached here unwrapped (a path the user named could not be read or written):
  // the user's to fix, so name the path and the reason, without a stack trace.
  const fsError = error as NodeJS.ErrnoException;
  if (typeof fsError?.code === 'string' && typeof fsError.syscall === 'string' && FILE_SYSTEM_CODES.has(fsError.code)) {
    const path = fsError.path ?? '';
    const reading =
      fsError.syscall === 'open' ||
      fsError.syscall === 'read' ||
      fsError.syscall === 'scandir' ||
      fsError.syscall === 'stat';
    process.stderr.write(
      `doorstroom: ${reading ? readFailureMessage(fsError) : writeFailureMessage(path, fsError)}${reading && path ? ` (${path})` : ''}\n`,
    );
    return 2;
  }
  process.stderr.write(
    `doorstroom: internal error, please report it with the model file:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
