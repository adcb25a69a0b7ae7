/**
 * The storage contract (server/storage.ts) over the SQLite Store (server/store.ts), the
 * default engine. Store is synchronous: when one of its calls returns, its transaction is
 * committed (WAL, synchronous=FULL by default), so each promise here resolves after the
 * work is durable, and a throw becomes a rejection (the methods are async).
 */
import type Database from 'better-sqlite3';
import type { StoredEvent } from '../shared/model.ts';
import { SNAPSHOT_VERSION } from '../shared/upcast.ts';
import {
  FencedError,
  type CommitWrite,
  type Lease,
  type RoomLoad,
  type SessionRecord,
  type SessionSummary,
  type Storage,
} from './storage.ts';
import { Store, type SessionRow } from './store.ts';

function toRecord(row: SessionRow | undefined): SessionRecord | undefined {
  if (!row) return undefined;
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    lang: row.lang,
    facilitatorKeyHash: row.facilitator_key_hash,
    boardKeyHash: row.board_key_hash,
    createdAt: row.created_at,
    continues: row.continues ?? null,
    reportKeyHash: row.report_key_hash ?? null,
  };
}

export class SqliteStorage implements Storage {
  readonly store: Store;
  #tokens;
  #putSnapshot;
  #commitTx: Database.Transaction<(writes: readonly CommitWrite[]) => void>;
  #createTx: (row: SessionRecord, events: StoredEvent[]) => void;
  #loadTx: (sessionId: string) => RoomLoad;
  #lease;

  /** Over an open Store (which this then owns: close() closes it). */
  constructor(store: Store) {
    this.store = store;
    const db = store.db;
    this.#tokens = db.prepare<[string], { token_hash: string; participant_id: string }>(
      'SELECT token_hash, participant_id FROM participant_tokens WHERE session_id = ?',
    );
    this.#putSnapshot = db.prepare<[string, number, string, number]>(
      `INSERT INTO snapshots (session_id, seq, state, v) VALUES (?, ?, ?, ?)
       ON CONFLICT(session_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, v = excluded.v`,
    );
    this.#lease = db.prepare<[string], { epoch: number }>('SELECT epoch FROM room_leases WHERE session_id = ?');
    this.#commitTx = db.transaction((writes: readonly CommitWrite[]) => {
      const fenced = new Set<string>();
      for (const w of writes) {
        if (w.epoch !== undefined && this.#lease.get(w.sessionId)?.epoch !== w.epoch) fenced.add(w.sessionId);
      }
      if (fenced.size) throw new FencedError([...fenced]);
      for (const w of writes) {
        if (w.json.length !== w.events.length)
          throw new Error(`commit for ${w.sessionId}: ${w.events.length} events, ${w.json.length} serialised`);
        store.appendRows(w.sessionId, w.events, w.json, { command: w.command, token: w.token });
      }
    });
    this.#createTx = db.transaction((row: SessionRecord, events: StoredEvent[]) => {
      store.createSession(
        {
          id: row.id,
          code: row.code,
          title: row.title,
          lang: row.lang,
          facilitator_key_hash: row.facilitatorKeyHash,
          board_key_hash: row.boardKeyHash,
          created_at: row.createdAt,
          continues: row.continues,
        },
        events,
      );
      if (row.reportKeyHash !== null) store.setReportKey(row.id, row.reportKeyHash);
    });
    // One read transaction: the snapshot, the events after it, the commands and the tokens
    // all come from the same state of the file.
    this.#loadTx = db.transaction((sessionId: string): RoomLoad => {
      const snapshot = store.snapshot(sessionId);
      const tokens = new Map<string, string>();
      for (const r of this.#tokens.iterate(sessionId)) tokens.set(r.token_hash, r.participant_id);
      return {
        ...(snapshot ? { snapshot } : {}),
        events: store.eventsAfter(sessionId, snapshot?.seq ?? 0),
        commands: store.commandKeys(sessionId),
        tokens,
      };
    });
  }

  /** Open (and migrate) the SQLite file in `dataDir`. */
  static open(dataDir: string, sync: 'FULL' | 'NORMAL' = 'FULL'): SqliteStorage {
    return new SqliteStorage(new Store(dataDir, sync));
  }

  async createSession(row: SessionRecord, events: StoredEvent[]): Promise<void> {
    this.#createTx(row, events);
  }
  async sessionById(id: string): Promise<SessionRecord | undefined> {
    return toRecord(this.store.sessionById(id));
  }
  async sessionByCode(code: string): Promise<SessionRecord | undefined> {
    return toRecord(this.store.sessionByCode(code));
  }
  async loadRoom(sessionId: string): Promise<RoomLoad> {
    return this.#loadTx(sessionId);
  }
  async commit(writes: CommitWrite[]): Promise<void> {
    if (writes.length) this.#commitTx.immediate(writes);
  }
  async putSnapshot(sessionId: string, seq: number, stateJson: string): Promise<void> {
    this.#putSnapshot.run(sessionId, seq, stateJson, SNAPSHOT_VERSION);
  }
  async setTitle(sessionId: string, title: string): Promise<void> {
    this.store.setTitle(sessionId, title);
  }
  async acquireLease(sessionId: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    return this.store.acquireLease(sessionId, owner, ttlMs);
  }
  async renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number): Promise<boolean> {
    return this.store.renewLease(sessionId, owner, epoch, ttlMs);
  }
  async releaseLease(sessionId: string, owner: string, epoch: number): Promise<void> {
    this.store.releaseLease(sessionId, owner, epoch);
  }
  async leaseOf(sessionId: string): Promise<Lease | undefined> {
    return this.store.leaseOf(sessionId);
  }
  async listSessions(): Promise<SessionSummary[]> {
    return this.store.listSessions().map((s) => ({ id: s.id, code: s.code, title: s.title, lang: s.lang, createdAt: s.created_at }));
  }
  async deleteSession(sessionId: string): Promise<void> {
    this.store.deleteSession(sessionId);
  }
  async close(): Promise<void> {
    this.store.close();
  }
}
