/**
 * The post-it wall on the board, laid out for the room (R-BRAIN-WALL): 1 to 300 post-its on
 * one projector, text never smaller than 28 px and never cut off, and pages when they do
 * not fit. Pure functions: the Board measures (the wall's box, each card's height at the
 * width it will get) and these decide lanes, where each card goes and the pages.
 *
 * Columns stay side by side on every page, each with its own share of the width, and each
 * column pages through its own post-its: page 2 shows the second page of every column.
 * The alternative (a column that does not fit takes the whole wall on pages of its own)
 * packs more post-its per page, but the room would lose what columns are for: seeing the
 * answers to two or three questions next to each other, while the facilitator talks about
 * them. A busy column gets more lanes (its share of the width follows its share of the
 * post-its), so the pages stay few. A cluster is a framed stack with its title and count;
 * its post-its page together and a cluster that goes on to the next page says so.
 */
import type { BrainstormState, Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';

export interface WallGroup {
  cluster: Cluster | null;
  items: Postit[];
}
export interface WallSection {
  column: number | null;
  title: string | null;
  groups: WallGroup[];
  count: number;
}

/**
 * The wall's sections: one per column (or one without columns), in each the clusters that
 * have post-its there (titled groups) and then the loose post-its.
 */
export function wall(items: Postit[], s: Pick<BrainstormState, 'clusters'>, columns: string[]): WallSection[] {
  const cols: (number | null)[] = columns.length ? columns.map((_, i) => i) : [null];
  const known = new Set(s.clusters.map((k) => k.id));
  return cols.map((col) => {
    const here = items.filter((i) => (columns.length ? (i.column ?? 0) === col : true));
    const groups: WallGroup[] = [];
    for (const k of s.clusters) {
      const inK = here.filter((i) => i.clusterId === k.id);
      if (inK.length) groups.push({ cluster: k, items: inK });
    }
    const loose = here.filter((i) => !i.clusterId || !known.has(i.clusterId));
    if (loose.length || groups.length === 0) groups.push({ cluster: null, items: loose });
    return { column: col, title: col === null ? null : columns[col], groups, count: here.length };
  });
}

/** How much bigger than the smallest (28 px) the wall's type may be: a few post-its, big type. */
export const WALL_SCALES: readonly number[] = [2.2, 1.8, 1.5, 1.25, 1];
export function wallScale(count: number): number {
  if (count <= 3) return 2.2;
  if (count <= 6) return 1.8;
  if (count <= 10) return 1.5;
  if (count <= 20) return 1.25;
  return 1;
}

/** The wall's spacing, in em of the wall's type (the Board sets these as CSS variables in px). */
export const WALL_EM = {
  /** Between cards, and between a cluster's parts. */
  gap: 0.3,
  /** Between columns. */
  colGap: 0.45,
  /** Inside a column's panel (only with columns). */
  secPad: 0.3,
  /** Inside a cluster's frame, and its border. */
  kPad: 0.25,
  kBorder: 0.1,
  /** A lane is at least this wide (about 20 characters a line: most Dutch compounds fit), and at most `maxLane`. */
  minLane: 11,
  maxLane: 20,
} as const;

/** The wall's spacing in px for a type size. */
export function spacing(font: number, columns: number) {
  const px = (em: number) => Math.round(em * font * 10) / 10;
  return {
    gap: px(WALL_EM.gap),
    colGap: columns > 1 ? px(WALL_EM.colGap) : 0,
    secPad: columns > 1 ? px(WALL_EM.secPad) : 0,
    /** A cluster's frame on each side: padding and border. */
    kEdge: px(WALL_EM.kPad) + px(WALL_EM.kBorder),
    minLane: WALL_EM.minLane * font,
    maxLane: WALL_EM.maxLane * font,
  };
}
export type Spacing = ReturnType<typeof spacing>;

export interface Track {
  column: number | null;
  title: string | null;
  count: number;
  groups: WallGroup[];
  /** Cards side by side. */
  lanes: number;
  /** Its whole width (px), its panel's padding included. */
  width: number;
  /** A card's width (px), loose or in a cluster, and a card that takes the whole row. */
  card: number;
  clusterCard: number;
  full: number;
  clusterFull: number;
}

/**
 * Lanes per column: at least one each, the rest shared by how many post-its each column
 * has (largest remainder), never more lanes than post-its; lanes as wide as fit, within
 * the minimum and maximum lane width.
 */
export function tracks(sections: WallSection[], width: number, sp: Spacing): { tracks: Track[]; lane: number } {
  const c = sections.length;
  const room = Math.max(0, width - (c - 1) * sp.colGap - c * 2 * sp.secPad);
  const fit = Math.max(c, Math.floor((room + sp.gap) / (sp.minLane + sp.gap)));
  const cap = (n: number) => Math.max(1, n);
  const lanes = sections.map(() => 1);
  const total = sections.reduce((n, s) => n + s.count, 0);
  const extra = fit - c;
  if (extra > 0 && total > 0) {
    const want = sections.map((s) => (extra * s.count) / total);
    sections.forEach((s, i) => (lanes[i] = Math.min(cap(s.count), 1 + Math.floor(want[i]))));
    let left = fit - lanes.reduce((a, b) => a + b, 0);
    // The remainder to the columns with the largest share still below their cap.
    const order = sections.map((_, i) => i).sort((a, b) => want[b] - Math.floor(want[b]) - (want[a] - Math.floor(want[a])));
    for (let round = 0; left > 0 && round < fit; round++) {
      let gave = false;
      for (const i of order) {
        if (left > 0 && lanes[i] < cap(sections[i].count)) {
          lanes[i]++;
          left--;
          gave = true;
        }
      }
      if (!gave) break;
    }
  }
  const n = lanes.reduce((a, b) => a + b, 0);
  const lane = Math.floor(Math.min(sp.maxLane, (room - (n - c) * sp.gap) / n));
  return {
    lane,
    tracks: sections.map((s, i) => {
      const k = lanes[i];
      const inner = k * lane + (k - 1) * sp.gap;
      return {
        column: s.column,
        title: s.title,
        count: s.count,
        groups: s.groups,
        lanes: k,
        width: inner + 2 * sp.secPad,
        card: lane,
        clusterCard: Math.floor(lane - (2 * sp.kEdge) / k),
        full: inner,
        clusterFull: Math.floor(inner - 2 * sp.kEdge),
      };
    }),
  };
}

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

/** The page the board shows: the facilitator's counter, turning by itself every `pageMs` when auto. */
export function pageIndex(
  paging: { page: number; auto: boolean; since: number } | undefined,
  pages: number,
  now: number,
  since: number,
  pageMs: number,
): number {
  const p = paging ?? { page: 0, auto: true, since };
  const step = p.page + (p.auto ? Math.floor(Math.max(0, now - p.since) / pageMs) : 0);
  return ((step % pages) + pages) % pages;
}

/**
 * Room below `el` down to the end of the page: its ancestors' bottom padding, borders and
 * margins, and whatever stands under it in the same column. The wall takes the height of
 * the window minus its top and this, so the board never scrolls.
 */
export function roomBelow(el: HTMLElement): number {
  let below = 0;
  let node: HTMLElement = el;
  while (node.parentElement && node !== document.body) {
    const parent: HTMLElement = node.parentElement;
    const ps = getComputedStyle(parent);
    below += (parseFloat(getComputedStyle(node).marginBlockEnd) || 0) + (parseFloat(ps.paddingBlockEnd) || 0);
    below += parseFloat(ps.borderBlockEndWidth) || 0;
    const r = node.getBoundingClientRect();
    for (let sib = node.nextElementSibling; sib; sib = sib.nextElementSibling) {
      const sr = sib.getBoundingClientRect();
      const pos = getComputedStyle(sib).position;
      if (sr.height > 0 && sr.top >= r.bottom - 1 && pos !== 'absolute' && pos !== 'fixed') below = Math.max(below, below + sr.height);
    }
    node = parent;
  }
  return below;
}

/** A due day as the board says it: 12 mei, 12 May (the year only when it is not this year's). */
export function dayLabel(iso: string, lang: string, today = new Date()): string {
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  const year = d.getUTCFullYear() !== today.getFullYear();
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : lang, {
    day: 'numeric',
    month: 'long',
    ...(year ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(d);
}
