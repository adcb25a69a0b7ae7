/**
 * The room registry and lifecycle: a room loads on first use (replay from SQLite), lives
 * in memory while sockets are in it, and is unloaded after `roomIdleMs` without any: after
 * the last one leaves, or after it loaded without one joining (a report download, a
 * wrong key). Unloading never throws (R-DISK): a snapshot that cannot be written is
 * logged; the log holds everything.
 */
import type { Server } from 'socket.io';
import type { DomainEvent, RoomState, SessionMeta, StoredEvent } from '../shared/model.ts';
import { instantiate, translatedTemplate, withRefresher, type TemplateId, type TemplateItem } from '../shared/templates.ts';
import type { Config } from './config.ts';
import { restoreState, Room, roomNames } from './room.ts';
import fs from 'node:fs';
import os from 'node:os';
import { nanoid } from 'nanoid';
import { hashSecret, newId, newJoinCode, newSecret } from './secrets.ts';
import type { Lease } from './storage.ts';
import type { KringStore as Store } from './store.ts';
import { isStorageError, stderrLog, type RoomLog } from './write-health.ts';

/**
 * R-LEASE: the session is run by another process now (two Kring processes on one data
 * folder, or a takeover after a pause): this one may not load it. HTTP answers 503 BUSY;
 * a hello, BUSY, and the phone tries again.
 */
export class RoomElsewhereError extends Error {
  readonly statusCode = 503;
  constructor(readonly sessionId: string) {
    super('this session is run by another Kring process; try again in a moment');
    this.name = 'RoomElsewhereError';
  }
}

/** Tells this process from an earlier one with the same pid (a container that restarted). */
const PROCESS_TAG = nanoid(8);

/**
 * This machine and pid namespace: a pid means the same process only within one namespace
 * (containers that share a host name each have their own pids).
 */
const HOST = (() => {
  let ns = '';
  try {
    ns = fs.readlinkSync('/proc/self/ns/pid').replace(/\D/g, '');
  } catch {
    // not Linux: the host name alone
  }
  return `${os.hostname().replace(/:/g, '_')}${ns ? `/${ns}` : ''}`;
})();

/**
 * A lease held by a Kring process on this machine that is no longer running (it crashed,
 * and was restarted): taken over at once instead of after the lease's time, so that a
 * restart does not keep phones waiting. Only for the default process names
 * (host:pid:tag:instance); with KRING_NODE_ID set, a lease runs out in its own time.
 */
