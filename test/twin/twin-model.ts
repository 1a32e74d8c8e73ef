// A small chain for the twin's tests: registration, a procedure with a limited number of officers (a queue
// forms), an appeal, housing by a weekly quota and departure, with a six-month chain norm from arrival to the
// first decision; optionally with reception in a regular location and then an emergency one.

export interface TwinTestModel {
  /** First applications per month. */
  perMonth?: number;
  procedureServers?: number;
  horizonDays?: number;
  seed?: number;
  /** Reception: every stage in a regular location `azc` of this many beds, then an emergency location `tent`. */
  azcBeds?: number;
}

export function twinTestModelYaml(opts: TwinTestModel = {}): string {
  const perMonth = opts.perMonth ?? 150;
  const months = Array.from({ length: 36 }, (_, m) => {
    const year = 2024 + Math.floor(m / 12);
    return `    - { month: ${year}-${String((m % 12) + 1).padStart(2, '0')}, first: ${perMonth} }`;
  }).join('\n');
  const where = opts.azcBeds === undefined ? '' : ', location: [azc, tent]';
  const reception =
    opts.azcBeds === undefined
      ? ''
      : `reception:
  locations:
    - { id: azc, type: regular, beds: ${opts.azcBeds}, costPerOccupiedBedDayEur: 80 }
    - { id: tent, type: emergency, beds: 400, costPerOccupiedBedDayEur: 150 }
  overflowCostPerPersonDayEur: 150
`;
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
  - { id: registration, partner: ind, serviceTime: { dist: lognormal, meanDays: 3, sdDays: 1 }, next: procedure${where} }
  - id: procedure
    partner: ind${where ? '\n    location: [azc, tent]' : ''}
    capacity: { servers: ${opts.procedureServers ?? 40} }
    serviceTime: { dist: gamma, meanDays: 60, sdDays: 30 }
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { to: appeal, when: { outcome: [reject] }, probability: 0.7 }
      - { to: departure, when: { outcome: [reject] }, probability: 0.3 }
  - id: appeal
    partner: courts${where ? '\n    location: [azc, tent]' : ''}
    serviceTime: { dist: lognormal, meanDays: 90, sdDays: 40 }
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { to: departure, when: { outcome: [reject] } }
  - id: housing
    partner: gemeenten${where ? '\n    location: [azc, tent]' : ''}
    capacity: { throughput: { amount: 25, per: week, unit: persons } }
    serviceTime: { dist: fixed, days: 14 }
    next: [{ exit: housed }]
  - id: departure
    partner: dtv${where ? '\n    location: [azc, tent]' : ''}
    serviceTime: { dist: exponential, meanDays: 30 }
    decides: departure
    next:
      - { exit: departed-independent, when: { outcome: [independent] } }
      - { exit: departed-forced, when: { outcome: [forced] } }
${reception}`;
}
