// Small twin models built in memory: a chain that starts at the as-of date with its open cases as the initial
// state, and whose reception fills at a known rate.
import type { LoadedModel } from '../../src/model/load.ts';
import type { WarmStartSummary } from '../../src/twin/types.ts';
import { modelFromYaml } from '../helpers.ts';

/**
 * Reception that fills: 20 persons a day (Poisson) arrive at `hold`, which keeps them (no servers), in the
 * regular location `azc` of 390 beds, then the emergency location `tent` (no beds until a rule opens them); 40
 * persons already wait at `hold` in the azc, arrived 3 days before the as-of date under a 10-day norm. The azc is
 * full once 350 have arrived: by the end of week 2 (day 13, 280 expected, sd 17) that is more than four sd away,
 * by the end of week 3 (day 20, 420 expected, sd 20) more than three sd behind — full first in week 3. The open
 * cases pass their norm on day 7, in week 2.
 */
export function fillingModelYaml(playbook = '', extra = ''): string {
  return `doorstroom: 1
name: filling
seed: 7
time: { start: 2026-12-01, horizonDays: 28 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: coa }]
cohorts: [{ id: all }]
inflow: { entry: { first: hold }, perDay: { first: 20 } }
stages:
  - id: hold
    partner: coa
    capacity: { servers: 0 }
    location: [azc, tent]
    next: [{ exit: other }]
norms:
  - { id: term, from: arrival, to: { stages: [hold], event: end }, days: 10 }
reception:
  locations:
    - { id: azc, type: regular, beds: 390, costPerOccupiedBedDayEur: 80 }
    - { id: tent, type: emergency, beds: 0, costPerOccupiedBedDayEur: 150 }
  overflowCostPerPersonDayEur: 150
initialState:
  - { stage: hold, persons: 40, age: { sinceArrival: { dist: fixed, days: 3 } } }
${playbook}${extra}`;
}

export function fillingModel(playbook = ''): LoadedModel {
  return modelFromYaml(fillingModelYaml(playbook));
}

/** A warm start's summary as the event log of the filling model's open cases would give it. */
export const FILLING_WARM_START: WarmStartSummary = {
  asOf: '2026-12-01',
  logCases: 1250,
  openCases: 40,
  openPersons: 40,
  closedCases: 1210,
  eventsAfterAsOf: 17,
  casesAfterAsOf: 3,
  stages: [{ stage: 'hold', cases: 40, persons: 40, inService: 0, capacityModel: 0, capacityLog: null }],
  capacitySource: 'model',
};

/** The draaiboek of the filling model: a tent opened fast or slow, closing azc beds, more staff. */
export const FILLING_RULES = `playbook:
  - id: tent-fast
    label: Tent openen (snel)
    when: { overflow: { atLeast: 1 } }
    then: { beds: { location: tent, add: 1000 } }
    leadTimeDays: 3
    costs: { atEffectEur: 50000, perDayEur: 1000 }
  - id: tent-slow
    when: { overflow: { atLeast: 1 } }
    then: { beds: { location: tent, add: 1000 } }
    leadTimeDays: 21
  - id: close-azc
    when: { occupancy: { locations: [azc], atMost: 0.5 } }
    then: { beds: { location: azc, add: -10 } }
  - id: more-staff
    when: { backlog: { stage: hold, atLeast: 100 } }
    then: { servers: { stage: hold, add: 5 } }
`;
