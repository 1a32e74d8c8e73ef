// The event-log input that `monitor` and `calibrate` share: the options that say how to read the log, and
// their checks. These commands read a log without writing it, so a mapping that would pseudonymise is refused:
// raw identifiers go no further than `doorstroom import`. --timezone, --case-type and --min-accepted are shared
// with `import` too.
import { type Command, InvalidArgumentError } from 'commander';
import { loadMapping } from '../log/mapping.ts';
import { EVENT_LOG_FORMATS, eventLogFormat } from '../log/read.ts';
import type { LoadLogOptions } from '../monitor/load.ts';
import { InputError } from '../core/diagnostics.ts';

/** How to read timestamps and cases (every command that reads a log). */
export interface EventLogReadingOptions {
  /** IANA zone of timestamps without a UTC offset. */
  timezone?: string;
  /** OCEL: the object type whose objects are the cases. */
  caseType?: string;
}

export interface EventLogInputOptions extends EventLogReadingOptions {
  format?: string;
  mapping?: string;
  strict?: boolean;
  /** Share of the records (0 to 1) that must be accepted; default: at least one. */
  minAccepted?: number;
}

/** Adds --timezone and --case-type. */
export function eventLogReadingOptions(command: Command): Command {
  return command
    .option(
      '--timezone <zone>',
      'IANA time zone of timestamps without a UTC offset, e.g. Europe/Amsterdam (default: the mapping’s timestamp.timezone, else Europe/Amsterdam)',
    )
    .option(
      '--case-type <type>',
      'OCEL only: the object type whose objects are the cases (default: the related object with qualifier "case", or of type application)',
    );
}

export const MIN_ACCEPTED_HELP =
  'stop (exit 2) when less than this share of the rows or events is accepted: 0.95 or 95%; 0 accepts any share (default: at least one)';

/** Parses --min-accepted: a share from 0 to 1 (`0.95`) or a percentage (`95%`). */
export function minAcceptedShare(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value);
  const share = match === null ? NaN : Number(match[1]) / (match[2] === '%' ? 100 : 1);
  if (!(share >= 0 && share <= 1))
    throw new InvalidArgumentError(
      `--min-accepted takes a share from 0 to 1 (e.g. 0.95) or a percentage (95%); got "${value}"`,
    );
  return share;
}

/** Adds --format, --mapping, --strict, --min-accepted, --timezone and --case-type. */
export function eventLogInputOptions(command: Command): Command {
  return eventLogReadingOptions(command)
    .option('--format <format>', `format of the log: ${EVENT_LOG_FORMATS.join(', ')} (default: by its extension)`)
    .option(
      '--mapping <file>',
      'mapping of a partner export’s columns (CSV), activities, lifecycles, partner and time zone to the canonical ones (docs/event-log.md)',
    )
    .option('--strict', 'stop at the first bad row instead of counting it')
    .option('--min-accepted <share>', MIN_ACCEPTED_HELP, minAcceptedShare);
}

/** The options for loadEventTable; `verb` names the command in the advice to import first. */
export function eventLogLoadOptions(input: string, opts: EventLogInputOptions, verb: string): LoadLogOptions {
  const mapping = opts.mapping !== undefined ? loadMapping(opts.mapping) : undefined;
  if (mapping && mapping.pseudonymise.size > 0) {
    throw new InputError(
      `${opts.mapping}: the mapping pseudonymises identifiers; import the log first (doorstroom import … --mapping ${opts.mapping} --out events.csv) and ${verb} the imported file`,
    );
  }
  return {
    format: eventLogFormat(input, opts.format),
    mapping,
    strict: opts.strict,
    minAccepted: opts.minAccepted,
    timeZone: opts.timezone,
    caseType: opts.caseType,
  };
}
