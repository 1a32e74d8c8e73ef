// The initial state with history: cases placed at time 0 with their age run their norm clocks, deadlines,
// penalties and lead times on from where they are (worked by hand below); they keep their deadline order under
// EDF and their stage-entry order under FIFO; the per-case CSV form gives what the equivalent group gives; a case
// in service at the start ends after the rest of its service.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulateReplication, type TraceSink } from '../../../src/sim/chain/simulate.ts';
import { INITIAL_STREAM_BASE, TWO_POW_32 } from '../../../src/sim/chain/replication/constants.ts';
import { modelFromYaml, tempDir } from '../../helpers.ts';

/** One stage `decide` (unlimited, fixed 30 days) and a 6-month decision term from arrival at 100 €/day. */
function handModel(initial: string, extra = ''): string {
  return `doorstroom: 1
name: hand
time: { start: 2025-01-01, horizonDays: 60 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: ind }]
cohorts: [{ id: all }]
inflow: { entry: { first: decide }, perDay: { first: 0 } }
stages:
  - id: decide
    partner: ind
    serviceTime: { dist: fixed, days: 30 }
    next: [{ exit: other }]
norms:
  - id: decision-term
    from: arrival
    to: { stages: [decide], event: end }
    months: 6
    penaltyPerDayLateEur: 100
${initial}${extra}`;
}

function run(yaml: string, baseDir?: string, sink?: TraceSink) {
  const chain = compileChain(baseDir ? modelFromYaml(yaml, 'm.yaml', baseDir) : modelFromYaml(yaml));
  return simulateReplication(chain, { replication: 0, seed: 1, ...(sink && { trace: sink }) });
}

/** The hand model with its open cases from a CSV file (`initialCases`), run for `horizonDays`. */
function runCsv(csv: string, horizonDays = 60) {
  const dir = tempDir();
  writeFileSync(join(dir, 'open.csv'), csv);
  return run(
    handModel('initialCases: { path: open.csv }\n').replace('horizonDays: 60', `horizonDays: ${horizonDays}`),
    dir,
  );
}

