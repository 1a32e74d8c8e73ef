// `doorstroom key new <file>`: writes a new pseudonym key — 32 random bytes as 64 hexadecimal characters and a
// line feed — that only its owner may read (mode 0600 from the moment the file exists, never wider), whole or
// not at all: the key is written to a temporary file beside the target and linked into place, which fails
// instead of replacing a key that is there (a lost key means pseudonyms that no longer join). `--force`
// replaces it. docs/event-log.md (Pseudonymisation) describes keys.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { prepareOutputFile, writeFailureMessage } from '../core/atomic-write.ts';
import { removeTemp, tempPathFor, trackTemp } from '../core/temp-files.ts';
import { keyFromBytes, keyProblem } from '../log/pseudonymise.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';

/** Random bytes in a new key. */
export const NEW_KEY_BYTES = 32;

export interface KeyNewOptions {
  force?: boolean;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function refuseExisting(path: string): never {
  throw new InputError(
    `${path} exists already; a new key there would make the pseudonyms of logs imported with the old one no longer join. Choose another file name, or give --force to replace it`,
  );
}

/** Writes a new key to `path` (see the file comment); throws InputError when it exists (without force) or cannot be written. */
export function writeNewKey(path: string, opts: KeyNewOptions = {}): void {
  prepareOutputFile(path);
  if (!opts.force && exists(path)) refuseExisting(path);
  const text = `${randomBytes(NEW_KEY_BYTES).toString('hex')}\n`;
  // A generator that went wrong must not hand out a key the loader would refuse.
  if (keyProblem(keyFromBytes(Buffer.from(text))) !== undefined) throw new Error('key new: the generated key is weak');
  const tmp = tempPathFor(path);
  trackTemp(tmp);
  try {
    let fd: number;
    try {
      // 'wx': a new file, created with mode 0600 (the umask can only narrow it), never an existing one.
      fd = openSync(tmp, 'wx', 0o600);
    } catch (error) {
      throw new InputError(writeFailureMessage(path, error));
    }
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, text);
      fsyncSync(fd);
    } catch (error) {
      throw new InputError(writeFailureMessage(path, error));
    } finally {
      closeSync(fd);
    }
    if (opts.force) {
      try {
        renameSync(tmp, path);
      } catch (error) {
        throw new InputError(writeFailureMessage(path, error));
      }
    } else {
      try {
        // A hard link appears whole and fails when the name is taken, also by a file made since the check above.
        linkSync(tmp, path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') refuseExisting(path);
        // File systems without hard links: the check above, then a rename.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK')
          throw new InputError(writeFailureMessage(path, error));
        if (exists(path)) refuseExisting(path);
        try {
          renameSync(tmp, path);
        } catch (renameError) {
          throw new InputError(writeFailureMessage(path, renameError));
        }
      }
    }
  } finally {
    // Linked or renamed into place, or never made: what is left under the temporary name goes.
    removeTemp(tmp);
  }
}

export function registerKey(program: Command): void {
  const key = program.command('key').description('Pseudonym keys: `key new <file>` writes a new one.');
  key
    .command('new')
    .description(
      'Write a new pseudonym key (32 random bytes as 64 hex characters) to a file only you may read (mode 600).',
    )
    .argument('<file>', 'key file to create; missing folders are created; an existing file is refused')
    .option('--force', 'replace the file when it exists (logs imported with the old key no longer join the new ones)')
    .action((file: string, opts: KeyNewOptions) => {
      try {
        writeNewKey(file, opts);
        process.stdout.write(
          `wrote a new pseudonym key to ${file} (mode 600: only you may read it)\n` +
            `use it with --key-file ${file}; keep it apart from the data and back it up: whoever holds it can re-identify the pseudonyms, and logs imported with another key do not join\n`,
        );
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    });
}
