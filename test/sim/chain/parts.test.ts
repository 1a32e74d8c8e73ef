// The parts of a replication on their own: the case table reuses slots and grows the per-case arrays of the
// parts registered with it, keeping every case's fields; the report window sums and averages over the days
// after the warm-up; norm clocks keep their state when the table grows under them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { NormClocks } from '../../../src/sim/chain/replication/norms.ts';
import { examplesDir, modelFromYaml } from '../../helpers.ts';
import { CaseTable, LEFT, NO_LOCATION } from '../../../src/sim/chain/replication/cases.ts';
import { ReportWindow, pick } from '../../../src/sim/chain/replication/constants.ts';
import { Recorder } from '../../../src/sim/chain/replication/recorder.ts';
import { LogHistogram } from '../../../src/sim/stats/histogram.ts';
import { substream } from '../../../src/core/random.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import { csvTraceSink } from '../../../src/sim/run/trace.ts';

describe('the case table', () => {
  it('reuses the slot freed last before taking a new one, and marks a freed case as left', () => {
    const cases = new CaseTable(4);
    const a = cases.alloc();
    const b = cases.alloc();
    cases.location[b] = 3;
    const tokenBefore = cases.token[b];
    cases.release(b);
    expect(cases.stage[b]).toBe(LEFT);
    expect(cases.location[b]).toBe(NO_LOCATION);
    expect(cases.token[b]).toBe(tokenBefore + 1);
    expect(cases.rngs[b]).toBeNull();
    expect(cases.alloc()).toBe(b);
    expect(cases.alloc()).toBe(2);
    expect(a).toBe(0);
    expect(cases.used).toBe(3);
  });

  it('doubles when full, keeps every field, and grows the arrays of the parts registered with it', () => {
    const cases = new CaseTable(2);
    const grown: number[] = [];
    cases.growWith({ growCases: (n) => grown.push(n) });
    for (let i = 0; i < 5; i++) {
      const c = cases.alloc();
      cases.persons[c] = i + 1;
      cases.arrival[c] = i / 2;
      cases.key[c] = 2 ** 40 + i;
    }
    expect(grown).toEqual([4, 8]);
    expect(cases.capacity).toBe(8);
    expect(cases.persons.length).toBe(8);
    expect(cases.rngs.length).toBe(8);
    expect(Array.from(cases.persons.subarray(0, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(cases.arrival.subarray(0, 5))).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(cases.key[4]).toBe(2 ** 40 + 4);
  });
});

describe('the case streams', () => {
  it('keep one stream object per slot, which a new case puts in its own sub-stream state', () => {
    const cases = new CaseTable(4);
    const c = cases.alloc();
    const first = cases.streamFor(c).resetToSubstream(7, 1, 3, 11);
    first.uniform();
    cases.release(c);
    expect(cases.alloc()).toBe(c);
    const again = cases.streamFor(c).resetToSubstream(7, 1, 3, 12);
    expect(again).toBe(first);
    const fresh = substream(7, 1, 3, 12);
    for (let i = 0; i < 5; i++) expect(again.uniform()).toBe(fresh.uniform());
  });
});

describe('the recorder', () => {
  it('gives the same stage lead-time histograms as adding each completion at once, across and within batches', () => {
    const chain = compileChain(modelFromYaml(readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')));
    const cases = new CaseTable(4);
    const recorder = new Recorder(chain, cases, new ReportWindow(chain.horizonDays, chain.warmupDays));
    const s = 1;
    const wait = new LogHistogram();
    const proc = new LogHistogram();
    const total = new LogHistogram();
    const byTrack = chain.tracks.map(() => new LogHistogram());
    const byCohort = chain.cohorts.map(() => new LogHistogram());
    const rng = substream(1, 0, 0, 0);
    const c = cases.alloc();
    // More than two batches and a part of one: a batch flushed whole, and the rest flushed when read.
    for (let i = 0; i < 2 * 256 + 37; i++) {
      cases.enter[c] = 100 + rng.uniform() * 50;
      cases.start[c] = cases.enter[c] + (i % 3 === 0 ? 0 : rng.uniform() * 20);
      const t = cases.start[c] + rng.uniform() * 30;
      cases.track[c] = i % 4 === 0 ? -1 : i % chain.tracks.length;
      cases.cohort[c] = i % chain.cohorts.length;
      recorder.stageDone(c, s, t);
      const w = cases.start[c] - cases.enter[c];
      const p = t - cases.start[c];
      wait.add(w);
      proc.add(p);
      total.add(w + p);
      if (cases.track[c] >= 0) byTrack[cases.track[c]].add(w + p);
      byCohort[cases.cohort[c]].add(w + p);
    }
    const got = new Map<string, LogHistogram>();
    recorder.leadTimes((scope, subject, measure, by, group, h) => {
      if (scope === 'stage' && subject === chain.stages[s].id) got.set(`${measure}/${by}/${group}`, h);
    });
    expect(got.get('waiting/all/')!.toJSON()).toEqual(wait.toJSON());
    expect(got.get('processing/all/')!.toJSON()).toEqual(proc.toJSON());
    expect(got.get('total/all/')!.toJSON()).toEqual(total.toJSON());
    chain.tracks.forEach((tr, j) => expect(got.get(`total/track/${tr.id}`)!.toJSON()).toEqual(byTrack[j].toJSON()));
    expect(chain.cohorts.length).toBeGreaterThan(1);
    chain.cohorts.forEach((co, j) => expect(got.get(`total/cohort/${co.id}`)!.toJSON()).toEqual(byCohort[j].toJSON()));
    expect(got.get('total/all/')!.quantile(0.9)).toBe(total.quantile(0.9));
  });
});

describe('the recorder without breakdowns', () => {
  it('gives the same stage lead-time histograms as adding each completion at once, with no track or cohort', () => {
    const chain = compileChain(modelFromYaml(readFileSync(join(examplesDir, 'tandem.yaml'), 'utf8')));
    expect(chain.tracks.length).toBe(0);
    expect(chain.cohorts.length).toBe(1);
    const cases = new CaseTable(4);
    const recorder = new Recorder(chain, cases, new ReportWindow(chain.horizonDays, chain.warmupDays));
    const s = 2;
    const hists = { waiting: new LogHistogram(), processing: new LogHistogram(), total: new LogHistogram() };
    const rng = substream(1, 0, 0, 2);
    const c = cases.alloc();
    for (let i = 0; i < 3 * 256 + 5; i++) {
      cases.enter[c] = 100 + rng.uniform() * 50;
      cases.start[c] = cases.enter[c] + (i % 3 === 0 ? 0 : rng.uniform() * 0.1);
      const t = cases.start[c] + (i % 7 === 0 ? 0 : rng.uniform() * 0.1);
      recorder.stageDone(c, s, t);
      hists.waiting.add(cases.start[c] - cases.enter[c]);
      hists.processing.add(t - cases.start[c]);
      hists.total.add(cases.start[c] - cases.enter[c] + (t - cases.start[c]));
    }
    const got = new Map<string, LogHistogram>();
    recorder.leadTimes((scope, subject, measure, by, _group, h) => {
      if (scope === 'stage' && subject === chain.stages[s].id && by === 'all') got.set(measure, h);
    });
    for (const [measure, h] of Object.entries(hists)) expect(got.get(measure)!.toJSON()).toEqual(h.toJSON());
  });
});

describe('plain server stages', () => {
  it('give the results of the general path: the tandem with a trace (which takes the general path) and without', () => {
    const yaml = readFileSync(join(examplesDir, 'tandem.yaml'), 'utf8')
      .replace('horizonDays: 3650', 'horizonDays: 120')
      // A change of servers on the way: the queue is then served by the general path, ends by the short one.
      .replace(
        'capacity: { servers: 3 }',
        'capacity: { servers: [{ from: 2025-01-01, value: 3 }, { from: 2025-02-01, value: 2 }, { from: 2025-03-01, value: 3 }] }',
      );
    const chain = compileChain(modelFromYaml(yaml));
    const plain = simulateReplication(chain, { replication: 1, seed: 5 });
    const sink = csvTraceSink(chain, 1, () => {});
    const general = simulateReplication(chain, { replication: 1, seed: 5, trace: sink });
    expect(plain.kpis['arrivals.persons']).toBeGreaterThan(20_000);
    expect(plain.kpis).toEqual(general.kpis);
    expect(plain.series).toEqual(general.series);
    expect(plain.leadTimes).toEqual(general.leadTimes);
    expect(plain.events).toBe(general.events);
  });
});

describe('the recorder at exits', () => {
  it('gives the same chain lead-time histograms as adding each exit at once, across and within batches', () => {
    const chain = compileChain(modelFromYaml(readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')));
    const cases = new CaseTable(4);
    const recorder = new Recorder(chain, cases, new ReportWindow(chain.horizonDays, chain.warmupDays));
    const total = new LogHistogram();
    const byExit = chain.exitReasons.map(() => new LogHistogram());
    const byTrack = chain.tracks.map(() => new LogHistogram());
    const byCohort = chain.cohorts.map(() => new LogHistogram());
    const rng = substream(1, 0, 0, 1);
    const c = cases.alloc();
    for (let i = 0; i < 2 * 256 + 37; i++) {
      cases.persons[c] = 1;
      cases.arrival[c] = chain.warmupDays + rng.uniform() * 50;
      const t = cases.arrival[c] + rng.uniform() * 300;
      cases.track[c] = i % 4 === 0 ? -1 : i % chain.tracks.length;
      cases.cohort[c] = i % chain.cohorts.length;
      const reason = i % chain.exitReasons.length;
      recorder.exit(c, reason, t);
      const lead = t - cases.arrival[c];
      total.add(lead);
      byExit[reason].add(lead);
      if (cases.track[c] >= 0) byTrack[cases.track[c]].add(lead);
      byCohort[cases.cohort[c]].add(lead);
    }
    const got = new Map<string, LogHistogram>();
    recorder.leadTimes((scope, _subject, _measure, by, group, h) => {
      if (scope === 'chain') got.set(`${by}/${group}`, h);
    });
    expect(got.get('all/')!.toJSON()).toEqual(total.toJSON());
    chain.exitReasons.forEach((r, j) => expect(got.get(`exit/${r}`)!.toJSON()).toEqual(byExit[j].toJSON()));
    chain.tracks.forEach((tr, j) => expect(got.get(`track/${tr.id}`)!.toJSON()).toEqual(byTrack[j].toJSON()));
    chain.cohorts.forEach((co, j) => expect(got.get(`cohort/${co.id}`)!.toJSON()).toEqual(byCohort[j].toJSON()));
    const kpis: Record<string, number> = {};
    recorder.chainKpis(kpis);
    expect(kpis['leadTime.chain.p90']).toBe(total.quantile(0.9));
  });
});

describe('the report window', () => {
  it('sums and averages the days from the warm-up to the horizon, and clamps a time to the last day', () => {
    const w = new ReportWindow(5, 2);
    const a = Float64Array.from([100, 100, 1, 2, 3]);
    expect(w.sum(a)).toBe(6);
    expect(w.mean(a)).toBe(2);
    expect(w.dayOf(3.7)).toBe(3);
    expect(w.dayOf(9)).toBe(4);
    expect(new ReportWindow(3, 3).mean(a)).toBe(0);
  });

  it('picks the first cumulative share above a draw, the last when none is', () => {
    const cum = Float64Array.from([0.2, 0.5, 1]);
    expect(pick(cum, 0)).toBe(0);
    expect(pick(cum, 0.2)).toBe(1);
    expect(pick(cum, 0.99)).toBe(2);
    expect(pick(cum, 1)).toBe(2);
  });
});

describe('norm clocks', () => {
  it('keep every running clock when the case table grows under them, and a new case starts without one', () => {
    const chain = compileChain(modelFromYaml(readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')));
    const cases = new CaseTable(2);
    const norms = new NormClocks(chain, cases, new ReportWindow(chain.horizonDays, chain.warmupDays));
    const norm = chain.norms[0];
    const kind = norm.kinds.indexOf(1);
    expect(kind).toBeGreaterThanOrEqual(0);
    const start = (c: number, t: number) => {
      cases.kind[c] = kind;
      norms.resetCase(c);
      if (norm.fromStages === null) norms.arrive(c, t);
      else norms.stageEvent(c, norm.fromStages[0], norm.fromEvent, t);
    };
    const first = cases.alloc();
    start(first, 10);
    const deadline = norms.edfKey(norm.index, first);
    expect(deadline).toBeGreaterThan(10);
    expect(deadline).toBeLessThan(Infinity);
    let last = first;
    for (let i = 0; i < 20; i++) start((last = cases.alloc()), 10 + i);
    expect(cases.capacity).toBe(32);
    expect(norms.edfKey(norm.index, first)).toBe(deadline);
    expect(norms.edfKey(norm.index, last)).toBeGreaterThan(29);
    expect(norms.edfKey(norm.index, last)).toBeLessThan(Infinity);
    const fresh = cases.alloc();
    cases.kind[fresh] = kind;
    norms.resetCase(fresh);
    expect(norms.edfKey(norm.index, fresh)).toBe(Infinity);
  });
});
