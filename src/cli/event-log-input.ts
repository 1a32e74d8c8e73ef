// The event-log input that `monitor` and `calibrate` share: the options that say how to read the log, and
// their checks. These commands read a log without writing it, so a mapping that would pseudonymise is refused:
// raw identifiers go no further than `doorstroom import`.
import type { Command } from 'commander';
import { loadMapping } from '../log/mapping.ts';
import { EVENT_LOG_FORMATS, eventLogFormat } from '../log/read.ts';
import type { LoadLogOptions } from '../monitor/load.ts';
import { UserError } from './errors.ts';

export interface EventLogInputOptions {
  format?: string;
  mapping?: string;
  strict?: boolean;
}

/** Adds --format, --mapping and --strict. */
export function eventLogInputOptions(command: Command): Command {
  return command
    .option('--format <format>', `format of the log: ${EVENT_LOG_FORMATS.join(', ')} (default: by its extension)`)
    .option('--mapping <file>', 'mapping of a partner export’s columns to the canonical ones, CSV only (docs/event-log.md)')
    .option('--strict', 'stop at the first bad row instead of counting it');
}

/** The options for loadEventTable; `verb` names the command in the advice to import first. */
export function eventLogLoadOptions(input: string, opts: EventLogInputOptions, verb: string): LoadLogOptions {
  const mapping = opts.mapping !== undefined ? loadMapping(opts.mapping) : undefined;
  if (mapping && mapping.pseudonymise.size > 0) {
    throw new UserError(`${opts.mapping}: the mapping pseudonymises identifiers; import the log first (doorstroom import … --mapping ${opts.mapping} --out events.csv) and ${verb} the imported file`);
  }
  return { format: eventLogFormat(input, opts.format), mapping, strict: opts.strict };
}
