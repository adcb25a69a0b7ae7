/**
 * The wall's pages (R-BRAIN-WALL): where each card of a track goes, page by page. Pure, like
 * wall.ts (which lays out the sections and tracks and re-exports this).
 */
import type { Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';
import type { Spacing, Track, WallGroup } from './wall.ts';

/** What the Board measured: a card's height at a width, a cluster's header, a column's title. */
export interface Heights {
  card(item: Postit, width: number): number;
  clusterHead(cluster: Cluster, width: number, continued: boolean): number;
  columnHead(track: Track): number;
}

/** A card placed in its band: where (px from the band's cards' top and start) and how wide. */
export interface Placed {
  item: Postit;
  x: number;
  y: number;
  width: number;
}
/** A run of cards under one heading (a cluster) or none (the loose ones), on one page. */
export interface Band {
  cluster: Cluster | null;
  /** The cluster began on an earlier page. */
  continued: boolean;
  /** Post-its in the whole cluster (for its count). */
  count: number;
  cards: Placed[];
  /** The height of its cards (px). */
  height: number;
}
/** One page of one track. */
export type TrackPage = Band[];

/**
 * A track's post-its in pages of at most `height` px. Groups (clusters, then the loose
 * post-its) in order, each a band across the track; in a band the cards go, in order, into
 * the lane that is shortest so far (a tall post-it does not stretch its neighbours). A card
 * that no longer fits on the page waits for the next one, where it comes first, while the
 * cards after it that still fit fill the page (so one long post-it does not end a page). A
 * card too tall for a page in a lane gets the whole width of the track; a card too tall even
 * then (a very long text in a narrow column) still gets a page: the only case where the wall
 * cannot help, and the spotlight shows it whole.
 */
export function pack(t: Track, height: number, sp: Spacing, h: Heights): TrackPage[] {
  const budget = height - 2 * sp.secPad - (t.title !== null ? h.columnHead(t) + sp.gap : 0) - 1;
  const pages: TrackPage[] = [];
  const head = (k: Cluster | null, continued: boolean) => (k ? h.clusterHead(k, t.clusterFull, continued) + sp.gap : 0);
  /** What is left to place, in order: each card with its group. */
  let queue = t.groups.flatMap((g) => g.items.map((item) => ({ g, item })));
  /** Groups with cards on an earlier page (their band says "continued"). */
  const begun = new Set<WallGroup>();
  while (queue.length) {
    const page: TrackPage = [];
    pages.push(page);
    const later: typeof queue = [];
    /** The bands above take this much of the page (px). */
    let used = 0;
    let band: { b: Band; g: WallGroup; top: number; lanes: number[]; edge: number } | null = null;
    /** Groups whose band ended on this page. */
    const ended = new Set<WallGroup>();
    const close = () => {
      if (!band) return;
      ended.add(band.g);
      band.b.height = Math.max(0, ...band.lanes) - sp.gap;
      used = band.top + band.b.height + band.edge / 2;
      band = null;
    };
    for (const [n, { g, item }] of queue.entries()) {
      const k = g.cluster;
      const edge = k ? 2 * sp.kEdge : 0;
      const laneW = k ? t.clusterCard : t.card;
      const fullW = k ? t.clusterFull : t.full;
      const roomEmpty = budget - edge - Math.max(head(k, false), head(k, true));
      const inLane = h.card(item, laneW);
      const wide = inLane > roomEmpty;
      const tall = wide ? h.card(item, fullW) : inLane;
      // The band this card goes into: the open one if it is its group's, else a new one below
      // (a group whose band ended on this page waits for the next page).
      const same = band !== null && band.g === g;
      if (!same && ended.has(g)) {
        later.push({ g, item });
        continue;
      }
      let top: number;
      let lanes: number[];
      if (band && same) {
        top = band.top;
        lanes = band.lanes;
      } else {
        const above = band ? band.top + Math.max(0, ...band.lanes) - sp.gap + band.edge / 2 : used;
        top = (above > 0 ? above + sp.gap : 0) + edge / 2 + head(k, begun.has(g));
        lanes = Array.from({ length: t.lanes }, () => 0);
      }
      const lane = lanes.indexOf(Math.min(...lanes));
      const y = wide ? Math.max(...lanes) : lanes[lane];
      // The first card of a page always goes (a page of its own, at the very least).
      const first = n === 0 && !page.length;
      if (!first && top + y + tall + edge / 2 > budget) {
        later.push({ g, item });
        continue;
      }
      if (!band || band.g !== g) {
        close();
        const b: Band = { cluster: k, continued: begun.has(g), count: g.items.length, cards: [], height: 0 };
        page.push(b);
        band = { b, g, top, lanes, edge };
      }
      band.b.cards.push({ item, x: wide ? 0 : lane * (laneW + sp.gap), y, width: wide ? fullW : laneW });
      if (wide) band.lanes = band.lanes.map(() => y + tall + sp.gap);
      else band.lanes[lane] += tall + sp.gap;
      begun.add(g);
    }
    close();
    queue = later;
  }
  return pages.length ? pages : [[]];
}
