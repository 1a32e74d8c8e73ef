// A small chain model as YAML text for tests of limits and guards: one partner, one cohort, Poisson arrivals of
// first applications at stage `a`, and the stages (YAML list items) the test gives. Lines 1–7 are fixed, so a
// test can name the line and column of what it puts after them.
export interface SmallModel {
  /** YAML list items, each ending in a newline, starting on line 8. */
  stages: string;
  horizonDays?: number;
  perDay?: number;
  /** The one cohort, as a flow mapping (default `{ id: all }`). */
  cohort?: string;
  /** Entry stages beyond `first: a`, e.g. `familyReunification: a`. */
  entry?: string;
  /** Top-level sections after the stages (tracks, reception, playbook, initialState). */
  extra?: string;
}

export function smallModelYaml(spec: SmallModel): string {
  return `doorstroom: 1
name: t
time: { start: 2025-01-01, horizonDays: ${spec.horizonDays ?? 30} }
partners: [{ id: p }]
cohorts: [${spec.cohort ?? '{ id: all }'}]
inflow: { entry: { first: a${spec.entry ? `, ${spec.entry}` : ''} }, perDay: { first: ${spec.perDay ?? 5} } }
stages:
${spec.stages}${spec.extra ?? ''}`;
}
