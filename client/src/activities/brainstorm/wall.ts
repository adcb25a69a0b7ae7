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

/** Where each card goes and the pages: pack.ts. */
export * from './pack.ts';

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
