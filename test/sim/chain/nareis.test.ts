// Family reunification as a process: a granted sponsor's family files an application that waits abroad (no bed,
// not in the chain, counted as an open application), travels when granted, and arrives in the country — into
// reception, or directly to the municipality when the sponsor is already housed. Persons are conserved and
// Little's law holds with the features on.
import { describe, expect, it } from 'vitest';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import type { ReplicationResult } from '../../../src/sim/chain/results.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromYaml, tempDir } from '../../helpers.ts';
import { BUSY_ABROAD as busy } from './abroad-model.ts';

/**
 * Ten sponsors (households of one) are decided at day 5 (all granted); each brings a family of 2 (fixed: a
 * Poisson mean of 2 drawn per sponsor, so the test reads the numbers from the run), whose application is filed
 * 10 days later (day 15), decided after 50 days (day 65), travels 10 days and arrives at day 75. The sponsor
 * waits `housingDays` at `housing` and leaves housed.
 */
function model(housingDays: number, direct = '{ share: 1, exit: housed }', initial = ''): string {
  return `doorstroom: 1
name: nareis
time: { start: 2025-01-01, horizonDays: 200 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: ind }, { id: coa }]
cohorts:
  - id: all
    grantProbability: { decide: 1, nareis-ind: 1 }
    familyReunification:
      membersPerGrantedCase: 2
      application:
        stage: nareis-ind
        delay: { dist: fixed, days: 10 }
        directToMunicipality: ${direct}
inflow: { entry: { first: decide }, perDay: { first: 0 } }
reception:
  locations: [{ id: azc, type: regular, beds: 1000, costPerOccupiedBedDayEur: 1 }]
  overflowCostPerPersonDayEur: 1
stages:
  - id: decide
    partner: ind
    serviceTime: { dist: fixed, days: 5 }
    decides: grant
    location: [azc]
    next: [{ to: housing, when: { outcome: [grant] } }, { exit: other, when: { outcome: [reject] } }]
  - id: housing
    partner: coa
    serviceTime: { dist: fixed, days: ${housingDays} }
    location: [azc]
    next: [{ exit: housed }]
  - id: nareis-ind
    partner: ind
    abroad: true
    serviceTime: { dist: fixed, days: 50 }
    decides: grant
    next: [{ to: travel, when: { outcome: [grant] } }, { exit: other, when: { outcome: [reject] } }]
  - id: travel
    partner: ind
    abroad: true
    serviceTime: { dist: fixed, days: 10 }
    next: reception-fr
  - id: reception-fr
    partner: coa
    location: [azc]
    serviceTime: { dist: fixed, days: 30 }
    next: [{ exit: housed }]
  - id: municipality
    partner: coa
    location: [azc]
    serviceTime: { dist: fixed, days: 1 }
    next: [{ exit: housed }]
initialState:
  - { stage: decide, persons: 10 }
${initial}`;
}

function run(yaml: string): ReplicationResult {
  return simulateReplication(compileChain(modelFromYaml(yaml)), { replication: 0, seed: 3 });
}

describe('a family reunification application abroad', () => {
  it('holds no bed and is not in the chain while it waits; holds beds only after approval and arrival', () => {
    // Sponsors are housed at day 105, after their families arrive (day 75): no direct route.
    const r = run(model(100));
    const family = r.kpis['familyReunification.generatedPersons'];
    expect(family).toBeGreaterThan(0);
    const occupied = r.series['location.azc.occupied'];
    const open = r.series['familyReunification.openApplications'];
    // Days 15 … 74 (end of day): the families wait abroad; only the 10 sponsors hold beds.
    for (const day of [15, 40, 64, 70, 74]) {
      expect(open[day]).toBe(family);
      expect(occupied[day]).toBe(10);
      expect(r.series['chain.inChain'][day]).toBe(10);
    }
    expect(open[14]).toBe(0);
    // Arrived at day 75 into reception: beds for sponsors and families.
    expect(open[75]).toBe(0);
    expect(occupied[75]).toBe(10 + family);
    expect(r.series['arrivals.familyReunification'][75]).toBe(family);
    expect(r.series['stage.reception-fr.inStage'][75]).toBe(family);
    expect(r.kpis['familyReunification.filedPersons']).toBe(family);
    // The application's own stage lead time and the chain lead time from arrival in the country.
    expect(r.kpis['stage.nareis-ind.total.mean']).toBeCloseTo(50, 9);
  });

  it('goes directly to the municipality (here: housed on arrival) when the sponsor is already housed', () => {
    // Sponsors are housed at day 25, before their families arrive at day 75.
    const r = run(model(20));
    const family = r.kpis['familyReunification.generatedPersons'];
    expect(family).toBeGreaterThan(0);
    expect(r.series['arrivals.familyReunification'][75]).toBe(family);
    expect(r.series['exits.housed'][75]).toBe(family);
    expect(r.series['location.azc.occupied'][75]).toBe(0);
    expect(r.series['stage.reception-fr.inStage'][75]).toBe(0);
  });

  it('goes to the stage of directToMunicipality with its share (1 here), and not when the sponsor is in reception', () => {
    const housed = run(model(20, '{ share: 1, to: municipality }'));
    const family = housed.kpis['familyReunification.generatedPersons'];
    expect(housed.series['stage.municipality.inStage'][75]).toBe(family);
    expect(housed.series['stage.reception-fr.inStage'][75]).toBe(0);
    const notHoused = run(model(100, '{ share: 1, to: municipality }'));
    expect(notHoused.series['stage.municipality.inStage'][75]).toBe(0);
    expect(notHoused.series['stage.reception-fr.inStage'][75]).toBe(
      notHoused.kpis['familyReunification.generatedPersons'],
    );
  });

  it('takes a share of the families of housed sponsors (share 0.5 of many: about half)', () => {
    const many = model(20, '{ share: 0.5, to: municipality }').replace('persons: 10 }', 'persons: 2000 }');
    const r = run(many);
    const family = r.kpis['familyReunification.generatedPersons'];
    const direct = r.series['stage.municipality.inStage'][75];
    const toReception = r.series['stage.reception-fr.inStage'][75];
    expect(direct + toReception).toBe(family);
    // About 2,000 families: the direct share within 0.5 ± 0.05 (persons, households of about 2).
    expect(direct / family).toBeGreaterThan(0.45);
    expect(direct / family).toBeLessThan(0.55);
  });

  it('an initial stock of open applications waits abroad and lands with its sponsor housed by its share', () => {
    // Four persons in households of 2, at the application stage from the start (entered at time 0): decided
    // at day 50, arrive at day 60; their sponsors are housed (share 1): they leave housed on arrival.
    const r = run(
      model(
        100,
        '{ share: 1, exit: housed }',
        '  - { stage: nareis-ind, kind: familyReunification, cohort: all, persons: 4, households: { sizes: [2], weights: [1] }, sponsorHousedShare: 1 }\n',
      ),
    );
    expect(r.series['familyReunification.openApplications'][0]).toBe(4);
    expect(r.series['familyReunification.openApplicationCases'][0]).toBe(2);
    expect(r.kpis['chain.initialPersons']).toBe(10);
    expect(r.series['chain.inChain'][0]).toBe(10);
    expect(r.series['arrivals.familyReunification'][60]).toBe(4);
    expect(r.series['exits.housed'][60]).toBe(4);
  });
});

