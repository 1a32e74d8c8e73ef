// Test data loaders: the series shipped in data/ (each file's first line names its source).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

function rows(file: string): string[][] {
  return readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line) => line.split(','));
}

export function airPassengers(): number[] {
  return rows('air_passengers_1949_1960.csv').map((r) => Number(r[1]));
}

export function asylumApplicants(country: 'NL' | 'DE'): number[] {
  return rows('asylum_applicants_monthly_nl_de_2012_2019.csv').map((r) => Number(r[country === 'NL' ? 1 : 2]));
}

/**
 * Oil production in Saudi Arabia 1996–2013 (millions of tonnes), `window(fpp2::oil, start = 1996)` as printed
 * in Hyndman & Athanasopoulos, Forecasting: Principles and Practice (2nd ed.), section 7.1, where
 * `ses(oildata)` gives alpha = 0.8339, l = 446.5868, sigma = 29.8282.
 */
export const OIL_1996_2013 = [
  445.3641, 453.195, 454.4096, 422.3789, 456.0371, 440.3866, 425.1944, 486.2052, 500.4291, 521.2759, 508.9476, 488.8889,
  509.8706, 456.7229, 473.8166, 525.9509, 549.8338, 542.34,
];
