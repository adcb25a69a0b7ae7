/** The targets beside the measured figures: "target ≤ 1.5×" and whether it was met. */

/** `met` when `value` ≤ `limit` (or < for strict), `missed` otherwise, `–` when not measured. */
export function verdict(value: number, limit: number, strict = false): string {
  if (!Number.isFinite(value)) return '–';
  return (strict ? value < limit : value <= limit) ? 'met' : 'missed';
}

/** Kring ÷ baseline, as a plain number (NaN when either is missing). */
export const rawRatio = (k: number, b: number) => (Number.isFinite(k) && Number.isFinite(b) && b > 0 ? k / b : NaN);

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** 12,345 */
export const thousands = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
