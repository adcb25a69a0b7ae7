/** Latency histograms in 0.1 ms buckets, as the phone workers return them (phone-track.ts). */

export type Histogram = Map<number, number>;

export function merge(into: Histogram, entries: [number, number][]) {
  for (const [b, k] of entries) into.set(b, (into.get(b) ?? 0) + k);
}

export const total = (h: Histogram) => [...h.values()].reduce((a, b) => a + b, 0);

/** Nearest-rank percentile (ms) of a histogram; NaN when empty. */
export function hPercentile(h: Histogram, p: number): number {
  const n = total(h);
  if (!n) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const b of [...h.keys()].sort((a, c) => a - c)) {
    seen += h.get(b)!;
    if (seen >= rank) return b / 10;
  }
  return NaN;
}
