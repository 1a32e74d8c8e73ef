// Turns errors a user can cause into a message without a stack trace and exit code 2; anything else is a
// defect in doorstroom and keeps its stack (exit code 1), so it can be reported and fixed.
import { InvalidArgumentError } from 'commander';
import { ModelError } from '../model/diagnostics.ts';

export class UserError extends Error {}

export function reportUserError(error: unknown): number {
  if (error instanceof ModelError) {
    process.stderr.write(`${error.message}\n`);
    const n = error.diagnostics.length;
    process.stderr.write(`doorstroom: ${n} problem${n === 1 ? '' : 's'} found; stopped before writing any result\n`);
    return 2;
  }
  if (error instanceof UserError || error instanceof InvalidArgumentError) {
    process.stderr.write(`doorstroom: ${error.message}\n`);
    return 2;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
    process.stderr.write(`doorstroom: ${(error as Error).message}\n`);
    return 2;
  }
  process.stderr.write(`doorstroom: internal error, please report it with the model file:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
