/**
 * The protocol's constants and message types: a leaf module (no imports but types), so
 * the entry chunk and the phone can use them without loading valibot or any kind.
 */
import type { ProjectedEvent, RoomView } from './model.ts';

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
  'SESSION_FULL', // the session has as many participants as it may have
  'QUOTA', // this participant has stored as much as one person may in this activity
  'READ_ONLY', // the server cannot save right now (e.g. a full disk); nothing was changed
  'SESSION_CLOSED', // the session has ended: its code no longer works and nothing can change
  'BUSY', // the server is overloaded; try again in a moment
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

/** Join codes use an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const JOIN_CODE_LENGTH = 6;

/**
 * The core's message types start with one of these (commands and events alike); every
 * other type (`<kind>.…`) belongs to an activity kind.
 */
export const CORE_PREFIXES = ['session.', 'participant.', 'agenda.', 'activity.', 'timer.'] as const;
export const isCoreType = (type: string): boolean => CORE_PREFIXES.some((p) => type.startsWith(p));

export const ROLES = ['participant', 'facilitator', 'board'] as const;
export type Role = (typeof ROLES)[number];

/** Session creation's answer (POST /api/sessions). */
export interface CreatedSession {
  sessionId: string;
  code: string;
  facilitatorKey: string;
  boardKey: string;
  links: { facilitator: string; board: string; join: string };
}

// ---- Server → client ---------------------------------------------------------------

export type Ack<T = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

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
  /**
   * A participant's own events, sent right before the shared frame they belong with: kept
   * and folded into that frame (shared/own-frames.ts), not applied on their own.
   */
  own?: true;
}
export interface Presence {
  here: number;
}

export interface ServerToClient {
  frame: (f: Frame) => void;
  presence: (p: Presence) => void;
  /** A malformed message that came without an ack callback. */
  rejected: (e: { id?: string; error: ProtocolError }) => void;
  /** R-DISK: the room cannot save (read-only) or can again. */
  status: (s: { readOnly: boolean }) => void;
}
export interface ClientToServer {
  hello: (h: unknown, ack: (a: HelloAck) => void) => void;
  cmd: (c: unknown, ack: (a: CommandAck) => void) => void;
}

/** R-TR-TEXTS: the longest translated text, and how many texts one activity's translations into one language hold. */
export const TR_TEXT_MAX = 4000;
export const TR_TEXTS_MAX = 200;

/** R-AGENDA-NOTE: the longest note a facilitator keeps on one activity. */
export const NOTE_MAX = 2000;
