// Penalty regimes of chain norms (notice of default, a stepped daily penalty up to a cap, dated regimes) and
// dated term extensions: hand-worked sums, the per-year split, notice shares, reproducibility, and the chain's
// invariants (conservation of persons, Little's law) with them on.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompiledChain, chainNormDeadline, compileChain } from '../../src/sim/chain/compile.ts';
import { chargePenaltyDays } from '../../src/sim/chain/penalties.ts';
import { simulateReplication } from '../../src/sim/chain/simulate.ts';
import { CaseTable } from '../../src/sim/chain/replication/cases.ts';
import { ReportWindow } from '../../src/sim/chain/replication/constants.ts';
import { NormClocks } from '../../src/sim/chain/replication/norms.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { penaltyYearRows } from '../../src/results/penalty-tables.ts';
import { simulationTables } from '../../src/results/simulation-files.ts';
import { simulationSummaryText } from '../../src/results/simulation-table.ts';
import { modelNames } from '../../src/results/kpis.ts';
import { parseIsoDate } from '../../src/core/calendar.ts';
import { resultShape } from '../../src/model/result-shape.ts';
import { errorsOf, examplesDir, modelFromYaml, runCli, tempDir } from '../helpers.ts';

const AWB_STEPS = '[{ days: 14, perDayEur: 23 }, { days: 14, perDayEur: 35 }, { days: 14, perDayEur: 45 }]';

/**
 * One person of the initial state at stage s at time 0 (no other arrivals), served in `serviceDays`; a norm of
 * 10 days runs from entering s to the end of its service, with the given regimes (YAML list items) and extensions.
 */
function onePersonModel(opts: {
  serviceDays: number;
  regimes: string;
  start?: string;
  horizonDays?: number;
  extra?: string;
}): string {
  return `doorstroom: 1
name: penalty
time: { start: ${opts.start ?? '2025-01-01'}, horizonDays: ${opts.horizonDays ?? 200} }
calendar: { holidays: none }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow: { entry: { first: s }, perDay: { first: 0 } }
initialState: [{ stage: s, persons: 1 }]
stages:
  - id: s
    partner: p
    serviceTime: { dist: fixed, days: ${opts.serviceDays} }
    next: [{ exit: other }]
norms:
  - id: term
    from: { stages: [s], event: enter }
    to: { stages: [s], event: end }
    days: 10
${opts.extra ?? ''}    penalties:
${opts.regimes}`;
}

/** An Awb 4:17 regime: every late case gives notice 5 days after the deadline, two weeks' grace, 23/35/45. */
function awb(extra = ''): string {
  return `      - { id: awb, noticeShare: 1, noticeDelay: { dist: fixed, days: 5 }, steps: ${AWB_STEPS}, maxPerCaseEur: 1442${extra} }\n`;
}

function run(yaml: string, seed = 1) {
  return simulateReplication(compileChain(modelFromYaml(yaml)), { replication: 0, seed });
}

const total = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

