/**
 * SQLite storage (better-sqlite3, WAL). The event log is the source of truth; snapshots
 * only shorten replay. better-sqlite3 is synchronous, so when `append` returns, the
 * transaction is committed: the ack is sent only after that.
 *
 * Versions (R-EVENT-VERSION): each event row stores the version of the event shapes it was
 * written with and each snapshot the version of the state shape (shared/upcast.ts). Events
 * are read through `upcast`; a snapshot of another version is not used (the room replays
 * from its events instead).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RoomState, StoredEvent } from '../shared/model.ts';
import { EVENT_VERSION, SNAPSHOT_VERSION, upcast } from '../shared/upcast.ts';
import { KEYS_DIR, readOrMakeKey, removeKey } from './keyfiles.ts';
import { stderrLog } from './write-health.ts';
import { FencedError, type Lease } from './storage.ts';

/** Numbered migrations; each runs once, in order, inside a transaction. */
const MIGRATIONS: string[] = [
  /* 1 */ `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    lang TEXT NOT NULL,
    facilitator_key_hash TEXT NOT NULL,
    board_key_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE events (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE commands (
    session_id TEXT NOT NULL,
    command_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (session_id, command_key)
  ) WITHOUT ROWID;
  CREATE TABLE snapshots (
    session_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  CREATE TABLE participant_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    participant_id TEXT NOT NULL
  );
  CREATE INDEX participant_tokens_session ON participant_tokens(session_id);
  `,
  /* 2 */ `
  ALTER TABLE sessions ADD COLUMN report_key_hash TEXT;
  ALTER TABLE sessions ADD COLUMN continues TEXT;
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE INDEX events_type ON events(session_id, type);
  `,
  /* 3: versions. Rows written before versions existed are version 1 (today's first shapes). */ `
  ALTER TABLE events ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE snapshots ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
  `,
  /* 4: images (info cards, photos), kept with their session: in the backup, gone with it. */ `
  CREATE TABLE images (
    session_id TEXT NOT NULL,
    id TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, id)
  ) WITHOUT ROWID;
  `,
  /* 5: rooms' leases (issue 14): the process that runs a room, and the epoch that fences it. */ `
  CREATE TABLE room_leases (
    session_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
];

const META_FIELDS = ['place', 'theme', 'nextDate', 'nextTheme'] as const;
/** The latest value of a meta field ('' clears it), per session, from the events. */
const metaColumn = (field: string) =>
  `nullif((SELECT json_extract(e.data, '$.${field}') FROM events e
           WHERE e.session_id = s.id AND e.type = 'session.metaSet' AND json_type(e.data, '$.${field}') = 'text'
           ORDER BY e.seq DESC LIMIT 1), '') AS ${field}`;

/** A write queued for the group commit; `fence`: its room's lease epoch, checked in the transaction. */
interface Pending {
  write: LaterWrite;
  done: (error?: unknown) => void;
  fence?: { sessionId: string; epoch: number };
  error?: FencedError;
}

/** An image as stored: already re-encoded (PNG or JPEG) and stripped of metadata. */
export interface StoredImage {
  id: string;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  data: Buffer;
}

export interface SessionRow {
  id: string;
  code: string;
  title: string;
  lang: string;
  facilitator_key_hash: string;
  board_key_hash: string;
  created_at: number;
  report_key_hash?: string | null;
  continues?: string | null;
}

export interface SessionListing {
  id: string;
  code: string;
  title: string;
  lang: string;
  created_at: number;
  participants: number;
  /** The session's date as the facilitator set it (YYYY-MM-DD), or null. */
  date: string | null;
}

/** An event row as stored (not upcast), for rewriting on erasure (R-ERASE). */
export interface RawEventRow {
  seq: number;
  data: string;
  v: number;
}

export interface AppendExtras {
  /** Record this accepted command (and the seq its ack reported), so a repeat is applied once. */
  command?: { key: string; seq: number };
  /** A new participant's token (hashed). */
  token?: { hash: string; participantId: string };
  /** R-LEASE-FENCE: the epoch of the room's lease its writer holds; the write is refused when it is not the lease's. */
  epoch?: number;
}

/** A session's place, theme, next date and theme (latest meta values), and its earlier session. */
export interface SessionDetails {
  continues: string | null;
  place: string | null;
  theme: string | null;
  nextDate: string | null;
  nextTheme: string | null;
}

/** One participant's (or pseudonym's) accepted commands under one activity (null: none), from the log. */
export interface WriteCount {
  pid: string;
  bucket: string | null;
  n: number;
}

/**
 * What the server needs of its storage, synchronously: when a write returns, it is durable
 * (R-DURABLE). Two engines: SQLite (`Store`, below; the default) and PostgreSQL
 * (`PgStore`, store-pg-sync.ts, with DATABASE_URL). `later` queues a write for the tick's
 * group commit (R-GROUP-COMMIT); `commitPending` commits what is queued now.
 */
export interface KringStore {
  createSession(row: SessionRow, events: StoredEvent[]): void;
  sessionById(id: string): SessionRow | undefined;
  sessionByCode(code: string): SessionRow | undefined;
  codeTaken(code: string): boolean;
  appendSerialised(sessionId: string, events: readonly StoredEvent[], json: readonly string[], extras?: AppendExtras): void;
  /** Queue events (with the command record / token) for the tick's group commit; `done` after it. */
  later(write: LaterWrite, done: (error?: unknown) => void, fence?: { sessionId: string; epoch: number }): void;
  commitPending(): void;
  acquireLease(sessionId: string, owner: string, ttlMs: number, stale?: (holder: string) => boolean): Lease | undefined;
  renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number): boolean;
  renewLeases(owner: string, ttlMs: number, sessionIds: readonly string[]): Map<string, number>;
  releaseLease(sessionId: string, owner: string, epoch: number): void;
  leaseOf(sessionId: string): Lease | undefined;
  eventsAfter(sessionId: string, seq: number): StoredEvent[];
  countEventsAfter(sessionId: string, seq: number): number;
  commandKeys(sessionId: string): Map<string, number>;
  /** The counts R-QUOTA starts from: accepted commands per author and activity. */
  writeCounts(sessionId: string): WriteCount[];
  snapshot(sessionId: string): { seq: number; state: RoomState } | undefined;
  putSnapshot(sessionId: string, state: RoomState, epoch?: number): void;
  listSessions(): SessionListing[];
  /** Every session's details for the organiser's list (series, place, theme…). */
  sessionDetails(): Map<string, SessionDetails>;
  setReportKey(sessionId: string, hash: string): void;
  setFacilitatorKey(sessionId: string, hash: string): void;
  putImage(sessionId: string, image: StoredImage): void;
  imageData(sessionId: string, imageId: string): StoredImage | undefined;
  hasImage(sessionId: string, imageId: string): boolean;
  copyImages(fromSessionId: string, toSessionId: string): void;
  imageBytes(sessionId: string): number;
  setTitle(sessionId: string, title: string): void;
  setting(key: string): string | undefined;
  putSetting(key: string, value: string): void;
  /** Store `value` unless the key has one; returns the value stored (the first writer's, when processes race). */
  putSettingIfAbsent(key: string, value: string): string;
  deleteSession(sessionId: string): boolean;
  pseudonymKey(sessionId: string): Buffer;
  compact(): void;
  compactPending: boolean;
  rawEvents(sessionId: string): RawEventRow[];
  rewriteEvents(sessionId: string, rows: { seq: number; data: string }[], participantId: string): void;
  participantForToken(sessionId: string, tokenHash: string): string | undefined;
  close(): void;
}

/**
 * After a group commit: each write's `done`, with the batch's error or its own (a write
 * whose room's lease moved on). A room's follow-up that throws does not keep the others
 * from theirs.
 */
export function answerBatch<B extends { done: (error?: unknown) => void }>(batch: readonly B[], errorOf: (b: B) => unknown) {
  for (const b of batch) {
    try {
      b.done(errorOf(b));
    } catch (e) {
      stderrLog.error({ err: e }, 'a step after a commit failed');
    }
  }
}

/** A write for the group commit: a room's events, serialised, with its extras. */
export interface LaterWrite {
  sessionId: string;
  events: readonly StoredEvent[];
  json: readonly string[];
  extras: AppendExtras;
}

export class Store implements KringStore {
  readonly db: Database.Database;
  /** Where the sessions' pseudonym keys are: beside the database, never in it. */
  readonly keysDir: string;
  #q;
  #appendTx: Database.Transaction<
    (sessionId: string, events: readonly StoredEvent[], json: readonly string[], extras: AppendExtras) => void
  >;

  constructor(dataDir: string, sync: 'FULL' | 'NORMAL' = 'FULL') {
    fs.mkdirSync(dataDir, { recursive: true });
    this.keysDir = path.join(dataDir, KEYS_DIR);
    this.db = new Database(path.join(dataDir, 'kring.db'));
    // The busy timeout first: switching a new file to WAL takes its lock, and processes that
    // start at once on one folder (KRING_WORKERS) wait for each other instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${sync}`);
    this.db.pragma('foreign_keys = ON');
    // R-PRIVACY-DELETE: deleted rows are overwritten with zeros, not left in free pages.
    this.db.pragma('secure_delete = ON');
    this.#migrate();
    const db = this.db;
    this.#q = {
      insertSession: db.prepare(
        `INSERT INTO sessions (id, code, title, lang, facilitator_key_hash, board_key_hash, created_at, continues)
         VALUES (@id, @code, @title, @lang, @facilitator_key_hash, @board_key_hash, @created_at, @continues)`,
      ),
      sessionById: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      sessionByCode: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE code = ?'),
      insertEvent: db.prepare<[string, number, string, string, number]>(
        'INSERT INTO events (session_id, seq, type, data, v) VALUES (?, ?, ?, ?, ?)',
      ),
      eventsAfter: db.prepare<[string, number], { data: string; v: number }>(
        'SELECT data, v FROM events WHERE session_id = ? AND seq > ? ORDER BY seq',
      ),
      countAfter: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM events WHERE session_id = ? AND seq > ?'),
      insertCommand: db.prepare('INSERT INTO commands (session_id, command_key, seq) VALUES (?, ?, ?)'),
      commandKeys: db.prepare<[string], { command_key: string; seq: number }>('SELECT command_key, seq FROM commands WHERE session_id = ?'),
      snapshot: db.prepare<[string], { seq: number; state: string; v: number }>('SELECT seq, state, v FROM snapshots WHERE session_id = ?'),
      putSnapshot: db.prepare<[string, number, string, number]>(
        `INSERT INTO snapshots (session_id, seq, state, v) VALUES (?, ?, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, v = excluded.v`,
      ),
      insertToken: db.prepare('INSERT INTO participant_tokens (token_hash, session_id, participant_id) VALUES (?, ?, ?)'),
      listSessions: db.prepare<[], SessionListing>(
        `SELECT s.id, s.code, s.title, s.lang, s.created_at,
                coalesce((SELECT max(json_extract(e.data, '$.count')) FROM events e
                          WHERE e.session_id = s.id AND e.type = 'session.peak'), 0) AS participants,
                nullif((SELECT json_extract(e.data, '$.date') FROM events e
                        WHERE e.session_id = s.id AND e.type = 'session.metaSet' AND json_type(e.data, '$.date') = 'text'
                        ORDER BY e.seq DESC LIMIT 1), '') AS date
         FROM sessions s ORDER BY s.created_at DESC`,
      ),
      setReportKey: db.prepare('UPDATE sessions SET report_key_hash = ? WHERE id = ?'),
      setFacilitatorKey: db.prepare('UPDATE sessions SET facilitator_key_hash = ? WHERE id = ?'),
      putImage: db.prepare(
        'INSERT OR REPLACE INTO images (session_id, id, mime, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      image: db.prepare<[string, string], StoredImage>('SELECT id, mime, width, height, data FROM images WHERE session_id = ? AND id = ?'),
      hasImage: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM images WHERE session_id = ? AND id = ?'),
      copyImages: db.prepare<[string, string]>(
        `INSERT OR IGNORE INTO images (session_id, id, mime, width, height, data, created_at)
         SELECT ?, id, mime, width, height, data, created_at FROM images WHERE session_id = ?`,
      ),
      imageBytes: db.prepare<[string], { n: number }>('SELECT coalesce(sum(length(data)), 0) AS n FROM images WHERE session_id = ?'),
      setTitle: db.prepare('UPDATE sessions SET title = ? WHERE id = ?'),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      putSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      rawEvents: db.prepare<[string], RawEventRow>('SELECT seq, data, v FROM events WHERE session_id = ? ORDER BY seq'),
      rewriteEvent: db.prepare<[string, string, number]>('UPDATE events SET data = ? WHERE session_id = ? AND seq = ?'),
      dropSnapshot: db.prepare<[string]>('DELETE FROM snapshots WHERE session_id = ?'),
      dropTokensOf: db.prepare<[string, string]>('DELETE FROM participant_tokens WHERE session_id = ? AND participant_id = ?'),
      lease: db.prepare<[string], { owner: string; epoch: number; expires_at: number }>(
        'SELECT owner, epoch, expires_at FROM room_leases WHERE session_id = ?',
      ),
      putLease: db.prepare<[string, string, number, number]>(
        `INSERT INTO room_leases (session_id, owner, epoch, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch, expires_at = excluded.expires_at`,
      ),
      renewLease: db.prepare<[number, string, string, number]>(
        'UPDATE room_leases SET expires_at = ? WHERE session_id = ? AND owner = ? AND epoch = ?',
      ),
      renewLeases: db.prepare<[number, string, string], { session_id: string; epoch: number }>(
        `UPDATE room_leases SET expires_at = ? WHERE owner = ? AND expires_at > 0
           AND session_id IN (SELECT value FROM json_each(?)) RETURNING session_id, epoch`,
      ),
      releaseLease: db.prepare<[string, string, number]>(
        'UPDATE room_leases SET expires_at = 0 WHERE session_id = ? AND owner = ? AND epoch = ?',
      ),
      tokenParticipant: db.prepare<[string, string], { participant_id: string }>(
        'SELECT participant_id FROM participant_tokens WHERE token_hash = ? AND session_id = ?',
      ),
    };
    this.#appendTx = db.transaction((sid: string, evs: readonly StoredEvent[], json: readonly string[], x: AppendExtras) => {
      if (x.epoch !== undefined && !this.#fenceHolds(sid, x.epoch)) throw new FencedError([sid]);
      this.appendRows(sid, evs, json, x);
    });
    // A write whose room's lease moved on is left out and told so; the others commit.
    this.#batchTx = db.transaction((batch: Pending[]) => {
      const holds = new Map<string, boolean>(); // each room's lease read once per batch
      for (const b of batch) {
        const f = b.fence;
        const ok = !f || (holds.get(`${f.sessionId}:${f.epoch}`) ?? this.#fenceHolds(f.sessionId, f.epoch));
        if (f) holds.set(`${f.sessionId}:${f.epoch}`, ok);
        if (ok) this.appendRows(b.write.sessionId, b.write.events, b.write.json, b.write.extras);
        else b.error = new FencedError([f!.sessionId]);
      }
    });
    this.#acquireTx = db.transaction(
      (sessionId: string, owner: string, ttlMs: number, stale?: (holder: string) => boolean): Lease | undefined => {
        const now = Date.now();
        const held = this.#q.lease.get(sessionId);
        if (held && held.owner !== owner && held.expires_at > now && !stale?.(held.owner)) return undefined;
        // Ours still (even when it ran out while nobody took it): the same epoch; else the next.
        const epoch = held && held.owner === owner && held.expires_at > 0 ? held.epoch : (held?.epoch ?? 0) + 1;
        this.#q.putLease.run(sessionId, owner, epoch, now + ttlMs);
        return { sessionId, owner, epoch, expiresAt: now + ttlMs };
      },
    );
  }

  /**
   * Bring the file up to the newest migration. Each step takes the write lock first
   * (IMMEDIATE) and reads the version again, so processes that start at once on one file
   * (R-LEASE) run each migration once.
   */
  #migrate() {
    for (;;) {
      const ran = this.db
        .transaction(() => {
          const version = this.db.pragma('user_version', { simple: true }) as number;
          if (version >= MIGRATIONS.length) return false;
          this.db.exec(MIGRATIONS[version]);
          this.db.pragma(`user_version = ${version + 1}`);
          return true;
        })
        .immediate();
      if (!ran) return;
    }
  }

  /** Create the session row and its first events in one transaction. */
  createSession(row: SessionRow, events: StoredEvent[]) {
    this.db.transaction(() => {
      this.#q.insertSession.run(row);
      for (const ev of events) this.#q.insertEvent.run(row.id, ev.seq, ev.type, JSON.stringify(ev), EVENT_VERSION);
    })();
  }

  sessionById(id: string) {
    return this.#q.sessionById.get(id);
  }
  sessionByCode(code: string) {
    return this.#q.sessionByCode.get(code);
  }
  codeTaken(code: string) {
    return this.#q.sessionByCode.get(code) !== undefined;
  }

  /** Append events (and the command record / token) atomically. Committed on return. */
  append(sessionId: string, events: StoredEvent[], extras: AppendExtras = {}) {
    this.#appendTx.immediate(
      sessionId,
      events,
      events.map((ev) => JSON.stringify(ev)),
      extras,
    );
  }
  /** `append` with the events already serialised (`json[i]` is `events[i]`). */
  appendSerialised(sessionId: string, events: readonly StoredEvent[], json: readonly string[], extras: AppendExtras = {}) {
    // IMMEDIATE: the write lock first. A deferred transaction that reads the lease first
    // could not take it later while another process writes (SQLITE_BUSY at once).
    this.#appendTx.immediate(sessionId, events, json, extras);
  }

  /**
   * Group commit (R-GROUP-COMMIT): a write queued here goes into the one transaction that
   * commits everything queued in this tick (all rooms), at the end of the tick; `done` runs
   * after that commit (no error) or after it failed (the error; nothing of the batch is
   * stored). One fsync for the tick, not one per command.
   */
  later(write: LaterWrite, done: (error?: unknown) => void, fence?: { sessionId: string; epoch: number }) {
    this.#batch.push({ write, done, fence });
    if (this.#batch.length === 1) setImmediate(this.commitPending);
  }
  #batch: Pending[] = [];

  /** Commit what `later` queued now (before a write or a read that must follow it). */
  commitPending = () => {
    const batch = this.#batch;
    if (!batch.length) return;
    this.#batch = [];
    let error: unknown;
    try {
      this.#batchTx.immediate(batch);
    } catch (e) {
      error = e ?? new Error('the transaction failed');
    }
    answerBatch(batch, (b) => error ?? b.error);
  };
  #batchTx: Database.Transaction<(batch: Pending[]) => void>;
  #acquireTx: Database.Transaction<
    (sessionId: string, owner: string, ttlMs: number, stale?: (holder: string) => boolean) => Lease | undefined
  >;

  #fenceHolds(sessionId: string, epoch: number): boolean {
    return this.#q.lease.get(sessionId)?.epoch === epoch;
  }

  // ---- rooms' leases (issue 14, R-LEASE): which process runs a room --------------------

  /**
   * Take the room's lease for `owner` for `ttlMs` (one writer at a time: an IMMEDIATE
   * transaction). Undefined while another process holds it, unless `stale` says that
   * holder is gone (a crashed process on this machine); a new holder gets the next epoch.
   */
  acquireLease(sessionId: string, owner: string, ttlMs: number, stale?: (holder: string) => boolean): Lease | undefined {
    return this.#acquireTx.immediate(sessionId, owner, ttlMs, stale);
  }
  /** Extend `owner`'s lease of this epoch (also after it ran out, if nobody took it since). */
  renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number): boolean {
    return this.#q.renewLease.run(Date.now() + ttlMs, sessionId, owner, epoch).changes === 1;
  }
  /**
   * Extend `owner`'s leases of these rooms (the ones it has loaded; not those it let go), in
   * one write; returns each renewed room's epoch.
   */
  renewLeases(owner: string, ttlMs: number, sessionIds: readonly string[]): Map<string, number> {
    if (!sessionIds.length) return new Map();
    return new Map(this.#q.renewLeases.all(Date.now() + ttlMs, owner, JSON.stringify(sessionIds)).map((r) => [r.session_id, r.epoch]));
  }
  /** Let it go (expired at once; the row stays so that epochs only grow). */
  releaseLease(sessionId: string, owner: string, epoch: number) {
    this.#q.releaseLease.run(sessionId, owner, epoch);
  }
  leaseOf(sessionId: string): Lease | undefined {
    const r = this.#q.lease.get(sessionId);
    return r && r.expires_at > Date.now() ? { sessionId, owner: r.owner, epoch: r.epoch, expiresAt: r.expires_at } : undefined;
  }

  /** Inside a `later` write: events already serialised (`json[i]` is `events[i]`), and the extras. */
  appendRows(sessionId: string, events: readonly StoredEvent[], json: readonly string[], extras: AppendExtras = {}) {
    const q = this.#q;
    for (let i = 0; i < events.length; i++) q.insertEvent.run(sessionId, events[i].seq, events[i].type, json[i], EVENT_VERSION);
    if (extras.command) q.insertCommand.run(sessionId, extras.command.key, extras.command.seq);
    if (extras.token) q.insertToken.run(extras.token.hash, sessionId, extras.token.participantId);
  }

  /** The events after `seq`, in order, upcast to today's shapes (R-EVENT-VERSION). */
  eventsAfter(sessionId: string, seq: number): StoredEvent[] {
    return this.#q.eventsAfter.all(sessionId, seq).map((r) => upcast(JSON.parse(r.data) as StoredEvent, r.v));
  }
  countEventsAfter(sessionId: string, seq: number): number {
    return this.#q.countAfter.get(sessionId, seq)!.n;
  }

  /** Every command a session applied, by key, with the seq its ack named (a room keeps them to spot repeats). */
  commandKeys(sessionId: string): Map<string, number> {
    const keys = new Map<string, number>();
    for (const r of this.#q.commandKeys.iterate(sessionId)) keys.set(r.command_key, r.seq);
    return keys;
  }

  /**
   * The latest snapshot, if there is one of today's state shape. A snapshot written with
   * another SNAPSHOT_VERSION is ignored: the room then replays from its (upcast) events.
   */
  snapshot(sessionId: string): { seq: number; state: RoomState } | undefined {
    const row = this.#q.snapshot.get(sessionId);
    if (!row || row.v !== SNAPSHOT_VERSION) return undefined;
    return { seq: row.seq, state: JSON.parse(row.state) };
  }
  /** A snapshot of a room; with `epoch`, only while that is still the room's lease (R-LEASE-FENCE). */
  putSnapshot(sessionId: string, state: RoomState, epoch?: number) {
    const json = JSON.stringify(state);
    if (epoch === undefined) return void this.#q.putSnapshot.run(sessionId, state.seq, json, SNAPSHOT_VERSION);
    this.db
      .transaction(() => {
        if (!this.#fenceHolds(sessionId, epoch)) throw new FencedError([sessionId]);
        this.#q.putSnapshot.run(sessionId, state.seq, json, SNAPSHOT_VERSION);
      })
      .immediate();
  }

  listSessions(): SessionListing[] {
    return this.#q.listSessions.all();
  }
  writeCounts(sessionId: string): WriteCount[] {
    return this.db
      .prepare<[string], WriteCount>(
        `SELECT substr(c.command_key, 1, instr(c.command_key, ':') - 1) AS pid,
                json_extract(e.data, '$.activityId') AS bucket, count(*) AS n
         FROM commands c LEFT JOIN events e ON e.session_id = c.session_id AND e.seq = c.seq
         WHERE c.session_id = ? GROUP BY 1, 2`,
      )
      .all(sessionId);
  }
  sessionDetails(): Map<string, SessionDetails> {
    const rows = this.db
      .prepare<[], SessionDetails & { id: string }>(`SELECT s.id, s.continues, ${META_FIELDS.map(metaColumn).join(', ')} FROM sessions s`)
      .all();
    return new Map(rows.map(({ id, ...d }) => [id, d]));
  }
  setReportKey(sessionId: string, hash: string) {
    this.#q.setReportKey.run(hash, sessionId);
  }
  /** A new facilitator link: the old key stops working (R-ADMIN-NEWLINK). */
  setFacilitatorKey(sessionId: string, hash: string) {
    this.#q.setFacilitatorKey.run(hash, sessionId);
  }
  putImage(sessionId: string, image: StoredImage) {
    this.#q.putImage.run(sessionId, image.id, image.mime, image.width, image.height, image.data, Date.now());
  }
  imageData(sessionId: string, imageId: string): StoredImage | undefined {
    return this.#q.image.get(sessionId, imageId);
  }
  /** Whether the session has this image (a photo or a card may only name one it has). */
  hasImage(sessionId: string, imageId: string): boolean {
    return this.#q.hasImage.get(sessionId, imageId) !== undefined;
  }
  /** A duplicate's cards show the same pictures: copy every image of one session to another (same ids). */
  copyImages(fromSessionId: string, toSessionId: string) {
    this.#q.copyImages.run(toSessionId, fromSessionId);
  }
  /** Bytes of images stored for a session (for a per-session cap). */
  imageBytes(sessionId: string): number {
    return this.#q.imageBytes.get(sessionId)?.n ?? 0;
  }
  setTitle(sessionId: string, title: string) {
    this.#q.setTitle.run(title, sessionId);
  }
  setting(key: string): string | undefined {
    return this.#q.getSetting.get(key)?.value;
  }
  putSetting(key: string, value: string) {
    this.#q.putSetting.run(key, value);
  }
  putSettingIfAbsent(key: string, value: string): string {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return this.setting(key)!;
  }

  /**
   * Remove a session and everything of it; its pseudonym key file goes too (R-DD-PSEUDONYM:
   * then no copy of the database can name its voters any more). Returns false when the
   * key file could not be removed (the rows are gone all the same).
   */
  deleteSession(sessionId: string): boolean {
    this.db.transaction(() => {
      for (const table of ['events', 'commands', 'snapshots', 'participant_tokens', 'images', 'room_leases', 'sessions']) {
        this.db.prepare(`DELETE FROM ${table} WHERE ${table === 'sessions' ? 'id' : 'session_id'} = ?`).run(sessionId);
      }
    })();
    return removeKey(this.keysDir, sessionId);
  }

  /** R-DD-PSEUDONYM: the session's pseudonym key, from its own file beside the database (made on first use). */
  pseudonymKey(sessionId: string): Buffer {
    return readOrMakeKey(this.keysDir, sessionId);
  }

  /**
   * R-PRIVACY-DELETE: make deleted rows unreadable in the files too. secure_delete already
   * zeroes freed space; the WAL still holds older page images until a checkpoint, and
   * free pages from earlier updates stay until a VACUUM. Blocks while it runs (a VACUUM
   * rewrites the whole file), so call it once after a batch of deletions.
   */
  compact() {
    this.compactPending = true;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.compactPending = false;
  }
  /** A compaction failed (a full disk: VACUUM needs room for a copy); the next run tries again. */
  compactPending = false;

  /** A session's events as stored (not upcast), for an erasure (R-ERASE). */
  rawEvents(sessionId: string): RawEventRow[] {
    return this.#q.rawEvents.all(sessionId);
  }

  /**
   * R-ERASE: replace stored events in place (same seq, same version), drop the snapshot
   * (it holds the old texts; the room replays from the events) and the participant's
   * tokens, in one transaction.
   */
  rewriteEvents(sessionId: string, rows: { seq: number; data: string }[], participantId: string) {
    this.db.transaction(() => {
      for (const r of rows) this.#q.rewriteEvent.run(r.data, sessionId, r.seq);
      this.#q.dropSnapshot.run(sessionId);
      this.#q.dropTokensOf.run(sessionId, participantId);
    })();
  }

  participantForToken(sessionId: string, tokenHash: string): string | undefined {
    return this.#q.tokenParticipant.get(tokenHash, sessionId)?.participant_id;
  }

  close() {
    this.db.close();
  }
}
