/**
 * The storage contract (issue 14): what Kring's rooms need from storage, async so that a
 * networked engine fits. Two engines implement it: SQLite, the default (store-sqlite-adapter.ts,
 * over server/store.ts) and PostgreSQL (store-pg.ts), chosen by DATABASE_URL. One contract
 * suite (test/server/store-contract.test.ts) runs against both (R-STORE-CONTRACT).
 *
 * The event log is the source of truth (R-DURABLE): a write is durable when its promise
 * resolves, and only then may an ack name it. The primary keys (events: session and seq;
 * commands: session and key) are what keep a second writer from overwriting the first: a
 * batch that repeats either fails as a whole.
 */
import type { RoomState, StoredEvent } from '../shared/model.ts';

export interface SessionRecord {
  id: string;
  code: string;
  title: string;
  lang: string;
  facilitatorKeyHash: string;
  boardKeyHash: string;
  createdAt: number;
  continues: string | null;
  reportKeyHash: string | null;
}

export interface SessionSummary {
  id: string;
  code: string;
  title: string;
  lang: string;
  createdAt: number;
}

export interface CommitWrite {
  sessionId: string;
  /** Events numbered on from the session's last seq; json[i] is events[i] serialised. */
  events: StoredEvent[];
  json: string[];
  /** The accepted command's key and the seq its ack names (exactly once). */
  command?: { key: string; seq: number };
  /** A new participant's token. */
  token?: { hash: string; participantId: string };
}

export interface RoomLoad {
  snapshot?: { seq: number; state: RoomState };
  events: StoredEvent[];
  /** command key -> the seq its ack named */
  commands: Map<string, number>;
  /** token hash -> participant id */
  tokens: Map<string, string>;
}

export interface Storage {
  /** The session row and its first events, in one transaction. */
  createSession(row: SessionRecord, events: StoredEvent[]): Promise<void>;
  sessionById(id: string): Promise<SessionRecord | undefined>;
  sessionByCode(code: string): Promise<SessionRecord | undefined>;
  /**
   * Everything a room needs to come back: the latest snapshot of today's shape
   * (SNAPSHOT_VERSION), the events after it (upcast, shared/upcast.ts), every command key
   * with its seq, every token.
   */
  loadRoom(sessionId: string): Promise<RoomLoad>;
  /**
   * Group commit: all writes in ONE transaction, durable when the promise resolves. If any
   * write fails, nothing of the batch is stored and it rejects. A seq that exists already
   * for a session, or a command key that exists already, is a failure.
   */
  commit(writes: CommitWrite[]): Promise<void>;
  putSnapshot(sessionId: string, seq: number, stateJson: string): Promise<void>;
  setTitle(sessionId: string, title: string): Promise<void>;
  /** Newest first. */
  listSessions(): Promise<SessionSummary[]>;
  /** The session and everything of it (events, commands, snapshot, tokens). */
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
