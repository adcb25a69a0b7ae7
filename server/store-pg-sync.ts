/**
 * PostgreSQL behind the server's synchronous storage interface (KringStore), for several
 * Kring nodes on several machines (issue 14; DATABASE_URL).
 *
 * The server's rooms are written against a store whose writes are durable when they return
 * (better-sqlite3: the event loop waits for SQLite's fsync). PgStore keeps that contract:
 * a worker thread (pg-worker.ts) owns the `pg` pool, and each call waits for its answer
 * (Atomics.wait on a shared counter, then the answer from a MessageChannel). So every rule
 * that holds on SQLite holds here by the same code: the group commit (one transaction per
 * tick, R-GROUP-COMMIT), durable before the ack (synchronous_commit=on), exactly once, the
 * lease's fencing token checked in the commit's transaction (R-LEASE-FENCE).
 *
 * The price, as with SQLite's fsync: while a statement runs, this node's event loop waits
 * (a round trip to the database per read, and one per tick for the writes). The benchmarks
 * measure it (docs/benchmarks.md). When the database cannot be reached, a call fails after
 * `timeoutMs` with PG_UNAVAILABLE (the room goes READ_ONLY and recovers by itself, R-DISK);
 * for a second after such a failure calls fail at once instead of each waiting again.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RoomState, StoredEvent } from '../shared/model.ts';
import type { PgFailure, PgOperations, PgWorkerData } from './pg-worker.ts';
import { FencedError, type Lease } from './storage.ts';
import { answerBatch } from './store.ts';
import type {
  AppendExtras,
  KringStore,
  LaterWrite,
  RawEventRow,
  SessionDetails,
  SessionListing,
  SessionRow,
  StoredImage,
  WriteCount,
} from './store.ts';
import { stderrLog } from './write-health.ts';

/** The database is away: a storage error (write-health.ts), so a room goes READ_ONLY. */
export class PgUnavailableError extends Error {
  readonly code = 'PG_UNAVAILABLE';
  constructor(message: string) {
    super(`PostgreSQL cannot be reached: ${message}`);
    this.name = 'PgUnavailableError';
  }
}

type Unpromise<T> = T extends Promise<infer U> ? U : T;
type Op = keyof PgOperations;

/** How long after a failure to reach the database calls fail at once (ms). */
const BREAKER_MS = 1000;

interface Pending {
  write: LaterWrite;
  done: (error?: unknown) => void;
  fence?: { sessionId: string; epoch: number };
}

export interface PgStoreOptions {
  /** Longest wait for one statement or for a connection (ms; default 5000). */
  timeoutMs?: number;
}

export class PgStore implements KringStore {
  #worker: Worker;
  #port: MessagePort;
  #flag: Int32Array;
  #id = 0;
  #timeoutMs: number;
  #brokenUntil = 0;
  #closed = false;

  /** Start the worker thread and bring the schema up to date (waits for it). */
  constructor(url: string, options: PgStoreOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 5000;
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.#flag = new Int32Array(signal);
    this.#port = port1;
    const data: PgWorkerData = { url, port: port2, signal, timeoutMs: this.#timeoutMs };
    // No preloads of the server's (tsx, a profiler's): pg-worker.mjs loads what it needs.
    this.#worker = new Worker(new URL('./pg-worker.mjs', import.meta.url), { workerData: data, transferList: [port2], execArgv: [] });
    this.#worker.unref();
    this.#worker.on('error', (err) => stderrLog.error({ err }, 'the PostgreSQL worker thread failed'));
    // The first start of a worker thread (loading pg and the schema) may take longer than a query.
    this.#call('migrate', [], 60_000);
  }

  /** Ask the worker and wait for its answer (this thread sleeps meanwhile). */
  #call<T>(op: Op | 'migrate' | 'close', args: unknown[], timeoutMs = this.#timeoutMs + 1000): T {
    if (this.#closed) throw new PgUnavailableError('the store is closed');
    if (Date.now() < this.#brokenUntil) throw new PgUnavailableError('it failed a moment ago');
    const id = ++this.#id;
    let seen = Atomics.load(this.#flag, 0);
    this.#port.postMessage({ id, op, args });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Answers to calls that timed out earlier are dropped here.
      for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port)) {
        const answer = m.message as { id: number; ok: boolean; value?: unknown; error?: PgFailure };
        if (answer.id !== id) continue;
        if (answer.ok) return answer.value as T;
        throw this.#error(answer.error!);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.#brokenUntil = Date.now() + BREAKER_MS;
        throw new PgUnavailableError(`no answer in ${timeoutMs} ms`);
      }
      Atomics.wait(this.#flag, 0, seen, left);
      seen = Atomics.load(this.#flag, 0);
    }
  }

  #error(f: PgFailure): Error {
    if (f.fenced) return new FencedError(f.fenced);
    if (f.code === 'PG_UNAVAILABLE') {
      this.#brokenUntil = Date.now() + BREAKER_MS;
      return new PgUnavailableError(f.message);
    }
    return Object.assign(new Error(f.message), { name: f.name, ...(f.code ? { code: f.code } : {}) });
  }

  #op<K extends Op>(op: K, ...args: Parameters<PgOperations[K]>): Unpromise<ReturnType<PgOperations[K]>> {
    return this.#call(op, args);
  }

  createSession(row: SessionRow, events: StoredEvent[]) {
    this.#op('createSession', row, events);
  }
  sessionById(id: string) {
    return this.#op('sessionById', id);
  }
  sessionByCode(code: string) {
    return this.#op('sessionByCode', code);
  }
  codeTaken(code: string) {
    return this.#op('codeTaken', code);
  }

