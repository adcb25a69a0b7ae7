/** What the route plugins share. */
import type { AdminAuth } from '../auth.ts';
import type { Config } from '../config.ts';
import type { Mailer } from '../mail.ts';
import type { Rooms } from '../rooms.ts';
import type { KringStore as Store } from '../store.ts';

export interface RouteContext {
  config: Config;
  store: Store;
  rooms: Rooms;
  admin: AdminAuth;
  /** Set when SMTP is configured ("mail the report"). */
  mailer?: Mailer;
}

export const apiError = (code: string, message: string, issues?: string[]) => ({
  error: issues ? { code, message, issues } : { code, message },
});

/** Links for a new session: the keys travel in the fragment, never to a server log. */
export function linksFor(base: string, s: { sessionId: string; code: string; facilitatorKey: string; boardKey: string }) {
  return {
    ...s,
    links: {
      facilitator: `${base}/f/${s.sessionId}#k=${s.facilitatorKey}`,
      board: `${base}/b/${s.sessionId}#k=${s.boardKey}`,
      join: `${base}/j/${s.code}`,
    },
  };
}
