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
  /**
   * The fencing token: the epoch of the room's lease its writer holds (R-LEASE-FENCE).
   * Checked against the lease in the same transaction; absent on a single node.
   */
  epoch?: number;
}

/**
 * A room's lease (issue 14): exactly one node runs a room's reducer, the one holding its
 * lease. Each new holder gets the next `epoch`, the fencing token it puts on every write,
 * so a holder that lost the lease (paused, cut off) can never write after the next one
 * took it. Times are the storage's own clock (ms).
 */
export interface Lease {
  sessionId: string;
  owner: string;
  epoch: number;
  expiresAt: number;
}

/**
 * A batch held writes whose epoch is no longer their room's lease: nothing of the batch is
 * stored. `sessionIds` are the fenced rooms; the rest of the batch may be committed again.
 */
export class FencedError extends Error {
  readonly sessionIds: string[];
  constructor(sessionIds: string[]) {
    super(`the lease of ${sessionIds.join(', ')} moved on: these writes were refused`);
    this.name = 'FencedError';
    this.sessionIds = sessionIds;
  }
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
   * for a session, or a command key that exists already, is a failure; so is a write whose
   * `epoch` is not its room's lease's (a FencedError).
   */
  commit(writes: CommitWrite[]): Promise<void>;
  putSnapshot(sessionId: string, seq: number, stateJson: string): Promise<void>;
  setTitle(sessionId: string, title: string): Promise<void>;
  /**
   * Take the room's lease for `owner` for `ttlMs`: when nobody holds it, it expired, or
   * `owner` holds it already (then it is renewed, same epoch, also when it ran out while
   * nobody took it). A new holder, or one that had released it, gets the next epoch; that takeover waits for a commit of the old holder in flight, so the new holder
   * reads every write of the old one. Undefined while another holds it.
   */
  acquireLease(sessionId: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /**
   * Extend `owner`'s lease of this epoch; false when it is no longer theirs. Also after it
   * ran out, when nobody took it since (a laptop's lid was closed): the epoch is still its own.
   */
  renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number): Promise<boolean>;
  /** Let the lease go (a node that shuts down): the next node need not wait for it to expire. */
  releaseLease(sessionId: string, owner: string, epoch: number): Promise<void>;
  /** Who holds the room now (an expired lease counts as none). */
  leaseOf(sessionId: string): Promise<Lease | undefined>;
  /** Newest first. */
  listSessions(): Promise<SessionSummary[]>;
  /** The session and everything of it (events, commands, snapshot, tokens, lease). */
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
