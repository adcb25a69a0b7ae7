/**
 * Who may read what over HTTP. Secrets come in `Authorization: Bearer …` (never in URLs,
 * so they stay out of logs): a session's facilitator key or its read-only report key, or
 * an organiser token from logging in with the admin password.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { hashSecret, newSecret, secretMatches } from './secrets.ts';
import type { SessionRow, KringStore as Store } from './store.ts';

const TOKEN_TTL_MS = 12 * 3600_000;
const SETTING = 'admin_password_hash';

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined;
}

/**
 * The organiser's password and login tokens. A token is kept (as its hash, with its expiry)
 * in the store, not in this process: with several processes (KRING_WORKERS, several nodes)
 * the organiser's next request may reach another one.
 */
export class AdminAuth {
  #hash: string;
  #store: Store;

  constructor(store: Store, config: Config, log: FastifyBaseLogger) {
    this.#store = store;
    if (config.adminPassword) {
      this.#hash = hashSecret(config.adminPassword);
    } else {
      const stored = store.setting(SETTING);
      if (stored) this.#hash = stored;
      else {
        // First start without KRING_ADMIN_PASSWORD: make one and say it once. Processes that
        // start together on one store (KRING_WORKERS, several nodes): the first one's counts,
        // and only that one says it.
        const password = newSecret().slice(0, 16);
        const mine = hashSecret(password);
        this.#hash = store.putSettingIfAbsent(SETTING, mine);
        if (this.#hash === mine) log.warn(`Organiser password (shown only now; set KRING_ADMIN_PASSWORD to choose your own): ${password}`);
      }
    }
  }

  login(password: string): string | undefined {
    if (!secretMatches(password, this.#hash)) return undefined;
    const token = newSecret();
    this.#store.putSetting(tokenKey(token), String(Date.now() + TOKEN_TTL_MS));
    return token;
  }

  logout(token: string | undefined) {
    if (token && this.valid(token)) this.#store.putSetting(tokenKey(token), '0');
  }

  valid(token: string | undefined): boolean {
    if (!token) return false;
    const until = Number(this.#store.setting(tokenKey(token)) ?? 0);
    return until > Date.now();
  }
}

/** Where a login token's expiry is kept: by the token's hash (the token itself is never stored). */
const tokenKey = (token: string) => `admin_token:${hashSecret(token)}`;

export type Access = 'facilitator' | 'report' | 'organiser';

/** What this secret opens for this session, if anything. */
export function accessTo(row: SessionRow, secret: string | undefined, admin: AdminAuth): Access | undefined {
  if (!secret) return undefined;
  if (secretMatches(secret, row.facilitator_key_hash)) return 'facilitator';
  if (row.report_key_hash && secretMatches(secret, row.report_key_hash)) return 'report';
  if (admin.valid(secret)) return 'organiser';
  return undefined;
}
