/**
 * The socket edge: every incoming message is size-checked, rate-limited and parsed with
 * the shared schema before anything else; bad input gets a typed error and changes
 * nothing. Secrets (keys, tokens) and addresses are never logged.
 *
 * Before a socket connects (R-FLOOD): its Origin must be ours, its address may hold only
 * so many sockets, and an overloaded server refuses it (BUSY). After that a socket that
 * keeps flooding past its RATE_LIMITED warnings is disconnected.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import * as v from 'valibot';
import type { Actor, Viewer } from '../shared/model.ts';
import type { ClientToServer, ErrorCode, HelloAck, ProtocolError, ServerToClient } from '../shared/protocol.ts';
import { CommandSchema, HelloSchema, MAX_MESSAGE_BYTES, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, formatIssues } from '../shared/protocol.ts';
import { cleanDeep } from '../shared/clean.ts';
import type { Config } from './config.ts';
import { clientAddress, originAllowed, trustFunction } from './net.ts';
import { AddressCounts, codeLookups, Guesses, TokenBuckets } from './ratelimit.ts';
import type { Room } from './room.ts';
import { ReadOnlyError, roomNames } from './room.ts';
import { isStorageError } from './write-health.ts';
import { RoomElsewhereError, type Rooms } from './rooms.ts';
import { FencedError } from './storage.ts';
import { hashSecret, newSecret, secretMatches } from './secrets.ts';
import type { KringStore as Store } from './store.ts';
import type { Cluster, RemoteAck } from './cluster.ts';

interface SocketData {
  room?: Room;
  actor?: Actor;
  /** The client's address under TRUST_PROXY (net.ts), set before the socket connects. */
  address?: string;
  /** The hash of the key a console joined with: a new facilitator link drops the others (R-ADMIN-NEWLINK). */
  keyHash?: string;
  /** A new participant is being stored for this socket: a second hello must wait. */
  joining?: boolean;
  /** R-CLUSTER-FORWARD: the session runs on another node; this socket's messages go there. */
  remote?: { sessionId: string; owner: string; actor: Actor };
}
type KringSocket = Socket<ClientToServer, ServerToClient, DefaultEventsMap, SocketData>;

/**
 * Wrong codes and keys (R-LIMIT-SHARED), counted only when wrong: per address 10, then one
 * more every 6 s; per session (wrong keys from anywhere) 20, then one every 6 s. Past
 * that a wrong guess is answered RATE_LIMITED; a right code, key or token always works.
 */
const WRONG_PER_ADDRESS = { capacity: 10, perSecond: 1 / 6 };
const WRONG_PER_SESSION = { capacity: 20, perSecond: 1 / 6 };
/** A socket that guessed wrong this often gets RATE_LIMITED without a look-up… */
const WRONG_PER_SOCKET = 10;
/** …and is disconnected at this many: a guesser pays a new connection per few guesses. */
const WRONG_DISCONNECT = 20;
/** Messages refused as RATE_LIMITED (warnings) a socket may send before it is disconnected. */
const FLOOD_WARNINGS = { capacity: 100, perSecond: 2 };

const err = (code: ErrorCode, message: string, issues?: string[]): { ok: false; error: ProtocolError } => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

