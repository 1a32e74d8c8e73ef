import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast/forecast.ts';
import {
  applyProfile,
  profileFromHistory,
  scenarioLines,
  stopProfile,
  surgeProfile,
} from '../../src/forecast/scenarios.ts';
import { asylumApplicants } from './helpers.ts';

describe('scenarios', () => {
  it('low/central/high come from the forecast interval at the given level', () => {
    const fc = forecast(asylumApplicants('NL'), { horizon: 6, period: 12, method: 'theta' });
    const lines = scenarioLines(fc, 95);
    expect(Array.from(lines.low)).toEqual(Array.from(fc.intervals[1].lower));
    expect(Array.from(lines.central)).toEqual(Array.from(fc.mean));
    expect(() => scenarioLines(fc, 50)).toThrow(/no 50% interval/);
  });

  it('a surge ramps to its peak, holds and decays back to 1', () => {
    const p = surgeProfile({ peak: 3, rampSteps: 2, holdSteps: 1, decaySteps: 2 });
    expect(Array.from(p.multipliers)).toEqual([2, 3, 3, 2, 1]);
  });

  it('a sudden stop drops at once and recovers linearly', () => {
    const p = stopProfile({ depth: 0.2, holdSteps: 2, recoverySteps: 4 });
    expect(Array.from(p.multipliers).map((v) => +v.toFixed(2))).toEqual([0.2, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('the 2015 surge measured from the NL series peaks in October 2015 at several times the year before', () => {
    const nl = asylumApplicants('NL');
    const june2015 = 3 * 12 + 5;
    const p = profileFromHistory(nl, june2015, 8, 12, 'surge2015', 'NL');
    const peak = Math.max(...p.multipliers);
    expect(p.multipliers.indexOf(peak)).toBe(4); // October
    expect(peak).toBeGreaterThan(4);
  });

  it('a profile multiplies a path from its start step and leaves the rest alone', () => {
    const path = Float64Array.of(10, 10, 10, 10);
    applyProfile(path, surgeProfile({ peak: 2, rampSteps: 1, holdSteps: 1, decaySteps: 0 }), 1);
    expect(Array.from(path)).toEqual([10, 20, 20, 10]);
  });
});