describe('an open application as a row of initialCases', () => {
  it('is abroad from the start, resumes its decision, travels and joins its housed sponsor on arrival', () => {
    // In service at the application stage since 2024-12-11 (21 days before the start): the 50-day decision ends
    // at day 29, the journey at day 39, where the family (sponsor housed) leaves housed on arrival.
    const dir = tempDir();
    writeFileSync(
      join(dir, 'open.csv'),
      'stage,persons,children,kind,cohort,arrived,enteredStage,startedService,sponsorHoused\n' +
        'nareis-ind,2,1,familyReunification,all,2024-12-01,2024-12-01,2024-12-11,true\n',
    );
    const yaml = `${model(100)}initialCases: { path: open.csv }\n`;
    const r = simulateReplication(compileChain(modelFromYaml(yaml, 'm.yaml', dir)), { replication: 0, seed: 3 });
    expect(r.series['familyReunification.openApplications'][0]).toBe(2);
    expect(r.series['stage.nareis-ind.completed'][29]).toBe(2);
    expect(r.series['arrivals.familyReunification'][39]).toBe(2);
    expect(r.series['exits.housed'][39]).toBe(2);
    // The sponsors' own families (filed at day 15) are still open; this one has closed.
    const open = r.series['familyReunification.openApplications'];
    expect(open[38] - open[39]).toBe(2);
    expect(r.kpis['chain.initialPersons']).toBe(10);
  });
});

describe('conservation and Little’s law with the features on', () => {
  const r = run(busy);
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

  it('conserves persons: every arrival and initial person is in the chain or has exited', () => {
    const exits = Object.keys(r.series)
      .filter((k) => k.startsWith('exits.'))
      .reduce((acc, k) => acc + sum(r.series[k]), 0);
    const arrived = sum(r.series['arrivals.all']);
    expect(r.kpis['chain.initialPersons']).toBe(300);
    expect(arrived + 300).toBe(r.kpis['chain.inChain.end'] + exits);
    expect(r.series['chain.inChain'][2999]).toBe(r.kpis['chain.inChain.end']);
  });

  it('conserves applications: filed or open at the start = open at the end + arrived + closed abroad', () => {
    // Over the whole run (warm-up included) from the series; the abroad flows from the stages' series.
    const arrivedFamily = sum(r.series['arrivals.familyReunification']);
    const open0 = 80;
    const filed = sum(r.series['stage.nareis-ind.completed']) + r.series['stage.nareis-ind.inStage'][2999] - open0;
    const rejectedAbroad =
      sum(r.series['stage.nareis-ind.completed']) -
      sum(r.series['stage.travel.completed']) -
      r.series['stage.travel.inStage'][2999];
    expect(filed).toBeGreaterThan(1000);
    expect(open0 + filed).toBe(r.kpis['familyReunification.openApplications.end'] + arrivedFamily + rejectedAbroad);
    expect(r.kpis['familyReunification.openApplications.end']).toBe(
      r.series['stage.nareis-ind.inStage'][2999] + r.series['stage.travel.inStage'][2999],
    );
  });

  it('satisfies L = λW at every stage within 3% (cases, reported period)', () => {
    for (const id of ['decide', 'housing', 'nareis-ind', 'travel']) {
      const L = r.kpis[`stage.${id}.little.meanCases`];
      const lw = r.kpis[`stage.${id}.little.casesPerDay`] * r.kpis[`stage.${id}.total.mean`];
      expect(Math.abs(L - lw) / L, id).toBeLessThan(0.03);
    }
  });
});
