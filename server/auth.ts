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

export class AdminAuth {
  #hash: string;
  #tokens = new Map<string, number>();

  constructor(store: Store, config: Config, log: FastifyBaseLogger) {
    if (config.adminPassword) {
      this.#hash = hashSecret(config.adminPassword);
    } else {
      const stored = store.setting(SETTING);
      if (stored) this.#hash = stored;
      else {
        // First start without KRING_ADMIN_PASSWORD: make one and say it once.
        const password = newSecret().slice(0, 16);
        this.#hash = hashSecret(password);
        store.putSetting(SETTING, this.#hash);
        log.warn(`Organiser password (shown only now; set KRING_ADMIN_PASSWORD to choose your own): ${password}`);
      }
    }
  }

  login(password: string): string | undefined {
    if (!secretMatches(password, this.#hash)) return undefined;
    const token = newSecret();
    this.#tokens.set(hashSecret(token), Date.now() + TOKEN_TTL_MS);
    return token;
  }

  logout(token: string | undefined) {
    if (token) this.#tokens.delete(hashSecret(token));
  }

  valid(token: string | undefined): boolean {
    if (!token) return false;
    const key = hashSecret(token);
    const until = this.#tokens.get(key);
    if (!until) return false;
    if (until < Date.now()) {
      this.#tokens.delete(key);
      return false;
    }
    return true;
  }
}

export type Access = 'facilitator' | 'report' | 'organiser';

/** What this secret opens for this session, if anything. */
export function accessTo(row: SessionRow, secret: string | undefined, admin: AdminAuth): Access | undefined {
  if (!secret) return undefined;
  if (secretMatches(secret, row.facilitator_key_hash)) return 'facilitator';
  if (row.report_key_hash && secretMatches(secret, row.report_key_hash)) return 'report';
  if (admin.valid(secret)) return 'organiser';
  return undefined;
}
