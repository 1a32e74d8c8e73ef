// Daily norm series: per day, the clocks that stopped in the reported period and of them those within the term —
// they add up to each norm's measured and within counts, and their summed lead times to its mean lead time; the
// clocks open past their deadline per day end at the count the run reports for its end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import { examplesDir, modelFromYaml } from '../../helpers.ts';

/** One replication of nl-baseline shortened to `horizonDays` with `warmupDays`. */
function baselineRun(horizonDays: number, warmupDays: number, seed: number) {
  const text = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')
    .replace('horizonDays: 2557', `horizonDays: ${horizonDays}`)
    .replace('warmupDays: 731', `warmupDays: ${warmupDays}`);
  return simulateReplication(compileChain(modelFromYaml(text)), { replication: 0, seed });
}

describe('norm series', () => {
  it('sum to the measured and within counts of every chain and stage norm, with nothing before the warm-up ends', () => {
    const r = baselineRun(600, 300, 3);
    const sum = (key: string, from = 0) => r.series[key].subarray(from).reduce((a, b) => a + b, 0);
    expect(r.norms.length).toBeGreaterThanOrEqual(2);
    for (const n of r.norms) {
      const key = n.scope === 'stage' ? `norm.stage.${n.id}` : `norm.${n.id}`;
      expect(n.measured, n.id).toBeGreaterThan(0);
      expect(sum(`${key}.measured`), n.id).toBe(n.measured);
      expect(sum(`${key}.within`), n.id).toBe(n.withinNorm);
      expect(sum(`${key}.measured`, 300), n.id).toBe(n.measured);
      // The summed lead times of the stops, over their number, are the norm's mean lead time.
      const subject = n.scope === 'stage' ? `stage.${n.id}` : n.id;
      const h = r.leadTimes.find((l) => l.scope === 'norm' && l.subject === subject)!.histogram;
      expect(sum(`${key}.leadDays`) / n.measured, n.id).toBeCloseTo(h.sum / h.count, 9);
    }
  });
});

describe('open past deadline per day', () => {
  it('ends, on the last day, at the count of clocks open past their deadline at the end of the run', () => {
    const r = baselineRun(400, 100, 5);
    const withOpen = r.norms.filter((n) => n.openPastDeadline > 0);
    expect(withOpen.length).toBeGreaterThan(0);
    for (const n of r.norms) {
      const key = n.scope === 'stage' ? `norm.stage.${n.id}` : `norm.${n.id}`;
      const series = r.series[`${key}.openPastDeadline`];
      expect(series.length, n.id).toBe(400);
      expect(series[399], n.id).toBe(n.openPastDeadline);
      expect(Math.min(...series), n.id).toBeGreaterThanOrEqual(0);
    }
  });
});
