// `doorstroom import events.xes --out events.csv`: reads a case-event log in any supported format (a partner's
// CSV through a mapping file when its columns are not the canonical ones, the canonical CSV, XES, OCEL 2.0 JSON
// or XML), pseudonymises identifiers with a keyed hash when asked, and writes the format that the extension of
// --out names, plus `<out>.rejects.csv` when records were rejected. All or nothing: on an error, or when too
// few records were accepted (--min-accepted; by default none), no output file is left behind, and an output
// that would write over an input is refused before reading. docs/event-log.md describes the formats, the
// mapping and the counts.
import { statSync } from 'node:fs';
import { Command } from 'commander';
import { acceptedShareCheck, RejectTally, type ImportSummary } from '../log/checks.ts';
import { AtomicTextFile, commitTogether } from '../core/atomic-write.ts';
import { CanonicalCsvWriter } from '../log/csv-write.ts';
import { IDENTIFIER_FIELDS, loadMapping } from '../log/mapping.ts';
import { loadPseudonymKey, pseudonymiser } from '../log/pseudonymise.ts';
import {
  EVENT_LOG_EXTENSIONS,
  EVENT_LOG_FORMATS,
  eventLogFormat,
  formatOfExtension,
  isGzipName,
  readEventLog,
} from '../log/read.ts';
import { eventLogWriter } from '../log/write.ts';
import { csvField } from '../core/csv.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';
import { progressBar, readingProgress } from './progress.ts';
import {
  type EventLogReadingOptions,
  eventLogReadingOptions,
  MIN_ACCEPTED_HELP,
  minAcceptedShare,
} from './event-log-input.ts';

export interface ImportCommandOptions extends EventLogReadingOptions {
  out: string;
  /** csv, xes, ocel-json or ocel-xml; default by the input's extension. */
  format?: string;
  mapping?: string;
  keyFile?: string;
  pseudonymise?: boolean;
  strict?: boolean;
  /** Share of the records (0 to 1) that must be accepted; default: at least one. */
  minAccepted?: number;
  quiet?: boolean;
}

/** `events.csv` → `events.rejects.csv`; `events.xes` → `events.xes.rejects.csv`. */
export function rejectsPath(out: string): string {
  return out.toLowerCase().endsWith('.csv') ? `${out.slice(0, -4)}.rejects.csv` : `${out}.rejects.csv`;
}

