// `doorstroom import partner.csv --out events.csv`: reads a partner's case-event CSV (through a mapping file
// when its columns are not the canonical ones), pseudonymises identifier columns with a keyed hash, and writes
// the canonical CSV plus `<out>.rejects.csv` when rows were rejected. All or nothing: on an error no output
// file is left behind. docs/event-log.md describes the format, the mapping and the counts.
import { rm } from 'node:fs/promises';
import { Command } from 'commander';
import { importCsv, type ImportSummary } from '../log/csv-import.ts';
import { CanonicalCsvWriter } from '../log/csv-write.ts';
import { AtomicTextFile } from '../io/atomic-write.ts';
import { canonicalMapping, loadMapping } from '../log/mapping.ts';
import { loadPseudonymKey, pseudonymiser } from '../log/pseudonymise.ts';
import { csvField } from '../model/csv.ts';
import { reportUserError, UserError } from './errors.ts';

export interface ImportCommandOptions {
  out: string;
  mapping?: string;
  keyFile?: string;
  pseudonymise?: boolean;
  strict?: boolean;
  quiet?: boolean;
}

/** `events.csv` → `events.rejects.csv`. */
export function rejectsPath(out: string): string {
  return out.toLowerCase().endsWith('.csv') ? `${out.slice(0, -4)}.rejects.csv` : `${out}.rejects.csv`;
}

/** Runs an import; returns the summary. Throws user errors (ModelError, UserError) for the CLI to report. */
export async function runImport(input: string, opts: ImportCommandOptions): Promise<ImportSummary> {
  const mapping = opts.mapping !== undefined ? loadMapping(opts.mapping, opts.pseudonymise === true) : canonicalMapping(opts.pseudonymise === true);
  if (opts.keyFile !== undefined && mapping.pseudonymise.size === 0) {
    throw new UserError('--key-file is given but nothing is pseudonymised; add --pseudonymise, or list the identifier columns under pseudonymise: in the mapping file');
  }
  const pseudo = mapping.pseudonymise.size > 0 ? pseudonymiser(loadPseudonymKey(opts.keyFile)) : undefined;
  const rejectsFile = rejectsPath(opts.out);
  const writer = new CanonicalCsvWriter(opts.out);
  let rejects: AtomicTextFile | undefined;
  try {
    const summary = await importCsv(input, {
      mapping,
      pseudonymise: pseudo,
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

export function importSummaryText(summary: ImportSummary, opts: { out: string }): string {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const lines = [
    `data rows     ${n(summary.dataRows)}`,
    `accepted      ${n(summary.accepted)}  → ${opts.out}`,
    `rejected      ${n(summary.rejected)}${summary.rejected + summary.duplicates > 0 ? `  → ${rejectsPath(opts.out)}` : ''}`,
    `duplicates    ${n(summary.duplicates)}  (same event id as an earlier row; listed in the rejects file, not imported)`,
    `out of order  ${n(summary.outOfOrder)}${summary.outOfOrder > 0 ? `  (earlier than a previous event of the case; imported; first at line${summary.outOfOrderLines.length === 1 ? '' : 's'} ${summary.outOfOrderLines.join(', ')})` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import a case-event CSV into the canonical event log, pseudonymising identifiers.')
    .argument('<file>', 'event log (CSV) from a partner or from `simulate --trace`')
    .requiredOption('-o, --out <file>', 'canonical event log to write (CSV); rejects go to <name>.rejects.csv')
    .option('--mapping <file>', 'mapping of the file’s columns, activities, lifecycles and timestamps to the canonical ones (YAML)')
    .option('--key-file <file>', 'file with the pseudonym key (default: environment variable DOORSTROOM_PSEUDONYM_KEY)')
    .option('--pseudonymise', 'pseudonymise event, case and person ids (canonical input is taken as already pseudonymised)')
    .option('--strict', 'stop at the first bad row instead of writing it to the rejects file')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (input: string, opts: ImportCommandOptions) => {
      try {
        const summary = await runImport(input, opts);
        if (!opts.quiet) process.stdout.write(importSummaryText(summary, opts));
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    });
}
