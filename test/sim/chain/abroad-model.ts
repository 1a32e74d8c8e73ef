// A chain model shared by the tests of applications abroad: the simulator's own (nareis.test.ts) and the
// monitor's reading of its trace.

/** A chain with Poisson inflow, initial cases with ages, and applications abroad, over a long run. */
export const BUSY_ABROAD = `doorstroom: 1
name: busy
seed: 5
time: { start: 2025-01-01, horizonDays: 3000, warmupDays: 300 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: ind }, { id: coa }]
cohorts:
  - id: all
    householdSize: { sizes: [1, 2, 3], weights: [0.6, 0.3, 0.1] }
    grantProbability: { decide: 0.6, nareis-ind: 0.8 }
    familyReunification:
      membersPerGrantedCase: 1.2
      application:
        stage: nareis-ind
        delay: { dist: exponential, meanDays: 20 }
        directToMunicipality: { share: 0.5, exit: housed }
inflow: { entry: { first: decide }, perDay: { first: 6 } }
reception:
  locations: [{ id: azc, type: regular, beds: 400, costPerOccupiedBedDayEur: 1 }]
  overflowCostPerPersonDayEur: 1
stages:
  - id: decide
    partner: ind
    capacity: { servers: 8 }
    serviceTime: { dist: exponential, meanDays: 2 }
    queue: { edf: term }
    decides: grant
    location: [azc]
    next: [{ to: housing, when: { outcome: [grant] } }, { exit: departed-independent, when: { outcome: [reject] } }]
  - id: housing
    partner: coa
    capacity: { servers: 30 }
    serviceTime: { dist: exponential, meanDays: 5 }
    location: [azc]
    next: [{ exit: housed }]
  - id: nareis-ind
    partner: ind
    abroad: true
    capacity: { servers: 3 }
    serviceTime: { dist: exponential, meanDays: 0.5 }
    decides: grant
    next: [{ to: travel, when: { outcome: [grant] } }, { exit: other, when: { outcome: [reject] } }]
  - id: travel
    partner: ind
    abroad: true
    serviceTime: { dist: gamma, meanDays: 10, sdDays: 4 }
    next: housing
norms:
  - { id: term, from: arrival, to: { stages: [decide], event: end }, months: 6, penaltyPerDayLateEur: 100 }
initialState:
  - { stage: decide, persons: 300, households: { sizes: [1, 2], weights: [1, 1] }, age: { sinceArrival: { days: [0, 100, 400], shares: [0.5, 0.5] } } }
  - { stage: nareis-ind, kind: familyReunification, cohort: all, persons: 80, sponsorHousedShare: 0.5, age: { sinceArrival: { dist: exponential, meanDays: 60 } } }
`;
