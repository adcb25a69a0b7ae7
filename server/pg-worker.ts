/**
 * The PostgreSQL side of `PgStore` (store-pg-sync.ts): a worker thread that owns the `pg`
 * pool and runs one operation at a time for the server's thread, which waits for the answer
 * (pg-bridge.ts). Every operation is one statement or one transaction; a write resolves after
 * COMMIT, with `synchronous_commit=on` (R-DURABLE).
 *
 * Errors cross back as plain objects: a refused write of a room whose lease moved on is
 * `FencedError`; a database that cannot be reached or cannot take writes (connection
 * refused or lost, shutting down, disk full, read-only) is `PG_UNAVAILABLE`, which the room
 * treats as storage that is away (READ_ONLY, and it recovers by itself; R-DISK).
 */
import { randomBytes } from 'node:crypto';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { RoomState, StoredEvent } from '../shared/model.ts';
import { EVENT_VERSION, SNAPSHOT_VERSION, upcast } from '../shared/upcast.ts';
import { PSEUDONYM_KEY_BYTES } from './secrets.ts';
import { ACQUIRE, INSERT_COMMANDS, INSERT_EVENTS, INSERT_TOKENS, NOW_MS, transaction } from './pg-sql.ts';
import { migrate } from './store-pg-migrations.ts';
import type { LaterWrite, SessionDetails, SessionListing, SessionRow, StoredImage, WriteCount } from './store.ts';

export interface PgWorkerData {
  url: string;
  port: MessagePort;
  signal: SharedArrayBuffer;
  /** Longest a statement may run, and a connection take (ms). */
  timeoutMs: number;
}

/** SQLSTATE classes that mean the database is away or cannot store, not that the write is wrong. */
const UNAVAILABLE_STATES = /^(08|53|57P0[1-4]|58|25006|40001|40P01|55P03|57014)/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function unavailable(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  const msg = String((e as Error)?.message ?? '');
  return /Connection terminated|timeout|Client has encountered a connection error|not queryable/i.test(msg);
}

/** The latest text value of a meta field ('' clears it), per session, from the events. */
const meta = (field: string, as = field) =>
  `nullif((SELECT e.data::jsonb->>'${field}' FROM events e
           WHERE e.session_id = s.id AND e.type = 'session.metaSet' AND jsonb_typeof(e.data::jsonb->'${field}') = 'string'
           ORDER BY e.seq DESC LIMIT 1), '') AS "${as}"`;

type Db = pg.Pool | pg.PoolClient;
interface SessionSql extends Omit<SessionRow, 'created_at'> {
  created_at: string;
}
const sessionRow = (r: SessionSql | undefined): SessionRow | undefined => r && { ...r, created_at: Number(r.created_at) };

/** The columns of a batch of room writes: events, commands and tokens, as arrays. */
function columns(writes: readonly LaterWrite[]) {
  const ev: [string[], number[], string[], string[], number[]] = [[], [], [], [], []];
  const cmd: [string[], string[], number[]] = [[], [], []];
  const tok: [string[], string[], string[]] = [[], [], []];
  for (const w of writes) {
    for (let i = 0; i < w.events.length; i++) {
      ev[0].push(w.sessionId);
      ev[1].push(w.events[i].seq);
      ev[2].push(w.events[i].type);
      ev[3].push(w.json[i]);
      ev[4].push(EVENT_VERSION);
    }
    if (w.extras.command) {
      cmd[0].push(w.sessionId);
      cmd[1].push(w.extras.command.key);
      cmd[2].push(w.extras.command.seq);
    }
    if (w.extras.token) {
      tok[0].push(w.extras.token.hash);
      tok[1].push(w.sessionId);
      tok[2].push(w.extras.token.participantId);
    }
  }
  return { ev, cmd, tok };
}

/**
 * The group commit in one statement: the rooms whose lease is not at the writes' epoch
 * ($12, $13) are left out and returned; everything else is inserted. Data-modifying WITH
 * parts always run to completion, and the statement is one transaction.
 */
