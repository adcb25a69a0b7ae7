/**
 * The storage contract (server/storage.ts) on PostgreSQL (`pg`), for several Kring nodes
 * sharing one database (issue 14). Schema and migrations: store-pg-migrations.ts.
 *
 * - A commit is one transaction on one pooled client: BEGIN, one multi-row INSERT per table
 *   for the whole batch (`unnest` of arrays: one round trip per table, whatever the number
 *   of rows, and no limit on parameters), COMMIT. Every connection runs with
 *   `synchronous_commit=on` (set at connect, whatever the server's default), so when COMMIT
 *   returns the batch is in the flushed WAL: a resolved commit is durable (R-DURABLE).
 * - A failed write rolls the whole batch back and the promise rejects. The primary keys on
 *   events (session, seq) and commands (session, key) make a second writer of the same seq
 *   fail: of two nodes writing seq N at once, the second waits for the first's transaction
 *   and then gets a unique violation (23505) if the first committed.
 * - When COMMIT's answer is lost (the connection broke), the promise rejects although the
 *   batch may be stored: a caller must not acknowledge it, and reloads the room from here.
 */
import pg from 'pg';
import type { PoolClient, PoolConfig } from 'pg';
import type { RoomState, StoredEvent } from '../shared/model.ts';
import { EVENT_VERSION, SNAPSHOT_VERSION, upcast } from '../shared/upcast.ts';
import {
  FencedError,
  type CommitWrite,
  type Lease,
  type RoomLoad,
  type SessionRecord,
  type SessionSummary,
  type Storage,
} from './storage.ts';
import { ACQUIRE, INSERT_COMMANDS, INSERT_EVENTS, INSERT_TOKENS, NOW_MS, transaction } from './pg-sql.ts';
import { migrate } from './store-pg-migrations.ts';
import { stderrLog } from './write-health.ts';

interface SessionSqlRow {
  id: string;
  code: string;
  title: string;
  lang: string;
  facilitator_key_hash: string;
  board_key_hash: string;
  created_at: string; // bigint comes back as text
  continues: string | null;
  report_key_hash: string | null;
}

const toRecord = (r: SessionSqlRow | undefined): SessionRecord | undefined =>
  r && {
    id: r.id,
    code: r.code,
    title: r.title,
    lang: r.lang,
    facilitatorKeyHash: r.facilitator_key_hash,
    boardKeyHash: r.board_key_hash,
    createdAt: Number(r.created_at),
    continues: r.continues,
    reportKeyHash: r.report_key_hash,
  };

/** The parameters of INSERT_EVENTS for a session's events. */
function eventColumns(rows: { sessionId: string; events: readonly StoredEvent[]; json: readonly string[] }[]) {
  const cols: [string[], number[], string[], string[], number[]] = [[], [], [], [], []];
  for (const { sessionId, events, json } of rows) {
    if (json.length !== events.length) throw new Error(`commit for ${sessionId}: ${events.length} events, ${json.length} serialised`);
    for (let i = 0; i < events.length; i++) {
      cols[0].push(sessionId);
      cols[1].push(events[i].seq);
      cols[2].push(events[i].type);
      cols[3].push(json[i]);
      cols[4].push(EVENT_VERSION);
    }
  }
  return cols;
}

export interface PgStorageOptions {
  /** Most connections this node opens (default 10). */
  max?: number;
}

export class PgStorage implements Storage {
  readonly pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connect to `connectionString` (a DATABASE_URL) and migrate the schema. */
  static async open(connectionString: string, options: PgStorageOptions = {}): Promise<PgStorage> {
    const config: PoolConfig = {
      connectionString,
      max: options.max ?? 10,
      application_name: 'kring',
      options: '-c synchronous_commit=on',
    };
    const pool = new pg.Pool(config);
    // An idle client whose server went away (a restart, the network) is dropped by the pool;
    // without a listener the error would end the process.
    pool.on('error', (err) => stderrLog.warn({ err }, 'PostgreSQL: an idle connection failed'));
    try {
      await migrate(pool);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
    return new PgStorage(pool);
  }

  #transaction<T>(fn: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return transaction(this.pool, fn, begin);
  }

