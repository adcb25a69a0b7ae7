/** Configuration from the environment (documented in README.md). */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Folder for the SQLite file (kring.db). */
  dataDir: string;
  /** Base URL used in join links and QR codes, e.g. https://kring.example.be. Derived from the request when unset. */
  publicUrl?: string;
  logLevel: string;
  /** Folder of the built client; not served when it does not exist. */
  clientDir: string;
  /** A room with no sockets is unloaded after this many ms (it is restored by replay). */
  roomIdleMs: number;
  /** A participant whose phone sleeps still counts as here for this long. */
  presenceGraceMs: number;
  /** SQLite `synchronous` pragma: FULL survives power loss; NORMAL survives process crashes. */
  sqliteSync: 'FULL' | 'NORMAL';
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  trustProxy: boolean;
  /** Messages a socket may send per second (bursts of twice that). */
  socketRate: number;
  /** The organiser password; when unset one is generated on first start and logged once. */
  adminPassword?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const sync = (env.KRING_SQLITE_SYNC ?? 'FULL').toUpperCase();
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.KRING_DATA_DIR ?? './data'),
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    clientDir: path.resolve(env.KRING_CLIENT_DIR ?? './dist'),
    roomIdleMs: Number(env.KRING_ROOM_IDLE_MS ?? 10 * 60_000),
    presenceGraceMs: Number(env.KRING_PRESENCE_GRACE_MS ?? 2 * 60_000),
    sqliteSync: sync === 'NORMAL' ? 'NORMAL' : 'FULL',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    socketRate: Number(env.KRING_SOCKET_RATE ?? 20),
    adminPassword: env.KRING_ADMIN_PASSWORD || undefined,
  };
}
