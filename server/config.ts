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
  /**
   * Which proxies to believe (R-PROXY): false (none), a number of trusted hops, or a list
   * of proxy addresses/subnets. The client address is the first untrusted one from the right
   * of `X-Forwarded-For`; a client cannot choose it by writing the header.
   */
  trustProxy: false | number | string[];
  /** Participants one session may have (a generous cap; R-LIMIT-CAP). */
  maxParticipants: number;
  /** New participants one address may add per minute, after a burst of this many (R-LIMIT-CAP). */
  joinsPerMinute: number;
  /** Open sockets one address may hold (R-FLOOD-SOCKETS). */
  socketsPerAddress: number;
  /** Stored writes one participant may make in one activity (R-QUOTA). */
  writeQuota: number;
  /** Days after a session's date before it is deleted automatically; 0 keeps sessions forever (R-RETENTION). */
  retentionDays: number;
  /** Event-loop lag (ms) above which HTTP answers 503 BUSY and new sockets are refused; 0 turns it off (R-PRESSURE). */
  maxEventLoopDelayMs: number;
  /** Messages a socket may send per second (bursts of twice that). */
  socketRate: number;
  /** A big room's shared frame goes to at most this many sockets in one turn of the event loop. */
  frameChunk: number;
  /** The organiser password; when unset one is generated on first start and logged once. */
  adminPassword?: string;
  /** Bytes of pictures (info cards, photos) one session may keep (R-IMG-REJECT). */
  imageBytesPerSession: number;
  /** Mailing the report (optional): only when SMTP_HOST and SMTP_FROM are set. */
  smtp?: SmtpConfig;
  /**
   * R-LEASE: a process runs a room while it holds the room's lease; it renews it every
   * third of this time (ms), and another process may take the room this long after the
   * holder stopped renewing.
   */
  leaseMs: number;
  /** This process's name on its leases (default: host, pid and a random part). */
  nodeId?: string;
  /** Several nodes (issue 14): Redis for the Socket.IO adapter and the messages between nodes. */
  redisUrl?: string;
  /** Several machines (issue 14): PostgreSQL instead of the SQLite file in `dataDir`. */
  databaseUrl?: string;
  /** Processes behind the one port (KRING_WORKERS; 1: this process serves alone). */
  workers: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** The sender, e.g. `Kring <verslag@stad.be>`. */
  from: string;
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
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    maxParticipants: positive(env.KRING_MAX_PARTICIPANTS, 300),
    joinsPerMinute: positive(env.KRING_JOINS_PER_MINUTE, 120),
    socketsPerAddress: positive(env.KRING_SOCKETS_PER_ADDRESS, 300),
    writeQuota: positive(env.KRING_WRITE_QUOTA, 600),
    retentionDays: nonNegative(env.KRING_RETENTION_DAYS, 180),
    maxEventLoopDelayMs: nonNegative(env.KRING_MAX_EVENT_LOOP_DELAY_MS, 1000),
    leaseMs: positive(env.KRING_LEASE_MS, 15_000),
    nodeId: env.KRING_NODE_ID || undefined,
    redisUrl: env.REDIS_URL || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    workers: positive(env.KRING_WORKERS, 1),
    socketRate: Number(env.KRING_SOCKET_RATE ?? 20),
    frameChunk: positive(env.KRING_FRAME_CHUNK, 500),
    adminPassword: env.KRING_ADMIN_PASSWORD || undefined,
    imageBytesPerSession: positive(env.KRING_IMAGE_BYTES_PER_SESSION, 100 * 1024 * 1024),
    smtp: smtpFromEnv(env),
  };
}

function smtpFromEnv(env: NodeJS.ProcessEnv): SmtpConfig | undefined {
  if (!env.SMTP_HOST || !env.SMTP_FROM) return undefined;
  const port = positive(env.SMTP_PORT, 587);
  return {
    host: env.SMTP_HOST,
    port,
    secure: env.SMTP_SECURE ? env.SMTP_SECURE === 'true' : port === 465,
    user: env.SMTP_USER || undefined,
    pass: env.SMTP_PASS || undefined,
    from: env.SMTP_FROM,
  };
}

/**
 * TRUST_PROXY: unset, `0` or `false` trusts nobody; a number is the count of trusted hops
 * (`1`: one nginx in front; `true` means the same, for older configs); anything else is a
 * comma-separated list of proxy addresses or subnets (`127.0.0.1,10.0.0.0/8`).
 */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim();
  if (!value || value === '0' || value === 'false') return false;
  if (value === 'true') return 1;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

function nonNegative(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}