describe('the stepped penalty of one case (hand-worked)', () => {
  // Deadline day 10, notice day 15, penalty from day 29 (notice + 14 days' grace).
  it('sums to EUR 1,442 for a case 60 days past notice + 2 weeks, and stops at the cap after 42 days', () => {
    const r = run(onePersonModel({ serviceDays: 29 + 60, regimes: awb() }));
    const eur = r.series['penalty.term.awb.eur'];
    const days = r.series['penalty.term.awb.days'];
    const notices = r.series['penalty.term.awb.notices'];
    expect(total(notices)).toBe(1);
    expect(notices[15]).toBe(1);
    expect(total(eur)).toBe(1442);
    expect(total(days)).toBe(42);
    for (let d = 0; d < 200; d++) {
      const expected = d < 29 ? 0 : d < 43 ? 23 : d < 57 ? 35 : d < 71 ? 45 : 0;
      expect(eur[d], `day ${d}`).toBe(expected);
    }
    // Nothing after the 42nd penalty day (day 70), although the case is decided only on day 89.
    expect(total(eur.subarray(71))).toBe(0);
    expect(r.kpis['penalty.term.awb.eur']).toBe(1442);
    expect(r.kpis['penalty.eur']).toBe(1442);
    expect(r.kpis['penalty.days']).toBe(42);
    expect(r.kpis['penalty.notices']).toBe(1);
    expect(r.kpis['cost.penalties.eur']).toBe(1442);
    expect(r.kpis['norm.term.penaltyEur']).toBe(1442);
    expect(total(r.series['cost.penalties'])).toBe(1442);
  });

  it('a case decided 20 days into the penalty gets 14 x 23 + 6 x 35', () => {
    const r = run(onePersonModel({ serviceDays: 29 + 20, regimes: awb() }));
    expect(total(r.series['penalty.term.awb.eur'])).toBe(14 * 23 + 6 * 35);
    expect(total(r.series['penalty.term.awb.days'])).toBe(20);
  });

  it('a case decided before its notice gives none and pays nothing; one within its term is not late at all', () => {
    for (const serviceDays of [14, 8]) {
      const r = run(onePersonModel({ serviceDays, regimes: awb() }));
      expect(r.kpis['penalty.notices'], `${serviceDays}`).toBe(0);
      expect(r.kpis['penalty.eur'], `${serviceDays}`).toBe(0);
    }
  });

  it('a regime outside its dates charges nothing (suspended before the notice, or starting after the penalty)', () => {
    // until 2025-01-10 (day 9): the notice on day 15 falls after it.
    const suspended = run(onePersonModel({ serviceDays: 89, regimes: awb(', until: 2025-01-10') }));
    expect(suspended.kpis['penalty.notices']).toBe(0);
    expect(suspended.kpis['penalty.eur']).toBe(0);
    expect(suspended.kpis['cost.penalties.eur']).toBe(0);
    // from 2025-04-01 (day 90): the 42 penalty days end on day 70.
    const later = run(onePersonModel({ serviceDays: 150, regimes: awb(', from: 2025-04-01') }));
    expect(later.kpis['penalty.days']).toBe(0);
    expect(later.kpis['penalty.eur']).toBe(0);
    // until 2025-01-20 (day 19): notice given on day 15, but every penalty day (from day 29) falls after it.
    const endsBefore = run(onePersonModel({ serviceDays: 89, regimes: awb(', until: 2025-01-20') }));
    expect(endsBefore.kpis['penalty.notices']).toBe(1);
    expect(endsBefore.kpis['penalty.eur']).toBe(0);
  });

  it('a regime starting or ending mid-way charges only the days it covers, at the step of each day', () => {
    // from 2025-02-06 (day 36): penalty days 7–41 of the case: 7 x 23 + 14 x 35 + 14 x 45.
    const starts = run(onePersonModel({ serviceDays: 89, regimes: awb(', from: 2025-02-06') }));
    expect(starts.kpis['penalty.days']).toBe(35);
    expect(starts.kpis['penalty.eur']).toBe(7 * 23 + 14 * 35 + 14 * 45);
    expect(starts.series['penalty.term.awb.eur'][35]).toBe(0);
    expect(starts.series['penalty.term.awb.eur'][36]).toBe(23);
    // until 2025-02-16 (day 46): penalty days 0–16: 14 x 23 + 3 x 35.
    const ends = run(onePersonModel({ serviceDays: 89, regimes: awb(', until: 2025-02-16') }));
    expect(ends.kpis['penalty.days']).toBe(17);
    expect(ends.kpis['penalty.eur']).toBe(14 * 23 + 3 * 35);
  });

  it('the cap stops the euros within a day, and an open last step runs until the cap or the decision', () => {
    const capped = run(
      onePersonModel({ serviceDays: 150, regimes: awb().replace('maxPerCaseEur: 1442', 'maxPerCaseEur: 1000') }),
    );
    // 14 x 23 + 14 x 35 = 812; then 4 days of 45 = 180 (992) and 8 euros on the 33rd day.
    expect(capped.kpis['penalty.eur']).toBe(1000);
    expect(capped.kpis['penalty.days']).toBe(33);
    expect(capped.series['penalty.term.awb.eur'][29 + 32]).toBe(8);
    const open = `      - { id: open, noticeShare: 1, graceDays: 0, steps: [{ days: 2, perDayEur: 10 }, { perDayEur: 100 }], maxPerCaseEur: 100000 }\n`;
    // Deadline day 10, notice on day 10, penalty from day 10 until the decision on day 40: 2 x 10 + 28 x 100.
    const decided = run(onePersonModel({ serviceDays: 40, regimes: open }));
    expect(decided.kpis['penalty.eur']).toBe(2 * 10 + 28 * 100);
    expect(decided.kpis['penalty.days']).toBe(30);
  });

  it('a clock still running at the horizon has charged the days up to the horizon (exposure so far)', () => {
    const r = run(onePersonModel({ serviceDays: 500, horizonDays: 50, regimes: awb() }));
    // Penalty days 29–49: 14 x 23 + 7 x 35.
    expect(r.kpis['penalty.days']).toBe(21);
    expect(r.kpis['penalty.eur']).toBe(14 * 23 + 7 * 35);
    expect(r.norms.find((n) => n.id === 'term')!.openPastDeadline).toBe(1);
  });

  it('counts only the notices and penalty days of the reported period (after the warm-up)', () => {
    const yaml = onePersonModel({ serviceDays: 89, regimes: awb() }).replace(
      'horizonDays: 200 }',
      'horizonDays: 200, warmupDays: 50 }',
    );
    const r = run(yaml);
    // The notice (day 15) falls in the warm-up; penalty days 21–41 (days 50–70) are reported: 7 x 35 + 14 x 45.
    expect(r.kpis['penalty.notices']).toBe(0);
    expect(r.kpis['penalty.days']).toBe(21);
    expect(r.kpis['penalty.eur']).toBe(7 * 35 + 14 * 45);
    expect(r.kpis['cost.penalties.eur']).toBe(7 * 35 + 14 * 45);
    expect(total(r.series['penalty.term.awb.eur'])).toBe(1442);
  });

  it('a case that leaves the chain with its clock running pays until it leaves', () => {
    // The clock stops at a stage the case never reaches; it leaves on day 49, 20 days into the penalty.
    const yaml = onePersonModel({ serviceDays: 49, regimes: awb() })
      .replace('    to: { stages: [s], event: end }', '    to: { stages: [never], event: end }')
      .replace('norms:', '  - { id: never, partner: p, next: [{ exit: other }] }\nnorms:');
    const r = run(yaml);
    expect(r.kpis['exits.other.persons']).toBe(1);
    expect(r.kpis['penalty.eur']).toBe(14 * 23 + 6 * 35);
    expect(r.norms.find((n) => n.id === 'term')!.measured).toBe(0);
    expect(r.norms.find((n) => n.id === 'term')!.openPastDeadline).toBe(0);
  });

  it('two regimes on one norm draw and charge independently, each with its own amounts and delay', () => {
    const court = `      - { id: court, noticeShare: 1, noticeDelay: { dist: fixed, days: 30 }, graceDays: 0, steps: [{ perDayEur: 100 }], maxPerCaseEur: 500 }\n`;
    const r = run(onePersonModel({ serviceDays: 89, regimes: awb() + court }));
    expect(r.kpis['penalty.term.awb.eur']).toBe(1442);
    expect(r.kpis['penalty.term.court.eur']).toBe(500);
    expect(r.series['penalty.term.court.notices'][40]).toBe(1);
    expect(r.series['penalty.term.court.eur'][40]).toBe(100);
    expect(r.kpis['penalty.eur']).toBe(1942);
    expect(r.kpis['penalty.notices']).toBe(2);
    // The size checks count the regimes' series and KPIs.
    const model = modelFromYaml(onePersonModel({ serviceDays: 89, regimes: awb() + court })).model;
    expect(resultShape(model)).toEqual({ dailySeries: Object.keys(r.series).length, kpis: Object.keys(r.kpis).length });
  });

  it('charges whole penalty days that start before the end, at their step (the arithmetic alone)', () => {
    const chain = compileChain(modelFromYaml(onePersonModel({ serviceDays: 1, regimes: awb() })));
    const regime = chain.norms[0].penalties[0];
    const days = new Float64Array(100);
    const eur = new Float64Array(100);
    const cost = new Float64Array(100);
    chargePenaltyDays(regime, 10.5, 10.5 + 14.2, days, eur, cost);
    // Penalty days start at 10.5, 11.5, …, 24.5: 15 of them, the 15th at the second step.
    expect(total(days)).toBe(15);
    expect(total(eur)).toBe(14 * 23 + 35);
    expect(eur[10]).toBe(23);
    expect(eur[24]).toBe(35);
    expect(cost).toEqual(eur);
  });
});

