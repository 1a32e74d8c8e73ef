import { describe, expect, it } from 'vitest';
import { forecast, ForecastInputError, samplePath, samplePaths } from '../../src/forecast/forecast.ts';
import { asylumApplicants, airPassengers } from './helpers.ts';
import { substream } from '../../src/core/random.ts';
import { calibrateDeviation } from '../../src/forecast/calibrate.ts';
import { FORECAST_STREAM_BASE, fillStandardNormals, pathFromShocks } from '../../src/forecast/paths.ts';

describe('forecast', () => {
  it('never forecasts a negative count, in the mean, the intervals or the sample paths', () => {
    // A steeply falling series drives linear models below zero.
    const y = Array.from({ length: 40 }, (_, t) => Math.max(0, 400 - 11 * t + (t % 3) * 5));
    const fc = forecast(y, { horizon: 18, period: 1, method: 'theta' });
    for (const v of fc.mean) expect(v).toBeGreaterThanOrEqual(0);
    for (const i of fc.intervals) for (const v of [...i.lower, ...i.upper]) expect(v).toBeGreaterThanOrEqual(0);
    for (const path of samplePaths(fc, 50, 7)) for (const v of path) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('nests the 80% interval inside the 95% interval around the point forecast', () => {
    const fc = forecast(airPassengers(), { horizon: 12, period: 12, method: 'ets' });
    const [i80, i95] = fc.intervals;
    for (let h = 0; h < 12; h++) {
      expect(i95.lower[h]).toBeLessThanOrEqual(i80.lower[h]);
      expect(i80.lower[h]).toBeLessThanOrEqual(fc.mean[h] * 1.02);
      expect(i80.upper[h]).toBeGreaterThanOrEqual(fc.mean[h] * 0.98);
      expect(i95.upper[h]).toBeGreaterThanOrEqual(i80.upper[h]);
    }
  });

  it('gives replication r the same sample path whatever other replications are drawn', () => {
    const fc = forecast(asylumApplicants('NL'), { horizon: 12, period: 12, method: 'ets' });
    const alone = samplePath(fc, 42, 17);
    const batch = samplePaths(fc, 30, 42, 0);
    expect(Array.from(batch[17])).toEqual(Array.from(alone));
    expect(Array.from(samplePaths(fc, 3, 42, 16)[1])).toEqual(Array.from(alone));
    expect(Array.from(batch[16])).not.toEqual(Array.from(alone));
    expect(Array.from(samplePath(fc, 43, 17))).not.toEqual(Array.from(alone));
  });

  it('is plain data: a structured clone, as a worker thread receives it, draws the same paths', () => {
    for (const method of ['combination', 'ets', 'arima', 'theta', 'snaive', 'naive2'] as const) {
      const fc = forecast(asylumApplicants('NL'), { horizon: 12, period: 12, method });
      const copy = structuredClone(fc);
      for (const r of [0, 7]) expect(Array.from(samplePath(copy, 42, r))).toEqual(Array.from(samplePath(fc, 42, r)));
    }
  });

  it('gives each stream of one replication its own path, from the sub-stream of (seed, r, stream)', () => {
    const fc = forecast(asylumApplicants('NL'), { horizon: 12, period: 12, method: 'arima' });
    const first = samplePath(fc, 42, 3, undefined, 0);
    const second = samplePath(fc, 42, 3, undefined, 1);
    expect(Array.from(second)).not.toEqual(Array.from(first));
    expect(Array.from(samplePaths(fc, 2, 42, 2, 1)[1])).toEqual(Array.from(second));
    // The model's own path from the same shocks, calibrated and truncated like samplePath does.
    const shocks = new Float64Array(12);
    fillStandardNormals(substream(42, 3, FORECAST_STREAM_BASE + 1, 0), shocks);
    const raw = new Float64Array(12);
    pathFromShocks(fc.model, shocks, raw);
    const { mean, sd } = fc.model;
    for (let h = 0; h < 12; h++) {
      const z = calibrateDeviation(fc.calibration, (raw[h] - mean[h]) / sd[h]);
      expect(second[h]).toBeCloseTo(Math.max(0, mean[h] + sd[h] * z), 9);
    }
  });

  it('sample paths spread like the 80% interval (about 80% of path values inside it)', () => {
    // A series far from zero, so that truncation at zero plays no part.
    const fc = forecast(airPassengers(), { horizon: 6, period: 12, method: 'theta' });
    const paths = samplePaths(fc, 2000, 5);
    const [i80] = fc.intervals;
    let inside = 0;
    for (const path of paths)
      for (let h = 0; h < 6; h++) if (path[h] >= i80.lower[h] && path[h] <= i80.upper[h]) inside++;
    expect(inside / (2000 * 6)).toBeGreaterThan(0.76);
    expect(inside / (2000 * 6)).toBeLessThan(0.84);
  });

  it('widens intervals when the backtest errors are larger than the model expects', () => {
    // Quiet for 56 months, then ten times noisier: the model's variance is dominated by the quiet years, its
    // recent out-of-sample errors are not.
    let state = 1;
    const noise = () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647 - 0.5;
    };
    const y = Array.from({ length: 80 }, (_, t) => 1000 + (t < 56 ? 20 : 200) * noise());
    const raw = forecast(y, { horizon: 12, period: 1, method: 'theta', calibration: 'model' });
    const calibrated = forecast(y, { horizon: 12, period: 1, method: 'theta' });
    const width = (f: typeof raw) => f.intervals[1].upper[0] - f.intervals[1].lower[0];
    expect(width(calibrated)).toBeGreaterThan(2 * width(raw));
    expect(calibrated.calibration!.scores.length).toBeGreaterThan(20);
  });

  it('keeps the model intervals where the recent backtest errors fit them', () => {
    const y = asylumApplicants('NL');
    const raw = forecast(y, { horizon: 12, period: 12, method: 'theta', calibration: 'model' });
    const calibrated = forecast(y, { horizon: 12, period: 12, method: 'theta' });
    expect(Array.from(calibrated.intervals[1].upper)).toEqual(Array.from(raw.intervals[1].upper));
  });

  it('falls back with a stated reason: all zeros, very short, too short for seasonality, a series break', () => {
    const zeros = forecast([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], { horizon: 3, period: 12 });
    expect(Array.from(zeros.mean)).toEqual([0, 0, 0]);
    expect(zeros.notes.join(' ')).toMatch(/zero/);

    const short = forecast([5, 7, 6, 8], { horizon: 2, period: 12 });
    expect(short.method).toBe('naive');
    expect(short.notes.join(' ')).toMatch(/fewer than 8/);
    expect(short.notes.join(' ')).toMatch(/seasonality is not modelled/);

    const y = [...Array.from({ length: 24 }, () => 100), ...Array.from({ length: 30 }, (_, t) => 300 + (t % 4))];
    const broken = forecast(y, { horizon: 3, period: 1, method: 'naive2', breakAt: 24 });
    expect(broken.observations).toBe(30);
    expect(broken.notes[0]).toMatch(/series break/);
    expect(broken.mean[0]).toBeGreaterThan(290);
  });

  it('handles series with many zeros (no multiplicative models) without failing', () => {
    const y = Array.from({ length: 48 }, (_, t) => (t % 5 === 0 ? 0 : 3 + (t % 7)));
    const fc = forecast(y, { horizon: 6, period: 12, method: 'ets' });
    expect(fc.label).toMatch(/ETS\(A/);
    for (const v of fc.mean) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('chooses the method by backtest and reports the candidates scores', () => {
    const fc = forecast(airPassengers(), {
      horizon: 12,
      period: 12,
      method: 'auto',
      candidates: ['naive', 'snaive', 'ets'],
    });
    expect(fc.selection.map((s) => s.method).sort()).toEqual(['ets', 'naive', 'snaive']);
    expect(fc.method).toBe(fc.selection[0].method);
    // The trending, seasonal airline series is forecast far better by ETS than by the plain naive method.
    expect(fc.selection[fc.selection.length - 1].method).toBe('naive');
  });

  it('forecasts a constant series as that constant, with no spread', () => {
    const fc = forecast(Array(40).fill(5), { horizon: 4, period: 12 });
    for (let h = 0; h < 4; h++) {
      expect(fc.mean[h]).toBeCloseTo(5, 6);
      expect(fc.intervals[1].upper[h] - fc.intervals[1].lower[h]).toBeLessThan(1e-6);
    }
  });

  it('forecasts weekly and quarterly series with their own seasonal period', () => {
    const weekly = Array.from({ length: 160 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 52) + (t % 7));
    const fcWeekly = forecast(weekly, { horizon: 26, period: 52, method: 'arima' });
    expect(fcWeekly.label).toMatch(/\[52\]/);
    // Week 160 + 13 is near the peak of the cycle, week 160 + 26 near the middle.
    expect(fcWeekly.mean[12]).toBeGreaterThan(fcWeekly.mean[25] + 15);
    const quarterly = Array.from({ length: 30 }, (_, t) => 1000 + 200 * (t % 4) + 10 * t);
    const fcQuarterly = forecast(quarterly, { horizon: 4, period: 4, method: 'ets' });
    expect(fcQuarterly.label).toMatch(/ETS\(.,.+,A|M\)/);
    expect(fcQuarterly.mean[1] - fcQuarterly.mean[0]).toBeCloseTo(210, -1);
  });

  it('is deterministic: the same series and options give the same forecast, intervals included', () => {
    const a = forecast(airPassengers(), { horizon: 6, period: 12, method: 'combination' });
    const b = forecast(airPassengers(), { horizon: 6, period: 12, method: 'combination' });
    expect(Array.from(a.intervals[1].upper)).toEqual(Array.from(b.intervals[1].upper));
    expect(a.label).toBe(b.label);
  });

  it('rejects bad input with an error that names the field', () => {
    expect(() => forecast([], { horizon: 3, period: 1 })).toThrow(ForecastInputError);
    expect(() => forecast([1, -2, 3], { horizon: 3, period: 1 })).toThrow(/observation 2 is negative/);
    expect(() => forecast([1, Number.NaN, 3], { horizon: 3, period: 1 })).toThrow(/observation 2 is not a number/);
    expect(() => forecast([1, 2, 3], { horizon: 0, period: 1 })).toThrow(/horizon/);
    expect(() => forecast([1, 2, 3], { horizon: 2, period: 1, levels: [100] })).toThrow(/level/);
  });
});