function staleHolder(holder: string): boolean {
  const [host, pidText, tag] = holder.split(':');
  const pid = Number(pidText);
  if (host !== HOST || !Number.isInteger(pid) || pid <= 0 || !tag) return false;
  if (pid === process.pid) return tag !== PROCESS_TAG;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class Rooms {
  /** This process's name on its leases (R-LEASE). */
  readonly nodeId: string;
  #rooms = new Map<string, Room>();
  /** The epoch of each loaded room's lease. */
  #epochs = new Map<string, number>();
  #renewal: ReturnType<typeof setInterval> | undefined;
  #stale: ((holder: string) => boolean) | undefined;
  #idle = new Map<string, ReturnType<typeof setTimeout>>();
  #store: Store;
  #io: Server;
  #config: Config;
  #log: RoomLog;

  constructor(store: Store, io: Server, config: Config, log: RoomLog = stderrLog) {
    this.#store = store;
    this.#io = io;
    this.#config = config;
    this.#log = log;
    this.nodeId = config.nodeId ?? `${HOST}:${process.pid}:${PROCESS_TAG}:${nanoid(6)}`;
    this.#stale = config.nodeId ? undefined : staleHolder;
  }

  get loaded() {
    return this.#rooms.size;
  }

  /**
   * The room for a session, loading it from SQLite when needed. A room is run by one
   * process at a time (R-LEASE): loading takes its lease, and every write carries the
   * lease's epoch. Throws RoomElsewhereError while another process holds it.
   */
  get(sessionId: string): Room | undefined {
    let room = this.#rooms.get(sessionId);
    if (room) return room;
    if (!this.#store.sessionById(sessionId)) return undefined;
    let lease: Lease | undefined;
    try {
      lease = this.#store.acquireLease(sessionId, this.nodeId, this.#config.leaseMs, this.#stale);
      if (!lease) throw new RoomElsewhereError(sessionId);
    } catch (e) {
      // R-DISK: storage that refuses writes cannot record a lease. Unless another process
      // holds the room, it loads as before, without one (and read-only until writes work).
      if (!isStorageError(e)) throw e;
      if (this.#store.leaseOf(sessionId)?.owner !== undefined) throw new RoomElsewhereError(sessionId);
      this.#trouble(e, 'taking a room’s lease', sessionId);
      lease = undefined;
    }
    try {
      room = new Room(sessionId, this.#store, this.#io, {
        graceMs: this.#config.presenceGraceMs,
        writeQuota: this.#config.writeQuota,
        frameChunk: this.#config.frameChunk,
        log: this.#log,
        ...(lease ? { epoch: lease.epoch } : {}),
        lost: () => this.#lost(sessionId),
      });
    } catch (e) {
      this.#release(sessionId, lease?.epoch);
      throw e;
    }
    this.#rooms.set(sessionId, room);
    if (lease) this.#epochs.set(sessionId, lease.epoch);
    this.#renewing();
    // Loaded without a socket (yet): it goes when none joins.
    this.#armIdle(sessionId);
    return room;
  }

  /**
   * A session's state to read (R-CLUSTER-FORWARD): the room's when this process runs it or
   * can, else, when another process runs it, replayed from the log (its latest snapshot and
   * the events after it; not kept, so that it is never older than the log, nor holds what
   * an erasure removed). Undefined: no such session.
   */
  state(sessionId: string): Readonly<RoomState> | undefined {
    try {
      return this.get(sessionId)?.state;
    } catch (e) {
      if (!(e instanceof RoomElsewhereError)) throw e;
    }
    return restoreState(this.#store, sessionId);
  }

  isLoaded(sessionId: string) {
    return this.#rooms.has(sessionId);
  }

  /**
   * Create a session from a template; returns the secrets (shown once). A series refresher
   * (`before`) replaces the template's own (R-SERIES-ONE-REFRESHER); `meta` carried over from
   * the previous session is written as an event, so that it replays (R-SERIES-CARRY).
   */
  create(
    title: string,
    lang: string,
    template: TemplateId = 'houseRules',
    before: TemplateItem[] = [],
    continues?: string,
    meta: Pick<SessionMeta, 'date' | 'place' | 'theme' | 'facilitator'> = {},
  ) {
    const activities = instantiate(withRefresher(before, translatedTemplate(template, lang)), newId);
    const carried = { ...Object.fromEntries(Object.entries(meta).filter(([, value]) => value)), ...(continues && { series: true }) };
    return this.createWith(
      title,
      lang,
      [
        ...(Object.keys(carried).length ? [{ type: 'session.metaSet', ...carried } as DomainEvent] : []),
        ...activities.map((activity, index) => ({ type: 'agenda.added', activity, index }) as DomainEvent),
      ],
      { continues },
    );
  }

  /** Create a session whose first events (after `session.created`) are given. */
  createWith(title: string, lang: string, events: DomainEvent[], extra: { continues?: string; createdAt?: number } = {}) {
    const id = newId();
    let code = newJoinCode();
    for (let i = 0; this.#store.codeTaken(code); i++) {
      if (i > 20) throw new Error('no free join code');
      code = newJoinCode();
    }
    const facilitatorKey = newSecret();
    const boardKey = newSecret();
    const now = Date.now();
    const domain: DomainEvent[] = [
      {
        type: 'session.created',
        sessionId: id,
        code,
        title,
        lang,
        ...(extra.createdAt ? { createdAt: extra.createdAt } : {}),
        ...(extra.continues ? { continues: extra.continues } : {}),
      },
      ...events,
    ];
    const stored = domain.map((e, i) => ({ ...e, seq: i + 1, at: now }) as StoredEvent);
    this.#store.createSession(
      {
        id,
        code,
        title,
        lang,
        facilitator_key_hash: hashSecret(facilitatorKey),
        board_key_hash: hashSecret(boardKey),
        created_at: extra.createdAt ?? now,
        continues: extra.continues ?? null,
      },
      stored,
    );
    return { sessionId: id, code, facilitatorKey, boardKey };
  }

  /** Delete a session: its sockets are closed, its room dropped, its rows removed. */
  delete(sessionId: string) {
    const names = roomNames(sessionId);
    this.#io.in([names.facilitator, names.board, names.participants]).disconnectSockets(true);
    const t = this.#idle.get(sessionId);
    if (t) clearTimeout(t);
    this.#idle.delete(sessionId);
    const room = this.#rooms.get(sessionId);
    room?.dispose({ snapshot: false });
    this.#rooms.delete(sessionId);
    this.#epochs.delete(sessionId);
    // R-DD-PSEUDONYM: the session's pseudonym key goes with it.
    if (!this.#store.deleteSession(sessionId))
      this.#log.error({ sessionId }, 'the pseudonym key file of a deleted session could not be removed');
  }

  /**
   * R-ADMIN-NEWLINK: consoles that joined with another key than `keyHash` (the new one)
   * lose their connection at once. Only the transport is closed: the console reconnects on
   * its own, and its hello with the old key is refused like any wrong key.
   */
  dropFacilitators(sessionId: string, keyHash: string, everywhere = true): number {
    // Consoles connected to other nodes too (R-CLUSTER-FORWARD).
    if (everywhere) this.dropElsewhere?.(sessionId, keyHash);
    const nsp = this.#io.of('/');
    let dropped = 0;
    for (const id of [...(nsp.adapter.rooms.get(roomNames(sessionId).facilitator) ?? [])]) {
      const socket = nsp.sockets.get(id);
      if (!socket || (socket.data as { keyHash?: string }).keyHash === keyHash) continue;
      socket.conn.close();
      dropped++;
    }
    return dropped;
  }

  /** Set by cluster.ts: tell the other nodes to drop their consoles on a replaced key. */
  dropElsewhere: ((sessionId: string, keyHash: string) => void) | undefined;

  socketJoined(room: Room, participantId?: string) {
    const t = this.#idle.get(room.id);
    if (t) {
      clearTimeout(t);
      this.#idle.delete(room.id);
    }
    room.socketJoined(participantId);
  }

  socketLeft(room: Room, participantId?: string) {
    room.socketLeft(participantId);
    if (room.socketCount === 0) this.#armIdle(room.id);
  }

  #armIdle(sessionId: string) {
    if (this.#idle.has(sessionId)) return;
    const t = setTimeout(() => {
      try {
        this.unload(sessionId);
      } catch (e) {
        this.#log.error({ err: e, sessionId }, 'unloading a room failed');
      }
    }, this.#config.roomIdleMs);
    t.unref?.();
    this.#idle.set(sessionId, t);
  }

  /**
   * R-ERASE: run `fn` on a session that no process runs, holding its lease meanwhile so that
   * none loads it (the loaded room would hold what `fn` rewrites). Rooms without screens are
   * unloaded first, here and (cluster.ts) on the other nodes. `{ busy: true }` when a
   * process still runs it (a screen is open on it).
   */
  async exclusive<T>(sessionId: string, fn: () => T): Promise<{ busy: true } | { busy: false; value: T }> {
    this.unload(sessionId);
    await this.unloadElsewhere?.(sessionId);
    if (this.#rooms.has(sessionId)) return { busy: true };
    const lease = this.#store.acquireLease(sessionId, this.nodeId, this.#config.leaseMs, this.#stale);
    if (!lease) return { busy: true };
    try {
      return { busy: false, value: fn() };
    } finally {
      this.#store.releaseLease(sessionId, this.nodeId, lease.epoch);
    }
  }

  /** Set by cluster.ts: ask every node to unload the room if no screen is open on it there. */
  unloadElsewhere: ((sessionId: string) => Promise<void>) | undefined;

  /** Drop a room from memory (a snapshot shortens the next replay). */
  unload(sessionId: string) {
    const t = this.#idle.get(sessionId);
    if (t) clearTimeout(t);
    this.#idle.delete(sessionId);
    const room = this.#rooms.get(sessionId);
    if (!room) return;
    if (room.socketCount > 0) return;
    this.#rooms.delete(sessionId);
    room.dispose();
    this.#release(sessionId, this.#epochs.get(sessionId));
    this.#log.info({ sessionId }, 'room unloaded');
  }

  // ---- leases (R-LEASE) -----------------------------------------------------------------

  /** Whether `holder` is a Kring process of this machine that no longer runs (R-LEASE). */
  holderGone(holder: string): boolean {
    return this.#stale?.(holder) ?? false;
  }

  /** Renew every lease of this process every third of the lease's time, in one write. */
  #renewing() {
    if (this.#renewal) return;
    this.#renewal = setInterval(() => this.renew(), Math.max(50, Math.floor(this.#config.leaseMs / 3)));
    this.#renewal.unref?.();
  }

  /** Renew now; a loaded room whose lease is no longer this process's goes (tests call it too). */
  renew() {
    const loaded = [...this.#epochs.keys()];
    if (!loaded.length) return;
    let kept: Map<string, number>;
    try {
      kept = this.#store.renewLeases(this.nodeId, this.#config.leaseMs, loaded);
    } catch (e) {
      // Storage refuses writes (R-DISK): the leases may run out; a room's writes would then
      // be fenced, and it goes. Said once, until a renewal works again.
      if (!this.#renewFailing) this.#trouble(e, 'renewing the rooms’ leases');
      this.#renewFailing = true;
      return;
    }
    this.#renewFailing = false;
    for (const id of loaded) if (kept.get(id) !== this.#epochs.get(id)) this.#lost(id);
  }

  /**
   * This process lost a room's lease (another one took it after a pause): the room goes
   * from memory without a snapshot, and its sockets here are closed, so that they
   * reconnect and find the room where it runs now.
   */
  #lost(sessionId: string) {
    const room = this.#rooms.get(sessionId);
    if (!room) return;
    this.#rooms.delete(sessionId);
    this.#epochs.delete(sessionId);
    const t = this.#idle.get(sessionId);
    if (t) clearTimeout(t);
    this.#idle.delete(sessionId);
    try {
      room.dispose({ snapshot: false, settle: false });
    } catch (e) {
      this.#log.error({ err: e, sessionId }, 'dropping a room that moved failed');
    }
    const names = roomNames(sessionId);
    const nsp = this.#io.of('/');
    for (const name of [names.facilitator, names.board, names.participants]) {
      for (const id of [...(nsp.adapter.rooms.get(name) ?? [])]) nsp.sockets.get(id)?.conn.close();
    }
    this.#log.warn({ sessionId }, 'room dropped: another process holds its lease');
  }

  #release(sessionId: string, epoch: number | undefined) {
    this.#epochs.delete(sessionId);
    if (epoch === undefined) return;
    try {
      this.#store.releaseLease(sessionId, this.nodeId, epoch);
    } catch (e) {
      // It runs out by itself.
      this.#trouble(e, 'releasing a room’s lease', sessionId);
    }
  }

  /** R-DISK: storage that refuses writes is one clear line, not a stack trace. */
  #trouble(e: unknown, what: string, sessionId?: string) {
    if (isStorageError(e)) this.#log.warn({ sessionId, code: (e as { code?: string }).code }, `${what} failed: storage refuses writes`);
    else this.#log.error({ err: e, sessionId }, `${what} failed`);
  }
  #renewFailing = false;

  close() {
    for (const t of this.#idle.values()) clearTimeout(t);
    this.#idle.clear();
    if (this.#renewal) clearInterval(this.#renewal);
    this.#renewal = undefined;
    for (const room of this.#rooms.values()) {
      try {
        room.dispose();
      } catch (e) {
        this.#log.error({ err: e, sessionId: room.id }, 'closing a room failed');
      }
      // The next process need not wait for the lease to run out.
      this.#release(room.id, this.#epochs.get(room.id));
    }
    this.#rooms.clear();
  }
}
