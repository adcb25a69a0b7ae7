import type { BrainstormState, Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';

/** How big post-its are on the board, by how many there are: few = large, 300 = small. */
export function sizeClass(count: number): 'xl' | 'l' | 'm' | 's' | 'xs' {
  if (count <= 6) return 'xl';
  if (count <= 15) return 'l';
  if (count <= 40) return 'm';
  if (count <= 100) return 's';
  return 'xs';
}

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
 * The wall's layout: one section per column (or one without columns), in each the
 * clusters that have post-its there (titled groups) and then the loose post-its.
 */
export function wall(items: Postit[], s: Pick<BrainstormState, 'clusters'>, columns: string[]): WallSection[] {
  const cols: (number | null)[] = columns.length ? columns.map((_, i) => i) : [null];
  return cols.map((col) => {
    const here = items.filter((i) => (columns.length ? (i.column ?? 0) === col : true));
    const groups: WallGroup[] = [];
    for (const k of s.clusters) {
      const inK = here.filter((i) => i.clusterId === k.id);
      if (inK.length) groups.push({ cluster: k, items: inK });
    }
    const known = new Set(s.clusters.map((k) => k.id));
    const loose = here.filter((i) => !i.clusterId || !known.has(i.clusterId));
    if (loose.length || groups.length === 0) groups.push({ cluster: null, items: loose });
    return { column: col, title: col === null ? null : columns[col], groups, count: here.length };
  });
}
