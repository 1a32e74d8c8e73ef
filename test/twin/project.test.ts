// The twin's projection: per week ahead the distribution over replications of what simulate() gives for the same
// model and seeds (taken in chunks, reduced as they arrive), and the weeks a breach reaches 10%, 50% and 90%
// probability on a model whose reception fills at a known rate (worked by hand in fixtures.ts).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/run/simulate.ts';
import { compileChain } from '../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../src/sim/chain/simulate.ts';
import { CHUNK_DAILY_VALUES, chunkReplications, projectTwin, withoutPlaybook } from '../../src/twin/project.ts';
import { fillingModel } from './fixtures.ts';

describe('projectTwin', () => {
  it('gives, per week, the mean and quantiles of the daily series of simulate() at the end of the week', async () => {
    const loaded = fillingModel();
    const replications = 60;
    // In chunks of 25: the chunks' replications are those of one run.
    const projection = await projectTwin(loaded, { weeks: 4, replications, workers: 1, chunk: 25 });
    const run = await simulate(withoutPlaybook(loaded), { replications, horizonDays: 28, workers: 1 });
    const series = (key: string) => run.aggregate.series.find((s) => s.key === key)!;
    const pairs: [string, string][] = [
      ['backlog.hold', 'stage.hold.waiting'],
      ['reception.regular', 'locationType.regular.occupied'],
      ['overflow', 'reception.overflow'],
      ['pastNorm.term', 'norm.term.openPastDeadline'],
    ];
    for (const [measure, key] of pairs) {
      const bands = projection.measures.find((m) => m.id === measure)!.bands;
      const daily = series(key);
      for (let w = 0; w < 4; w++) {
        const day = 7 * w + 6;
        expect(bands.mean[w], `${measure} week ${w + 1}`).toBeCloseTo(daily.mean[day], 9);
        expect(bands.p05[w], `${measure} week ${w + 1}`).toBe(daily.p5[day]);
        expect(bands.p50[w], `${measure} week ${w + 1}`).toBe(daily.p50[day]);
        expect(bands.p95[w], `${measure} week ${w + 1}`).toBe(daily.p95[day]);
        expect(bands.p25[w]).toBeGreaterThanOrEqual(bands.p05[w]);
        expect(bands.p75[w]).toBeLessThanOrEqual(bands.p95[w]);
      }
    }
    // The beds of the regular type: 390 every week.
    expect(projection.measures.find((m) => m.id === 'reception.regular')!.beds).toEqual([390, 390, 390, 390]);
  });

  it('dates the azc full and persons without a bed in week 3, the open cases past their norm in week 2', async () => {
    const projection = await projectTwin(fillingModel(), { weeks: 4, replications: 40, workers: 1 });
    expect(projection.weekStarts).toEqual(['2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22']);
    expect(projection.weekEnds[3]).toBe('2026-12-28');
    const th = (id: string) => projection.thresholds.find((t) => t.id === id)!;
    for (const id of ['reception.regular', 'overflow']) {
      expect(th(id).probability, id).toEqual([0, 0, 1, 1]);
      expect([th(id).week10, th(id).week50, th(id).week90], id).toEqual([3, 3, 3]);
    }
    // Arrived 3 days before the as-of date under a 10-day term: past it from the end of day 7, in week 2.
    expect(th('pastNorm.term').probability).toEqual([0, 1, 1, 1]);
    expect(th('pastNorm.term').week50).toBe(2);
    // The emergency type has no bed in any week: it has no limit to watch.
    expect(projection.thresholds.map((t) => t.id)).toEqual(['reception.regular', 'overflow', 'pastNorm.term']);
    expect(projection.thresholds.every((t) => !t.alreadyAtStart)).toBe(true);
  });

  it('holds as many replications at once as the budget of daily values allows', () => {
    // The daily series one replication of the filling model makes, counted on a run of it.
    const loaded = fillingModel();
    const series = Object.keys(simulateReplication(compileChain(loaded), { replication: 0, seed: 1 }).series).length;
    expect(chunkReplications(loaded, 112)).toBe(Math.floor(CHUNK_DAILY_VALUES / (series * 112)));
  });

  it('gives the same projection on one worker and on two', async () => {
    const one = await projectTwin(fillingModel(), { weeks: 3, replications: 6, workers: 1 });
    const two = await projectTwin(fillingModel(), { weeks: 3, replications: 6, workers: 2 });
    expect(two.measures).toEqual(one.measures);
    expect(two.thresholds).toEqual(one.thresholds);
  });
});
