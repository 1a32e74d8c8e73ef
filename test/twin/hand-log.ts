// Small event logs written by hand for the twin's tests: one row per event in the canonical CSV columns.

/** [case, activity, lifecycle, local time (Amsterdam, with offset), outcome?] */
export type HandEvent = [string, string, 'schedule' | 'start' | 'complete', string, string?];

export function handLogCsv(events: readonly HandEvent[]): string {
  const lines = ['event_id,case_id,person_id,activity,lifecycle,timestamp,cohort,outcome'];
  events.forEach(([c, activity, lifecycle, time, outcome], i) =>
    lines.push(`e${i},${c},${c}-p1,${activity},${lifecycle},${time},all,${outcome ?? ''}`),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Registration (2 days) → a procedure with one officer (fixed 60 days) → out, under a six-month decision term
 * from arrival to the end of the procedure; no inflow.
 */
export const HAND_MODEL = `doorstroom: 1
name: hand-twin
time: { start: 2024-01-01, horizonDays: 730 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: ind }]
cohorts: [{ id: all }]
inflow: { entry: { first: registration }, perDay: { first: 0 } }
stages:
  - { id: registration, partner: ind, serviceTime: { dist: fixed, days: 2 }, next: procedure }
  - id: procedure
    partner: ind
    capacity: { servers: 1 }
    serviceTime: { dist: fixed, days: 60 }
    next: [{ exit: other }]
norms:
  - id: decision-term
    from: arrival
    to: { stages: [procedure], event: end }
    months: 6
`;

/**
 * A case that arrived 170 days before 2025-01-01 and waits at the procedure; a case with a late start event
 * (on 2025-01-05, after the as-of moment); a case that left before; a case whose first event is after it.
 */
export const HAND_LOG: HandEvent[] = [
  ['old', 'arrival', 'complete', '2024-07-15T10:00:00+02:00'],
  ['old', 'registration', 'schedule', '2024-07-15T10:00:00+02:00'],
  ['old', 'registration', 'complete', '2024-07-17T10:00:00+02:00'],
  ['old', 'procedure', 'schedule', '2024-07-17T10:00:00+02:00'],
  ['old', 'procedure', 'start', '2025-01-05T09:00:00+01:00'],
  ['done', 'arrival', 'complete', '2024-09-01T10:00:00+02:00'],
  ['done', 'registration', 'schedule', '2024-09-01T10:00:00+02:00'],
  ['done', 'registration', 'complete', '2024-09-03T10:00:00+02:00'],
  ['done', 'procedure', 'schedule', '2024-09-03T10:00:00+02:00'],
  ['done', 'procedure', 'start', '2024-09-03T10:00:00+02:00'],
  ['done', 'procedure', 'complete', '2024-11-02T10:00:00+01:00'],
  ['done', 'exit:other', 'complete', '2024-11-02T10:00:00+01:00'],
  ['late', 'arrival', 'complete', '2025-01-03T10:00:00+01:00'],
  ['late', 'registration', 'schedule', '2025-01-03T10:00:00+01:00'],
];
