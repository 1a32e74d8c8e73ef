// The chain as it really is, all at once: examples/nl-2022-2026.yaml starts from aged open cases (initial state
// with history), files family reunification from abroad (abroad stages), serves the IND's stages from one staff
// pool, charges court-ordered penalties for late decisions and houses by a target with arrears. Persons are
// conserved every day and Little's law holds at every busy stage with all of them on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import { examplesDir, modelFromYaml } from '../../helpers.ts';

const text = readFileSync(join(examplesDir, 'nl-2022-2026.yaml'), 'utf8');
// Ten years, six of them warm-up (the inflow of 2024 repeats after 2024): the stock of the start and the IND's
// backlog of 2023-2025 have gone through the stages and the chain is in its steady state when Little's law is
// measured, so the law's boundary terms (time spent before the window by cases that finish in it) are small.
const H = 3650;
const chain = compileChain(
  modelFromYaml(
    text.replace('horizonDays: 1461 ', `horizonDays: ${H} `).replace('warmupDays: 0 ', 'warmupDays: 2190 '),
  ),
);
const r = simulateReplication(chain, { replication: 0, seed: 7 });

describe('nl-2022-2026 with every feature of the chain as it really is', () => {
  it('uses them all', () => {
    expect(text).toMatch(/age:/);
    expect(text).toMatch(/abroad: true/);
    expect(text).toMatch(/staffPools:/);
    expect(text).toMatch(/penalties:/);
    expect(text).toMatch(/realisationShare:/);
    expect(r.kpis['penalty.eur']).toBeGreaterThan(0);
    expect(r.kpis['familyReunification.filedPersons']).toBeGreaterThan(0);
    expect(r.kpis['pool.ind-asylum.utilisation']).toBeGreaterThan(0.5);
  });

  it('conserves persons every day: initial + arrivals − exits = in the chain = persons at the stages in the country', () => {
    const exitKeys = Object.keys(r.series).filter((k) => k.startsWith('exits.'));
    const inCountry = chain.stages.filter((s) => !s.abroad).map((s) => `stage.${s.id}.inStage`);
    expect(inCountry.length).toBeLessThan(chain.stages.length);
    let cumulative = r.kpis['chain.initialPersons'];
    for (let d = 0; d < H; d++) {
      cumulative += r.series['arrivals.all'][d];
      for (const k of exitKeys) cumulative -= r.series[k][d];
      expect(r.series['chain.inChain'][d], `day ${d}`).toBe(cumulative);
      expect(
        inCountry.reduce((a, k) => a + r.series[k][d], 0),
        `day ${d}`,
      ).toBe(cumulative);
    }
  });

  it("keeps Little's law L = λW at every busy stage within 3%", () => {
    let checked = 0;
    for (const s of chain.stages) {
      const L = r.kpis[`stage.${s.id}.little.meanCases`];
      if (!(L >= 5)) continue;
      const lw = r.kpis[`stage.${s.id}.little.casesPerDay`] * r.kpis[`stage.${s.id}.total.mean`];
      expect(Math.abs(lw - L) / L, `stage ${s.id}: L=${L}, λW=${lw}`).toBeLessThan(0.03);
      checked++;
    }
    expect(checked).toBeGreaterThan(8);
  });
});
