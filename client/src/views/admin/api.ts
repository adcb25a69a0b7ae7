/**
 * The organiser's API from the browser (R-ADMIN-*). The token from logging in lives in
 * sessionStorage: it is gone when the tab closes, and never sits in a URL or a log.
 */
import type { CreatedSession } from '../../../../shared/protocol.ts';
import { errorCodeOf } from '../../lib/errors.ts';
import type { ApiFailure, Result } from '../report/api.ts';

export interface SessionListing {
  sessionId: string;
  code: string;
  title: string;
  lang: string;
  createdAt: number;
  participants: number;
  /** R-ADMIN-LIST: the session's own date (YYYY-MM-DD), place and theme, as the facilitator set them. */
  date: string | null;
  place: string | null;
  theme: string | null;
  /** What the next session of the series will carry (R-SERIES-CARRY). */
  nextDate: string | null;
  nextTheme: string | null;
  /** The earlier session this one continues, if any. */
  continues: string | null;
  /** The first session of its series (itself when alone) and its number in it (1, 2, 3…). */
  seriesId: string;
  seriesNumber: number;
}

/** R-ADMIN-NEWLINK: the new facilitator link (shown once); the old one no longer works. */
export interface NewFacilitatorLink {
  sessionId: string;
  facilitatorKey: string;
  links: { facilitator: string };
}

/** R-RETENTION: the retention period and when each session is deleted automatically. */
export interface RetentionInfo {
  /** Days after a session's date before it is deleted (0: kept). */
  retentionDays: number;
  /** Sessions due within this many days are pointed out. */
  warnDays: number;
  /** `deleteAfter`: when (ms), or null when the session is kept. */
  sessions: { sessionId: string; date: string | null; deleteAfter: number | null }[];
}

export interface ParticipantListing {
  id: string;
  name?: string;
}

const TOKEN_KEY = 'kring.admin.token';

export function loadToken(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) globalThis.sessionStorage?.setItem(TOKEN_KEY, token);
    else globalThis.sessionStorage?.removeItem(TOKEN_KEY);
  } catch {
    // privacy mode: the token then only lives in memory, for this page
  }
}

const NETWORK: ApiFailure = { status: 0, code: 'NETWORK' };

async function call<T>(url: string, init: RequestInit, token?: string): Promise<Result<T>> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body) headers.set('content-type', 'application/json');
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers, cache: 'no-store' });
  } catch {
    return { ok: false, failure: NETWORK };
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    return { ok: false, failure: { status: res.status, code: errorCodeOf(body, res.status) } };
  }
  if (res.status === 204) return { ok: true, value: undefined as T };
  try {
    return { ok: true, value: (await res.json()) as T };
  } catch {
    return { ok: false, failure: { status: res.status, code: 'INTERNAL' } };
  }
}

export const login = (password: string) =>
  call<{ token: string }>('/api/admin/login', { method: 'POST', body: JSON.stringify({ password }) });

export const listSessions = (token: string) => call<{ sessions: SessionListing[] }>('/api/admin/sessions', { method: 'GET' }, token);

export const retentionInfo = (token: string) => call<RetentionInfo>('/api/admin/retention', { method: 'GET' }, token);

export const deleteSession = (token: string, sessionId: string) =>
  call<void>(`/api/admin/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' }, token);

/** R-ERASE: the participants of a session, to choose whom to erase. */
export const listParticipants = (token: string, sessionId: string) =>
  call<{ participants: ParticipantListing[] }>(
    `/api/admin/sessions/${encodeURIComponent(sessionId)}/participants`,
    { method: 'GET' },
    token,
  );

/** R-ERASE: erase one participant's name and texts (409 BUSY while the session is open on a screen). */
export const eraseParticipant = (token: string, sessionId: string, participantId: string) =>
  call<{ erased: number }>(
    `/api/admin/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}/erase`,
    { method: 'POST' },
    token,
  );

export const duplicateSession = (token: string, sessionId: string) =>
  call<CreatedSession>(`/api/admin/sessions/${encodeURIComponent(sessionId)}/duplicate`, { method: 'POST' }, token);

/** R-ADMIN-NEWLINK: a new facilitator key; consoles on the old one lose access at once. */
export const newFacilitatorLink = (token: string, sessionId: string) =>
  call<NewFacilitatorLink>(`/api/admin/sessions/${encodeURIComponent(sessionId)}/facilitator-link`, { method: 'POST' }, token);

/** R-ADMIN-NEXT: the next session of a series, with the organiser token instead of the facilitator key. */
export const prepareNext = (token: string, s: { sessionId: string; lang: string }, template: string) =>
  call<CreatedSession>(
    '/api/sessions',
    { method: 'POST', body: JSON.stringify({ lang: s.lang, template, continues: { sessionId: s.sessionId } }) },
    token,
  );

export const importSession = (token: string, data: unknown, as: 'session' | 'template') =>
  call<CreatedSession>('/api/admin/import', { method: 'POST', body: JSON.stringify({ data, as }) }, token);

/** End the organiser token on the server too, not only in this tab. */
export const logout = (token: string) => call<void>('/api/admin/logout', { method: 'POST' }, token);
