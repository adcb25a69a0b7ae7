/**
 * Several Kring nodes, one room each owner (issue 14). With `REDIS_URL` set, Socket.IO uses
 * the Redis Streams adapter, so a frame a room's owner sends to an audience reaches that
 * audience's sockets on every node. A phone may be connected to any node (its "edge"):
 *
 * - The edge checks what it can on its own (the message's shape, the code or key, the
 *   address's limits) and finds the room's owner by its lease (R-LEASE). A hello, each
 *   command and the socket's leaving are then forwarded to the owner, which runs them as it
 *   runs its own sockets' (the same rules, the same group commit) and answers; the edge
 *   passes the owner's answer on. R-CLUSTER-FORWARD.
 * - The owner joins the edge's socket to the audience's Socket.IO rooms through the
 *   adapter before it computes the hello's catch-up, so no frame falls between the two.
 * - When the owner does not answer, or answers that it no longer runs the room, the edge
 *   closes the phone's connection: the phone reconnects, says hello again, and the node
 *   that then holds the lease (or takes it) answers, from the log.
 *
 * The forwarded messages go over the adapter's inter-server channel (`serverSideEmit`):
 * every other node receives each one and all but the addressee answer `null`.
 */
import type { Server } from 'socket.io';
import type { ErrorCode, HelloOk, Role } from '../shared/constants.ts';
import type { Actor } from '../shared/model.ts';
import type { Command, CommandAck, ProtocolError } from '../shared/protocol.ts';
import type { Config } from './config.ts';
import { ReadOnlyError, roomNames, type Room } from './room.ts';
import { FencedError } from './storage.ts';
import { RoomElsewhereError, type Rooms } from './rooms.ts';
import type { KringStore as Store } from './store.ts';
import { isStorageError, type RoomLog } from './write-health.ts';

/** What an edge asks the owner when a socket says hello. */
export interface RemoteHello {
  to: string;
  sessionId: string;
  socketId: string;
  role: Role;
  /** A participant the edge found by its token. */
  participantId?: string;
  /** A new participant: its name and the hash of the token the edge handed out. */
  join?: { name?: string; tokenHash: string };
  since?: number;
  lang?: string;
}

export type RemoteHelloAnswer =
  (Omit<HelloOk, 'joinUrl' | 'token'> & { ok: true; actor: Actor }) | { ok: false; error: ProtocolError; moved?: boolean };

interface RemoteCommand {
  to: string;
  sessionId: string;
  actor: Actor;
  cmd: Command;
  /** A console's: the hash of the key it joined with (R-ADMIN-NEWLINK: a replaced key stops). */
  keyHash?: string;
}
interface RemoteLeft {
  to: string;
  /** The edge's socket that left (the owner counted it at its hello). */
  socketId: string;
}

/** A forwarded command's answer: the owner's ack, or `moved` when it does not run the room. */
export type RemoteAck = CommandAck | { ok: false; error: ProtocolError; moved: true };

const fail = (code: ErrorCode, message: string, moved = false) => ({
  ok: false as const,
  error: { code, message },
  ...(moved ? { moved } : {}),
});

/** The other nodes' answers to one forwarded message: the addressee's, if it answered. */
function answerOf<T>(responses: unknown[] | undefined): T | undefined {
  return (responses ?? []).find((r) => r !== null && r !== undefined) as T | undefined;
}

export class Cluster {
  readonly nodeId: string;
  #io: Server;
  #rooms: Rooms;
  #store: Store;
  #config: Config;
  #log: RoomLog;

