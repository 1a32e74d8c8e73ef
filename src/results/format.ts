// Number and table formatting shared by the terminal summaries and the tidy result files: one rule for how a
// figure is shown (thousands separators, m/bn, small figures with three significant digits) and one for how
// it is written to CSV (integers as they are, others to six decimals, non-finite as empty).

/** A figure for people to read: `12,345`, `1.2 m`, `3.40 bn`, small non-zero values to three significant digits. */
export function formatNumber(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  if (abs > 0 && abs < 10 ** -digits) return v.toPrecision(3);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)} m`;
  return v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A number in a CSV file: integers exactly, others rounded to 6 decimals, NaN and ±Infinity as empty. */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 1e6) / 1e6);
}

/** Rows as an aligned plain-text table: the first column left-aligned, the others right-aligned. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}
