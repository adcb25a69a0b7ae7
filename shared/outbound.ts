/**
 * Schemas of what the server sends (R-FRAME-SCHEMA): the hello ack (with its snapshot, a
 * RoomView, or its catch-up events), frames, presence, the read-only status and command acks. Events are
 * checked with `validateEvent` (shared/events.ts) for the audience that receives them;
 * activity states with their kind's `schemas.state` where the kind has one.
 *
 * The server does not run these on every message; tests do, on everything a test socket
 * receives (test/helpers/client.ts).
 */
import * as v from 'valibot';
import { ERROR_CODES, ROLES } from './constants.ts';
import {
  ActivitySchema,
  Count,
  formatIssues,
  Id,
  JoinCodeField,
  LangField,
  Millis,
  NameField,
  SessionIdField,
  SessionMetaSchema,
  validateEvent,
  type EventCheckOptions,
} from './events.ts';
import type { RoomView, Viewer } from './model.ts';
import { Title } from './schema.ts';

export const ParticipantSchema = v.strictObject({ id: Id, name: v.optional(v.pipe(NameField, v.minLength(1))), joinedAt: Millis });

export const TimerStateSchema = v.strictObject({
  activityId: v.nullable(Id),
  durationMs: Millis,
  endsAt: v.nullable(Millis),
  remainingMs: Millis,
  lockAtZero: v.boolean(),
  expired: v.boolean(),
});

/** The room as one viewer holds it (a projection of RoomState). */
export const RoomViewSchema = v.pipe(
  v.strictObject({
    sessionId: SessionIdField,
    code: JoinCodeField,
    title: Title,
    lang: LangField,
    createdAt: Millis,
    seq: Count,
    participants: v.record(Id, ParticipantSchema),
    participantCount: Count,
    agenda: v.pipe(v.array(ActivitySchema), v.maxLength(200)),
    currentId: v.nullable(Id),
    timer: v.nullable(TimerStateSchema),
    meta: SessionMetaSchema,
    peak: Count,
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const room = dataset.value;
    for (const [id, p] of Object.entries(room.participants))
      if (p.id !== id) addIssue({ message: `participants.${id}: keyed by another id (${p.id})` });
    if (room.currentId !== null && !room.agenda.some((a) => a.id === room.currentId))
      addIssue({ message: `currentId: ${room.currentId} is not on the agenda` });
    const ids = new Set<string>();
    for (const a of room.agenda) {
      if (ids.has(a.id)) addIssue({ message: `agenda: activity id ${a.id} occurs twice` });
      ids.add(a.id);
    }
  }),
);

const ProtocolErrorSchema = v.strictObject({
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  issues: v.optional(v.array(v.string())),
  /** Which rule said no (a Rejection's `reason`, e.g. `budget`). Not in ProtocolError's type yet. */
  reason: v.optional(v.pipe(v.string(), v.minLength(1))),
});
export const AckErrorSchema = v.strictObject({ ok: v.literal(false), error: ProtocolErrorSchema });

/** Events as one viewer receives them, each checked with validateEvent. */
function eventList(opts: () => EventCheckOptions) {
  return v.array(
    v.pipe(
      v.unknown(),
      v.rawCheck(({ dataset, addIssue }) => {
        const r = validateEvent(dataset.value, opts());
        if (!r.ok) for (const i of r.issues) addIssue({ message: `${r.type}: ${i}` });
      }),
    ),
  );
}

/** Sequence numbers within a list of events grow, and none is above `seq`. */
const inOrder = (events: unknown[], seq: number): string | undefined => {
  let last = 0;
  for (const e of events as { seq: number }[]) {
    if (e.seq <= last) return `events: seq ${e.seq} after ${last}`;
    if (e.seq > seq) return `events: seq ${e.seq} is above the message's seq ${seq}`;
    last = e.seq;
  }
  return undefined;
};

export const HelloOkSchema = v.strictObject({
  ok: v.literal(true),
  sessionId: SessionIdField,
  role: v.picklist(ROLES),
  participantId: v.optional(Id),
  token: v.optional(v.pipe(v.string(), v.minLength(16), v.maxLength(64))),
  snapshot: v.optional(RoomViewSchema),
  events: v.optional(v.array(v.unknown())),
  seq: Count,
  presence: Count,
  joinUrl: v.optional(v.pipe(v.string(), v.url())),
  now: Millis,
});
export const HelloAckSchema = v.union([HelloOkSchema, AckErrorSchema]);