/** The file at `path` (device and inode), or undefined when there is none. */
function fileId(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses outputs that cannot be written or would destroy an input, before anything is read: --out that is a
 * folder, and --out or its rejects file that is the log, the mapping or the key file (also through a link).
 */
function checkOutputs(input: string, opts: ImportCommandOptions, rejectsFile: string): void {
  let isFolder = false;
  try {
    isFolder = statSync(opts.out).isDirectory();
  } catch {
    // absent: written new
  }
  if (isFolder)
    throw new InputError(
      `--out ${opts.out} is a folder; give the name of the file to write, e.g. ${opts.out.replace(/\/+$/, '')}/events.csv`,
    );
  const inputs: [string, string][] = [[input, 'the log to import']];
  if (opts.mapping !== undefined) inputs.push([opts.mapping, 'the mapping file']);
  if (opts.keyFile !== undefined) inputs.push([opts.keyFile, 'the key file']);
  for (const [path, what] of inputs) {
    const id = fileId(path);
    if (id === undefined) continue;
    if (fileId(opts.out) === id)
      throw new InputError(
        `--out ${opts.out} is ${what} (${path}); the import would write over it: give another --out`,
      );
    if (fileId(rejectsFile) === id)
      throw new InputError(
        `the rejects file of --out ${opts.out} would be ${rejectsFile}, which is ${what} (${path}); give another --out`,
      );
  }
}

/** Runs an import; returns the summary. Throws user errors (InputError, InputError) for the CLI to report. */
export async function runImport(
  input: string,
  opts: ImportCommandOptions,
  onBytesRead?: (bytes: number) => void,
): Promise<ImportSummary> {
  const format = eventLogFormat(input, opts.format);
  const outFormat = formatOfExtension(opts.out);
  if (outFormat === undefined)
    throw new InputError(`--out ${opts.out}: the extension names the format to write; use ${EVENT_LOG_EXTENSIONS}`);
  if (isGzipName(opts.out))
    throw new InputError(
      `--out ${opts.out}: doorstroom writes logs uncompressed; leave out .gz (and compress the file afterwards if you need to)`,
    );
  const rejectsFile = rejectsPath(opts.out);
  checkOutputs(input, opts, rejectsFile);
  const pseudonymiseIds = opts.pseudonymise === true;
  const mapping = opts.mapping !== undefined ? loadMapping(opts.mapping, pseudonymiseIds) : undefined;
  const needsKey = pseudonymiseIds || (mapping !== undefined && mapping.pseudonymise.size > 0);
  if (opts.keyFile !== undefined && !needsKey) {
    throw new InputError(
      '--key-file is given but nothing is pseudonymised; add --pseudonymise, or list the identifier columns under pseudonymise: in the mapping file',
    );
  }
  const pseudo = needsKey ? pseudonymiser(loadPseudonymKey(opts.keyFile)) : undefined;
  // The XES writer states in the file whether (and which) identifiers doorstroom pseudonymised.
  const writer = eventLogWriter(opts.out, outFormat, {
    pseudonymised: mapping !== undefined ? [...mapping.pseudonymise] : pseudonymiseIds ? IDENTIFIER_FIELDS : [],
  });
  const tally = new RejectTally();
  let rejects: AtomicTextFile | undefined;
  try {
    const summary = await readEventLog(input, {
      format,
      mapping,
      pseudonymise: pseudo,
      pseudonymiseIds,
      strict: opts.strict,
      timeZone: opts.timezone,
      caseType: opts.caseType,
      onBytesRead,
      onEvents: (batch) => writer.add(batch),
      onReject: (r) => {
        tally.add(r);
        if (!rejects) {
          rejects = new AtomicTextFile(rejectsFile);
          rejects.write('line,kind,reason\n');
        }
        // Reasons name lines and columns and never quote an identifier (nor, while pseudonymising, any value).
        rejects.write(`${r.line},${r.kind},${csvField(r.reason)}\n`);
      },
    });
    acceptedShareCheck(input, summary, tally, opts.minAccepted, format === 'csv' ? 'row' : 'event');
    // One result: the events and their rejects file appear together, and a rejects file of an earlier import of
    // the same name, which would describe another run, goes in the same step.
    const files = rejects ? [rejects as AtomicTextFile] : [];
    const stale = rejects ? [] : [rejectsFile];
    if (writer instanceof CanonicalCsvWriter) commitTogether([writer.file, ...files], stale);
    else {
      // XES and OCEL are written whole at commit: the rejects file is complete before that file is renamed.
      for (const file of files) file.finish();
      writer.commit();
      commitTogether(files, stale);
    }
    return summary;
  } catch (error) {
    writer.abort();
    if (rejects) (rejects as AtomicTextFile).abort();
    throw error;
  }
}

/** The counts as printed; `unit` is what one record of the input is (a CSV row or an XES/OCEL event). */
export function importSummaryText(summary: ImportSummary, opts: { out: string; unit?: 'row' | 'event' }): string {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const unit = opts.unit ?? 'row';
  const lines = [
    `${unit === 'row' ? 'data rows   ' : 'events      '}  ${n(summary.dataRows)}`,
    `accepted      ${n(summary.accepted)}  → ${opts.out}`,
    `rejected      ${n(summary.rejected)}${summary.rejected + summary.duplicates > 0 ? `  → ${rejectsPath(opts.out)}` : ''}`,
    `duplicates    ${n(summary.duplicates)}  (same event id as an earlier ${unit}; listed in the rejects file, not imported)`,
    `out of order  ${n(summary.outOfOrder)}${summary.outOfOrder > 0 ? `  (earlier than a previous event of the case; imported; first at line${summary.outOfOrderLines.length === 1 ? '' : 's'} ${summary.outOfOrderLines.join(', ')})` : ''}`,
  ];
  if (summary.timeZone !== undefined)
    lines.push(`time zone     ${summary.timeZone}  (of timestamps without a UTC offset; --timezone to change)`);
  return `${lines.join('\n')}\n`;
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description(
      'Import a case-event log (CSV, XES or OCEL 2.0) into an event log of any of these formats, pseudonymising identifiers.',
    )
    .argument(
      '<file>',
      'event log from a partner or from `simulate --trace`: .csv, .xes (or .xes.gz), .jsonocel/.json or .xmlocel/.xml',
    )
    .requiredOption(
      '-o, --out <file>',
      'event log to write; its extension names the format (.csv canonical CSV, .xes, .jsonocel/.json, .xmlocel/.xml); rejects go to <name>.rejects.csv',
    )
    .option(
      '--format <format>',
      `format of the input file: ${EVENT_LOG_FORMATS.join(', ')} (default: by its extension)`,
    )
    .option(
      '--mapping <file>',
      'mapping of the file’s columns (CSV), activities, lifecycles, partner and time zone to the canonical ones (YAML)',
    )
    .option('--key-file <file>', 'file with the pseudonym key (default: environment variable DOORSTROOM_PSEUDONYM_KEY)')
    .option(
      '--pseudonymise',
      'pseudonymise event, case and person ids (canonical CSV, XES and OCEL input is taken as already pseudonymised)',
    )
    .option('--strict', 'stop at the first bad row or event instead of writing it to the rejects file')
    .option('--min-accepted <share>', MIN_ACCEPTED_HELP, minAcceptedShare)
    .option('-q, --quiet', 'print nothing but errors');
  eventLogReadingOptions(command).action(async (input: string, opts: ImportCommandOptions) => {
    try {
      const progress = progressBar({ quiet: opts.quiet, unit: 'bytes' });
      const summary = await runImport(input, opts, readingProgress(progress, input)).finally(() => progress.stop());
      if (!opts.quiet)
        process.stdout.write(
          importSummaryText(summary, {
            out: opts.out,
            unit: eventLogFormat(input, opts.format) === 'csv' ? 'row' : 'event',
          }),
        );
    } catch (error) {
      process.exitCode = reportUserError(error);
    }
  });
}