describe('an initial case with an age (worked by hand)', () => {
  // Arrived 170 days before 2025-01-01, on 2024-07-15: the six-month term ends 2025-01-15, day 14 of the run.
  // It is decided at day 30 (entered at time 0, served 30 days): 16 days late, 16 × 100 = 1,600 euros, and its
  // lead time through the chain is 170 + 30 = 200 days, as is its norm lead time.
  const yaml = handModel(
    'initialState:\n  - { stage: decide, persons: 1, age: { sinceArrival: { dist: fixed, days: 170 } } }\n',
  );

  it('is past its deadline on days 14 to 29 and no longer once decided on day 30', () => {
    const past = Array.from(run(yaml).series['norm.decision-term.openPastDeadline']);
    expect(past).toEqual([...Array<number>(14).fill(0), ...Array<number>(16).fill(1), ...Array<number>(30).fill(0)]);
  });

  it('has 16 days late and a penalty of 1,600 euros, on the day of the decision', () => {
    const r = run(yaml);
    expect(r.kpis['norm.decision-term.withinShare']).toBe(0);
    expect(r.kpis['norm.decision-term.daysLate']).toBeCloseTo(16, 9);
    expect(r.kpis['norm.decision-term.penaltyEur']).toBeCloseTo(1600, 6);
    expect(r.series['cost.penalties'][30]).toBeCloseTo(1600, 6);
    expect(r.kpis['cost.penalties.eur']).toBeCloseTo(1600, 6);
  });

  it('counts in the lead times with 200 days through the chain and at its stage', () => {
    const r = run(yaml);
    expect(r.kpis['leadTime.chain.mean']).toBeCloseTo(200, 6);
    expect(r.kpis['stage.decide.total.mean']).toBeCloseTo(200, 6);
    expect(r.kpis['stage.decide.waiting.mean']).toBeCloseTo(170, 6);
    expect(r.kpis['chain.initialPersons']).toBe(1);
    expect(r.kpis['arrivals.persons']).toBe(0);
  });

  it('is open past its deadline when the run ends before the decision', () => {
    const short = handModel(
      'initialState:\n  - { stage: decide, persons: 1, age: { sinceArrival: { dist: fixed, days: 170 } } }\n',
    ).replace('horizonDays: 60', 'horizonDays: 20');
    const r = run(short);
    expect(r.kpis['norm.decision-term.openPastDeadline']).toBe(1);
    // Per day: past its deadline from the end of day 14 (2025-01-15) on, not before.
    expect(Array.from(r.series['norm.decision-term.openPastDeadline'])).toEqual([
      ...Array<number>(14).fill(0),
      ...Array<number>(6).fill(1),
    ]);
    expect(r.kpis['norm.decision-term.penaltyEur']).toBe(0);
  });

  it('without an age stays out of lead times and norms, as the initial state always did', () => {
    const r = run(handModel('initialState:\n  - { stage: decide, persons: 1 }\n'));
    expect(r.kpis['leadTime.chain.mean']).toBeNaN();
    expect(r.norms.find((n) => n.id === 'decision-term')!.measured).toBe(0);
  });

  it('the per-case CSV row gives exactly what the equivalent group gives', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'open.csv'),
      'stage,persons,children,kind,cohort,track,granted,arrived,enteredStage\ndecide,1,0,first,all,,false,2024-07-15,2024-07-15\n',
    );
    const fromCsv = run(handModel('initialCases: { path: open.csv }\n'), dir);
    const fromGroup = run(yaml);
    expect(fromCsv.kpis).toEqual(fromGroup.kpis);
    expect(fromCsv.kpis['norm.decision-term.penaltyEur']).toBeCloseTo(1600, 6);
  });

  it('an explicit clock start in the CSV wins over the one from the arrival', () => {
    const dir = tempDir();
    // Clock from 2024-08-15: deadline 2025-02-15 (day 45), after the decision at day 30: within the term.
    writeFileSync(
      join(dir, 'open.csv'),
      'stage,persons,cohort,arrived,enteredStage,clock.decision-term\ndecide,1,all,2024-07-15,2024-07-15,2024-08-15\n',
    );
    const r = run(handModel('initialCases: { path: open.csv }\n'), dir);
    expect(r.kpis['norm.decision-term.withinShare']).toBe(1);
    expect(r.kpis['norm.decision-term.penaltyEur']).toBe(0);
    expect(r.kpis['leadTime.chain.mean']).toBeCloseTo(200, 6);
  });

  it('a clock the CSV gives as stopped does not run again: no measure, nothing late, nothing open', () => {
    // Without "stopped" the clock would run from arrival (170 days before) and be 16 days late at the decision.
    const csv =
      'stage,persons,cohort,arrived,enteredStage,clock.decision-term\ndecide,1,all,2024-07-15,2024-07-15,stopped\n';
    const r = runCsv(csv);
    expect(r.kpis['norm.decision-term.penaltyEur']).toBe(0);
    expect(r.norms.find((n) => n.id === 'decision-term')!.measured).toBe(0);
    expect(runCsv(csv, 20).kpis['norm.decision-term.openPastDeadline']).toBe(0);
  });

  it('a case in service since before the start ends after the rest of its service (fixed 30 days)', () => {
    const dir = tempDir();
    // In service since 2024-12-22 (10 days before the start): it ends at day 20, 10 days ago + 30.
    writeFileSync(
      join(dir, 'open.csv'),
      'stage,persons,cohort,arrived,enteredStage,startedService\ndecide,1,all,2024-07-15,2024-12-01,2024-12-22\n',
    );
    const r = run(handModel('initialCases: { path: open.csv }\n'), dir);
    expect(r.series['stage.decide.completed'][20]).toBe(1);
    expect(r.kpis['stage.decide.processing.mean']).toBeCloseTo(30, 6);
    expect(r.kpis['stage.decide.waiting.mean']).toBeCloseTo(21, 6);
    // Deadline day 14, decided day 20: 6 days late.
    expect(r.kpis['norm.decision-term.daysLate']).toBeCloseTo(6, 9);
  });
});