export const FrameSchema = v.strictObject({
  seq: Count,
  events: v.pipe(v.array(v.unknown()), v.minLength(1)),
  own: v.optional(v.literal(true)),
});
export const PresenceSchema = v.strictObject({ here: Count });
/** R-DISK: the room cannot store anything now (true), or can again (false); sent to every view. */
export const StatusSchema = v.strictObject({ readOnly: v.boolean() });
export type RoomStatus = v.InferOutput<typeof StatusSchema>;
export const CommandAckSchema = v.union([
  v.strictObject({ ok: v.literal(true), seq: Count, duplicate: v.optional(v.literal(true)) }),
  AckErrorSchema,
]);
export const RejectedSchema = v.strictObject({ id: v.optional(v.string()), error: ProtocolErrorSchema });

const fmt = formatIssues;

/** The kinds whose events went by unchecked (no schemas.events yet) in what was checked. */
export interface OutboundCheck {
  issues: string[];
  unchecked: string[];
}

function checkEvents(events: unknown[], opts: EventCheckOptions, seq: number, out: OutboundCheck, prefix = 'events') {
  events.forEach((e, i) => {
    const r = validateEvent(e, opts);
    if (!r.ok) out.issues.push(...r.issues.map((x) => `${prefix}.${i} (${r.type}): ${x}`));
    else if (r.unchecked && !out.unchecked.includes(r.unchecked)) out.unchecked.push(r.unchecked);
  });
  const order = inOrder(events, seq);
  if (order && !out.issues.length) out.issues.push(order);
}

/** What a viewer may hold of the room (R-AUDIENCE), beyond the RoomView's shape. */
function checkAudience(room: RoomView, viewer: Viewer, out: OutboundCheck) {
  if (viewer.role === 'facilitator') return;
  const others = Object.keys(room.participants).filter((id) => viewer.role !== 'participant' || id !== viewer.participantId);
  if (others.length) out.issues.push(`snapshot.participants: the ${viewer.role} holds other participants (${others.join(', ')})`);
  if (room.peak !== 0) out.issues.push(`snapshot.peak: attendance is for facilitators, the ${viewer.role} got ${room.peak}`);
}

/**
 * Check a hello ack (R-FRAME-SCHEMA): its shape, its snapshot (RoomView, each activity's
 * state against its kind) or catch-up events (each for this viewer), and what the viewer
 * may hold. Returns the issues (none: valid) and the kinds not yet validated.
 */
export function checkHelloAck(ack: unknown): OutboundCheck {
  const out: OutboundCheck = { issues: [], unchecked: [] };
  const r = v.safeParse(HelloAckSchema, ack);
  if (!r.success) {
    out.issues.push(...fmt(r.issues));
    return out;
  }
  if (!r.output.ok) return out;
  const ok = r.output;
  const viewer: Viewer = ok.participantId ? { role: ok.role, participantId: ok.participantId } : { role: ok.role };
  if ((ok.role === 'participant') !== !!ok.participantId) out.issues.push('participantId: set for participants, and only for them');
  if (ok.snapshot && ok.events) out.issues.push('snapshot and events: a hello gets one of them');
  if (!ok.snapshot && !ok.events) out.issues.push('snapshot or events: a hello gets one of them');
  if (ok.role === 'participant' ? ok.joinUrl !== undefined : ok.joinUrl === undefined)
    out.issues.push('joinUrl: sent to facilitators and the board only');
  if (ok.snapshot) {
    const snap = ok.snapshot as RoomView;
    if (snap.seq !== ok.seq) out.issues.push(`snapshot.seq: ${snap.seq}, the ack says ${ok.seq}`);
    if (snap.sessionId !== ok.sessionId) out.issues.push('snapshot.sessionId: another session');
    checkAudience(snap, viewer, out);
  }
  if (ok.events) checkEvents(ok.events, { viewer }, ok.seq, out);
  return out;
}

/**
 * Check a frame for the viewer that received it (R-FRAME-SCHEMA). `kindOfActivity` lets
 * agenda.updated's config be checked against its activity's kind.
 */
export function checkFrame(frame: unknown, viewer: Viewer, kindOfActivity?: (id: string) => string | undefined): OutboundCheck {
  const out: OutboundCheck = { issues: [], unchecked: [] };
  const r = v.safeParse(FrameSchema, frame);
  if (!r.success) {
    out.issues.push(...fmt(r.issues));
    return out;
  }
  checkEvents(r.output.events, { viewer, kindOfActivity }, r.output.seq, out);
  return out;
}

/** Check any other message a client receives: presence, a status, a command ack, a rejection. */
export function checkMessage(schema: v.GenericSchema, message: unknown): OutboundCheck {
  const r = v.safeParse(schema, message);
  return { issues: r.success ? [] : fmt(r.issues), unchecked: [] };
}

/** A Frame as one valibot schema (events checked for `viewer`), for callers that want a schema. */
export const frameSchemaFor = (viewer: Viewer) =>
  v.strictObject({
    seq: Count,
    own: v.optional(v.literal(true)),
    events: v.pipe(
      eventList(() => ({ viewer })),
      v.minLength(1),
    ),
  });
