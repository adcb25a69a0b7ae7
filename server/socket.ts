/**
 * The socket edge: every incoming message is size-checked, rate-limited and parsed with
 * the shared schema before anything else; bad input gets a typed error and changes
 * nothing. Secrets (keys, tokens) are never logged.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import * as v from 'valibot';
import type { Actor, Viewer } from '../shared/model.ts';
import type { ClientToServer, CommandAck, ErrorCode, HelloAck, ProtocolError, ServerToClient } from '../shared/protocol.ts';
import { CommandSchema, HelloSchema, MAX_MESSAGE_BYTES, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, formatIssues } from '../shared/protocol.ts';
import type { Config } from './config.ts';
import { TokenBuckets } from './ratelimit.ts';
import type { Room } from './room.ts';
import { roomNames } from './room.ts';
import type { Rooms } from './rooms.ts';
import { hashSecret, newSecret, secretMatches } from './secrets.ts';
import type { Store } from './store.ts';

interface SocketData {
  room?: Room;
  actor?: Actor;
}
type KringSocket = Socket<ClientToServer, ServerToClient, DefaultEventsMap, SocketData>;

/** Per IP: 10 unknown codes or bad keys, then one more every 6 s. */
const WRONG_GUESSES = { capacity: 10, perSecond: 1 / 6 };

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
) {
  // Per socket: `socketRate` messages a second (default 20), bursts of twice that.
  const perSocket = new TokenBuckets(config.socketRate * 2, config.socketRate);
  const guesses = new TokenBuckets(WRONG_GUESSES.capacity, WRONG_GUESSES.perSecond);

  io.on('connection', (socket: KringSocket) => {
    const ip = clientIp(socket, config.trustProxy);

    /** Size and rate checks shared by every message; returns an error or undefined. */
    const gate = (raw: unknown) => {
      if (!perSocket.take(socket.id)) return err('RATE_LIMITED', 'too many messages; slow down');
      if (byteSize(raw) > MAX_MESSAGE_BYTES) {
        return err('TOO_LARGE', `messages are limited to ${MAX_MESSAGE_BYTES} bytes`);
      }
      return undefined;
    };

    socket.on('hello', (raw, ack) => {
      if (typeof ack !== 'function') return rejectNoAck(socket, raw);
      try {
        ack(hello(socket, raw, ip, gate));
      } catch (e) {
        log.error({ err: e, sessionId: socket.data.room?.id }, 'hello failed');
        ack(err('INTERNAL', 'the server failed; nothing was changed'));
      }
    });

    socket.on('cmd', (raw, ack) => {
      if (typeof ack !== 'function') return rejectNoAck(socket, raw);
      const blocked = gate(raw);
      if (blocked) return ack(blocked);
      const { room, actor } = socket.data;
      if (!room || !actor) return ack(err('NOT_JOINED', 'send hello first'));
      const parsed = v.safeParse(CommandSchema, raw);
      if (!parsed.success) return ack(err('INVALID', 'the command does not match the schema', formatIssues(parsed.issues)));
      let result: CommandAck;
      try {
        result = room.handle(parsed.output, actor);
      } catch (e) {
        log.error({ err: e, sessionId: room.id, type: parsed.output.type }, 'command failed');
        result = err('INTERNAL', 'the server failed; nothing was changed');
      }
      ack(result);
    });

    socket.on('disconnect', () => {
      perSocket.delete(socket.id);
      const { room, actor } = socket.data;
      if (room) rooms.socketLeft(room, actor?.participantId);
    });
  });

  function hello(
    socket: KringSocket,
    raw: unknown,
    ip: string,
    gate: (raw: unknown) => { ok: false; error: ProtocolError } | undefined,
  ): HelloAck {
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
    if (socket.data.room) return err('INVALID', 'this socket has already joined; reconnect to switch');
    if (!guesses.peek(ip)) return err('RATE_LIMITED', 'too many wrong codes; wait a minute');

    const wrong = (message: string) => {
      guesses.take(ip);
      return err('UNKNOWN_SESSION', message);
    };

    const sessionRow =
      h.role === 'participant'
        ? ((h.sessionId ? store.sessionById(h.sessionId) : undefined) ?? (h.code ? store.sessionByCode(h.code) : undefined))
        : store.sessionById(h.sessionId);
    if (!sessionRow) return wrong('no session with this code');
    const room = rooms.get(sessionRow.id);
    if (!room) return wrong('no session with this code');

    let actor: Actor;
    let token: string | undefined;
    const names = roomNames(room.id);
    if (h.role === 'participant') {
      let pid = h.token ? store.participantForToken(room.id, hashSecret(h.token)) : undefined;
      if (!pid) {
        // First visit (or a token from elsewhere): a new participant with a new token.
        token = newSecret();
        pid = room.addParticipant(h.name || undefined, hashSecret(token));
      }
      actor = { role: 'participant', participantId: pid };
      socket.join([names.participants, names.participant(pid)]);
    } else {
      const hash = h.role === 'facilitator' ? sessionRow.facilitator_key_hash : sessionRow.board_key_hash;
      if (!secretMatches(h.key, hash)) return wrong('wrong key for this session');
      actor = { role: h.role };
      socket.join(h.role === 'facilitator' ? names.facilitator : names.board);
    }
    socket.data.room = room;
    socket.data.actor = actor;
    rooms.socketJoined(room, actor.participantId);
    if (actor.participantId) room.arrived(actor.participantId);

    const viewer: Viewer = actor;
    const catchUp = room.catchUp(viewer, h.since);
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

function clientIp(socket: Socket, trustProxy: Config['trustProxy']): string {
  if (trustProxy) {
    const fwd = socket.handshake.headers['x-forwarded-for'];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return socket.handshake.address;
}
