// `doorstroom monitor events.csv [--model m.yaml]`: reads a case-event log, derives stage visits and prints
// the figures a coordination table steers on; writes them as tidy files (--out) and a self-contained HTML
// report (--report). Rejected rows are counted and, with --out, listed; nothing is dropped silently.
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadModel } from '../model/load.ts';
import type { ChainModel } from '../model/schema.ts';
import { parseIsoDate } from '../core/calendar.ts';
import type { ImportReject, ImportSummary } from '../log/checks.ts';
import { csvField } from '../core/csv.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { chainForLog, loadEventTable } from '../monitor/load.ts';
import { readVisits } from '../monitor/visits.ts';
import { GROUP_BY, type GroupBy, type MonitorResult, monitorFigures } from '../monitor/metrics.ts';
import { monitorJson, monitorTables, writeMonitorFiles } from '../results/monitor-files.ts';
import { monitorSummaryText } from '../results/monitor-table.ts';
import { monitorReportHtml } from '../report/monitor-report.ts';
import { writeWorkbook } from '../results/workbook.ts';
import { formatCount, type Lang } from '../core/locale.ts';
import { withLang, withXlsx } from './options.ts';
import { checkOutputs } from '../core/result-folder.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';
import { progressBar, readingProgress } from './progress.ts';
import { type EventLogInputOptions, eventLogInputOptions, eventLogLoadOptions } from './event-log-input.ts';

export interface MonitorCommandOptions extends EventLogInputOptions {
  model?: string;
  from?: string;
  to?: string;
  by?: GroupBy;
  out?: string;
  report?: string;
  json?: boolean;
  quiet?: boolean;
  lang: Lang;
  xlsx?: string;
}

/** The line that says how much of the log was read. */
function readText(summary: ImportSummary, input: string, opts: MonitorCommandOptions): string {
  const lang = opts.lang;
  const n = (v: number) => formatCount(v, lang);
  const nl = lang === 'nl';
  const bad = summary.rejected + summary.duplicates;
  const where = opts.out
    ? nl
      ? ` (opgesomd in ${join(opts.out, 'rejects.csv')})`
      : ` (listed in ${join(opts.out, 'rejects.csv')})`
    : nl
      ? ' (doorstroom import somt ze op)'
      : ' (run doorstroom import to list them)';
  const rejected =
    bad > 0
      ? nl
        ? ` · ${n(summary.rejected)} afgewezen, ${n(summary.duplicates)} dubbel${where}`
        : ` · ${n(summary.rejected)} rejected, ${n(summary.duplicates)} duplicates${where}`
      : '';
  const order =
    summary.outOfOrder > 0
      ? nl
        ? ` · ${n(summary.outOfOrder)} niet op volgorde binnen hun zaak (op tijd gezet)`
        : ` · ${n(summary.outOfOrder)} out of order within their case (ordered by time)`
      : '';
  const read = nl
    ? `${n(summary.accepted)} van ${n(summary.dataRows)} gebeurtenissen gelezen uit ${input}`
    : `read ${n(summary.accepted)} of ${n(summary.dataRows)} events of ${input}`;
  return `${read}${rejected}${order}\n`;
}

function isoDate(name: string) {
  return (value: string): string => {
    try {
      parseIsoDate(value);
    } catch {
      throw new InvalidArgumentError(`${name} must be a date YYYY-MM-DD (got "${value}")`);
    }
    return value;
  };
}

function groupBy(value: string): GroupBy {
  if (!(GROUP_BY as readonly string[]).includes(value))
    throw new InvalidArgumentError(`--by must be one of ${GROUP_BY.join(', ')} (got "${value}")`);
  return value as GroupBy;
}

