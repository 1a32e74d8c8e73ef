import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/calendar.ts';
import { chainForLog, loadEventTable } from '../../src/monitor/load.ts';
import { readVisits } from '../../src/monitor/visits.ts';
import { MAX_WEEKLY_WEEKS, monitorFigures } from '../../src/monitor/metrics.ts';
import { monitorSummaryText } from '../../src/results/monitor-table.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { examplesDir, modelFromYaml, tempDir } from '../helpers.ts';
import { HAND_LOG, HAND_MODEL, monitorText } from './fixtures.ts';
import { BUSY_ABROAD } from '../sim/chain/abroad-model.ts';
import { formatIsoDate } from '../../src/core/calendar.ts';
import { InputError } from '../../src/core/diagnostics.ts';

const close = (x: number, y: number) => expect(x).toBeCloseTo(y, 9);

describe('monitor figures on a hand-made log', () => {
  const window = { from: '2025-01-01', to: '2025-02-09' };

  it('splits each stage visit into waiting (entry → start) and processing (start → complete), with P50 and P90 (type 7)', async () => {
    const r = await monitorText(HAND_LOG, HAND_MODEL, window);
    const intake = r.stages.find((s) => s.stage === 'intake')!;
    expect(intake.completed).toBe(2);
    expect(intake.completedPersons).toBe(3);
    close(intake.waiting.mean, (2 + 2.875) / 2);
    close(intake.waiting.p50, 2.4375);
    close(intake.waiting.p90, 2 + 0.9 * 0.875);
    close(intake.processing.mean, (2 + 3.125) / 2);
    close(intake.total.max, 6);
    const decision = r.stages.find((s) => s.stage === 'decision')!;
    close(decision.waiting.mean, 5.5);
    close(decision.waiting.p90, 1 + 0.9 * 9);
    const housing = r.stages.find((s) => s.stage === 'housing')!;
    close(housing.waiting.mean, 9);
    close(housing.processing.mean, 6);
    close(housing.total.mean, 15);
    expect(housing.withinNorm).toBe(0);
  });

  it('measures arrival to exit, the chain norm with its open clock due within a week, and the stage norm', async () => {
    const r = await monitorText(HAND_LOG, HAND_MODEL, window);
    const all = r.endToEnd.find((e) => e.exit === 'all')!;
    expect(all.leadTime.n).toBe(2);
    close(all.leadTime.mean, (30 + 13) / 2);
    const term = r.norms.find((n) => n.id === 'decision-term')!;
    expect([term.measured, term.withinNorm, term.open, term.openPastDeadline]).toEqual([2, 2, 1, 0]);
    close(term.leadTime.mean, (15 + 8) / 2);
    // c arrived 2025-01-25 09:00: deadline 2025-02-14 09:00, 4.375 days after the end of the window.
    expect(r.breaches.find((b) => b.id === 'decision-term')).toEqual({
      id: 'decision-term',
      scope: 'chain',
      overdue: 0,
      within: [1, 1, 1],
    });
    const housingNorm = r.norms.find((n) => n.id === 'stage.housing')!;
    expect([housingNorm.measured, housingNorm.withinNorm]).toEqual([1, 0]);
  });

  it('counts the open case and how long it has waited, moves per person and per child, and the housed permit holder', async () => {
    const r = await monitorText(HAND_LOG, HAND_MODEL, window);
    const intake = r.open.find((o) => o.stage === 'intake')!;
    expect([intake.cases, intake.persons, intake.inService]).toEqual([1, 1, 0]);
    close(intake.age.p50, 16 - 9 / 24); // 2025-01-25 09:00 to the end of 2025-02-09
    expect(r.open.filter((o) => o.stage !== 'intake').every((o) => o.cases === 0)).toBe(true);
    // a moved once (azc-1 → azc-2; the first placement is not a move): 2 person-moves of 3 persons, 1 child-move of 1 child.
    expect(r.moves.exitedCases).toBe(2);
    close(r.moves.perPerson, 2 / 3);
    close(r.moves.perChild, 1);
    expect(r.housing.waitingCases).toBe(0);
    expect(r.housing.housedCases).toBe(1);
    close(r.housing.grantToHoused.p50, 15);
  });

  it('ranks bottlenecks by person-days of waiting in the window and reports weekly stock, flows and utilisation', async () => {
    const r = await monitorText(HAND_LOG, HAND_MODEL, window);
    expect(r.bottlenecks.map((b) => b.stage)).toEqual(['intake', 'decision', 'housing']);
    close(r.bottlenecks[0].waitingPersonDays, 2 * 2 + 2.875 + (16 - 9 / 24));
    close(r.bottlenecks[1].waitingPersonDays, 10 * 2 + 1);
    close(r.bottlenecks[2].waitingPersonDays, 9 * 2);
    const week = (stage: string, monday: string) => r.weekly.find((w) => w.stage === stage && w.week === monday)!;
    // End of Sunday 2025-01-12: b is at intake (1 person), a at the decision (2 persons).
    expect(week('intake', '2025-01-06').stockEnd).toBe(1);
    expect(week('decision', '2025-01-06').stockEnd).toBe(2);
    expect(week('intake', '2025-01-06')).toMatchObject({
      enteredCases: 2,
      enteredPersons: 3,
      completedCases: 1,
      completedPersons: 2,
    });
    // One server: busy 2 days for a and 2.625 days of b's service that week, out of 7 server-days.
    close(week('intake', '2025-01-06').utilisation, Math.round((4.625 / 7) * 1e6) / 1e6);
  });

  it('splits lead times by partner and by location when asked', async () => {
    const r = await monitorText(HAND_LOG, HAND_MODEL, window, 'location');
    const rows = r.stages.filter((s) => s.stage === 'decision').map((s) => [s.group, s.completed]);
    expect(rows).toEqual([
      ['', 2],
      ['(none)', 1],
      ['azc-2', 1],
    ]);
  });
});

