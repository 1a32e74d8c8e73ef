// A known chain for the calibration round trip: its parameters are what `doorstroom calibrate` must recover from
// the model's own simulated event log; the skeleton has the same structure with every number wrong.

export interface RoundTripNumbers {
  shareA: number;
  sizesA: string;
  childShareA: number;
  grant: { a: number; b: number };
  appealGrant: number;
  toAppeal: number;
  departure: string;
  intake: string;
  procedure: string;
  procedureServers: number;
  appeal: string;
  departureTime: string;
  housingPerWeek: number;
  members: number;
  delay: string;
  perMonth: (month: number) => number;
}

export const TRUE: RoundTripNumbers = {
  shareA: 0.6,
  sizesA: '{ sizes: [1, 2, 4], weights: [0.6, 0.2, 0.2] }',
  childShareA: 0.3,
  grant: { a: 0.7, b: 0.3 },
  appealGrant: 0.2,
  toAppeal: 0.7,
  departure: '{ independent: 0.4, forced: 0.2, untraced: 0.4 }',
  intake: '{ dist: lognormal, meanDays: 2, sdDays: 1 }',
  procedure: '{ dist: gamma, meanDays: 20, sdDays: 10 }',
  procedureServers: 500,
  appeal: '{ dist: lognormal, meanDays: 90, sdDays: 40 }',
  departureTime: '{ dist: exponential, meanDays: 30 }',
  housingPerWeek: 120,
  members: 0.8,
  delay: '{ dist: lognormal, meanDays: 120, sdDays: 60 }',
  // 1,000 persons a month, twice that in the second half of the first year and in months 30-35 (surges make the
  // family-reunification delay identifiable and the procedure's servers bind).
  perMonth: (m) => ((m >= 6 && m < 12) || (m >= 30 && m < 36) ? 2000 : 1000),
};

export const SKELETON: RoundTripNumbers = {
  shareA: 0.5,
  sizesA: '{ sizes: [1], weights: [1] }',
  childShareA: 0.1,
  grant: { a: 0.5, b: 0.5 },
  appealGrant: 0.5,
  toAppeal: 0.5,
  departure: '{ independent: 0.34, forced: 0.33, untraced: 0.33 }',
  intake: '{ dist: fixed, days: 1 }',
  procedure: '{ dist: exponential, meanDays: 5 }',
  procedureServers: 100,
  appeal: '{ dist: exponential, meanDays: 30 }',
  departureTime: '{ dist: fixed, days: 10 }',
  housingPerWeek: 500,
  members: 0.3,
  delay: '{ dist: lognormal, meanDays: 200, sdDays: 100 }',
  perMonth: () => 10,
};

export const MONTHS = 48;

export function roundTripModel(n: RoundTripNumbers): string {
  const months = Array.from({ length: MONTHS }, (_, m) => {
    const year = 2021 + Math.floor(m / 12);
    return `    - { month: ${year}-${String((m % 12) + 1).padStart(2, '0')}, first: ${n.perMonth(m)} }`;
  }).join('\n');
  return `doorstroom: 1
name: round-trip
seed: 7
time: { start: 2021-01-01, horizonDays: 1461 }
calendar: { holidays: nl }
partners: [{ id: ind }, { id: courts }, { id: dtv }, { id: gemeenten }]
cohorts:
  - id: a
    shareOfInflow: ${n.shareA}
    householdSize: ${n.sizesA}
    childShare: ${n.childShareA}
    grantProbability: { procedure: ${n.grant.a}, appeal: ${n.appealGrant}, nareis-intake: 1 }
    departure: ${n.departure}
    familyReunification: { membersPerGrantedCase: ${n.members}, delay: ${n.delay} }
  - id: b
    shareOfInflow: ${Math.round((1 - n.shareA) * 1e6) / 1e6}
    grantProbability: { procedure: ${n.grant.b}, appeal: ${n.appealGrant}, nareis-intake: 1 }
    departure: ${n.departure}
inflow:
  entry: { first: intake, familyReunification: nareis-intake }
  monthly:
${months}
stages:
  - { id: intake, partner: ind, serviceTime: ${n.intake}, workingDaysOnly: true, next: procedure }
  - id: procedure
    partner: ind
    capacity: { servers: ${n.procedureServers} }
    serviceTime: ${n.procedure}
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { to: appeal, when: { outcome: [reject] }, probability: ${n.toAppeal} }
      - { to: departure, when: { outcome: [reject] }, probability: ${Math.round((1 - n.toAppeal) * 1e6) / 1e6} }
  - id: appeal
    partner: courts
    serviceTime: ${n.appeal}
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { to: departure, when: { outcome: [reject] } }
  - { id: nareis-intake, partner: ind, serviceTime: { dist: fixed, days: 3 }, decides: grant, next: housing }
  - id: housing
    partner: gemeenten
    capacity: { throughput: { amount: ${n.housingPerWeek}, per: week, unit: persons } }
    serviceTime: { dist: fixed, days: 14 }
    next: [{ exit: housed }]
  - id: departure
    partner: dtv
    serviceTime: ${n.departureTime}
    decides: departure
    next:
      - { exit: departed-independent, when: { outcome: [independent] } }
      - { exit: departed-forced, when: { outcome: [forced] } }
      - { exit: departed-untraced, when: { outcome: [untraced] } }
`;
}
