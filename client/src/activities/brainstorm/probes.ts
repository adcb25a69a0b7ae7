/**
 * What the Board's invisible copies ("ghosts") measure: every card at the widths it may get,
 * every cluster's and column's header, each under a key that holds what its height depends
 * on: the width, the `scope` (type size, language, fonts loaded) and its words. A height
 * measured once stays good while its key does, so the Board keeps what it measured and
 * renders ghosts only for new keys: one more post-it on a wall of 5,000 is one ghost, not
 * 10,000. Pure: the Board renders the ghosts and reads their heights.
 */
import type { Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';
import type { Heights, Track } from './wall.ts';

export type Probe =
  | { kind: 'card'; key: string; width: number; item: Postit }
  | { kind: 'cluster'; key: string; width: number; cluster: Cluster; count: number; continued: boolean }
  | { kind: 'column'; key: string; width: number; track: Track };

/** A short hash (FNV-1a, 32 bits) of what a card shows: a changed text makes a new key. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let n = 0; n < text.length; n++) h = Math.imul(h ^ text.charCodeAt(n), 0x01000193);
  return (h >>> 0).toString(36);
}
/** Post-its are never changed in place (a frame makes a new object): their words hashed once. */
const words = new WeakMap<Postit, string>();
function wordsOf(item: Postit): string {
  let w = words.get(item);
  if (w === undefined) {
    w = `${item.text?.length ?? -1}.${hash([item.text, item.name, item.owner, item.due, item.merged.length].join('\u0000'))}`;
    words.set(item, w);
  }
  return w;
}

// Measured at a width, in a scope (type size, language, fonts), with these words.
export const cardKey = (item: Postit, w: number, scope: string) => `c|${item.id}|${w}|${scope}|${wordsOf(item)}`;
export const clusterKey = (k: Cluster, w: number, continued: boolean, scope: string, count: number) =>
  `k|${k.id}|${w}|${continued}|${scope}|${count}|${k.title}`;
export const columnKey = (t: Track, scope: string) => `h|${t.column}|${t.full}|${scope}|${t.count}|${t.title}`;

/** Every card at the widths it may get, every cluster's and column's header. */
export function probesOf(tracks: Track[], scope: string): Probe[] {
  const out: Probe[] = [];
  const seen: Record<string, true> = {};
  const add = (p: Probe) => {
    if (!seen[p.key]) out.push(p);
    seen[p.key] = true;
  };
  for (const t of tracks) {
    if (t.title !== null) add({ kind: 'column', key: columnKey(t, scope), width: t.full, track: t });
    for (const g of t.groups) {
      const k = g.cluster;
      if (k)
        for (const continued of [false, true])
          add({
            kind: 'cluster',
            key: clusterKey(k, t.clusterFull, continued, scope, g.items.length),
            width: t.clusterFull,
            cluster: k,
            count: g.items.length,
            continued,
          });
      for (const w of k ? [t.clusterCard, t.clusterFull] : [t.card, t.full])
        for (const item of g.items) add({ kind: 'card', key: cardKey(item, w, scope), width: w, item });
    }
  }
  return out;
}

/** The heights the ghosts measured, as wall.ts asks for them (a rough guess for a new key, until its ghost is measured). */
export function heightsOf(heights: Record<string, number>, font: number, scope: string): Heights {
  const guess = (item: Postit, w: number) =>
    (Math.ceil(((item.text?.length ?? 8) * 0.55 * font) / Math.max(40, w - font)) * 1.2 + 0.8) * font;
  return {
    card: (item, w) => heights[cardKey(item, w, scope)] ?? guess(item, w),
    clusterHead: (k, w, continued, count) => heights[clusterKey(k, w, continued, scope, count ?? 0)] ?? font * 1.3,
    columnHead: (t) => heights[columnKey(t, scope)] ?? font * 1.3,
  };
}

/** Keep what is still asked for: what was measured before and what was measured now. */
export function keepMeasured(probes: Probe[], before: Record<string, number>, now: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of probes) {
    const h = now[p.key] ?? before[p.key];
    if (h !== undefined) out[p.key] = h;
  }
  return out;
}