export function attachSockets(
  io: Server<ClientToServer, ServerToClient, DefaultEventsMap, SocketData>,
  rooms: Rooms,
  store: Store,
  config: Config,
  log: FastifyBaseLogger,
  /** Whether the server is overloaded (@fastify/under-pressure): new sockets get BUSY. */
  busy: () => boolean = () => false,
  /** Several nodes (REDIS_URL): a session another node runs is served through it (cluster.ts). */
  cluster?: Cluster,
) {
  // Per socket: `socketRate` messages a second (default 20), bursts of twice that.
  const perSocket = new TokenBuckets(config.socketRate * 2, config.socketRate);
  const warnings = new TokenBuckets(FLOOD_WARNINGS.capacity, FLOOD_WARNINGS.perSecond);
  const guesses = new Guesses(WRONG_PER_ADDRESS, WRONG_PER_SESSION);
  // New participants per address (R-LIMIT-CAP): a burst of `joinsPerMinute`, then that many a minute.
  const joins = new TokenBuckets(config.joinsPerMinute, config.joinsPerMinute / 60);
  const lookups = codeLookups(config.joinsPerMinute);
  const open = new AddressCounts(config.socketsPerAddress);
  const trust = trustFunction(config.trustProxy);

  io.use((socket, next) => {
    const { headers, address: peer } = socket.handshake;
    const refuse = (code: ErrorCode, message: string) => next(Object.assign(new Error(message), { data: { code, message } }));
    if (!originAllowed(headers, peer, trust, config.publicUrl)) return refuse('NOT_ALLOWED', 'connections from another site are refused');
    if (busy()) return refuse('BUSY', 'the server is overloaded; try again in a moment');
    const address = clientAddress(peer, headers, trust);
    if (!open.add(address)) return refuse('RATE_LIMITED', 'too many connections from this address');
    socket.data.address = address;
    socket.conn.once('close', () => open.remove(address));
    next();
  });

  io.on('connection', (socket: KringSocket) => {
    const ip = socket.data.address ?? socket.handshake.address;
    /** Wrong hellos on this socket. */
    const wrongHere = { count: 0 };

    /** Close this socket once the current message is answered, with a reason it can show. */
    let expelled = false;
    const expel = (message: string) => {
      if (expelled || !socket.connected) return;
      expelled = true;
      log.warn({ sessionId: socket.data.room?.id }, message);
      socket.emit('rejected', { error: { code: 'RATE_LIMITED', message } });
      setImmediate(() => socket.disconnect(true));
    };

    /** Size and rate checks shared by every message; returns an error or undefined. */
    const gate = (raw: unknown) => {
      if (!perSocket.take(socket.id)) {
        // Each refusal is a warning; a socket that keeps on after many is a flood.
        if (!warnings.take(socket.id)) expel('socket disconnected: it kept flooding after RATE_LIMITED warnings');
        return err('RATE_LIMITED', 'too many messages; slow down');
      }
      if (byteSize(raw) > MAX_MESSAGE_BYTES) {
        return err('TOO_LARGE', `messages are limited to ${MAX_MESSAGE_BYTES} bytes`);
      }
      return undefined;
    };

    socket.on('hello', (raw, ack) => {
      if (typeof ack !== 'function') return rejectNoAck(socket, raw);
      const failed = (e: unknown) => {
        // A new participant while the disk is full: nothing was stored; try again later.
        if (e instanceof ReadOnlyError) return err('READ_ONLY', e.message);
        // The database is away (R-PG-AWAY): nothing was stored; try again later.
        if (isStorageError(e)) return err('READ_ONLY', new ReadOnlyError().message);
        // R-LEASE: another process runs this session now; the phone tries again.
        if (e instanceof RoomElsewhereError || e instanceof FencedError) return err('BUSY', e.message);
        log.error({ err: e, sessionId: socket.data.room?.id }, 'hello failed');
        return err('INTERNAL', 'the server failed; nothing was changed');
      };
      try {
        const answer = hello(socket, cleanDeep(raw), ip, gate, wrongHere, expel);
        // A new participant is answered once it is stored (group commit, R-JOIN-COST).
        if (answer instanceof Promise) answer.then(ack, (e: unknown) => ack(failed(e)));
        else ack(answer);
      } catch (e) {
        ack(failed(e));
      }
    });

    socket.on('cmd', (raw, ack) => {
      if (typeof ack !== 'function') return rejectNoAck(socket, raw);
      const blocked = gate(raw);
      if (blocked) return ack(blocked);
      const { room, actor, remote } = socket.data;
      if ((!room || !actor) && !remote) return ack(err('NOT_JOINED', 'send hello first'));
      // R-TEXT-CLEAN: control and bidi override characters go at the edge.
      const parsed = v.safeParse(CommandSchema, cleanDeep(raw));
      if (!parsed.success) return ack(err('INVALID', 'the command does not match the schema', formatIssues(parsed.issues)));
      if (remote && cluster) {
        // R-CLUSTER-FORWARD: the owner decides and answers; when it no longer runs the
        // session, the phone reconnects and finds where it runs now. A session that moved,
        // or whose owner on this machine is gone, is seen here without asking.
        const owner = cluster.ownerOf(remote.sessionId);
        if (owner !== remote.owner || rooms.holderGone(remote.owner)) {
          ack(err('BUSY', 'the session moved to another server; reconnecting'));
          socket.conn.close();
          return;
        }
        const { keyHash } = socket.data;
        void cluster
          .command({
            to: remote.owner,
            sessionId: remote.sessionId,
            actor: remote.actor,
            cmd: parsed.output,
            ...(keyHash ? { keyHash } : {}),
          })
          .then((a: RemoteAck) => {
            if ('moved' in a && a.moved) {
              ack({ ok: false, error: a.error });
              socket.conn.close();
            } else ack(a);
          });
        return;
      }
      if (!room || !actor) return ack(err('NOT_JOINED', 'send hello first'));
      room.run(parsed.output, actor, ack);
    });

    socket.on('disconnect', () => {
      perSocket.delete(socket.id);
      warnings.delete(socket.id);
      const { room, actor, remote } = socket.data;
      if (room) rooms.socketLeft(room, actor?.participantId);
      if (remote && cluster) cluster.left({ to: remote.owner, socketId: socket.id });
    });
  });

  function hello(
    socket: KringSocket,
    raw: unknown,
    ip: string,
    gate: (raw: unknown) => { ok: false; error: ProtocolError } | undefined,
    wrongHere: { count: number },
    expel: (message: string) => void,
  ): HelloAck | Promise<HelloAck> {
    const blocked = gate(raw);
    if (blocked) return blocked;
    const version = (raw as { v?: unknown } | null)?.v;
    if (typeof version === 'number' && version < MIN_PROTOCOL_VERSION) {
      return err('CLIENT_TOO_OLD', `protocol ${version} is too old; reload the page (server speaks ${PROTOCOL_VERSION})`);
    }
    const parsed = v.safeParse(HelloSchema, raw);
    if (!parsed.success) return err('INVALID', 'hello does not match the schema', formatIssues(parsed.issues));
    const h = parsed.output;
    if (h.v < MIN_PROTOCOL_VERSION) return err('CLIENT_TOO_OLD', 'reload the page');
    if (socket.data.room || socket.data.remote || socket.data.joining) {
      return err('INVALID', 'this socket has already joined; reconnect to switch');
    }

    const slowDown = 'too many wrong codes or keys; wait a minute';
    /** A wrong code or key: UNKNOWN_SESSION, or RATE_LIMITED once this address or session guessed too often. */
    const wrong = (message: string, target?: string) => {
      if (++wrongHere.count >= WRONG_DISCONNECT) expel('socket disconnected: too many wrong codes or keys');
      return guesses.wrong(ip, target) ? err('UNKNOWN_SESSION', message) : err('RATE_LIMITED', slowDown);
    };
    // Only this socket's own guessing stops it from being heard; other sockets from the
    // same address (the venue's Wi-Fi) are checked as always.
    if (wrongHere.count >= WRONG_PER_SOCKET) {
      if (++wrongHere.count >= WRONG_DISCONNECT) expel('socket disconnected: too many wrong codes or keys');
      return err('RATE_LIMITED', slowDown);
    }

    // R-LIMIT-ENUM: a hello that finds its session by code (a new phone) counts, right or wrong.
    if (h.role === 'participant' && !h.sessionId && !lookups.take(ip)) {
      return err('RATE_LIMITED', 'too many join codes from this address; wait a minute');
    }
    const sessionRow =
      h.role === 'participant'
        ? ((h.sessionId ? store.sessionById(h.sessionId) : undefined) ?? (h.code ? store.sessionByCode(h.code) : undefined))
        : store.sessionById(h.sessionId);
    if (!sessionRow) return wrong('no session with this code');
    // A wrong key is refused before the room is loaded: a guess costs no replay.
    if (h.role !== 'participant') {
      const hash = h.role === 'facilitator' ? sessionRow.facilitator_key_hash : sessionRow.board_key_hash;
      if (!secretMatches(h.key, hash)) return wrong('wrong key for this session', sessionRow.id);
    }
    let room: Room | undefined;
    try {
      room = rooms.get(sessionRow.id);
    } catch (e) {
      // R-CLUSTER-FORWARD: another node runs the session.
      if (e instanceof RoomElsewhereError && cluster) return forwardHello(socket, h, sessionRow, ip, cluster);
      throw e;
    }
    if (!room) return wrong('no session with this code');

    const names = roomNames(room.id);
    /** The socket joins the room as `actor`: its audience's rooms, presence, its catch-up. */
    const enter = (actor: Actor, token?: string): HelloAck => {
      if (!socket.connected) return err('INTERNAL', 'the connection closed before the answer');
      if (actor.participantId) socket.join([names.participants, names.participant(actor.participantId)]);
      else {
        if (actor.role === 'facilitator') socket.data.keyHash = sessionRow.facilitator_key_hash;
        socket.join(actor.role === 'facilitator' ? names.facilitator : names.board);
      }
      socket.data.room = room;
      socket.data.actor = actor;
      rooms.socketJoined(room, actor.participantId);
      if (actor.participantId) room.arrived(actor.participantId);
      const viewer: Viewer = actor;
      const catchUp = room.catchUp(viewer, h.since, h.role === 'participant' ? h.lang : undefined);
      return {
        ok: true,
        sessionId: room.id,
        role: actor.role,
        ...(actor.participantId ? { participantId: actor.participantId } : {}),
        ...(token ? { token } : {}),
        ...catchUp,
        presence: room.presence,
        now: Date.now(),
        ...(actor.role !== 'participant' ? { joinUrl: joinUrl(socket, sessionRow.code) } : {}),
      };
    };

    if (h.role !== 'participant') return enter({ role: h.role });
    const pid = h.token ? store.participantForToken(room.id, hashSecret(h.token)) : undefined;
    if (pid) return enter({ role: 'participant', participantId: pid });
    // R-CLOSE: an ended session's code no longer lets anyone in (phones that were in it
    // come back with their tokens and see how it ended).
    if (room.state.meta.closedAt) return err('SESSION_CLOSED', 'this session has ended');
    // First visit (or a token from elsewhere): a new participant with a new token,
    // within the session's cap and this address's rate of new participants.
    if (room.participantCount >= config.maxParticipants) {
      return err('SESSION_FULL', `this session has its ${config.maxParticipants} participants`);
    }
    if (!joins.take(ip)) return err('RATE_LIMITED', 'too many new participants from this address; wait a minute');
    const token = newSecret();
    socket.data.joining = true;
    return new Promise<HelloAck>((resolve, reject) =>
      room.addParticipant(h.name || undefined, hashSecret(token), (error, newPid) => {
        socket.data.joining = false;
        if (error !== undefined) return reject(error);
        try {
          resolve(enter({ role: 'participant', participantId: newPid! }, token));
        } catch (e) {
          reject(e);
        }
      }),
    );
  }

  /** The hello of a session another node runs: asked of that node, answered with its answer. */
  async function forwardHello(
    socket: KringSocket,
    h: v.InferOutput<typeof HelloSchema>,
    row: { id: string; code: string; facilitator_key_hash: string },
    ip: string,
    cluster: Cluster,
  ): Promise<HelloAck> {
    const owner = cluster.ownerOf(row.id);
    if (!owner) return err('BUSY', 'the session is moving to another server; try again in a moment');
    let participantId: string | undefined;
    let join: { name?: string; tokenHash: string } | undefined;
    let token: string | undefined;
    if (h.role === 'participant') {
      participantId = h.token ? store.participantForToken(row.id, hashSecret(h.token)) : undefined;
      if (!participantId) {
        if (!joins.take(ip)) return err('RATE_LIMITED', 'too many new participants from this address; wait a minute');
        token = newSecret();
        join = { ...(h.name ? { name: h.name } : {}), tokenHash: hashSecret(token) };
      }
    }
    socket.data.joining = true;
    let answer;
    try {
      answer = await cluster.hello({
        to: owner,
        sessionId: row.id,
        socketId: socket.id,
        role: h.role,
        ...(participantId ? { participantId } : {}),
        ...(join ? { join } : {}),
        ...(h.since !== undefined ? { since: h.since } : {}),
        ...(h.role === 'participant' && h.lang ? { lang: h.lang } : {}),
      });
    } finally {
      socket.data.joining = false;
    }
    if (!answer.ok) return { ok: false, error: answer.error };
    const { actor, ...ok } = answer;
    if (!socket.connected) {
      cluster.left({ to: owner, socketId: socket.id });
      return err('INTERNAL', 'the connection closed before the answer');
    }
    socket.data.remote = { sessionId: row.id, owner, actor };
    if (actor.role === 'facilitator') socket.data.keyHash = row.facilitator_key_hash;
    return {
      ...ok,
      ...(token ? { token } : {}),
      ...(actor.role !== 'participant' ? { joinUrl: joinUrl(socket, row.code) } : {}),
    };
  }

  function joinUrl(socket: KringSocket, code: string) {
    const base = config.publicUrl ?? `${socket.handshake.secure ? 'https' : 'http'}://${socket.handshake.headers.host}`;
    return `${base}/j/${code}`;
  }
}

function rejectNoAck(socket: KringSocket, raw: unknown) {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  socket.emit('rejected', { ...(id ? { id } : {}), error: { code: 'INVALID', message: 'messages need an ack callback' } });
}

function byteSize(raw: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(raw) ?? '');
  } catch {
    return Infinity;
  }
}
