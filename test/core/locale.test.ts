import { describe, expect, it } from 'vitest';
import { formatCount, formatEuro, formatNumber, formatPercent, parseLang } from '../../src/core/locale.ts';

describe('locale', () => {
  it('groups thousands and writes decimals the Dutch way in nl, the English way in en', () => {
    expect(formatNumber(12500, 'nl')).toBe('12.500');
    expect(formatNumber(12500, 'en')).toBe('12,500');
    expect(formatNumber(3.456, 'nl', 2)).toBe('3,46');
    expect(formatNumber(-1234.5, 'en', 1)).toBe('−1,234.5');
  });

  it('abbreviates millions and billions in the words of the language', () => {
    expect(formatNumber(3_400_000, 'nl')).toBe('3,4 mln');
    expect(formatNumber(3_400_000, 'en')).toBe('3.4 m');
    expect(formatNumber(1_250_000_000, 'nl')).toBe('1,25 mld');
    expect(formatEuro(2_500_000, 'nl')).toBe('€ 2,5 mln');
    expect(formatEuro(1250, 'nl')).toBe('€ 1.250');
    expect(formatEuro(1250, 'en')).toBe('€1,250');
  });

  it('shows small figures with three significant digits, and missing ones as a dash', () => {
    expect(formatNumber(0.00123, 'nl')).toBe('0,00123');
    expect(formatNumber(Number.NaN, 'nl')).toBe('–');
    expect(formatNumber(Infinity, 'en')).toBe('∞');
    expect(formatPercent(0.125, 'nl', 1)).toBe('12,5%');
    expect(formatCount(1_000_000, 'nl')).toBe('1.000.000');
  });

  it('knows nl and en only', () => {
    expect(parseLang('NL')).toBe('nl');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('de')).toBeUndefined();
  });
});