describe('penalties per calendar year', () => {
  it('split the days and euros of one case across a year boundary (penalties.csv rows)', async () => {
    // Start 2025-12-01: deadline day 10, notice day 15, penalty days 29–70 = 2025-12-30 … 2026-02-09.
    const model = modelFromYaml(onePersonModel({ serviceDays: 89, start: '2025-12-01', regimes: awb() }));
    const result = await simulate(model, { replications: 2, workers: 1 });
    const rows = penaltyYearRows(result, modelNames(model.model));
    expect(rows.map((r) => r.year)).toEqual([2025, 2026]);
    expect(rows[0].spread.notices.mean).toBe(1);
    expect(rows[0].spread.days.mean).toBe(2);
    expect(rows[0].spread.eur.mean).toBe(2 * 23);
    expect(rows[1].spread.notices.mean).toBe(0);
    expect(rows[1].spread.days.mean).toBe(40);
    expect(rows[1].spread.eur.mean).toBe(12 * 23 + 14 * 35 + 14 * 45);
    expect(rows[0].spread.eur.n).toBe(2);
    // The cost series of the year agrees with the regime's euros.
    const costs = simulationTables(result).find((t) => t.table.id === 'costs')!.rows as {
      year: number;
      category: string;
      spread: { mean: number };
    }[];
    expect(costs.find((c) => c.year === 2025 && c.category === 'penalties')!.spread.mean).toBe(46);
    expect(costs.find((c) => c.year === 2026 && c.category === 'penalties')!.spread.mean).toBe(1442 - 46);
    // penalties.csv is among the files, and the terminal summary has a penalty table with the model's labels.
    const files = simulationTables(result, modelNames(model.model)).map((t) => t.table.file);
    expect(files).toContain('penalties.csv');
    const text = simulationSummaryText(result, modelNames(model.model), 'en');
    expect(text).toMatch(/penalty regime\s+notices\s+penalty days\s+penalties/);
    expect(text).toMatch(/term: awb\s+1\s+42\s+€1,442/);
  });

  it('a model without regimes has no penalties.csv, no penalty series and no penalty KPIs', async () => {
    const result = await simulate(modelFromYaml(readFileSync(join(examplesDir, 'mmc.yaml'), 'utf8')), {
      replications: 1,
      workers: 1,
      horizonDays: 30,
    });
    expect(simulationTables(result).map((t) => t.table.file)).not.toContain('penalties.csv');
    const r = result.replications[0];
    expect(Object.keys(r.series).filter((k) => k.startsWith('penalty.'))).toEqual([]);
    expect(Object.keys(r.kpis).filter((k) => k.startsWith('penalty.'))).toEqual([]);
  });
});

