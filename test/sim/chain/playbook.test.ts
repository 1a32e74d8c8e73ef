// Playbook rules inside the simulation: a decision when the conditions hold, the change after its lead time,
// its minimum duration and automatic end, its costs, and every action recorded with its date and reason.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { errorsOf, modelFromYaml } from '../../helpers.ts';

// 40 persons arrive in the first days of January and stay 60 days; 20 regular beds; a reserve location
// that has no beds until a rule opens them.
const model = (playbook: string) => `doorstroom: 1
name: playbook
time: { start: 2025-01-01, horizonDays: 200 }
calendar: { holidays: none, workingWeekdays: [mon, tue, wed, thu, fri, sat, sun] }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow:
  entry: { first: s }
  process: exact
  monthly: [{ month: 2025-01, first: 40 }]
  afterLastMonth: zero
stages:
  - { id: s, partner: p, location: [azc, reserve], serviceTime: { dist: fixed, days: 60 }, next: [{ exit: housed }] }
reception:
  locations:
    - { id: azc, type: regular, beds: 20, costPerOccupiedBedDayEur: 80, costPerEmptyBedDayEur: 40 }
    - { id: reserve, type: emergency, beds: 0, costPerOccupiedBedDayEur: 200, costPerEmptyBedDayEur: 50 }
  overflowCostPerPersonDayEur: 150
playbook:
${playbook}`;

const open3000 = `  - id: open-reserve
    when: { overflow: { atLeast: 1 } }
    then: { beds: { location: reserve, add: 30 } }
    leadTimeDays: 10
    costs: { atEffectEur: 5000, perDayEur: 100 }`;

async function run(playbook: string) {
  const result = await simulate(modelFromYaml(model(playbook)), { replications: 1, workers: 1 });
  return result.replications[0];
}

describe('playbook rules', () => {
  it('decides on the first day its condition holds and acts exactly its lead time later', async () => {
    const r = await run(open3000);
    const overflow = r.series['reception.overflow'];
    const firstOverflowDay = overflow.findIndex((v) => v > 0); // end of that day; the rule sees it the next morning
    expect(r.actions).toHaveLength(1);
    const action = r.actions[0];
    expect(action.decidedDay).toBe(firstOverflowDay + 1);
    expect(action.effectiveDay).toBe(action.decidedDay + 10);
    expect(action.change).toBe(30);
    expect(action.reason).toMatch(/^overflow \d+ ≥ 1$/);
    const beds = r.series['location.reserve.beds'];
    expect(beds[action.effectiveDay - 1]).toBe(0);
    expect(beds[action.effectiveDay]).toBe(30);
    // The overflow moves into the opened beds on the day they open.
    expect(overflow[action.effectiveDay]).toBe(0);
    expect(overflow[action.effectiveDay - 1]).toBeGreaterThan(0);
  });

  it('books the one-off cost once and the daily cost for every day the change is in effect', async () => {
    const r = await run(open3000);
    const effective = r.actions[0].effectiveDay;
    const costs = r.series['cost.playbook'];
    expect(costs[effective]).toBe(5000 + 100);
    expect(costs[effective + 1]).toBe(100);
    expect(costs.reduce((a, b) => a + b, 0)).toBe(5000 + 100 * (200 - effective));
    expect(r.kpis['cost.playbook.eur']).toBe(5000 + 100 * (200 - effective));
    expect(r.kpis['playbook.open-reserve.actions']).toBe(1);
  });

  it('undoes a change after its duration, and no rule reverses a change before its minimum duration', async () => {
    const temporary = await run(`${open3000}\n    durationDays: 30`);
    expect(temporary.actions.map((a) => a.kind)).toEqual(['act', 'undo']);
    expect(temporary.actions[1].effectiveDay).toBe(temporary.actions[0].effectiveDay + 30);
    expect(temporary.series['location.reserve.beds'][temporary.actions[1].effectiveDay]).toBe(0);

    const withScaleDown = await run(`${open3000}
    minimumDurationDays: 120
  - id: close-reserve
    when: { occupancy: { locations: [azc, reserve], atMost: 0.5 } }
    then: { beds: { location: reserve, add: -30 } }`);
    const opened = withScaleDown.actions.find((a) => a.rule === 'open-reserve')!;
    const closed = withScaleDown.actions.find((a) => a.rule === 'close-reserve')!;
    // Occupancy drops below half when the January arrivals leave (day ~60-70), but the close waits for the
    // minimum duration of 120 days from opening.
    expect(closed.decidedDay).toBe(opened.effectiveDay + 120);
    expect(closed.change).toBe(-30);
    expect(closed.reason).toMatch(/^occupancy azc\+reserve 0\.0% ≤ 50\.0%$/);
  });

  it('rejects rules that point at nothing, at their line', () => {
    const bad = model(`  - id: r
    when: { backlog: { stage: nowhere, atLeast: 1 } }
    then: { servers: { stage: s, add: 1 } }`);
    const lines = errorsOf(() => modelFromYaml(bad, 'p.yaml'));
    expect(
      lines.some((l) => /^p\.yaml:\d+:\d+: playbook\[0\]\.when\.backlog\.stage: unknown stage "nowhere"/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /playbook\[0\]\.then\.servers\.stage: stage "s" has no servers/.test(l))).toBe(true);
  });
});

describe('playbook routing changes', () => {
  const routed = `doorstroom: 1
name: routing
time: { start: 2025-01-01, horizonDays: 120 }
calendar: { holidays: none, workingWeekdays: [mon, tue, wed, thu, fri, sat, sun] }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow: { entry: { first: a }, perDay: { first: 20 } }
stages:
  - { id: a, partner: p, serviceTime: { dist: fixed, days: 1 }, next: b }
  - { id: b, partner: p, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }
  - { id: fast, partner: p, serviceTime: { dist: fixed, days: 0.5 }, next: [{ exit: other }] }
playbook:
  - id: divert
    when: { date: { from: 2025-02-20 } }
    then: { route: { stage: a, to: fast, share: 1 } }
    durationDays: 20`;

  it('sends the cases that finish a stage elsewhere while the change is in effect, and back after it', async () => {
    const r = (await simulate(modelFromYaml(routed), { replications: 1, workers: 1 })).replications[0];
    const fast = r.series['stage.fast.completed'];
    const b = r.series['stage.b.completed'];
    const on = 50; // 2025-02-20
    expect(r.actions.map((a) => [a.kind, a.effectiveDay])).toEqual([
      ['act', on],
      ['undo', on + 20],
    ]);
    expect(fast.slice(0, on).reduce((x, y) => x + y, 0)).toBe(0);
    expect(fast.slice(on + 1, on + 20).every((v) => v > 0)).toBe(true);
    expect(b.slice(on + 2, on + 20).every((v) => v === 0)).toBe(true);
    expect(fast.slice(on + 22).reduce((x, y) => x + y, 0)).toBe(0);
    expect(b.slice(on + 22).every((v) => v > 0)).toBe(true);
  });

  it('requires the stage that diverted cases go to to lead somewhere', () => {
    const dead = routed.replace(
      '  - { id: fast, partner: p, serviceTime: { dist: fixed, days: 0.5 }, next: [{ exit: other }] }',
      '  - { id: fast, partner: p, serviceTime: { dist: fixed, days: 0.5 } }',
    );
    expect(errorsOf(() => modelFromYaml(dead, 'r.yaml')).join('\n')).toMatch(/stage "fast" has no "next"/);
  });
});
