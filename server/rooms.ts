/**
 * The room registry and lifecycle: a room loads on first use (replay from SQLite), lives
 * in memory while sockets are in it, and is unloaded after `roomIdleMs` without any: after
 * the last one leaves, or after it loaded without one joining (a report download, a
 * wrong key). Unloading never throws (R-DISK): a snapshot that cannot be written is
 * logged; the log holds everything.
 */
import type { Server } from 'socket.io';
import type { DomainEvent, SessionMeta, StoredEvent } from '../shared/model.ts';
import { instantiate, translatedTemplate, withRefresher, type TemplateId, type TemplateItem } from '../shared/templates.ts';
import type { Config } from './config.ts';
import { Room, roomNames } from './room.ts';
import { hashSecret, newId, newJoinCode, newSecret } from './secrets.ts';
import type { Store } from './store.ts';
import { stderrLog, type RoomLog } from './write-health.ts';

export class Rooms {
  #rooms = new Map<string, Room>();
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
  }

  get loaded() {
    return this.#rooms.size;
  }

  /** The room for a session, loading it from SQLite when needed. */
  get(sessionId: string): Room | undefined {
    let room = this.#rooms.get(sessionId);
    if (room) return room;
    if (!this.#store.sessionById(sessionId)) return undefined;
    room = new Room(sessionId, this.#store, this.#io, {
      graceMs: this.#config.presenceGraceMs,
      writeQuota: this.#config.writeQuota,
      frameChunk: this.#config.frameChunk,
      log: this.#log,
    });
    this.#rooms.set(sessionId, room);
    // Loaded without a socket (yet): it goes when none joins.
    this.#armIdle(sessionId);
    return room;
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
    // R-DD-PSEUDONYM: the session's pseudonym key goes with it.
    if (!this.#store.deleteSession(sessionId))
      this.#log.error({ sessionId }, 'the pseudonym key file of a deleted session could not be removed');
  }

  /**
   * R-ADMIN-NEWLINK: consoles that joined with another key than `keyHash` (the new one)
   * lose their connection at once. Only the transport is closed: the console reconnects on
   * its own, and its hello with the old key is refused like any wrong key.
   */
  dropFacilitators(sessionId: string, keyHash: string): number {
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
    this.#log.info({ sessionId }, 'room unloaded');
  }

  close() {
    for (const t of this.#idle.values()) clearTimeout(t);
    this.#idle.clear();
    for (const room of this.#rooms.values()) {
      try {
        room.dispose();
      } catch (e) {
        this.#log.error({ err: e, sessionId: room.id }, 'closing a room failed');
      }
    }
    this.#rooms.clear();
  }
}