describe('term extensions', () => {
  const extended = (extensions: string) =>
    compileChain(
      modelFromYaml(
        onePersonModel({
          serviceDays: 1,
          regimes: awb(),
          extra: `    extensions:\n${extensions}`,
        }),
      ),
    );

  it('lengthen the deadline of a clock whose deadline falls on or after from and that started before until', () => {
    const chain = extended('      - { from: 2025-01-05, until: 2025-01-08, addDays: 30 }\n');
    const norm = chain.norms[0];
    // from is day 4, until day 7. Started day 0 (before until), deadline day 10 (after from): 10 + 30.
    expect(chainNormDeadline(chain, norm, 0)).toBe(40);
    expect(chainNormDeadline(chain, norm, 6.5)).toBe(46.5);
    // Started day 7 (not before until): the term alone.
    expect(chainNormDeadline(chain, norm, 7)).toBe(17);
    // A deadline before from is not extended.
    const late = extended('      - { from: 2025-01-20, addDays: 30 }\n');
    expect(chainNormDeadline(late, late.norms[0], 0)).toBe(10);
    expect(chainNormDeadline(late, late.norms[0], 9)).toBe(49);
  });

  it('express "6 months, +9 months in a crisis" in calendar months from the deadline, applied in list order', () => {
    const yaml = onePersonModel({ serviceDays: 1, regimes: awb() })
      .replace('    days: 10\n', '    months: 6\n')
      .replace(
        '    penalties:',
        '    extensions:\n      - { from: 2025-03-01, until: 2025-06-01, addMonths: 9 }\n      - { from: 2026-04-01, addDays: 7 }\n    penalties:',
      );
    const chain = compileChain(modelFromYaml(yaml));
    const norm = chain.norms[0];
    const day = (iso: string) => parseIsoDate(iso) - chain.startDay;
    // Started 2025-01-31: six months to 2025-07-31, nine more to 2026-04-30, then 7 days (its deadline is after 2026-04-01).
    expect(chainNormDeadline(chain, norm, day('2025-01-31'))).toBe(day('2026-05-07'));
    // Started 2025-08-31 (after until): 2026-02-28, not extended by either rule.
    expect(chainNormDeadline(chain, norm, day('2025-08-31'))).toBe(day('2026-02-28'));
  });

  it('move the deadline a case gives notice from, and the order of an EDF queue', () => {
    const chain = extended('      - { from: 2025-01-05, until: 2025-01-08, addDays: 30 }\n');
    const cases = new CaseTable(4);
    const norms = new NormClocks(chain, cases, new ReportWindow(chain.horizonDays, chain.warmupDays));
    const early = cases.alloc();
    const later = cases.alloc();
    norms.resetCase(early);
    norms.resetCase(later);
    norms.stageEvent(early, 0, 0, 0);
    norms.stageEvent(later, 0, 0, 7);
    // The early clock's deadline moved past the later one's: an EDF queue serves the later case first.
    expect(norms.edfKey(0, early)).toBe(40);
    expect(norms.edfKey(0, later)).toBe(17);
    // In a run: deadline 40, notice 45, penalty from day 59; decided on day 79: 20 days.
    const r = simulateReplication(
      compileChain(
        modelFromYaml(
          onePersonModel({
            serviceDays: 79,
            regimes: awb(),
            extra: '    extensions:\n      - { from: 2025-01-05, addDays: 30 }\n',
          }),
        ),
      ),
      { replication: 0, seed: 1 },
    );
    expect(r.series['penalty.term.awb.notices'][45]).toBe(1);
    expect(r.kpis['penalty.eur']).toBe(14 * 23 + 6 * 35);
  });
});