const COMMIT = `WITH want AS (SELECT DISTINCT * FROM unnest($12::text[], $13::integer[]) AS w(session_id, epoch)),
  held AS (SELECT l.session_id, l.epoch FROM room_leases l WHERE l.session_id IN (SELECT session_id FROM want) FOR SHARE),
  bad AS (SELECT w.session_id FROM want w LEFT JOIN held h ON h.session_id = w.session_id AND h.epoch = w.epoch
          WHERE h.session_id IS NULL),
  ev AS (INSERT INTO events (session_id, seq, type, data, v)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::integer[]) AS r(session_id, seq, type, data, v)
         WHERE r.session_id NOT IN (SELECT session_id FROM bad) RETURNING 1),
  cm AS (INSERT INTO commands (session_id, command_key, seq)
         SELECT * FROM unnest($6::text[], $7::text[], $8::integer[]) AS r(session_id, command_key, seq)
         WHERE r.session_id NOT IN (SELECT session_id FROM bad) RETURNING 1),
  tk AS (INSERT INTO participant_tokens (token_hash, session_id, participant_id)
         SELECT * FROM unnest($9::text[], $10::text[], $11::text[]) AS r(token_hash, session_id, participant_id)
         WHERE r.session_id NOT IN (SELECT session_id FROM bad) RETURNING 1)
  SELECT DISTINCT session_id FROM bad`;

/** The rows of a batch of room writes, one INSERT per table, inside a transaction of the caller's. */
function insertRows(writes: readonly LaterWrite[]) {
  const { ev, cmd, tok } = columns(writes);
  return async (c: Db) => {
    if (ev[0].length) await c.query(INSERT_EVENTS, ev);
    if (cmd[0].length) await c.query(INSERT_COMMANDS, cmd);
    if (tok[0].length) await c.query(INSERT_TOKENS, tok);
  };
}