  constructor(io: Server, rooms: Rooms, store: Store, config: Config, log: RoomLog) {
    this.#io = io;
    this.#rooms = rooms;
    this.#store = store;
    this.#config = config;
    this.#log = log;
    this.nodeId = rooms.nodeId;
    // The owner's side: every node hears every message; only the addressee answers.
    const on = io.on.bind(io) as (ev: string, fn: (...args: never[]) => void) => void;
    on('kring:hello', (m: RemoteHello, answer: (a: RemoteHelloAnswer | null) => void) => {
      if (m?.to !== this.nodeId) return answer(null);
      this.#ownerHello(m).then(answer, (e: unknown) => {
        // As for a hello of its own (socket.ts): a full disk, or a lease that moved on.
        if (e instanceof ReadOnlyError) return answer(fail('READ_ONLY', e.message));
        if (isStorageError(e)) return answer(fail('READ_ONLY', new ReadOnlyError().message));
        if (e instanceof FencedError) return answer(fail('BUSY', e.message, true));
        this.#log.error({ err: e, sessionId: m.sessionId }, 'a forwarded hello failed');
        answer(fail('INTERNAL', 'the server failed; nothing was changed'));
      });
    });
    on('kring:cmd', (m: RemoteCommand, answer: (a: RemoteAck | null) => void) => {
      if (m?.to !== this.nodeId) return answer(null);
      this.#ownerCommand(m, answer);
    });
    // R-ADMIN-NEWLINK: a replaced console key drops the consoles on it on every node.
    rooms.dropElsewhere = (sessionId, keyHash) => io.serverSideEmit('kring:newlink', { sessionId, keyHash });
    on('kring:newlink', (m: { sessionId?: string; keyHash?: string }) => {
      if (typeof m?.sessionId === 'string' && typeof m.keyHash === 'string') rooms.dropFacilitators(m.sessionId, m.keyHash, false);
    });
    // R-ERASE on any node: the others unload the session's room when no screen is open on it.
    rooms.unloadElsewhere = (sessionId) => new Promise((resolve) => io.serverSideEmit('kring:unload', { sessionId }, () => resolve()));
    on('kring:unload', (m: { sessionId?: string }, answer?: (a: null) => void) => {
      if (typeof m?.sessionId === 'string') rooms.unload(m.sessionId);
      answer?.(null);
    });
    on('kring:left', (m: RemoteLeft, answer?: (a: null) => void) => {
      if (m?.to === this.nodeId && typeof m.socketId === 'string') this.#gone(m.socketId);
      answer?.(null);
    });
    // An edge that dies, or a `kring:left` lost while Redis restarted, would leave its
    // phones counted as here: now and then the owner asks which of them still exist.
    this.#sweeper = setInterval(() => void this.sweep(), Math.max(1000, config.leaseMs));
    this.#sweeper.unref();
  }

  /** The edges' sockets this node counted at their hello, by socket id (R-CLUSTER-PRESENCE). */
  #remote = new Map<string, { room: Room; participantId?: string }>();
  #sweeper: ReturnType<typeof setInterval>;
  #sweeping = false;

  /** An edge's socket is gone: counted out of its room's presence, once. */
  #gone(socketId: string) {
    const r = this.#remote.get(socketId);
    if (!r) return;
    this.#remote.delete(socketId);
    // Only in the room that counted it (not one loaded again since).
    if (this.#loaded(r.room.id) === r.room) this.#rooms.socketLeft(r.room, r.participantId);
  }

  /**
   * R-CLUSTER-PRESENCE: the edges' sockets that no node has any more are counted out. When
   * a node does not answer in time (it died and the adapter does not know yet), nothing is
   * counted out this round: the next round asks again.
   */
  async sweep(): Promise<void> {
    if (this.#sweeping || !this.#remote.size) return;
    this.#sweeping = true;
    try {
      const ids = [...this.#remote.keys()];
      let found: Set<string>;
      try {
        found = new Set((await this.#io.in(ids).fetchSockets()).map((s) => s.id));
      } catch {
        return;
      }
      for (const id of ids) if (!found.has(id)) this.#gone(id);
    } finally {
      this.#sweeping = false;
    }
  }

  close() {
    clearInterval(this.#sweeper);
  }

  /** The node that runs the session now, if another one does. */
  ownerOf(sessionId: string): string | undefined {
    const owner = this.#store.leaseOf(sessionId)?.owner;
    return owner && owner !== this.nodeId ? owner : undefined;
  }

  // ---- the edge's side ------------------------------------------------------------------

  async hello(m: RemoteHello): Promise<RemoteHelloAnswer> {
    const answer = await this.#ask<RemoteHelloAnswer>('kring:hello', m);
    return answer ?? fail('BUSY', 'the server running this session did not answer; try again', true);
  }

  async command(m: RemoteCommand): Promise<RemoteAck> {
    const answer = await this.#ask<RemoteAck>('kring:cmd', m);
    return answer ?? fail('BUSY', 'the server running this session did not answer; reconnect', true);
  }

  left(m: RemoteLeft): void {
    this.#io.serverSideEmit('kring:left', m);
  }

  #ask<T>(event: string, message: unknown): Promise<T | undefined> {
    return new Promise((resolve) => {
      // Every other node answers (null unless addressed); after the adapter's timeout the
      // answers that came are used: the owner may have answered though another node did not.
      this.#io.serverSideEmit(event, message, (_err: Error | null, responses: unknown[]) => resolve(answerOf<T>(responses)));
    });
  }

  // ---- the owner's side -----------------------------------------------------------------

  #loaded(sessionId: string) {
    return this.#rooms.isLoaded(sessionId) ? this.#rooms.get(sessionId) : undefined;
  }

  async #ownerHello(m: RemoteHello): Promise<RemoteHelloAnswer> {
    let room;
    try {
      room = this.#rooms.get(m.sessionId);
    } catch (e) {
      if (e instanceof RoomElsewhereError) return fail('BUSY', e.message, true);
      throw e;
    }
    if (!room) return fail('UNKNOWN_SESSION', 'no session with this code');
    let actor: Actor;
    if (m.role !== 'participant') actor = { role: m.role };
    else if (m.participantId) actor = { role: 'participant', participantId: m.participantId };
    else {
      if (!m.join) return fail('INVALID', 'a participant without a token needs a new one');
      if (room.state.meta.closedAt) return fail('SESSION_CLOSED', 'this session has ended');
      if (room.participantCount >= this.#config.maxParticipants) {
        return fail('SESSION_FULL', `this session has its ${this.#config.maxParticipants} participants`);
      }
      const { name, tokenHash } = m.join;
      const pid = await new Promise<string>((resolve, reject) =>
        room.addParticipant(name, tokenHash, (error, newPid) => (error === undefined ? resolve(newPid!) : reject(error))),
      );
      actor = { role: 'participant', participantId: pid };
    }
    // The edge's socket joins its audience's rooms (through the adapter) before the
    // catch-up is computed: every later frame reaches it.
    const names = roomNames(room.id);
    const audience = actor.participantId
      ? [names.participants, names.participant(actor.participantId)]
      : [actor.role === 'facilitator' ? names.facilitator : names.board];
    this.#io.in(m.socketId).socketsJoin(audience);
    if (!this.#remote.has(m.socketId)) {
      this.#remote.set(m.socketId, { room, ...(actor.participantId ? { participantId: actor.participantId } : {}) });
      this.#rooms.socketJoined(room, actor.participantId);
    }
    if (actor.participantId) room.arrived(actor.participantId);
    const catchUp = room.catchUp(actor, m.since, m.role === 'participant' ? m.lang : undefined);
    return {
      ok: true,
      sessionId: room.id,
      role: actor.role,
      ...(actor.participantId ? { participantId: actor.participantId } : {}),
      ...catchUp,
      presence: room.presence,
      now: Date.now(),
      actor,
    };
  }

  #ownerCommand(m: RemoteCommand, answer: (a: RemoteAck) => void) {
    const room = this.#loaded(m.sessionId);
    if (!room) return answer(fail('BUSY', 'this server does not run the session now; reconnect', true));
    // R-ADMIN-NEWLINK: a console on another node whose key was replaced is refused, and
    // its connection closed (its hello with the old key is then refused like any wrong key).
    if (m.actor.role === 'facilitator' && m.keyHash !== this.#store.sessionById(m.sessionId)?.facilitator_key_hash) {
      return answer(fail('NOT_ALLOWED', 'this console link was replaced', true));
    }
    room.run(m.cmd, m.actor, answer);
  }
}
