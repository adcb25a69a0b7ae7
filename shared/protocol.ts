/**
 * The one contract between client and server. Both import this file; never copy it.
 *
 * Transport: Socket.IO. A client connects, sends `hello` (with ack), then `cmd` messages
 * (each with ack). The server pushes `frame` messages (coalesced, projected events) and
 * `presence` counts. Every incoming message is parsed with the schemas below.
 */
import * as v from 'valibot';
import { commandSchemas } from './activities/index.ts';
import { coreCommandSchemas } from './commands.ts';
import { TEMPLATE_IDS } from './template-ids.ts';

/** Bump when a message shape changes incompatibly. Older clients get CLIENT_TOO_OLD. */
export const PROTOCOL_VERSION = 1;
/** Oldest client protocol the server still accepts. */
export const MIN_PROTOCOL_VERSION = 1;

export const ERROR_CODES = [
  'INVALID', // the message does not match the schema
  'TOO_LARGE', // the message is larger than MAX_MESSAGE_BYTES
  'NOT_ALLOWED', // this actor may not do this
  'LIMIT_REACHED', // a rule's limit (dots, post-its, …) is used up
  'NOT_FOUND', // the activity or item does not exist (any more)
  'LOCKED', // input for this activity is closed
  'UNKNOWN_SESSION', // no session with this code/id, or a bad key/token
  'CLIENT_TOO_OLD', // protocol version below MIN_PROTOCOL_VERSION
  'NOT_JOINED', // a command before a successful hello
  'RATE_LIMITED', // too many messages, or too many wrong codes
  'INTERNAL', // the server failed; nothing was changed
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  /** English, for developers and logs. The UI shows the catalogue text for `code`. */
  message: string;
  /** Which fields were wrong, for INVALID. */
  issues?: string[];
}

/** A message larger than this (JSON bytes) is refused with TOO_LARGE. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** Socket.IO transport limit; anything bigger closes the connection. */
export const MAX_HTTP_BUFFER_BYTES = 64 * 1024;

export const ROLES = ['participant', 'facilitator', 'board'] as const;
export type Role = (typeof ROLES)[number];

export const SessionId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/));
/** Join codes use an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const JOIN_CODE_LENGTH = 6;
export const JoinCode = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`)),
);
const Secret = v.pipe(v.string(), v.minLength(16), v.maxLength(64));
export const DisplayName = v.pipe(v.string(), v.trim(), v.maxLength(40));
export const LangTag = v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/));

export const HelloSchema = v.variant('role', [
  v.strictObject({
    v: v.pipe(v.number(), v.integer()),
    role: v.literal('participant'),
    /** Either the join code (first visit) or the session id (rejoin). */
    code: v.optional(JoinCode),
    sessionId: v.optional(SessionId),
    /** The participant token kept on the phone; absent on the first join. */
    token: v.optional(Secret),
    name: v.optional(DisplayName),
    /** Last sequence number this client has applied; 0 or absent for a fresh snapshot. */
    since: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.strictObject({
    v: v.pipe(v.number(), v.integer()),
    role: v.picklist(['facilitator', 'board']),
    sessionId: SessionId,
    key: Secret,
    since: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
]);
export type Hello = v.InferOutput<typeof HelloSchema>;

/** Every command: a client-made id (nanoid), a type, and its payload. */
export const CommandSchema = v.variant('type', [...coreCommandSchemas, ...commandSchemas]);
export type Command = v.InferOutput<typeof CommandSchema>;
export type CommandType = Command['type'];

export const CreateSessionSchema = v.strictObject({
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  lang: v.picklist(['nl', 'en']),
  /** The agenda to start from (default: the house-rules card). */
  template: v.optional(v.picklist(TEMPLATE_IDS)),
  /** Continue an earlier session (a series): its id and facilitator key. */
  continues: v.optional(v.strictObject({ sessionId: SessionId, key: Secret })),
});
export type CreateSession = v.InferOutput<typeof CreateSessionSchema>;

export interface CreatedSession {
  sessionId: string;
  code: string;
  facilitatorKey: string;
  boardKey: string;
  links: { facilitator: string; board: string; join: string };
}

// ---- Server → client ---------------------------------------------------------------

import type { ProjectedEvent, RoomView } from './model.ts';

export type Ack<T = {}> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

export interface HelloOk {
  sessionId: string;
  role: Role;
  participantId?: string;
  /** Set on the first join: keep it on the phone to come back as the same person. */
  token?: string;
  /** Either the events since `since`, or a full snapshot when that is cheaper. */
  snapshot?: RoomView;
  events?: ProjectedEvent[];
  seq: number;
  presence: number;
  /** Absolute join link (for the QR code); sent to facilitators and the board. */
  joinUrl?: string;
  /** The server's clock (ms), so that clients can show the timer right on a skewed phone. */
  now: number;
}
export type HelloAck = Ack<HelloOk>;
export type CommandAck = Ack<{ seq: number; duplicate?: boolean }>;

/** Coalesced push: every event this audience may see since the previous frame. */
export interface Frame {
  seq: number;
  events: ProjectedEvent[];
}
export interface Presence {
  here: number;
}

export interface ServerToClient {
  frame: (f: Frame) => void;
  presence: (p: Presence) => void;
  /** A malformed message that came without an ack callback. */
  rejected: (e: { id?: string; error: ProtocolError }) => void;
}
export interface ClientToServer {
  hello: (h: unknown, ack: (a: HelloAck) => void) => void;
  cmd: (c: unknown, ack: (a: CommandAck) => void) => void;
}

export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.slice(0, 10).map((i) => {
    const path = v.getDotPath(i);
    return path ? `${path}: ${i.message}` : i.message;
  });
}