/** Every operation PgStore asks for; each returns what can be cloned to the server's thread. */
export function operations(pool: pg.Pool) {
  const one = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows[0] as T | undefined;
  const all = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[];
  const tx = <T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN') => transaction(pool, fn, begin);
  /** R-LEASE-FENCE: the rooms among `fences` whose lease is not at that epoch, with the rows locked until COMMIT. */
  async function fenced(c: Db, fences: { sessionId: string; epoch: number }[]): Promise<Set<string>> {
    if (!fences.length) return new Set();
    const ids = [...new Set(fences.map((f) => f.sessionId))];
    const held = await c.query<{ session_id: string; epoch: number }>(
      'SELECT session_id, epoch FROM room_leases WHERE session_id = ANY($1) FOR SHARE',
      [ids],
    );
    const epochs = new Map(held.rows.map((r) => [r.session_id, r.epoch]));
    return new Set(fences.filter((f) => epochs.get(f.sessionId) !== f.epoch).map((f) => f.sessionId));
  }

  return {
    async createSession(row: SessionRow, events: StoredEvent[]) {
      await tx(async (c) => {
        await c.query(
          `INSERT INTO sessions (id, code, title, lang, facilitator_key_hash, board_key_hash, created_at, continues, report_key_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            row.id,
            row.code,
            row.title,
            row.lang,
            row.facilitator_key_hash,
            row.board_key_hash,
            row.created_at,
            row.continues ?? null,
            row.report_key_hash ?? null,
          ],
        );
        const json = events.map((ev) => JSON.stringify(ev));
        await insertRows([{ sessionId: row.id, events, json, extras: {} }])(c);
      });
    },
    sessionById: async (id: string) => sessionRow(await one<SessionSql>('SELECT * FROM sessions WHERE id = $1', [id])),
    sessionByCode: async (code: string) => sessionRow(await one<SessionSql>('SELECT * FROM sessions WHERE code = $1', [code])),
    codeTaken: async (code: string) => (await one('SELECT 1 FROM sessions WHERE code = $1', [code])) !== undefined,

    /**
     * The group commit: one transaction for the tick's writes. A write whose room's lease
     * moved on is left out (its room is named in the answer); the others are stored.
     */
    async commit(writes: LaterWrite[], fences: ({ sessionId: string; epoch: number } | null)[]): Promise<string[]> {
      // One statement, so one round trip for the whole tick (this thread's caller waits for
      // it): the fencing check (the lease rows locked FOR SHARE until the statement commits,
      // R-LEASE-FENCE) and the three inserts, all or nothing.
      const rows = columns(writes);
      const fenced = fences.filter((f): f is { sessionId: string; epoch: number } => !!f);
      const r = await pool.query<{ session_id: string }>(COMMIT, [
        ...rows.ev,
        ...rows.cmd,
        ...rows.tok,
        fenced.map((f) => f.sessionId),
        fenced.map((f) => f.epoch),
      ]);
      return r.rows.map((x) => x.session_id);
    },

    async acquireLease(sessionId: string, owner: string, ttlMs: number, staleHolder: string | null) {
      const r = await one<{ epoch: number; expires_at: string }>(ACQUIRE, [sessionId, owner, ttlMs, staleHolder]);
      return r && { sessionId, owner, epoch: r.epoch, expiresAt: Number(r.expires_at) };
    },
    async renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number) {
      const r = await pool.query(`UPDATE room_leases SET expires_at = ${NOW_MS} + $4 WHERE session_id = $1 AND owner = $2 AND epoch = $3`, [
        sessionId,
        owner,
        epoch,
        ttlMs,
      ]);
      return r.rowCount === 1;
    },
    async renewLeases(owner: string, ttlMs: number, sessionIds: string[]) {
      const rows = await all<{ session_id: string; epoch: number }>(
        `UPDATE room_leases SET expires_at = ${NOW_MS} + $2 WHERE owner = $1 AND expires_at > 0 AND session_id = ANY($3)
         RETURNING session_id, epoch`,
        [owner, ttlMs, sessionIds],
      );
      return new Map(rows.map((r) => [r.session_id, r.epoch]));
    },
    async releaseLease(sessionId: string, owner: string, epoch: number) {
      await pool.query('UPDATE room_leases SET expires_at = 0 WHERE session_id = $1 AND owner = $2 AND epoch = $3', [
        sessionId,
        owner,
        epoch,
      ]);
    },
    async leaseOf(sessionId: string) {
      const r = await one<{ owner: string; epoch: number; expires_at: string }>(
        `SELECT owner, epoch, expires_at FROM room_leases WHERE session_id = $1 AND expires_at > ${NOW_MS}`,
        [sessionId],
      );
      return r && { sessionId, owner: r.owner, epoch: r.epoch, expiresAt: Number(r.expires_at) };
    },
    /** Who holds the lease, expired or not (to see whether a crashed process on this machine held it). */
    async leaseHolder(sessionId: string) {
      return (await one<{ owner: string }>('SELECT owner FROM room_leases WHERE session_id = $1 AND expires_at > 0', [sessionId]))?.owner;
    },

    async eventsAfter(sessionId: string, seq: number) {
      const rows = await all<{ data: string; v: number }>('SELECT data, v FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq', [
        sessionId,
        seq,
      ]);
      return rows.map((r) => upcast(JSON.parse(r.data) as StoredEvent, r.v));
    },
    countEventsAfter: async (sessionId: string, seq: number) =>
      (await one<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE session_id = $1 AND seq > $2', [sessionId, seq]))!.n,
    async commandKeys(sessionId: string) {
      const rows = await all<{ command_key: string; seq: number }>('SELECT command_key, seq FROM commands WHERE session_id = $1', [
        sessionId,
      ]);
      return new Map(rows.map((r) => [r.command_key, r.seq]));
    },
    writeCounts: (sessionId: string) =>
      all<WriteCount>(
        `SELECT split_part(c.command_key, ':', 1) AS pid, e.data::jsonb->>'activityId' AS bucket, count(*)::int AS n
         FROM commands c LEFT JOIN events e ON e.session_id = c.session_id AND e.seq = c.seq
         WHERE c.session_id = $1 GROUP BY 1, 2`,
        [sessionId],
      ),
    async snapshot(sessionId: string) {
      const r = await one<{ seq: number; state: string }>('SELECT seq, state FROM snapshots WHERE session_id = $1 AND v = $2', [
        sessionId,
        SNAPSHOT_VERSION,
      ]);
      return r && { seq: r.seq, state: JSON.parse(r.state) as RoomState };
    },
    async putSnapshot(sessionId: string, seq: number, json: string, epoch: number | null) {
      await tx(async (c) => {
        if (epoch !== null && (await fenced(c, [{ sessionId, epoch }])).size)
          throw Object.assign(new Error('fenced'), { fenced: [sessionId] });
        await c.query(
          `INSERT INTO snapshots (session_id, seq, state, v) VALUES ($1, $2, $3, $4)
           ON CONFLICT (session_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, v = excluded.v`,
          [sessionId, seq, json, SNAPSHOT_VERSION],
        );
      });
    },

    async listSessions(): Promise<SessionListing[]> {
      const rows = await all<Omit<SessionListing, 'created_at'> & { created_at: string }>(
        `SELECT s.id, s.code, s.title, s.lang, s.created_at,
                coalesce((SELECT max((e.data::jsonb->>'count')::int) FROM events e
                          WHERE e.session_id = s.id AND e.type = 'session.peak'), 0) AS participants,
                ${meta('date')}
         FROM sessions s ORDER BY s.created_at DESC, s.id`,
      );
      return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
    },
    async sessionDetails() {
      const rows = await all<SessionDetails & { id: string }>(
        `SELECT s.id, s.continues, ${meta('place')}, ${meta('theme')}, ${meta('nextDate')}, ${meta('nextTheme')} FROM sessions s`,
      );
      return new Map(rows.map(({ id, ...d }) => [id, d]));
    },
    setReportKey: async (sessionId: string, hash: string) =>
      void (await pool.query('UPDATE sessions SET report_key_hash = $1 WHERE id = $2', [hash, sessionId])),
    setFacilitatorKey: async (sessionId: string, hash: string) =>
      void (await pool.query('UPDATE sessions SET facilitator_key_hash = $1 WHERE id = $2', [hash, sessionId])),
    setTitle: async (sessionId: string, title: string) =>
      void (await pool.query('UPDATE sessions SET title = $1 WHERE id = $2', [title, sessionId])),

    async putImage(sessionId: string, image: StoredImage) {
      await pool.query(
        `INSERT INTO images (session_id, id, mime, width, height, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (session_id, id) DO UPDATE SET mime = excluded.mime, width = excluded.width, height = excluded.height,
           data = excluded.data, created_at = excluded.created_at`,
        [sessionId, image.id, image.mime, image.width, image.height, Buffer.from(image.data), Date.now()],
      );
    },
    imageData: (sessionId: string, imageId: string) =>
      one<StoredImage>('SELECT id, mime, width, height, data FROM images WHERE session_id = $1 AND id = $2', [sessionId, imageId]),
    hasImage: async (sessionId: string, imageId: string) =>
      (await one('SELECT 1 FROM images WHERE session_id = $1 AND id = $2', [sessionId, imageId])) !== undefined,
    copyImages: async (from: string, to: string) =>
      void (await pool.query(
        `INSERT INTO images (session_id, id, mime, width, height, data, created_at)
         SELECT $1, id, mime, width, height, data, created_at FROM images WHERE session_id = $2 ON CONFLICT DO NOTHING`,
        [to, from],
      )),
    imageBytes: async (sessionId: string) =>
      Number(
        (await one<{ n: string }>('SELECT coalesce(sum(octet_length(data)), 0) AS n FROM images WHERE session_id = $1', [sessionId]))!.n,
      ),

    setting: async (key: string) => (await one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value,
    putSetting: async (key: string, value: string) =>
      void (await pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ])),

    async putSettingIfAbsent(key: string, value: string) {
      await pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      return (await one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))!.value;
    },

    async deleteSession(sessionId: string) {
      await tx(async (c) => {
        for (const table of ['events', 'commands', 'snapshots', 'participant_tokens', 'images', 'room_leases', 'pseudonym_keys']) {
          await c.query(`DELETE FROM ${table} WHERE session_id = $1`, [sessionId]);
        }
        await c.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
      });
      return true;
    },
    /** R-DD-PSEUDONYM: made once (the first node to ask makes it; the others read that one). */
    async pseudonymKey(sessionId: string) {
      await pool.query('INSERT INTO pseudonym_keys (session_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        sessionId,
        randomBytes(PSEUDONYM_KEY_BYTES),
      ]);
      return (await one<{ key: Buffer }>('SELECT key FROM pseudonym_keys WHERE session_id = $1', [sessionId]))!.key;
    },
    /** R-PRIVACY-DELETE: deleted rows go from the tables' pages at the next vacuum; run it now. */
    async compact() {
      for (const table of ['events', 'commands', 'snapshots', 'participant_tokens', 'images', 'pseudonym_keys', 'sessions']) {
        await pool.query(`VACUUM ${table}`);
      }
    },
    rawEvents: (sessionId: string) =>
      all<{ seq: number; data: string; v: number }>('SELECT seq, data, v FROM events WHERE session_id = $1 ORDER BY seq', [sessionId]),
    async rewriteEvents(sessionId: string, rows: { seq: number; data: string }[], participantId: string) {
      await tx(async (c) => {
        if (rows.length) {
          await c.query(
            'UPDATE events e SET data = r.data FROM unnest($2::integer[], $3::text[]) AS r(seq, data) WHERE e.session_id = $1 AND e.seq = r.seq',
            [sessionId, rows.map((r) => r.seq), rows.map((r) => r.data)],
          );
        }
        await c.query('DELETE FROM snapshots WHERE session_id = $1', [sessionId]);
        await c.query('DELETE FROM participant_tokens WHERE session_id = $1 AND participant_id = $2', [sessionId, participantId]);
      });
    },
    participantForToken: async (sessionId: string, tokenHash: string) =>
      (
        await one<{ participant_id: string }>('SELECT participant_id FROM participant_tokens WHERE token_hash = $1 AND session_id = $2', [
          tokenHash,
          sessionId,
        ])
      )?.participant_id,
  };
}

export type PgOperations = ReturnType<typeof operations>;

/** A failure as it crosses to the server's thread. */
export interface PgFailure {
  name: string;
  message: string;
  code?: string;
  fenced?: string[];
}

function failure(e: unknown): PgFailure {
  const fenced = (e as { fenced?: string[] })?.fenced;
  if (fenced) return { name: 'FencedError', message: 'fenced', fenced };
  const code = (e as { code?: unknown })?.code;
  return {
    name: (e as Error)?.name ?? 'Error',
    message: String((e as Error)?.message ?? e),
    code: unavailable(e) ? 'PG_UNAVAILABLE' : typeof code === 'string' ? code : undefined,
  };
}

// ---- the worker thread ----------------------------------------------------------------

if (parentPort && (workerData as PgWorkerData | undefined)?.url) {
  const { url, port, signal, timeoutMs } = workerData as PgWorkerData;
  const flag = new Int32Array(signal);
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: 'kring',
    options: '-c synchronous_commit=on',
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // An idle client whose server went away is dropped by the pool; without a listener the error would end the thread.
  pool.on('error', () => undefined);
  const ops = operations(pool);
  const answer = (message: unknown) => {
    port.postMessage(message);
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  port.on('message', async ({ id, op, args }: { id: number; op: keyof PgOperations | 'migrate' | 'close'; args: unknown[] }) => {
    try {
      let value: unknown;
      if (op === 'migrate') value = await migrate(pool);
      else if (op === 'close') value = await pool.end();
      else value = await (ops[op] as (...a: unknown[]) => Promise<unknown>)(...args);
      answer({ id, ok: true, value });
    } catch (e) {
      answer({ id, ok: false, error: failure(e) });
    }
  });
}