/** Poisson arrivals at a stage whose fixed service of 30 days is always later than the norm's 1 day. */
function lateModel(regimes: string): string {
  return `doorstroom: 1
name: late
time: { start: 2025-01-01, horizonDays: 400 }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow: { entry: { first: s }, perDay: { first: 20 } }
stages:
  - id: s
    partner: p
    serviceTime: { dist: fixed, days: 30 }
    next: [{ exit: other }]
norms:
  - id: term
    to: { stages: [s] }
    days: 1
    penalties:
${regimes}`;
}

describe('notices over many cases', () => {
  const share = (s: number, delay = '{ dist: exponential, meanDays: 3 }') =>
    `      - { id: r, noticeShare: ${s}, noticeDelay: ${delay}, steps: [{ perDayEur: 10 }], maxPerCaseEur: 1000 }\n`;

  // With no notice delay a case arriving at a gives notice at a + 1 and is decided at a + 30: the notices of days
  // 1 … 370 are those of the cases measured by the horizon (day 399).
  const noticesOfMeasured = (r: ReturnType<typeof run>) => total(r.series['penalty.term.r.notices'].subarray(0, 371));

  it('a notice share of 0.3 gives 30% notices among the late cases (within 4 standard errors), the same for a seed', () => {
    const zero = '{ dist: fixed, days: 0 }';
    const r = run(lateModel(share(0.3, zero)));
    const late = r.norms.find((n) => n.id === 'term')!.measured;
    expect(late).toBeGreaterThan(6000);
    expect(r.norms[0].withinNorm).toBe(0);
    const p = noticesOfMeasured(r) / late;
    expect(Math.abs(p - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / late));
    expect(run(lateModel(share(0.3, zero))).series['penalty.term.r.notices']).toEqual(
      r.series['penalty.term.r.notices'],
    );
    expect(run(lateModel(share(0.3, zero)), 5).series['penalty.term.r.notices']).not.toEqual(
      r.series['penalty.term.r.notices'],
    );
    const all = run(lateModel(share(1, zero)));
    expect(noticesOfMeasured(all)).toBe(all.norms[0].measured);
  });

  it('draw from a sub-stream of their own: the cases, their times and exits are those of the model without regimes', () => {
    const withRegime = run(lateModel(share(0.3)));
    const without = run(lateModel(share(0.3)).replace(/ {4}penalties:\n.*\n$/, ''));
    expect(Object.keys(without.series).some((k) => k.startsWith('penalty.'))).toBe(false);
    for (const key of ['arrivals.all', 'exits.other', 'chain.inChain', 'stage.s.inStage', 'norm.term.measured'])
      expect(withRegime.series[key], key).toEqual(without.series[key]);
  });
});

