import { describe, expect, it } from 'vitest';
import { arimaLabel, difference, fitArimaOrder, forecastArima, kpssStatistic } from '../../src/forecast/arima.ts';
import { fitEts, fitEtsModel, forecastEts } from '../../src/forecast/ets.ts';
import { naive, naive2, seasonalNaive } from '../../src/forecast/simple.ts';
import { fitSes, theta } from '../../src/forecast/theta.ts';
import { substream } from '../../src/core/random.ts';
import { fillStandardNormals, modelPath } from '../../src/forecast/paths.ts';
import { fitModel } from '../../src/forecast/models.ts';
import { autoArima, rootsOutside } from '../../src/forecast/arima.ts';
import { airPassengers, OIL_1996_2013 } from './helpers.ts';

describe('ARIMA', () => {
  it('reproduces the airline model ARIMA(0,1,1)(0,1,1)12 on log AirPassengers: θ ≈ −0.40, Θ ≈ −0.56', () => {
    const logged = airPassengers().map(Math.log);
    const fit = fitArimaOrder(logged, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, period: 12, constant: false });
    expect(fit).not.toBeNull();
    expect(fit!.ma[0]).toBeCloseTo(-0.4018, 2);
    expect(fit!.seasonalMa[0]).toBeCloseTo(-0.5569, 2);
    // Box–Jenkins / R: log-likelihood 244.7, σ² ≈ 0.00137.
    expect(-fit!.minus2LogLik / 2).toBeCloseTo(244.7, 0);
    expect(fit!.sigma2).toBeGreaterThan(0.0013);
    expect(fit!.sigma2).toBeLessThan(0.0014);
    expect(arimaLabel(fit!.order)).toBe('ARIMA(0,1,1)(0,1,1)[12]');
  });

  it('forecasts the airline series with widening intervals and the seasonal pattern of the data', () => {
    const logged = airPassengers().map(Math.log);
    const fit = fitArimaOrder(logged, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, period: 12, constant: false })!;
    const fc = forecastArima(fit, 24);
    // R: forecast(Arima(log(AirPassengers), c(0,1,1), c(0,1,1))) gives 6.1102 for Jan 1961.
    expect(fc.mean[0]).toBeCloseTo(6.11, 2);
    expect(fc.mean[6]).toBeGreaterThan(fc.mean[0]); // July above January
    for (let h = 1; h < 24; h++) expect(fc.sd[h]).toBeGreaterThan(fc.sd[h - 1]);
  });

  it('differences with (1 − B)(1 − B^12)', () => {
    const y = Array.from({ length: 30 }, (_, t) => t * t);
    const w = difference(y, 1, 1, 12);
    expect(w.length).toBe(17);
    // (1 − B)(1 − B^12) t² = 2·12 = 24 for every t.
    for (const value of w) expect(value).toBeCloseTo(24, 9);
  });

  it('KPSS rejects level stationarity for a random walk and accepts white noise', () => {
    const z = new Float64Array(400);
    fillStandardNormals(substream(1, 0, 0, 0), z);
    let level = 0;
    const walk: number[] = [];
    const noise: number[] = [];
    for (let t = 0; t < 200; t++) {
      level += z[2 * t];
      walk.push(level);
      noise.push(z[2 * t + 1]);
    }
    expect(kpssStatistic(walk)).toBeGreaterThan(0.463);
    expect(kpssStatistic(noise)).toBeLessThan(0.463);
  });
});

