// A small chain for the twin's tests: registration, a procedure with a limited number of officers (a queue
// forms), an appeal, housing by a weekly quota and departure, with a chain norm from arrival to the first
// decision and a six-month norm on the procedure stage.

export interface TwinTestModel {
  /** First applications per month. */
  perMonth?: number;
  procedureServers?: number;
  horizonDays?: number;
  seed?: number;
}

export function twinTestModelYaml(opts: TwinTestModel = {}): string {
  const perMonth = opts.perMonth ?? 150;
  const months = Array.from({ length: 36 }, (_, m) => {
    const year = 2024 + Math.floor(m / 12);
    return `    - { month: ${year}-${String((m % 12) + 1).padStart(2, '0')}, first: ${perMonth} }`;
  }).join('\n');
  return `doorstroom: 1
name: twin-test
seed: ${opts.seed ?? 11}
time: { start: 2024-01-01, horizonDays: ${opts.horizonDays ?? 540} }
partners: [{ id: ind }, { id: courts }, { id: dtv }, { id: gemeenten }]
cohorts:
  - id: a
    shareOfInflow: 0.6
    householdSize: { sizes: [1, 2, 4], weights: [0.6, 0.2, 0.2] }
    childShare: 0.3
    grantProbability: { procedure: 0.6, appeal: 0.2 }
    departure: { independent: 0.5, forced: 0.5 }
  - id: b
    shareOfInflow: 0.4
    grantProbability: { procedure: 0.4, appeal: 0.2 }
    departure: { independent: 0.5, forced: 0.5 }
inflow:
  entry: { first: registration }
  monthly:
${months}
norms:
  - id: first-decision
    label: Eerste beslissing
    from: arrival
    to: { stages: [procedure], event: end }
    months: 6
stages:
  - { id: registration, partner: ind, serviceTime: { dist: lognormal, meanDays: 3, sdDays: 1 }, next: procedure }
  - id: procedure
    partner: ind
    capacity: { servers: ${opts.procedureServers ?? 40} }
    serviceTime: { dist: gamma, meanDays: 60, sdDays: 30 }
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { to: appeal, when: { outcome: [reject] }, probability: 0.7 }
      - { to: departure, when: { outcome: [reject] }, probability: 0.3 }
  - id: appeal
    partner: courts
    serviceTime: { dist: lognormal, meanDays: 90, sdDays: 40 }
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { to: departure, when: { outcome: [reject] } }
  - id: housing
    partner: gemeenten
    capacity: { throughput: { amount: 25, per: week, unit: persons } }
    serviceTime: { dist: fixed, days: 14 }
    next: [{ exit: housed }]
  - id: departure
    partner: dtv
    serviceTime: { dist: exponential, meanDays: 30 }
    decides: departure
    next:
      - { exit: departed-independent, when: { outcome: [independent] } }
      - { exit: departed-forced, when: { outcome: [forced] } }
`;
}
