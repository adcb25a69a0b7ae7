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

export const importSession = (token: string, data: unknown, as: 'session' | 'template') =>
  call<CreatedSession>('/api/admin/import', { method: 'POST', body: JSON.stringify({ data, as }) }, token);

/** End the organiser token on the server too, not only in this tab. */
export const logout = (token: string) => call<void>('/api/admin/logout', { method: 'POST' }, token);
