/**
 * The wall's pages (R-BRAIN-WALL): where each card of a track goes, page by page. Pure, like
 * wall.ts (which lays out the sections and tracks and re-exports this).
 */
import type { Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';
import type { Spacing, Track, WallGroup } from './wall.ts';

/** What the Board measured: a card's height at a width, a cluster's header, a column's title. */
export interface Heights {
  card(item: Postit, width: number): number;
  /** A cluster's header, with how many post-its it says it holds (pack always says). */
  clusterHead(cluster: Cluster, width: number, continued: boolean, count?: number): number;
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
/** The band being filled: where its cards start (px from the page's top) and its lanes' heights. */
interface OpenBand {
  top: number;
  lanes: number[];
  edge: number;
}

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
  const head = (g: WallGroup, continued: boolean) =>
    g.cluster ? h.clusterHead(g.cluster, t.clusterFull, continued, g.items.length) + sp.gap : 0;
  /**
   * What is left to place, in order: each card with its group, sized once (a card too tall
   * for a lane takes the whole width: `wide`, and `tall` is its height there).
   */
  let queue = t.groups.flatMap((g) => {
    const k = g.cluster;
    const edge = k ? 2 * sp.kEdge : 0;
    const roomEmpty = budget - edge - Math.max(head(g, false), head(g, true));
    const [laneW, fullW] = k ? [t.clusterCard, t.clusterFull] : [t.card, t.full];
    return g.items.map((item) => {
      const inLane = h.card(item, laneW);
      const wide = inLane > roomEmpty;
      return { g, item, wide, tall: wide ? h.card(item, fullW) : inLane };
    });
  });
  /** Groups with cards on an earlier page (their band says "continued"). */
  const begun = new Set<WallGroup>();
  /** No card is shorter than this: below it a page is full. */
  const least = queue.reduce((m, c) => Math.min(m, c.tall), Infinity);
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
    for (const [n, card] of queue.entries()) {
      const { g, item, wide, tall } = card;
      // The page is full when not even the shortest card fits in the open band (if this card
      // is of its group: groups come one after the other) or in a new one below it: the rest
      // waits, unread (a wall of 5,000 would otherwise go through all that is left, per page).
      if (page.length && full(band?.g === g ? band : null, band ?? null, used, least)) {
        for (const rest of queue.slice(n)) later.push(rest);
        break;
      }
      const k = g.cluster;
      const edge = k ? 2 * sp.kEdge : 0;
      const laneW = k ? t.clusterCard : t.card;
      const fullW = k ? t.clusterFull : t.full;
      // The band this card goes into: the open one if it is its group's, else a new one below
      // (a group whose band ended on this page waits for the next page).
      const same = band !== null && band.g === g;
      if (!same && ended.has(g)) {
        later.push(card);
        continue;
      }
      let top: number;
      let lanes: number[];
      if (band && same) {
        top = band.top;
        lanes = band.lanes;
      } else {
        const above = band ? band.top + Math.max(0, ...band.lanes) - sp.gap + band.edge / 2 : used;
        top = (above > 0 ? above + sp.gap : 0) + edge / 2 + head(g, begun.has(g));
        lanes = Array.from({ length: t.lanes }, () => 0);
      }
      const lane = lanes.indexOf(Math.min(...lanes));
      const y = wide ? Math.max(...lanes) : lanes[lane];
      // The first card of a page always goes (a page of its own, at the very least).
      const first = n === 0 && !page.length;
      if (!first && top + y + tall + edge / 2 > budget) {
        later.push(card);
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

  /**
   * Whether a card of `least` px fits nowhere on this page any more: not in `open` (the band
   * the card would join) nor in a new band below `last` (the band still open) or `used`.
   */
  function full(open: OpenBand | null, last: OpenBand | null, used: number, least: number): boolean {
    if (open && open.top + Math.min(...open.lanes) + least <= budget) return false;
    const above = last ? last.top + Math.max(0, ...last.lanes) - sp.gap + last.edge / 2 : used;
    return (above > 0 ? above + sp.gap : 0) + least > budget;
  }
}