  appendSerialised(sessionId: string, events: readonly StoredEvent[], json: readonly string[], extras: AppendExtras = {}) {
    const { epoch, ...rest } = extras;
    const fenced = this.#op('commit', [{ sessionId, events, json, extras: rest }], [epoch === undefined ? null : { sessionId, epoch }]);
    if (fenced.length) throw new FencedError(fenced);
  }

  later(write: LaterWrite, done: (error?: unknown) => void, fence?: { sessionId: string; epoch: number }) {
    this.#batch.push({ write, done, ...(fence ? { fence } : {}) });
    if (this.#batch.length === 1) setImmediate(this.commitPending);
  }
  #batch: Pending[] = [];

  /** The tick's group commit: one transaction; a write whose room's lease moved on is left out and told so. */
  commitPending = () => {
    const batch = this.#batch;
    if (!batch.length) return;
    this.#batch = [];
    const writes = batch.filter((b) => b.write.events.length || b.write.extras.command || b.write.extras.token);
    let error: unknown;
    let fenced = new Set<string>();
    if (writes.length) {
      try {
        fenced = new Set(
          this.#op(
            'commit',
            writes.map((b) => b.write),
            writes.map((b) => b.fence ?? null),
          ),
        );
      } catch (e) {
        error = e ?? new Error('the transaction failed');
      }
    }
    answerBatch(batch, (b) => error ?? (b.fence && fenced.has(b.fence.sessionId) ? new FencedError([b.fence.sessionId]) : undefined));
  };

  acquireLease(sessionId: string, owner: string, ttlMs: number, stale?: (holder: string) => boolean): Lease | undefined {
    let staleHolder: string | null = null;
    if (stale) {
      const holder = this.#op('leaseHolder', sessionId);
      if (holder && holder !== owner && stale(holder)) staleHolder = holder;
    }
    return this.#op('acquireLease', sessionId, owner, ttlMs, staleHolder);
  }
  renewLease(sessionId: string, owner: string, epoch: number, ttlMs: number) {
    return this.#op('renewLease', sessionId, owner, epoch, ttlMs);
  }
  renewLeases(owner: string, ttlMs: number, sessionIds: readonly string[]): Map<string, number> {
    if (!sessionIds.length) return new Map();
    return this.#op('renewLeases', owner, ttlMs, [...sessionIds]);
  }
  releaseLease(sessionId: string, owner: string, epoch: number) {
    this.#op('releaseLease', sessionId, owner, epoch);
  }
  leaseOf(sessionId: string) {
    return this.#op('leaseOf', sessionId);
  }

  eventsAfter(sessionId: string, seq: number): StoredEvent[] {
    return this.#op('eventsAfter', sessionId, seq);
  }
  countEventsAfter(sessionId: string, seq: number) {
    return this.#op('countEventsAfter', sessionId, seq);
  }
  commandKeys(sessionId: string): Map<string, number> {
    return this.#op('commandKeys', sessionId);
  }
  writeCounts(sessionId: string): WriteCount[] {
    return this.#op('writeCounts', sessionId);
  }
  snapshot(sessionId: string): { seq: number; state: RoomState } | undefined {
    return this.#op('snapshot', sessionId);
  }
  putSnapshot(sessionId: string, state: RoomState, epoch?: number) {
    this.#op('putSnapshot', sessionId, state.seq, JSON.stringify(state), epoch ?? null);
  }
  listSessions(): SessionListing[] {
    return this.#op('listSessions');
  }
  sessionDetails(): Map<string, SessionDetails> {
    return this.#op('sessionDetails');
  }
  setReportKey(sessionId: string, hash: string) {
    this.#op('setReportKey', sessionId, hash);
  }
  setFacilitatorKey(sessionId: string, hash: string) {
    this.#op('setFacilitatorKey', sessionId, hash);
  }
  putImage(sessionId: string, image: StoredImage) {
    this.#op('putImage', sessionId, image);
  }
  imageData(sessionId: string, imageId: string): StoredImage | undefined {
    const image = this.#op('imageData', sessionId, imageId);
    // A Buffer crosses threads as a Uint8Array.
    return image && { ...image, data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
  }
  hasImage(sessionId: string, imageId: string) {
    return this.#op('hasImage', sessionId, imageId);
  }
  copyImages(fromSessionId: string, toSessionId: string) {
    this.#op('copyImages', fromSessionId, toSessionId);
  }
  imageBytes(sessionId: string) {
    return this.#op('imageBytes', sessionId);
  }
  setTitle(sessionId: string, title: string) {
    this.#op('setTitle', sessionId, title);
  }
  setting(key: string) {
    return this.#op('setting', key);
  }
  putSetting(key: string, value: string) {
    this.#op('putSetting', key, value);
  }
  putSettingIfAbsent(key: string, value: string) {
    return this.#op('putSettingIfAbsent', key, value);
  }
  deleteSession(sessionId: string) {
    return this.#op('deleteSession', sessionId);
  }
  pseudonymKey(sessionId: string): Buffer {
    const key = this.#op('pseudonymKey', sessionId);
    return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  }
  compact() {
    this.compactPending = true;
    this.#op('compact');
    this.compactPending = false;
  }
  compactPending = false;
  rawEvents(sessionId: string): RawEventRow[] {
    return this.#op('rawEvents', sessionId);
  }
  rewriteEvents(sessionId: string, rows: { seq: number; data: string }[], participantId: string) {
    this.#op('rewriteEvents', sessionId, rows, participantId);
  }
  participantForToken(sessionId: string, tokenHash: string) {
    return this.#op('participantForToken', sessionId, tokenHash);
  }

  close() {
    if (this.#closed) return;
    try {
      this.commitPending();
      this.#call('close', [], 5000);
    } catch {
      // The pool's end is best effort; the thread goes with it.
    } finally {
      this.#closed = true;
      void this.#worker.terminate();
    }
  }
}