describe('the queue order of initial cases', () => {
  // One server, one day each. Group 0 arrived 10 days ago and entered the stage 10 days ago; group 1 arrived
  // 100 days ago (its one-month deadline long past) but entered the stage only 5 days ago.
  const model = (queue: string) => `doorstroom: 1
name: order
time: { start: 2025-01-01, horizonDays: 10 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: ind }]
cohorts: [{ id: all }]
inflow: { entry: { first: decide }, perDay: { first: 0 } }
stages:
  - id: decide
    partner: ind
    capacity: { servers: 1 }
    serviceTime: { dist: fixed, days: 1 }
    queue: ${queue}
    next: [{ exit: other }]
norms:
  - { id: term, from: arrival, to: { stages: [decide], event: end }, months: 1 }
initialState:
  - { stage: decide, persons: 1, age: { sinceArrival: { dist: fixed, days: 10 }, sinceStageEntry: { dist: fixed, days: 10 } } }
  - { stage: decide, persons: 1, age: { sinceArrival: { dist: fixed, days: 100 }, sinceStageEntry: { dist: fixed, days: 5 } } }
`;
  const servedOrder = (queue: string): number[] => {
    const order: number[] = [];
    const sink: TraceSink = {
      event(key, _p, _c, activity, lifecycle) {
        if (activity === 'decide' && lifecycle === 'start')
          order.push(Math.floor(key / TWO_POW_32) - INITIAL_STREAM_BASE);
      },
    };
    run(model(queue), undefined, sink);
    return order;
  };

  it('under EDF serves the case with the earlier deadline first (the older case)', () => {
    expect(servedOrder('{ edf: term }')).toEqual([1, 0]);
  });

  it('under FIFO serves them in the order they entered the stage', () => {
    expect(servedOrder('fifo')).toEqual([0, 1]);
  });
});

describe('households and mixes of an initial group', () => {
  const yaml = `doorstroom: 1
name: mix
time: { start: 2025-01-01, horizonDays: 5 }
partners: [{ id: ind }]
cohorts: [{ id: a, shareOfInflow: 0.5 }, { id: b, shareOfInflow: 0.5 }]
tracks: [{ id: x, route: [wait] }, { id: y, route: [wait] }]
inflow: { entry: { first: wait }, perDay: { first: 0 } }
stages:
  - { id: wait, partner: ind, capacity: { servers: 0 }, next: [{ exit: other }] }
initialState:
  - { stage: wait, persons: 1001, households: { sizes: [2, 5], weights: [1, 1] }, cohorts: { a: 0.25, b: 0.75 }, tracks: { x: 0.5, y: 0.5 } }
`;
  it('splits the persons into households of the given sizes (the last cut to fit), all counted', () => {
    const r = run(yaml);
    expect(r.kpis['chain.initialPersons']).toBe(1001);
    expect(r.series['stage.wait.inStage'][0]).toBe(1001);
    // Households of 2 and 5 (3.5 on average): about 286 cases, each a case in the queue.
    const cases = r.kpis['stage.wait.little.meanCases'];
    expect(cases).toBeGreaterThan(250);
    expect(cases).toBeLessThan(325);
  });
});

