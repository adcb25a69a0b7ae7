/**
 * One index.html serves every view; the path picks it:
 *   /               start page
 *   /j/:CODE        phone (participant)
 *   /f/:sessionId   console; the facilitator key is in the fragment  #k=KEY
 *   /b/:sessionId   board;   the board key is in the fragment        #k=KEY
 *   /r/:sessionId   report (print page); facilitator or report key   #k=KEY
 *   /admin          the organiser's page (admin password)
 * Keys live in the fragment so they never reach a server log.
 */
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../../shared/constants.ts';

export type Route =
  | { view: 'start' }
  | { view: 'phone'; code: string; valid: boolean }
  | { view: 'console'; sessionId: string; key: string | null }
  | { view: 'board'; sessionId: string; key: string | null }
  | { view: 'report'; sessionId: string; key: string | null }
  | { view: 'admin' }
  | { view: 'notfound' };

const CODE_RE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);
const SESSION_RE = /^[A-Za-z0-9_-]{8,32}$/;

/** Upper-case, drop spaces and dashes people type between groups. */
export function normalizeCode(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}

export function isValidCode(code: string): boolean {
  return CODE_RE.test(code);
}

/** The `k` parameter of a fragment like `#k=SECRET`. */
export function keyFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const k = params.get('k');
  return k && k.length > 0 ? k : null;
}

export function parseRoute(pathname: string, hash: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { view: 'start' };
  if (parts.length === 1 && parts[0] === 'admin') return { view: 'admin' };
  if (parts.length === 2) {
    const [head, arg] = parts;
    if (head === 'j') {
      const code = normalizeCode(arg);
      return { view: 'phone', code, valid: isValidCode(code) };
    }
    if ((head === 'f' || head === 'b') && SESSION_RE.test(arg)) {
      return { view: head === 'f' ? 'console' : 'board', sessionId: arg, key: keyFromHash(hash) };
    }
    if (head === 'r' && SESSION_RE.test(arg)) return { view: 'report', sessionId: arg, key: keyFromHash(hash) };
  }
  return { view: 'notfound' };
}

export const joinPath = (code: string) => `/j/${encodeURIComponent(code)}`;
export const boardLink = (origin: string, sessionId: string, key: string) =>
  `${origin}/b/${encodeURIComponent(sessionId)}#k=${encodeURIComponent(key)}`;
export const consoleLink = (origin: string, sessionId: string, key: string) =>
  `${origin}/f/${encodeURIComponent(sessionId)}#k=${encodeURIComponent(key)}`;

/**
 * R-KEY-HIDDEN: a console or board is often projected, and its address bar with it. Once
 * read, the key leaves the address (the fragment is dropped from the history entry) and
 * this tab keeps it for a reload (sessionStorage: gone when the tab closes).
 */
export function hideKey(route: Route, store: Pick<Storage, 'getItem' | 'setItem'>, drop: () => void): Route {
  if (route.view !== 'console' && route.view !== 'board') return route;
  const slot = `kring.key.${route.view}.${route.sessionId}`;
  if (!route.key) {
    let kept: string | null = null;
    try {
      kept = store.getItem(slot);
    } catch {
      // storage refused (private mode): the key is simply not remembered
    }
    return kept ? { ...route, key: kept } : route;
  }
  try {
    store.setItem(slot, route.key);
    drop();
  } catch {
    // Without storage a reload would lose the key: leave it in the address then.
  }
  return route;
}