describe('ETS', () => {
  it('matches the published ETS(A,N,N) fit of Saudi oil production (fpp2 §7.1: α = 0.8339, ℓ0 = 446.59, σ = 29.83)', () => {
    const fit = fitEtsModel(OIL_1996_2013, 1, { error: 'A', trend: 'N', season: 'N' })!;
    expect(fit.alpha).toBeCloseTo(0.8339, 2);
    expect(fit.level0).toBeCloseTo(446.59, 0);
    expect(Math.sqrt(fit.sigma2)).toBeCloseTo(29.83, 1);
    // Point forecast for 2014 in the book: 542.6806.
    expect(forecastEts(fit, 1).mean[0]).toBeCloseTo(542.68, 0);
  });

  it('chooses a seasonal model with multiplicative errors for the airline passengers by AICc', () => {
    const fit = fitEts(airPassengers(), 12);
    expect(fit.spec.season).not.toBe('N');
    expect(fit.spec.error).toBe('M');
  });

  it('simulates multiplicative paths whose average is close to the point forecast', () => {
    const fit = fitEts(airPassengers(), 12);
    const fc = forecastEts(fit, 12);
    const out = new Float64Array(12);
    const sum = new Float64Array(12);
    for (let r = 0; r < 2000; r++) {
      modelPath(fc, 3, r, out);
      for (let h = 0; h < 12; h++) sum[h] += out[h];
    }
    for (let h = 0; h < 12; h++) expect(sum[h] / 2000 / fc.mean[h]).toBeCloseTo(1, 1);
  });
});

describe('Theta and the benchmarks', () => {
  it('fits SES by least squares like ETS(A,N,N)', () => {
    const ses = fitSes(OIL_1996_2013);
    expect(ses.alpha).toBeCloseTo(0.8339, 2);
  });

  it('Theta adds half the linear-trend slope as drift', () => {
    const y = Array.from({ length: 40 }, (_, t) => 100 + 2 * t);
    const fc = theta(y, 1, 3);
    // A straight line: SES tracks the last value (α → 1) and the drift is half the slope (1 per step).
    expect(fc.mean[1] - fc.mean[0]).toBeCloseTo(1, 1);
    expect(fc.mean[0]).toBeGreaterThan(178);
  });

  it('naive repeats the last value, seasonal naive the last season', () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(Array.from(naive(y, 3).mean)).toEqual([8, 8, 8]);
    expect(Array.from(seasonalNaive(y, 4, 6).mean)).toEqual([5, 6, 7, 8, 5, 6]);
    expect(seasonalNaive(y, 4, 6).sd[4]).toBeCloseTo(seasonalNaive(y, 4, 6).sd[0] * Math.SQRT2, 9);
  });

  it('Naive2 re-seasonalises the last deseasonalised value when the series is seasonal', () => {
    const y = airPassengers();
    const fc = naive2(y, 12, 12);
    expect(fc.label).toContain('seasonally adjusted');
    expect(fc.mean[6]).toBeGreaterThan(fc.mean[10]); // July above November
  });
});

describe('combination and automatic ARIMA', () => {
  it('the combination forecast is the per-step median of ETS, Theta and ARIMA', () => {
    const y = airPassengers().slice(0, 96);
    const parts = (['ets', 'theta', 'arima'] as const).map((m) => fitModel(m, y, 12).forecast(6));
    const combined = fitModel('combination', y, 12).forecast(6);
    for (let h = 0; h < 6; h++) {
      const sorted = parts.map((p) => p.mean[h]).sort((a, b) => a - b);
      expect(combined.mean[h]).toBeCloseTo(sorted[1], 9);
    }
  });

  it('automatic ARIMA takes a seasonal difference for the airline series and never keeps a near-unit root', () => {
    const fit = autoArima(airPassengers().map(Math.log), 12);
    expect(fit.order.D).toBe(1);
    expect(rootsOutside(fit.seasonalAr, 1.01 ** 12)).toBe(true);
    expect(rootsOutside(fit.ar, 1.01)).toBe(true);
  });

  it('the root check rejects a seasonal AR coefficient of 0.99 and accepts 0.5', () => {
    expect(rootsOutside(Float64Array.of(0.99), 1.01 ** 12)).toBe(false);
    expect(rootsOutside(Float64Array.of(0.5), 1.01 ** 12)).toBe(true);
    // 1 − 1.5B + 0.56B² = (1 − 0.7B)(1 − 0.8B): roots 1/0.7 and 1/0.8, both outside 1.01.
    expect(rootsOutside(Float64Array.of(1.5, -0.56), 1.01)).toBe(true);
    // 1 − 1.9B + 0.9B² = (1 − B)(1 − 0.9B): a unit root.
    expect(rootsOutside(Float64Array.of(1.9, -0.9), 1.01)).toBe(false);
  });
});