describe('the chain with penalty regimes and a term extension on', () => {
  const baseline = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')
    .replace('horizonDays: 2557', 'horizonDays: 1461')
    .replace(
      '    penaltyPerDayLateEur: 100       # assumption: order of magnitude of court-ordered penalty payments\n    penaltyMaxEur: 15000            # assumption\n',
      `    extensions:
      - { from: 2023-06-01, until: 2024-01-01, addMonths: 9 }
    penalties:
      - { id: awb, noticeShare: 0.5, noticeDelay: { dist: exponential, meanDays: 30 }, steps: ${AWB_STEPS}, maxPerCaseEur: 1442, until: 2024-07-10 }
      - { id: court, noticeShare: 0.1, noticeDelay: { dist: exponential, meanDays: 120 }, graceDays: 0, steps: [{ perDayEur: 100 }], maxPerCaseEur: 15000 }
`,
    );
  let result: ReturnType<typeof simulateReplication> | undefined;
  let chain: CompiledChain | undefined;
  const once = () => {
    chain ??= compileChain(modelFromYaml(baseline));
    result ??= simulateReplication(chain, { replication: 0, seed: 3 });
    return result;
  };

  it('conserves persons every day: initial + arrivals - exits = persons in the chain = persons over the stages', () => {
    expect(baseline).toContain('penalties:');
    const r = once();
    expect(r.kpis['penalty.notices']).toBeGreaterThan(0);
    expect(r.kpis['penalty.decision-term.court.eur']).toBeGreaterThan(0);
    const exitKeys = Object.keys(r.series).filter((k) => k.startsWith('exits.'));
    const stageKeys = Object.keys(r.series).filter((k) => k.endsWith('.inStage'));
    let cumulative = r.kpis['chain.initialPersons'];
    for (let d = 0; d < 1461; d++) {
      cumulative += r.series['arrivals.all'][d];
      for (const k of exitKeys) cumulative -= r.series[k][d];
      expect(r.series['chain.inChain'][d]).toBe(cumulative);
      expect(stageKeys.reduce((a, k) => a + r.series[k][d], 0)).toBe(cumulative);
    }
    // The penalty euros are the cost series', and the norm's.
    expect(r.kpis['cost.penalties.eur']).toBeCloseTo(r.kpis['penalty.eur'], 6);
    expect(r.kpis['norm.decision-term.penaltyEur']).toBeCloseTo(r.kpis['penalty.eur'], 6);
  });

  it("keeps Little's law L = lambda W at every busy stage within 3%", () => {
    const r = once();
    const stages = Object.keys(r.kpis)
      .filter((k) => k.endsWith('.little.meanCases'))
      .map((k) => k.slice(6, -17));
    let checked = 0;
    for (const id of stages) {
      const L = r.kpis[`stage.${id}.little.meanCases`];
      const W = r.kpis[`stage.${id}.total.mean`];
      const lambda = r.kpis[`stage.${id}.little.casesPerDay`];
      if (L < 5) continue;
      expect(Math.abs(lambda * W - L) / L, `stage ${id}: L=${L}, lambda*W=${lambda * W}`).toBeLessThan(0.03);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('validation of penalty regimes and extensions', () => {
  it('doorstroom validate reports a bad regime field at its line and column, and exits with 2', async () => {
    const file = join(tempDir(), 'penalties.yaml');
    const yaml = onePersonModel({
      serviceDays: 1,
      regimes: `      - { id: awb, noticeShare: 1.5, steps: ${AWB_STEPS}, maxPerCaseEur: 1442 }\n`,
    });
    writeFileSync(file, yaml);
    const line = yaml.split('\n').findIndex((l) => l.includes('noticeShare: 1.5')) + 1;
    const { code, stderr } = await runCli(['validate', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^${file.replaceAll('/', '\\/')}:${line}:\\d+: norms\\[0\\]\\.penalties\\[0\\]\\.noticeShare: `, 'm'),
    );
  });

  /** The formatted errors of a one-person model with this regime and these extensions. */
  const errors = (regime: string, extra = '', yamlEdit = (y: string) => y) =>
    errorsOf(() =>
      modelFromYaml(yamlEdit(onePersonModel({ serviceDays: 1, regimes: `      - ${regime}\n`, extra })), 'm.yaml'),
    ).join('\n');
  const ok = `{ id: awb, noticeShare: 1, steps: ${AWB_STEPS}, maxPerCaseEur: 1442 }`;
  const regime = (edit: string) => `${ok.slice(0, -2)}, ${edit} }`;
  const at = (path: string) =>
    new RegExp(
      `^m\\.yaml:\\d+:\\d+: ${path.replaceAll('.', '\\.').replaceAll('[', '\\[').replaceAll(']', '\\]')}: `,
      'm',
    );

  it('accepts a valid regime and extension', () => {
    expect(() =>
      modelFromYaml(
        onePersonModel({
          serviceDays: 1,
          regimes: `      - ${ok}\n`,
          extra: '    extensions: [{ from: 2025-01-01, addMonths: 9 }]\n',
        }),
      ),
    ).not.toThrow();
  });

  it('rejects a notice share outside [0, 1]', () => {
    expect(errors(ok.replace('noticeShare: 1', 'noticeShare: 1.5'))).toMatch(at('norms[0].penalties[0].noticeShare'));
    expect(errors(ok.replace('noticeShare: 1', 'noticeShare: -0.1'))).toMatch(at('norms[0].penalties[0].noticeShare'));
  });

  it('rejects a missing notice share and a missing cap', () => {
    expect(errors(ok.replace('noticeShare: 1, ', ''))).toMatch(at('norms[0].penalties[0].noticeShare'));
    expect(errors(ok.replace(', maxPerCaseEur: 1442', ''))).toMatch(at('norms[0].penalties[0].maxPerCaseEur'));
  });

  it('rejects a notice delay that is not a duration', () => {
    expect(errors(regime('noticeDelay: { dist: fixed, days: -3 }'))).toMatch(
      at('norms[0].penalties[0].noticeDelay.days'),
    );
    expect(errors(regime('noticeDelay: { dist: triangular, minDays: 5, modeDays: 2, maxDays: 9 }'))).toMatch(
      at('norms[0].penalties[0].noticeDelay'),
    );
    expect(errors(regime('noticeDelay: 30'))).toMatch(at('norms[0].penalties[0].noticeDelay'));
  });

  it('rejects negative grace days', () => {
    expect(errors(regime('graceDays: -1'))).toMatch(at('norms[0].penalties[0].graceDays'));
  });

  it('rejects an empty list of steps, bad step days and negative amounts', () => {
    expect(errors(ok.replace(AWB_STEPS, '[]'))).toMatch(/norms\[0\]\.penalties\[0\]\.steps: give at least one step/);
    expect(errors(ok.replace('perDayEur: 23', 'perDayEur: -23'))).toMatch(
      at('norms[0].penalties[0].steps[0].perDayEur'),
    );
    expect(errors(ok.replace('days: 14, perDayEur: 35', 'days: 0, perDayEur: 35'))).toMatch(
      at('norms[0].penalties[0].steps[1].days'),
    );
    expect(errors(ok.replace('days: 14, perDayEur: 35', 'days: 1.5, perDayEur: 35'))).toMatch(
      at('norms[0].penalties[0].steps[1].days'),
    );
    expect(errors(ok.replace('days: 14, perDayEur: 35', 'perDayEur: 35'))).toMatch(
      /norms\[0\]\.penalties\[0\]\.steps\[1\]\.days: only the last step may leave out "days"/,
    );
    expect(errors(ok.replace('maxPerCaseEur: 1442', 'maxPerCaseEur: -1'))).toMatch(
      at('norms[0].penalties[0].maxPerCaseEur'),
    );
  });

  it('rejects bad dates and until on or before from', () => {
    expect(errors(regime('from: 2020-13-01'))).toMatch(at('norms[0].penalties[0].from'));
    expect(errors(regime('from: 2020-07-10, until: 2020-07-10'))).toMatch(
      /norms\[0\]\.penalties\[0\]\.until: must be after from \(2020-07-10\)/,
    );
    expect(errors(regime('until: 10 July 2020'))).toMatch(at('norms[0].penalties[0].until'));
  });

  it('rejects an unknown field, a regime id used twice, a bad id, and a flat penalty beside regimes', () => {
    expect(errors(regime('share: 0.5'))).toMatch(/norms\[0\]\.penalties\[0\].*"share"/);
    expect(errors(ok.replace('id: awb', 'id: Awb'))).toMatch(at('norms[0].penalties[0].id'));
    const twice = errorsOf(() =>
      modelFromYaml(onePersonModel({ serviceDays: 1, regimes: `      - ${ok}\n      - ${ok}\n` }), 'm.yaml'),
    ).join('\n');
    expect(twice).toMatch(/norms\[0\]\.penalties\[1\]\.id: penalty regime id "awb" is used twice/);
    expect(errors(ok, '    penaltyPerDayLateEur: 100\n')).toMatch(
      /norms\[0\]\.penaltyPerDayLateEur: a norm with penalty regimes/,
    );
  });

  it('rejects an extension with both or neither of addMonths and addDays, bad amounts and until on or before from', () => {
    const ext = (e: string) => errors(ok, `    extensions:\n      - ${e}\n`);
    expect(ext('{ from: 2022-01-01, addMonths: 9, addDays: 30 }')).toMatch(
      /norms\[0\]\.extensions\[0\]: an extension has exactly one of "addMonths" or "addDays"/,
    );
    expect(ext('{ from: 2022-01-01 }')).toMatch(/norms\[0\]\.extensions\[0\]: an extension has exactly one/);
    expect(ext('{ from: 2022-01-01, addMonths: 1.5 }')).toMatch(at('norms[0].extensions[0].addMonths'));
    expect(ext('{ from: 2022-01-01, addMonths: 0 }')).toMatch(at('norms[0].extensions[0].addMonths'));
    expect(ext('{ from: 2022-01-01, addDays: -5 }')).toMatch(at('norms[0].extensions[0].addDays'));
    expect(ext('{ addDays: 5 }')).toMatch(at('norms[0].extensions[0].from'));
    expect(ext('{ from: 2022-01-01, until: 2021-12-31, addDays: 5 }')).toMatch(
      /norms\[0\]\.extensions\[0\]\.until: must be after from \(2022-01-01\)/,
    );
  });
});