describe('monitor figures on a simulator trace', () => {
  it('reproduce the simulator’s own lead times, norms and moves for the same run (within 1e-4 days: the trace has whole seconds)', async () => {
    const text = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')
      .replace('horizonDays: 2557', 'horizonDays: 500')
      .replace('warmupDays: 731', 'warmupDays: 200');
    const loaded = modelFromYaml(text);
    const dir = tempDir();
    const trace = join(dir, 'trace.csv');
    const sim = await simulate(loaded, { replications: 1, workers: 1, tracePath: trace });
    const rep = sim.replications[0];
    const { table } = await loadEventTable(trace);
    const chain = chainForLog(loaded, table);
    const start = parseIsoDate('2023-01-01');
    const r = monitorFigures(
      table,
      readVisits(
        table,
        chain.stages.map((s) => s.id),
      ),
      { chain, fromDay: start + 200, toDay: start + 500 },
    );
    const lead = (subject: string, measure: string) =>
      rep.leadTimes.find(
        (l) => l.scope === 'stage' && l.subject === subject && l.measure === measure && l.by === 'all',
      );
    let compared = 0;
    for (const s of r.stages) {
      const waiting = lead(s.stage, 'waiting');
      if (!waiting) continue;
      expect(s.waiting.n, s.stage).toBe(waiting.histogram.count);
      expect(Math.abs(s.waiting.mean - rep.kpis[`stage.${s.stage}.waiting.mean`]), s.stage).toBeLessThan(1e-4);
      expect(Math.abs(s.processing.mean - rep.kpis[`stage.${s.stage}.processing.mean`]), s.stage).toBeLessThan(1e-4);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(12);
    expect(Math.abs(r.endToEnd[0].leadTime.mean - rep.kpis['leadTime.chain.mean'])).toBeLessThan(1e-4);
    expect(r.moves.perPerson).toBeCloseTo(rep.kpis['moves.perPerson'], 9);
    expect(r.moves.perChild).toBeCloseTo(rep.kpis['moves.perChild'], 9);
    for (const n of r.norms) {
      const key = `norm.${n.id}.withinShare`; // stage norms are `norm.stage.<id>` in both
      const simulated = rep.norms.find(
        (o) => (n.scope === 'stage' ? `stage.${o.id}` : o.id) === n.id && o.scope === n.scope,
      )!;
      expect(n.measured, n.id).toBe(simulated.measured);
      expect(n.withinNorm, n.id).toBe(simulated.withinNorm);
      expect(n.withinShare, key).toBeCloseTo(rep.kpis[key], 9);
    }
  });
});

describe("the monitor's memory follows the events, not the span of their dates", () => {
  const HEADER = HAND_LOG.split('\n')[0];

  async function tableOf(log: string) {
    const file = join(tempDir(), 'events.csv');
    writeFileSync(file, log);
    const { table } = await loadEventTable(file);
    return { table, reading: readVisits(table) };
  }

  it('keeps the weekly table of a 2-event log 290 years apart to the last weeks, measures the visit whole and says so', async () => {
    const { table, reading } = await tableOf(
      [
        HEADER,
        'e1,a,a,intake,schedule,1901-01-02T09:00:00+01:00,ind,intake,,all,,,,2,0',
        'e2,a,a,intake,complete,2190-12-01T09:00:00+01:00,ind,intake,,all,,,,2,0',
      ].join('\n') + '\n',
    );
    const r = monitorFigures(table, reading);
    expect(r.window).toMatchObject({ from: '1901-01-02', to: '2190-12-01' });
    // One stage: one row a week, for the last MAX_WEEKLY_WEEKS weeks only (not the 15,000 of the span).
    expect(r.weekly).toHaveLength(MAX_WEEKLY_WEEKS);
    const lastMonday = parseIsoDate('2190-11-29'); // 2190-12-01 is a Wednesday
    expect(formatIsoDate(lastMonday)).toBe(r.weekly[r.weekly.length - 1].week);
    expect(r.weekly[0].week).toBe(formatIsoDate(lastMonday - 7 * (MAX_WEEKLY_WEEKS - 1)));
    // The visit entered three centuries before the weekly table starts: its stock is there all the same.
    expect(r.weekly[0]).toMatchObject({ stockEnd: 2, stockMean: 2, enteredCases: 0, completedCases: 0 });
    expect(r.weekly[r.weekly.length - 1]).toMatchObject({ stockEnd: 0, completedCases: 1, completedPersons: 2 });
    expect(r.bottlenecks[0]).toMatchObject({ stockStart: 0, stockEnd: 0 });
    const span = parseIsoDate('2190-12-01') - parseIsoDate('1901-01-02');
    expect(r.stages[0].total.mean).toBe(span);
    expect(r.bottlenecks[0].waitingPersonDays).toBeCloseTo(2 * span, 3);
    expect(r.notes).toEqual([
      expect.stringMatching(
        /^the window spans 15,\d{3} weeks: the weekly table and the stock trend cover its last 1,044 \(from \d{4}-\d{2}-\d{2}\); every other figure covers the whole window/,
      ),
    ]);
    expect(monitorSummaryText(r, 'en')).toContain(`note: ${r.notes[0]}`);
  });

  it('refuses a window that --from or --to leaves empty as a user error naming the option, not a crash', async () => {
    const { table, reading } = await tableOf(HAND_LOG);
    expect(() => monitorFigures(table, reading, { fromDay: parseIsoDate('2099-01-01') })).toThrow(
      new InputError(
        'the window is empty: --from 2099-01-01 is after the last event of the log (2025-02-05); give an earlier --from, or a --to after it',
      ),
    );
    expect(() => monitorFigures(table, reading, { toDay: parseIsoDate('2000-01-01') + 1 })).toThrow(
      new InputError(
        'the window is empty: --to 2000-01-01 is before the first event of the log (2025-01-06); give a later --to, or a --from before it',
      ),
    );
    expect(() => monitorFigures(table, reading, { toDay: parseIsoDate('2000-01-01') + 1 })).toThrow(InputError);
  });

  it('keeps the weekly table bounded for a window from 0001-01-01 to 9999-12-31, with the stock carried into it', async () => {
    const { table, reading } = await tableOf(HAND_LOG);
    const wide = monitorFigures(table, reading, {
      fromDay: parseIsoDate('0001-01-01'),
      toDay: parseIsoDate('9999-12-31') + 1,
    });
    const stages = new Set(wide.weekly.map((w) => w.stage)).size;
    expect(stages).toBe(3);
    expect(wide.weekly).toHaveLength(stages * MAX_WEEKLY_WEEKS);
    // Lead times and open cases are those of the log, whatever the window.
    const narrow = monitorFigures(table, reading, {
      fromDay: parseIsoDate('2025-01-01'),
      toDay: parseIsoDate('2025-02-09') + 1,
    });
    expect(wide.stages.map((s) => [s.stage, s.completed, s.total.mean])).toEqual(
      narrow.stages.map((s) => [s.stage, s.completed, s.total.mean]),
    );
    expect(wide.open.map((o) => [o.stage, o.cases])).toEqual(narrow.open.map((o) => [o.stage, o.cases]));
    // c is still at intake at the end of the window: the stock carried from 2025 into the last weeks.
    expect(wide.weekly.filter((w) => w.stage === 'intake').every((w) => w.stockEnd === 1)).toBe(true);
    // A window that starts after the cases entered starts with their stock.
    const later = monitorFigures(table, reading, {
      fromDay: parseIsoDate('2025-01-27'),
      toDay: parseIsoDate('2025-02-09') + 1,
    });
    expect(later.bottlenecks.find((b) => b.stage === 'intake')!.stockStart).toBe(1);
    expect(later.bottlenecks.find((b) => b.stage === 'housing')!.stockStart).toBe(2);
  });
});

describe('monitor figures on a trace with applications abroad', () => {
  // Families apply from abroad (their first event is the application stage, not an arrival); the norm on that
  // stage must see their clocks as the simulator does.
  // The busy chain without its initial state (the log would not know those clocks' starts), over 500 days, with
  // a 30-day norm on the application abroad.
  const yaml = BUSY_ABROAD.replace('horizonDays: 3000, warmupDays: 300', 'horizonDays: 500, warmupDays: 150')
    .replace(/initialState:[\s\S]*$/, '')
    // One server at the application stage, busy 90% of the time: a queue forms and some clocks run past 30 days.
    .replace(
      'capacity: { servers: 3 }\n    serviceTime: { dist: exponential, meanDays: 0.5 }',
      'capacity: { servers: 1 }\n    serviceTime: { dist: exponential, meanDays: 0.9 }',
    )
    .replace(
      'norms:\n',
      'norms:\n  - { id: nareis-term, from: { stages: [nareis-ind], event: enter }, to: { stages: [nareis-ind], event: end }, days: 30 }\n',
    );

  it('counts the clocks of applications filed abroad, stopped and still running, as the simulator does', async () => {
    const loaded = modelFromYaml(yaml);
    const trace = join(tempDir(), 'trace.csv');
    const sim = await simulate(loaded, { replications: 1, workers: 1, tracePath: trace });
    const rep = sim.replications[0];
    const { table } = await loadEventTable(trace);
    const chain = chainForLog(loaded, table);
    const start = parseIsoDate('2025-01-01');
    const reading = readVisits(
      table,
      chain.stages.map((s) => s.id),
    );
    const r = monitorFigures(table, reading, { chain, fromDay: start + 150, toDay: start + 500 });
    const norm = r.norms.find((n) => n.id === 'nareis-term' && n.group === r.norms[0].group)!;
    const simulated = rep.norms.find((o) => o.id === 'nareis-term' && o.scope === 'chain')!;
    expect(simulated.measured).toBeGreaterThan(100);
    expect(norm.measured).toBe(simulated.measured);
    expect(norm.withinNorm).toBe(simulated.withinNorm);
    // The applications still waiting abroad at the end of the log are open clocks, some of them past the term;
    // the open applications abroad also count the families travelling (their clock has stopped).
    expect(simulated.openPastDeadline).toBeGreaterThan(0);
    expect(norm.openPastDeadline).toBe(simulated.openPastDeadline);
    expect(norm.open).toBeGreaterThan(norm.openPastDeadline);
    expect(norm.open).toBeLessThan(rep.series['familyReunification.openApplicationCases'][499]);
  });
});
