// How the values of XES and OCEL events become canonical fields beyond their fixed keys: the lifecycle
// transitions of the XES standard model, a mapping file's activity and lifecycle renames and constant partner,
// the time zone of timestamps without an offset, and whether messages may quote the values of the file (not
// when identifiers are pseudonymised). docs/event-log.md (XES lifecycle transitions) has the table for users.
import { shortText } from '../core/diagnostics.ts';
import type { Lifecycle } from './event.ts';
import { DEFAULT_TIME_ZONE, type TimeZone, timeZone } from './timestamp.ts';

/**
 * The transitions of the IEEE 1849 lifecycle extension's standard model, onto the canonical lifecycles. The
 * monitor reads a stay at a stage as waiting from its first `schedule` (or the previous stage's end) to its
 * first `start`, service from there to its `complete`; later schedules and starts of an open stay are counted
 * and ignored. So: assign and reassign happen while the case waits (schedule); resume and suspend happen once
 * service has begun, and the time suspended counts as service (start: the canonical lifecycle has no pause);
 * every way a stay ends — done, skipped, withdrawn, aborted — ends it (complete), as does `unknown`, read like
 * an event without a transition.
 */
export const XES_STANDARD_TRANSITIONS: ReadonlyMap<string, Lifecycle> = new Map<string, Lifecycle>([
  ['schedule', 'schedule'],
  ['assign', 'schedule'],
  ['reassign', 'schedule'],
  ['start', 'start'],
  ['suspend', 'start'],
  ['resume', 'start'],
  ['complete', 'complete'],
  ['autoskip', 'complete'],
  ['manualskip', 'complete'],
  ['withdraw', 'complete'],
  ['ate_abort', 'complete'],
  ['pi_abort', 'complete'],
  ['unknown', 'complete'],
]);

/** What a reader of XES or OCEL needs besides the file. */
export interface EventRules {
  /** The zone of timestamps without a UTC offset. */
  zone: TimeZone;
  /** A mapping file's activity renames (others are kept as they are). */
  activities: ReadonlyMap<string, string>;
  /** A mapping file's lifecycle values (exact), looked up before the standard model (case-insensitive). */
  lifecycles: ReadonlyMap<string, Lifecycle>;
  /** The partner of an event that names none (a mapping file's constant partner), else ''. */
  partner: string;
  /** Whether messages may quote values of the file; false when identifiers are pseudonymised. */
  quoteValues: boolean;
}

export function defaultRules(overrides: Partial<EventRules> = {}): EventRules {
  return {
    zone: timeZone(DEFAULT_TIME_ZONE),
    activities: new Map(),
    lifecycles: new Map(),
    partner: '',
    quoteValues: true,
    ...overrides,
  };
}

/** The canonical lifecycle of a transition value (absent: complete), or undefined when neither table knows it. */
export function lifecycleOf(raw: string | undefined, rules: EventRules): Lifecycle | undefined {
  if (raw === undefined) return 'complete';
  return rules.lifecycles.get(raw) ?? XES_STANDARD_TRANSITIONS.get(raw.toLowerCase());
}

/** Why a transition value is refused; `name` is the attribute (`lifecycle:transition`, `lifecycle`). */
export function unknownLifecycleReason(name: string, raw: string, rules: EventRules): string {
  return `${name}${shown(raw, rules)} is not a transition of the XES standard lifecycle model (${[...XES_STANDARD_TRANSITIONS.keys()].join(', ')}); map it to schedule, start or complete under lifecycles: in a mapping file (--mapping)`;
}

/** ` 'value'` (at most 40 characters) when values may be quoted, else '' (the message names the field only). */
export function shown(value: string, rules: EventRules): string {
  if (!rules.quoteValues) return '';
  return ` '${shortText(value)}'`;
}
