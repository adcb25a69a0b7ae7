/** Percentiles and small number helpers for the report. */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const max = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => (b > a ? b : a)) : NaN);

/** Fixed decimals, with a dash for "no value" so tables never show NaN. */
export function fmt(x: number, decimals = 1): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : '–';
}

/** Kring / baseline as "3.2×"; a dash when either side is missing or zero. */
export function ratio(kring: number, baseline: number): string {
  if (!Number.isFinite(kring) || !Number.isFinite(baseline) || baseline <= 0) return '–';
  const r = kring / baseline;
  // Two significant digits below 0.1 (0.02×), so that a large gap does not read as 0.0×.
  return `${r >= 10 ? r.toFixed(0) : r >= 0.1 ? r.toFixed(1) : r.toPrecision(2)}×`;
}