/** Reads the log and computes the figures; rejects are collected for the caller to write. */
export async function runMonitor(
  input: string,
  opts: MonitorCommandOptions,
  onBytesRead?: (bytes: number) => void,
): Promise<{ result: MonitorResult; summary: ImportSummary; rejects: ImportReject[]; model?: ChainModel }> {
  const loaded = opts.model !== undefined ? loadModel(opts.model) : undefined;
  const fromDay = opts.from !== undefined ? parseIsoDate(opts.from) : undefined;
  const toDay = opts.to !== undefined ? parseIsoDate(opts.to) + 1 : undefined;
  if (fromDay !== undefined && toDay !== undefined && toDay <= fromDay)
    throw new InputError(`--to ${opts.to} is before --from ${opts.from}`);
  const rejects: ImportReject[] = [];
  const { table, summary } = await loadEventTable(input, {
    ...eventLogLoadOptions(input, opts, 'monitor'),
    onReject: (r) => rejects.push(r),
    onBytesRead,
  });
  if (table.events === 0)
    throw new InputError(
      `${input}: no events were read (${summary.rejected} rejected, ${summary.duplicates} duplicates); nothing to monitor`,
    );
  const chain = loaded ? chainForLog(loaded, table) : undefined;
  const reading = readVisits(
    table,
    chain?.stages.map((s) => s.id),
  );
  const result = monitorFigures(table, reading, { fromDay, toDay, by: opts.by, chain });
  return { result, summary, rejects, model: loaded?.model };
}

export function registerMonitor(program: Command): void {
  const command = eventLogInputOptions(program.command('monitor'))
    .description('Lead times, norms, backlogs, bottlenecks, moves and waiting permit holders from a case-event log.')
    .argument('<events>', 'case-event log: canonical CSV (or a partner export with --mapping), XES or OCEL 2.0')
    .option('-m, --model <file>', 'chain model: its stages, norms, calendar and capacities')
    .option('--from <date>', 'first day of the window (default: the first event)', isoDate('--from'))
    .option(
      '--to <date>',
      'last day of the window, included; open cases are counted at its end (default: the last event)',
      isoDate('--to'),
    )
    .option('--by <attribute>', `split lead times, norms and open cases by ${GROUP_BY.join(', ')}`, groupBy)
    .option('-o, --out <dir>', 'write summary.json and tidy CSV files (and rejects.csv) to this folder')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--json', 'print summary.json to standard output instead of the table')
    .option('-q, --quiet', 'print nothing but errors');
  withXlsx(withLang(command)).action(async (input: string, opts: MonitorCommandOptions) => {
    try {
      checkOutputs(opts.out, { '--report': opts.report, '--xlsx': opts.xlsx });
      const progress = progressBar({ quiet: opts.quiet, json: opts.json, unit: 'bytes' });
      const { result, summary, rejects, model } = await runMonitor(
        input,
        opts,
        readingProgress(progress, input),
      ).finally(() => progress.stop());
      const source = { log: input, model: opts.model };
      if (opts.out) {
        writeMonitorFiles(result, opts.out, source, (folder) => {
          if (rejects.length === 0) return;
          const lines = ['line,kind,reason'];
          for (const r of rejects) lines.push(`${r.line},${r.kind},${csvField(r.reason)}`);
          folder.write('rejects.csv', lines.join('\n') + '\n');
        });
      }
      if (opts.xlsx) writeWorkbook(opts.xlsx, monitorTables(result), opts.lang);
      if (opts.report) writeFileAtomically(opts.report, monitorReportHtml(result, source, { lang: opts.lang, model }));
      if (opts.json) process.stdout.write(monitorJson(result, source));
      else if (!opts.quiet) {
        process.stdout.write(readText(summary, input, opts));
        if (summary.timeZone !== undefined)
          process.stdout.write(
            opts.lang === 'nl'
              ? `tijden zonder UTC-verschil gelezen in ${summary.timeZone} (--timezone om dat te wijzigen)\n`
              : `timestamps without a UTC offset read in ${summary.timeZone} (--timezone to change)\n`,
          );
        process.stdout.write(monitorSummaryText(result, opts.lang));
      }
    } catch (error) {
      process.exitCode = reportUserError(error);
    }
  });
}