  async createSession(row: SessionRecord, events: StoredEvent[]): Promise<void> {
    await this.#transaction(async (c) => {
      await c.query(
        `INSERT INTO sessions (id, code, title, lang, facilitator_key_hash, board_key_hash, created_at, continues, report_key_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.id, row.code, row.title, row.lang, row.facilitatorKeyHash, row.boardKeyHash, row.createdAt, row.continues, row.reportKeyHash],
      );
      if (events.length) {
        await c.query(INSERT_EVENTS, eventColumns([{ sessionId: row.id, events, json: events.map((ev) => JSON.stringify(ev)) }]));
      }
    });
  }

  async sessionById(id: string): Promise<SessionRecord | undefined> {
    return toRecord((await this.pool.query<SessionSqlRow>('SELECT * FROM sessions WHERE id = $1', [id])).rows[0]);
  }
  async sessionByCode(code: string): Promise<SessionRecord | undefined> {
    return toRecord((await this.pool.query<SessionSqlRow>('SELECT * FROM sessions WHERE code = $1', [code])).rows[0]);
  }

  async loadRoom(sessionId: string): Promise<RoomLoad> {
    // One snapshot of the database for all four reads (REPEATABLE READ), so the events start
    // right after the snapshot read and no commit lands between them.
    return this.#transaction(async (c) => {
      const snap = await c.query<{ seq: number; state: string }>('SELECT seq, state FROM snapshots WHERE session_id = $1 AND v = $2', [
        sessionId,
        SNAPSHOT_VERSION,
      ]);
      const snapshot = snap.rows[0] && { seq: snap.rows[0].seq, state: JSON.parse(snap.rows[0].state) as RoomState };
      const events = await c.query<{ data: string; v: number }>(
        'SELECT data, v FROM events WHERE session_id = $1 AND seq > $2 ORDER BY seq',
        [sessionId, snapshot?.seq ?? 0],
      );
      const commands = await c.query<{ command_key: string; seq: number }>('SELECT command_key, seq FROM commands WHERE session_id = $1', [
        sessionId,
      ]);
      const tokens = await c.query<{ token_hash: string; participant_id: string }>(
        'SELECT token_hash, participant_id FROM participant_tokens WHERE session_id = $1',
        [sessionId],
      );
      return {
        ...(snapshot ? { snapshot } : {}),
        events: events.rows.map((r) => upcast(JSON.parse(r.data) as StoredEvent, r.v)),
        commands: new Map(commands.rows.map((r) => [r.command_key, r.seq])),
        tokens: new Map(tokens.rows.map((r) => [r.token_hash, r.participant_id])),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async commit(writes: CommitWrite[]): Promise<void> {
    if (!writes.length) return;
    const events = eventColumns(writes);
    const commands: [string[], string[], number[]] = [[], [], []];
    const tokens: [string[], string[], string[]] = [[], [], []];
    for (const w of writes) {
      if (w.command) {
        commands[0].push(w.sessionId);
        commands[1].push(w.command.key);
        commands[2].push(w.command.seq);
      }
      if (w.token) {
        tokens[0].push(w.token.hash);
        tokens[1].push(w.sessionId);
        tokens[2].push(w.token.participantId);
      }
    }
    const fencedIds = [...new Set(writes.filter((w) => w.epoch !== undefined).map((w) => w.sessionId))];
    await this.#transaction(async (c) => {
      // R-LEASE-FENCE: the epochs are checked with the lease rows locked (FOR SHARE) until
      // COMMIT, so no takeover can land between the check and the writes.
      if (fencedIds.length) {
        const held = await c.query<{ session_id: string; epoch: number }>(
          'SELECT session_id, epoch FROM room_leases WHERE session_id = ANY($1) FOR SHARE',
          [fencedIds],
        );
        const epochs = new Map(held.rows.map((r) => [r.session_id, r.epoch]));
        const fenced = new Set(writes.filter((w) => w.epoch !== undefined && epochs.get(w.sessionId) !== w.epoch).map((w) => w.sessionId));
        if (fenced.size) throw new FencedError([...fenced]);
      }
      if (events[0].length) await c.query(INSERT_EVENTS, events);
      if (commands[0].length) await c.query(INSERT_COMMANDS, commands);
      if (tokens[0].length) await c.query(INSERT_TOKENS, tokens);
    });
  }

  async putSnapshot(sessionId: string, seq: number, stateJson: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO snapshots (session_id, seq, state, v) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, v = excluded.v`,
      [sessionId, seq, stateJson, SNAPSHOT_VERSION],
    );
  }

  async setTitle(sessionId: string, title: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET title = $1 WHERE id = $2', [title, sessionId]);
  }

  async acquireLease(sessionId: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    const r = await this.pool.query<{ epoch: number; expires_at: string }>(ACQUIRE, [sessionId, owner, ttlMs, null]);
    const row = r.rows[0];
    return row && { sessionId, owner, epoch: row.epoch, expiresAt: Number(row.expires_at) };
  }

  async renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE room_leases SET expires_at = ${NOW_MS} + $4 WHERE session_id = $1 AND owner = $2 AND epoch = $3`,
      [sessionId, owner, epoch, ttlMs],
    );
    return r.rowCount === 1;
  }

  async releaseLease(sessionId: string, owner: string, epoch: number): Promise<void> {
    // The row stays (expired), so that epochs only ever grow.
    await this.pool.query('UPDATE room_leases SET expires_at = 0 WHERE session_id = $1 AND owner = $2 AND epoch = $3', [
      sessionId,
      owner,
      epoch,
    ]);
  }

  async leaseOf(sessionId: string): Promise<Lease | undefined> {
    const r = await this.pool.query<{ owner: string; epoch: number; expires_at: string }>(
      `SELECT owner, epoch, expires_at FROM room_leases WHERE session_id = $1 AND expires_at > ${NOW_MS}`,
      [sessionId],
    );
    const row = r.rows[0];
    return row && { sessionId, owner: row.owner, epoch: row.epoch, expiresAt: Number(row.expires_at) };
  }

  async listSessions(): Promise<SessionSummary[]> {
    const r = await this.pool.query<{ id: string; code: string; title: string; lang: string; created_at: string }>(
      'SELECT id, code, title, lang, created_at FROM sessions ORDER BY created_at DESC, id',
    );
    return r.rows.map((s) => ({ id: s.id, code: s.code, title: s.title, lang: s.lang, createdAt: Number(s.created_at) }));
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.#transaction(async (c) => {
      for (const table of ['events', 'commands', 'snapshots', 'participant_tokens', 'room_leases']) {
        await c.query(`DELETE FROM ${table} WHERE session_id = $1`, [sessionId]);
      }
      await c.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
