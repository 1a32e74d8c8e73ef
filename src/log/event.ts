// The canonical case event: what doorstroom reads from partners' exports and writes from simulations, in every
// format (CSV, XES, OCEL 2.0). Identifiers are pseudonyms by the time an event exists in this form (unless the
// input's were raw and not pseudonymised); timestamps are instants with their UTC offset, so local time is never
// ambiguous (a time read without an offset gets the offset of the stated time zone, timestamp.ts).

/**
 * Lifecycle transitions as in XES: a case enters a queue (schedule), starts service, or completes. The other
 * transitions of the XES standard model are mapped onto these three when read (vocabulary.ts).
 */
export type Lifecycle = 'schedule' | 'start' | 'complete';
export const LIFECYCLES: readonly Lifecycle[] = ['schedule', 'start', 'complete'];

/** Attributes that the chain model's vocabulary gives meaning to; all optional. */
export const EVENT_ATTRIBUTES = ['stage', 'track', 'cohort', 'location', 'municipality', 'outcome'] as const;
export type EventAttribute = (typeof EVENT_ATTRIBUTES)[number];

export interface CaseEvent {
  /** Unique within a log; duplicates are detected and counted at import. */
  eventId: string;
  /** Pseudonym of the case (application); never a raw identifier such as a V-number. */
  caseId: string;
  /** Pseudonym of the person the event is about (a case may cover a household). */
  personId: string;
  activity: string;
  lifecycle: Lifecycle;
  /** Milliseconds since 1970-01-01T00:00:00Z (the instant). */
  timeMs: number;
  /** UTC offset of the recorded local time, in minutes (e.g. 60 or 120 for Europe/Amsterdam). */
  offsetMinutes: number;
  partner: string;
  stage: string;
  track: string;
  cohort: string;
  location: string;
  municipality: string;
  outcome: string;
  /** How many persons the event is about (a household): a whole number ≥ 1; 1 when not recorded. */
  persons: number;
  /** How many of them are minors: a whole number from 0 to `persons`; 0 when not recorded. */
  children: number;
}

/** The values of `persons` and `children` when a log does not record them (written out only when different). */
export const DEFAULT_PERSONS = 1;
export const DEFAULT_CHILDREN = 0;

/** The canonical CSV header (docs/event-log.md); `doorstroom simulate --trace` writes these columns first. */
export const CANONICAL_COLUMNS = [
  'event_id',
  'case_id',
  'person_id',
  'activity',
  'lifecycle',
  'timestamp',
  'partner',
  'stage',
  'track',
  'cohort',
  'location',
  'municipality',
  'outcome',
  'persons',
  'children',
] as const;
