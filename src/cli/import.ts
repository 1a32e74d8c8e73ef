// `doorstroom import events.xes --out events.csv`: reads a case-event log in any supported format (a partner's
// CSV through a mapping file when its columns are not the canonical ones, the canonical CSV, XES, OCEL 2.0 JSON
// or XML), pseudonymises identifiers with a keyed hash when asked, and writes the format that the extension of
// --out names, plus `<out>.rejects.csv` when records were rejected. All or nothing: on an error no output file
// is left behind. docs/event-log.md describes the formats, the mapping and the counts.
import { rm } from 'node:fs/promises';
import { Command } from 'commander';
import type { ImportSummary } from '../log/checks.ts';
import { AtomicTextFile } from '../io/atomic-write.ts';
import { loadMapping } from '../log/mapping.ts';
import { loadPseudonymKey, pseudonymiser } from '../log/pseudonymise.ts';
import { EVENT_LOG_EXTENSIONS, EVENT_LOG_FORMAT_NAMES, EVENT_LOG_FORMATS, eventLogFormat, formatOfExtension, readEventLog } from '../log/read.ts';
import { eventLogWriter } from '../log/write.ts';
import { csvField } from '../model/csv.ts';
import { reportUserError, UserError } from './errors.ts';

export interface ImportCommandOptions {
  out: string;
  /** csv, xes, ocel-json or ocel-xml; default by the input's extension. */
  format?: string;
  mapping?: string;
  keyFile?: string;
  pseudonymise?: boolean;
  strict?: boolean;
  quiet?: boolean;
}

/** `events.csv` → `events.rejects.csv`; `events.xes` → `events.xes.rejects.csv`. */
export function rejectsPath(out: string): string {
  return out.toLowerCase().endsWith('.csv') ? `${out.slice(0, -4)}.rejects.csv` : `${out}.rejects.csv`;
}

/** Runs an import; returns the summary. Throws user errors (ModelError, UserError) for the CLI to report. */
export async function runImport(input: string, opts: ImportCommandOptions): Promise<ImportSummary> {
  const format = eventLogFormat(input, opts.format);
  const outFormat = formatOfExtension(opts.out);
  if (outFormat === undefined) throw new UserError(`--out ${opts.out}: the extension names the format to write; use ${EVENT_LOG_EXTENSIONS}`);
  if (opts.mapping !== undefined && format !== 'csv') {
    throw new UserError(`--mapping maps the columns of a CSV file, but ${input} is read as ${EVENT_LOG_FORMAT_NAMES[format]}; leave out --mapping`);
  }
  const pseudonymiseIds = opts.pseudonymise === true;
  const mapping = opts.mapping !== undefined ? loadMapping(opts.mapping, pseudonymiseIds) : undefined;
  const needsKey = pseudonymiseIds || (mapping !== undefined && mapping.pseudonymise.size > 0);
  if (opts.keyFile !== undefined && !needsKey) {
    throw new UserError('--key-file is given but nothing is pseudonymised; add --pseudonymise, or list the identifier columns under pseudonymise: in the mapping file');
  }
  const pseudo = needsKey ? pseudonymiser(loadPseudonymKey(opts.keyFile)) : undefined;
  const rejectsFile = rejectsPath(opts.out);
  const writer = eventLogWriter(opts.out, outFormat);
  let rejects: AtomicTextFile | undefined;
  try {
    const summary = await readEventLog(input, {
      format,
      mapping,
      pseudonymise: pseudo,
      pseudonymiseIds,
      strict: opts.strict,
      onEvents: (batch) => writer.add(batch),
      onReject: (r) => {
        if (!rejects) {
          rejects = new AtomicTextFile(rejectsFile);
          rejects.write('line,kind,reason\n');
        }
        rejects.write(`${r.line},${r.kind},${csvField(r.reason)}\n`);
      },
    });
    writer.commit();
    if (rejects) (rejects as AtomicTextFile).commit();
    // A rejects file left by an earlier import of the same name would describe another run.
    else await rm(rejectsFile, { force: true });
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
  return `${lines.join('\n')}\n`;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import a case-event log (CSV, XES or OCEL 2.0) into an event log of any of these formats, pseudonymising identifiers.')
    .argument('<file>', 'event log from a partner or from `simulate --trace`: .csv, .xes, .jsonocel/.json or .xmlocel/.xml')
    .requiredOption('-o, --out <file>', 'event log to write; its extension names the format (.csv canonical CSV, .xes, .jsonocel/.json, .xmlocel/.xml); rejects go to <name>.rejects.csv')
    .option('--format <format>', `format of the input file: ${EVENT_LOG_FORMATS.join(', ')} (default: by its extension)`)
    .option('--mapping <file>', 'CSV input only: mapping of the file’s columns, activities, lifecycles and timestamps to the canonical ones (YAML)')
    .option('--key-file <file>', 'file with the pseudonym key (default: environment variable DOORSTROOM_PSEUDONYM_KEY)')
    .option('--pseudonymise', 'pseudonymise event, case and person ids (canonical CSV, XES and OCEL input is taken as already pseudonymised)')
    .option('--strict', 'stop at the first bad row or event instead of writing it to the rejects file')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (input: string, opts: ImportCommandOptions) => {
      try {
        const summary = await runImport(input, opts);
        if (!opts.quiet) process.stdout.write(importSummaryText(summary, { out: opts.out, unit: eventLogFormat(input, opts.format) === 'csv' ? 'row' : 'event' }));
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    });
}
