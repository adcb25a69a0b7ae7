/**
 * What the Board's invisible copies ("ghosts") measure: every card at the widths it may get,
 * every cluster's and column's header, each under a key that holds the width and the type
 * size it was measured at. Pure: the Board renders the ghosts and reads their heights.
 */
import type { Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';
import type { Heights, Track } from './wall.ts';

export type Probe =
  | { kind: 'card'; key: string; width: number; item: Postit }
  | { kind: 'cluster'; key: string; width: number; cluster: Cluster; count: number; continued: boolean }
  | { kind: 'column'; key: string; width: number; track: Track };

// Measured at a width and a type size.
export const cardKey = (item: Postit, w: number, font: number) => `c|${item.id}|${w}|${font}`;
export const clusterKey = (k: Cluster, w: number, continued: boolean, font: number) => `k|${k.id}|${w}|${continued}|${font}`;
export const columnKey = (t: Track, font: number) => `h|${t.column}|${t.full}|${font}`;

/** Every card at the widths it may get, every cluster's and column's header. */
export function probesOf(tracks: Track[], font: number): Probe[] {
  const out: Probe[] = [];
  const seen: Record<string, true> = {};
  const add = (p: Probe) => {
    if (!seen[p.key]) out.push(p);
    seen[p.key] = true;
  };
  for (const t of tracks) {
    if (t.title !== null) add({ kind: 'column', key: columnKey(t, font), width: t.full, track: t });
    for (const g of t.groups) {
      const k = g.cluster;
      if (k)
        for (const continued of [false, true])
          add({
            kind: 'cluster',
            key: clusterKey(k, t.clusterFull, continued, font),
            width: t.clusterFull,
            cluster: k,
            count: g.items.length,
            continued,
          });
      for (const w of k ? [t.clusterCard, t.clusterFull] : [t.card, t.full])
        for (const item of g.items) add({ kind: 'card', key: cardKey(item, w, font), width: w, item });
    }
  }
  return out;
}

/** The heights the ghosts measured, as wall.ts asks for them. */
export function heightsOf(heights: Record<string, number>, font: number): Heights {
  /** A rough height until the ghost is measured (the first frame only). */
  const guess = (item: Postit, w: number) =>
    (Math.ceil(((item.text?.length ?? 8) * 0.55 * font) / Math.max(40, w - font)) * 1.2 + 0.8) * font;
  return {
    card: (item, w) => heights[cardKey(item, w, font)] ?? guess(item, w),
    clusterHead: (k, w, continued) => heights[clusterKey(k, w, continued, font)] ?? font * 1.3,
    columnHead: (t) => heights[columnKey(t, font)] ?? font * 1.3,
  };
}
