/**
 * R-ADMIN-LIST: the organiser's list searched, filtered and grouped by series. A series is
 * shown in its order (1, 2, 3…) under a heading; sessions that are not in a series are one
 * group of their own, newest first, after the series.
 */
import type { SessionListing } from './api.ts';

export interface Filter {
  /** Words to find in the title, place or theme (case and accents ignored). */
  text: string;
  /** YYYY-MM-DD bounds on the session's date ('' : none). */
  from: string;
  to: string;
  /** A series id, SINGLES for the sessions not in a series, or '' for all. */
  series: string;
}

export const SINGLES = '-';
export const NO_FILTER: Filter = { text: '', from: '', to: '', series: '' };

export interface Group {
  /** The series id, or SINGLES. */
  id: string;
  /** The first session of the series (absent for SINGLES). */
  first?: SessionListing;
  sessions: SessionListing[];
}

/** The session's own date, else the day it was created (YYYY-MM-DD, local time). */
export function dayOf(s: SessionListing): string {
  if (s.date) return s.date;
  const d = new Date(s.createdAt);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** The series with more than one session, by id. */
export function seriesIds(sessions: SessionListing[]): Set<string> {
  const count = new Map<string, number>();
  for (const s of sessions) count.set(s.seriesId, (count.get(s.seriesId) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n > 1).map(([id]) => id));
}

/** The sessions that match the filter (each on its own: a series shows the ones that match). */
export function filterSessions(sessions: SessionListing[], f: Filter): SessionListing[] {
  const inSeries = seriesIds(sessions);
  const words = fold(f.text).split(/\s+/).filter(Boolean);
  return sessions.filter((s) => {
    if (f.series === SINGLES ? inSeries.has(s.seriesId) : f.series && s.seriesId !== f.series) return false;
    const day = dayOf(s);
    if ((f.from && day < f.from) || (f.to && day > f.to)) return false;
    const hay = fold([s.title, s.place ?? '', s.theme ?? ''].join(' '));
    return words.every((w) => hay.includes(w));
  });
}

/** Series first (the one with the newest session first), each in its order; then the rest, newest first. */
export function groupSessions(shown: SessionListing[], all: SessionListing[]): Group[] {
  const inSeries = seriesIds(all);
  const byId = new Map(all.map((s) => [s.sessionId, s]));
  const groups = new Map<string, Group>();
  const singles: SessionListing[] = [];
  for (const s of shown) {
    if (!inSeries.has(s.seriesId)) {
      singles.push(s);
      continue;
    }
    let g = groups.get(s.seriesId);
    if (!g) groups.set(s.seriesId, (g = { id: s.seriesId, first: byId.get(s.seriesId), sessions: [] }));
    g.sessions.push(s);
  }
  const newest = (g: Group) => Math.max(...g.sessions.map((s) => s.createdAt));
  const series = [...groups.values()].sort((a, b) => newest(b) - newest(a));
  for (const g of series) g.sessions.sort((a, b) => a.seriesNumber - b.seriesNumber || a.createdAt - b.createdAt);
  singles.sort((a, b) => b.createdAt - a.createdAt);
  return [...series, ...(singles.length ? [{ id: SINGLES, sessions: singles }] : [])];
}

/** Whether a session is the last of its chain (nothing continues it): the next one starts from here. */
export function lastOfChain(s: SessionListing, all: SessionListing[]): boolean {
  return !all.some((x) => x.continues === s.sessionId);
}
