// Reading an input file whole, with a size limit: model, measure, mapping and key files, and the CSV inputs
// that are read into memory (inflow, forecast series, households, targets). A file over its limit — or a
// device such as /dev/zero that never ends — stops at the limit with a located error that names the limit,
// instead of filling memory. Streamed inputs (event logs) have no size limit; they bound each record instead.
// Invariant: every failure leaves here as an InputError at the file's line 1, column 1.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './diagnostics.ts';
import { type LocatedDocument, parseYamlDocument } from './yaml-source.ts';

const MIB = 1 << 20;

/** The size limits of files read whole (docs/limits.md lists them for users). */
export const FILE_LIMITS = {
  /** A chain model, a measure file or a mapping file (YAML). */
  yaml: 16 * MIB,
  /** A CSV input read whole: inflow, forecast series, households, targets, arrears, scores, coordinates. */
  csv: 256 * MIB,
  /** A pseudonym key file. */
  key: 4096,
  /** An OCEL 2.0 JSON log (parsed whole, unlike the streamed formats). */
  ocelJson: 512 * MIB,
} as const;

/** Shared with every file loader: `cannot read file: ENOENT: no such file or directory (check the path)`. */
export function readFailureMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // Node appends the syscall and path ("…, open '/x/model.yaml'"); the diagnostic already names the file.
  const reason = error instanceof Error ? error.message.replace(/, \w+ '.*'$|, \w+$/, '') : String(error);
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? 'check that you may read the file'
      : code === 'EISDIR'
        ? 'this is a folder; give the path of a file in it'
        : 'check the path';
  return `cannot read file: ${reason} (${hint})`;
}

/** `16 MiB`, `4096 bytes`: a limit as a reader says it. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  return `${bytes} bytes`;
}

function fail(file: string, message: string): never {
  throw new InputError([{ file, line: 1, col: 1, path: '', message }]);
}

/**
 * The bytes of `file`, at most `maxBytes` of them; a larger file (or an endless device) is an InputError that
 * names `what` and the limit. A folder, a missing or unreadable file are ModelErrors too.
 */
export function readBytesLimited(file: string, maxBytes: number, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return fail(file, readFailureMessage(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return fail(file, 'cannot read file: this is a folder; give the path of a file in it');
    const tooLarge = (): never =>
      fail(
        file,
        `the file is larger than ${formatByteLimit(maxBytes)}, the limit for ${what}; check that this is the right file, or split it`,
      );
    if (stat.isFile() && stat.size > maxBytes) return tooLarge();
    // Read up to one byte past the limit: devices and pipes report no size, and files may grow while read.
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, MIB));
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        return fail(file, readFailureMessage(error));
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return tooLarge();
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const windows1252 = new TextDecoder('windows-1252');

/**
 * The text of `file` (UTF-8, a leading byte-order mark removed), at most `maxBytes` bytes. With
 * `legacyEncoding`, a file that is not valid UTF-8 is read as Windows-1252, the encoding Dutch Excel uses for
 * "CSV (gescheiden door lijstscheidingsteken)"; otherwise invalid UTF-8 is a located error.
 */
export function readTextFile(
  file: string,
  options: { maxBytes: number; what: string; legacyEncoding?: boolean },
): string {
  const bytes = readBytesLimited(file, options.maxBytes, options.what);
  try {
    return utf8Strict.decode(bytes);
  } catch {
    if (options.legacyEncoding === true) {
      // A byte-order mark says UTF-8, the rest is not: the mark is not text in either reading.
      const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      return windows1252.decode(bom ? bytes.subarray(3) : bytes);
    }
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new InputError([
      {
        file,
        line,
        col: at - lineStart + 1,
        path: '',
        message: 'the file is not UTF-8 text (a byte here is not valid UTF-8); save it as UTF-8',
      },
    ]);
  }
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      utf8Strict.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Reads and parses a YAML file; a missing or unreadable file becomes an InputError, not a stack trace. */
export function loadYamlFile(filePath: string): LocatedDocument {
  return parseYamlDocument(readTextFile(filePath, { maxBytes: FILE_LIMITS.yaml, what: 'a YAML file' }), filePath);
}
