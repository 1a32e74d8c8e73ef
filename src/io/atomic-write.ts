// Writing a file whole or not at all: the text goes to a temporary file beside the target, which is renamed
// over the target only when complete; on failure the temporary file is removed and the target is untouched.
import { renameSync, rmSync, writeFileSync } from 'node:fs';

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