describe('norm clocks that started long before the start', () => {
  /** One initial case arrived on `arrived`, decided at day 30; the norm as given. */
  const model = (norm: string, arrived: string, calendar = '{ holidays: nl }') => `doorstroom: 1
name: old
time: { start: 2025-01-01, horizonDays: 40 }
calendar: ${calendar}
partners: [{ id: ind }]
cohorts: [{ id: all }]
inflow: { entry: { first: decide }, perDay: { first: 0 } }
stages:
  - { id: decide, partner: ind, serviceTime: { dist: fixed, days: 30 }, next: [{ exit: other }] }
norms:
  - ${norm}
initialCases: { path: open.csv }
`;
  const runFrom = (norm: string, arrived: string) => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'open.csv'),
      `stage,persons,cohort,arrived,enteredStage\ndecide,1,all,${arrived},${arrived}\n`,
    );
    return run(model(norm, arrived), dir);
  };
  const day = (date: string) => (Date.parse(`${date}T00:00:00Z`) - Date.parse('2025-01-01T00:00:00Z')) / 86_400_000;

  it('counts working days on the calendar of that year, holidays included (10 working days from 2022-12-23)', () => {
    // Fri 23 Dec 2022 is day 1; Mon 26 Dec (Boxing Day) is a holiday; Tue 27 – Fri 30 Dec are days 2–5; Sun 1 Jan
    // 2023 falls on a weekend; Mon 2 – Fri 6 Jan are days 6–10: the deadline is 2023-01-07 00:00.
    const r = runFrom(
      '{ id: w, to: { stages: [decide] }, days: 10, calendar: working, penaltyPerDayLateEur: 1 }',
      '2022-12-23',
    );
    expect(r.kpis['norm.w.daysLate']).toBeCloseTo(30 - day('2023-01-07'), 9);
    expect(r.kpis['norm.w.p50']).toBeGreaterThan(0);
  });

  it('takes the term of the override whose period holds the start, also before the run', () => {
    // Arrived 2024-07-15, an override of 9 months for clocks started in July 2024: deadline 2025-04-15, after the
    // decision at day 30 — within the term (6 months would have been 16 days late).
    const r = runFrom(
      '{ id: m, to: { stages: [decide] }, months: 6, penaltyPerDayLateEur: 100, overrides: [{ startedFrom: 2024-07-01, startedBefore: 2024-08-01, months: 9 }] }',
      '2024-07-15',
    );
    expect(r.kpis['norm.m.withinShare']).toBe(1);
    const without = runFrom('{ id: m, to: { stages: [decide] }, months: 6, penaltyPerDayLateEur: 100 }', '2024-07-15');
    expect(without.kpis['norm.m.daysLate']).toBeCloseTo(16, 9);
  });
});

describe('an initial case with an age under a penalty regime (worked by hand)', () => {
  // Arrived 200 days before 2025-01-01, on 2024-06-15: the six-month term ended on 2024-12-15, day -17. Notice at
  // once (share 1, no delay), two weeks' grace: the first penalty day is day -3. Decided at day 30, so penalty days
  // 0, 1, 2 of the regime fell before the start (3 × 23 = 69 euros, not in this run) and days 3 … 32 fall on run
  // days 0 … 29: 11 at 23, 14 at 35 and 5 at 45 = 253 + 490 + 225 = 968 euros in 30 penalty days.
  const yaml = handModel(
    'initialState:\n  - { stage: decide, persons: 1, age: { sinceArrival: { dist: fixed, days: 200 } } }\n',
  )
    .replace('    penaltyPerDayLateEur: 100\n', '')
    .replace(
      '    months: 6\n',
      `    months: 6
    penalties:
      - id: awb
        noticeShare: 1
        graceDays: 14
        steps: [{ days: 14, perDayEur: 23 }, { days: 14, perDayEur: 35 }, { days: 14, perDayEur: 45 }]
        maxPerCaseEur: 1442
`,
    );

  it('charges the run only the penalty days from its start, each at the step it is in', () => {
    const r = run(yaml);
    expect(r.kpis['penalty.days']).toBe(30);
    expect(r.kpis['penalty.eur']).toBeCloseTo(968, 9);
    expect(r.kpis['penalty.notices']).toBe(0); // given before the start
    expect(r.kpis['cost.penalties.eur']).toBeCloseTo(968, 9);
    expect(r.series['cost.penalties'][0]).toBe(23);
    expect(r.series['cost.penalties'][29]).toBe(45);
    expect(r.kpis['norm.decision-term.daysLate']).toBeCloseTo(47, 9);
  });
});
