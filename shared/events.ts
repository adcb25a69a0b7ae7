/**
 * Every event has a schema (R-EVENT-SCHEMA). The core events (session.*, participant.*,
 * agenda.*, activity.locked, timer.*) are described here, exactly (strict objects, unknown
 * keys refused), as the reducer emits them and as each audience receives them (a board's
 * participant.joined has no pid and no name). A kind's events are described by the kind
 * itself (`schemas.events` in its kind.ts) and looked up in the registry when needed, so a
 * kind that adds or changes its schemas needs no change here.
 *
 * Shapes are given without the envelope (`seq`, `at`) that storage adds; `validateEvent`
 * checks the envelope itself. A kind schema that declares `seq` is given the whole event.
 *
 * A kind without `schemas.events` (yet) is "not yet validated": its events pass with
 * `unchecked` set to the kind's name, so that callers can say so. An event type that is
 * neither core nor a known event of a kind that lists its events is refused.
 */
import * as v from 'valibot';
import { isCleanName } from './clean.ts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, NOTE_MAX } from './constants.ts';
import { LangTag, SessionId } from './protocol.ts';
import { ActivitySchema, AnyConfig, configSchemaFor, loaded, objectEntries, schemasOf } from './activity-schemas.ts';
import { fullKindOf, isKind, KIND_NAMES } from './activities/registry.ts';
import type { Viewer } from './model.ts';
import { ActivityId, Lang, LangTexts, MetaText, Resources, Title } from './schema.ts';
import { ImageId, Photo } from './commands.ts';

// ---- fields ---------------------------------------------------------------------------

/** Ids made by the server (nanoid) or a client: the same alphabet as activity ids. */
export const Id = ActivityId;
const Int = v.pipe(v.number(), v.integer());
export const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A moment or a duration in milliseconds. */
export const Millis = v.pipe(v.number(), v.integer(), v.minValue(0));
export const SessionIdField = SessionId;
/** A join code as stored (already upper-cased): no transformations here. */
export const JoinCodeField = v.pipe(v.string(), v.regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`)));
export const LangField = LangTag;
/**
 * A display name (participant.joined: a non-empty one; participant.renamed may clear it),
 * as cleanName leaves it (R-TEXT-CLEAN): no control characters, bidi overrides, line breaks
 * or tabs, trimmed, NFC, and not only invisible characters.
 */
export const NameField = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check(isCleanName, 'a name has no control characters, bidi overrides or line breaks, and something visible'),
);
const IsoDateOrEmpty = v.union([v.literal(''), v.pipe(v.string(), v.isoDate())]);
const Short = v.pipe(v.string(), v.maxLength(200));
/** An agenda position (at most MAX_ACTIVITIES activities; the commands allow up to 200). */
const Index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(200));

/** What the facilitator fills in for the report (RoomState.meta). */
export const SessionMetaSchema = v.strictObject({
  date: v.optional(IsoDateOrEmpty),
  place: v.optional(Short),
  facilitator: v.optional(Short),
  nextDate: v.optional(IsoDateOrEmpty),
  nextTheme: v.optional(Short),
  /** The session continues an earlier one (set at creation; R-SERIES-ONE-REFRESHER). */
  series: v.optional(v.literal(true)),
  /** The theme of this session (a series carries the previous session's next theme here). */
  theme: v.optional(Short),
  /** For the report's first section (issue 12). */
  intro: v.optional(MetaText),
  goals: v.optional(MetaText),
  resources: v.optional(Resources),
  /** R-BOARD-LANGS: up to two languages the board shows each prompt in, besides the session's. */
  boardLangs: v.optional(v.pipe(v.array(Lang), v.maxLength(2))),
  /** R-BOARD-JOIN: the join panel in full beside an activity, or as a corner badge with the code (the default). */
  boardJoin: v.optional(v.picklist(['corner', 'full'])),
  /** R-BOARD-CONTRAST: the board in high contrast. */
  boardContrast: v.optional(v.boolean()),
  /** R-CLOSE: when the facilitator ended the session (ms); from then on nothing changes. */
  closedAt: v.optional(Millis),
});

// ---- core events ----------------------------------------------------------------------

/** A facilitator's note on an activity (empty: none). */
const Note = v.pipe(v.string(), v.maxLength(NOTE_MAX));

const ev = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) => v.strictObject({ type: v.literal(type), ...entries });

/** Core events as stored (and as facilitators receive them). */
export const CORE_EVENTS = {
  'session.created': ev('session.created', {
    sessionId: SessionIdField,
    code: JoinCodeField,
    title: Title,
    lang: LangField,
    /** Set when imported: the original session's creation time (else `at`). */
    createdAt: v.optional(Millis),
    /** The earlier session of a series. */
    continues: v.optional(SessionIdField),
  }),
  'session.metaSet': ev('session.metaSet', { title: v.optional(Title), ...SessionMetaSchema.entries }),
  'session.peak': ev('session.peak', { count: Count }),
  'participant.joined': ev('participant.joined', { pid: Id, name: v.optional(v.pipe(NameField, v.minLength(1))) }),
  'participant.renamed': ev('participant.renamed', { pid: Id, name: NameField }),
  'agenda.added': ev('agenda.added', { activity: ActivitySchema, index: Index }),
  'agenda.updated': ev('agenda.updated', { activityId: Id, title: Title, config: AnyConfig }),
  'agenda.translated': ev('agenda.translated', { activityId: Id, lang: Lang, texts: LangTexts }),
  /** Facilitators only: the facilitator's own note on an activity. */
  'agenda.noted': ev('agenda.noted', { activityId: Id, note: Note }),
  'agenda.moved': ev('agenda.moved', { activityId: Id, toIndex: Index }),
  'agenda.removed': ev('agenda.removed', { activityId: Id }),
  'agenda.current': ev('agenda.current', { activityId: v.nullable(Id) }),
  'activity.locked': ev('activity.locked', { activityId: Id, locked: v.boolean() }),
  /** R-PHOTO, facilitators only: a photo added to an activity (or its description changed). */
  'activity.photoAdded': ev('activity.photoAdded', { activityId: Id, ...Photo.entries }),
  'activity.photoRemoved': ev('activity.photoRemoved', { activityId: Id, imageId: ImageId }),
  'timer.started': ev('timer.started', { activityId: v.nullable(Id), durationMs: Millis, endsAt: Millis, lockAtZero: v.boolean() }),
  'timer.paused': ev('timer.paused', { remainingMs: Millis }),
  'timer.resumed': ev('timer.resumed', { endsAt: Millis }),
  'timer.extended': v.union([
    ev('timer.extended', { durationMs: Millis, endsAt: Millis }),
    ev('timer.extended', { durationMs: Millis, remainingMs: Millis }),
  ]),
  'timer.stopped': ev('timer.stopped', {}),
  'timer.expired': ev('timer.expired', {}),
} as const satisfies Record<string, v.GenericSchema>;
export type CoreEventType = keyof typeof CORE_EVENTS;
/** A core event as the reducer emits it (types inferred from the schemas). */
export type CoreEvent = { [K in CoreEventType]: v.InferOutput<(typeof CORE_EVENTS)[K]> }[CoreEventType];
export const CORE_EVENT_TYPES = Object.keys(CORE_EVENTS) as CoreEventType[];
const isCoreType = (t: string): t is CoreEventType => Object.hasOwn(CORE_EVENTS, t);

/** participant.joined as the board receives it: that someone joined, nothing more. */
export const BoardParticipantJoined = ev('participant.joined', {});
/** Every shape of a core event a view may apply: as stored, or as the board gets it. */
export type ViewedCoreEvent = CoreEvent | v.InferOutput<typeof BoardParticipantJoined>;

/** The envelope storage adds to every event. */
export const Envelope = v.object({ seq: v.pipe(Int, v.minValue(1)), at: Millis });

// ---- lookup and validation ------------------------------------------------------------

/**
 * The schema of an event type (without `seq`/`at`), as stored: a core event's, or the
 * schema its kind lists for it. `null`: the kind lists no event schemas yet (not yet
 * validated). `undefined`: no such event type (a crafted or unknown type).
 */
export function eventSchemaFor(type: string): v.GenericSchema | null | undefined {
  if (isCoreType(type)) return CORE_EVENTS[type];
  const dot = type.indexOf('.');
  const k = dot > 0 ? loaded(type.slice(0, dot)) : undefined;
  if (!k) return undefined;
  const events = schemasOf(k).events;
  if (!events) return null;
  return events.byType.get(type) ?? events.other;
}

export interface EventCheckOptions {
  /** Who receives it: checks the projected shape and that nothing is sent it may not see. Absent: as stored. */
  viewer?: Viewer;
  /** The event carries `seq` and `at` (stored and sent events do; what the reducer emits does not). Default true. */
  envelope?: boolean;
  /** The kind of an activity, if known: agenda.updated's config is then checked against that kind's. */
  kindOfActivity?: (activityId: string) => string | undefined;
}
export type EventCheck =
  | { ok: true; /** The kind whose events have no schemas yet: not validated. */ unchecked?: string }
  | { ok: false; type: string; issues: string[] };

/**
 * Issues as `path: message`, at most 10. A union's or variant's issue lists what its
 * options said (their paths relative to it), so that the failing field is named.
 */
export function formatIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): string[] {
  return issues.slice(0, 10).map((i) => {
    const path = [prefix, v.getDotPath(i)].filter(Boolean).join('.');
    let message = i.message;
    if ((i.type === 'union' || i.type === 'variant') && i.issues?.length) {
      const inner = i.issues
        .slice(0, 4)
        .map((x) => [[path, v.getDotPath(x)].filter(Boolean).join('.'), x.message].filter(Boolean).join(': '));
      message = `${message} (${inner.join(' | ')})`;
    }
    return path ? `${path}: ${message}` : message;
  });
}
const fmt = formatIssues;

const declaresEnvelope = (s: v.GenericSchema): boolean => {
  const any = s as unknown as { type: string; options?: v.GenericSchema[] };
  if (any.type === 'variant' || any.type === 'union') return any.options!.some(declaresEnvelope);
  return !!objectEntries(s)?.seq;
};

/** Check one event against its schema (R-EVENT-SCHEMA); see EventCheckOptions. */
export function validateEvent(event: unknown, opts: EventCheckOptions = {}): EventCheck {
  const typeOf = (event as { type?: unknown } | null)?.type;
  const type = typeof typeOf === 'string' ? typeOf : '?';
  const fail = (issues: string[]): EventCheck => ({ ok: false, type, issues });
  if (!event || typeof event !== 'object' || Array.isArray(event)) return fail(['the event is not an object']);
  if (typeof typeOf !== 'string') return fail(['type: the event has no type']);
  const { seq, at, ...body } = event as Record<string, unknown>;
  const envelope = opts.envelope ?? true;
  if (envelope) {
    const env = v.safeParse(Envelope, { seq, at });
    if (!env.success) return fail(fmt(env.issues));
  } else if (seq !== undefined || at !== undefined) {
    return fail(['seq: an event the reducer emits has no seq or at']);
  }

  const schema = eventSchemaFor(type);
  if (schema === undefined) {
    const dot = type.indexOf('.');
    return fail([
      dot > 0 && isKind(type.slice(0, dot)) ? `type: ${type} is not an event of ${type.slice(0, dot)}` : `type: unknown event type ${type}`,
    ]);
  }

  const viewer = opts.viewer;
  if (schema === null) {
    // A kind that lists no event schemas yet: only the audience rule for `pid` applies.
    const leak = viewer && pidLeak(body, viewer);
    return leak ? fail([leak]) : { ok: true, unchecked: type.slice(0, type.indexOf('.')) };
  }

  if (isCoreType(type)) {
    const audience = coreAudience(type, body, viewer);
    if (audience) return audience === 'ok' ? { ok: true } : fail([audience]);
    const r = v.safeParse(schema, body);
    if (!r.success) return fail(fmt(r.issues));
    if (type === 'agenda.updated' && opts.kindOfActivity) {
      const kind = opts.kindOfActivity(body.activityId as string);
      const config = kind ? configSchemaFor(kind) : undefined;
      const c = config && v.safeParse(config, body.config);
      if (c && !c.success) return fail(fmt(c.issues, 'config'));
    }
    return { ok: true };
  }

  const r = v.safeParse(schema, declaresEnvelope(schema) ? event : body);
  if (!r.success) return fail(fmt(r.issues));
  const leak = viewer && pidLeak(body, viewer);
  return leak ? fail([leak]) : { ok: true };
}

/**
 * What only some audiences may receive of a core event: an issue, 'ok' when the projected
 * shape was checked here, or undefined to check the stored shape.
 */
function coreAudience(type: CoreEventType, body: Record<string, unknown>, viewer: Viewer | undefined): string | 'ok' | undefined {
  if (!viewer || viewer.role === 'facilitator') return undefined;
  switch (type) {
    case 'session.peak':
    case 'activity.photoAdded':
    case 'activity.photoRemoved':
      return `type: ${type} is for facilitators, not the ${viewer.role}`;
    case 'participant.renamed':
    case 'participant.joined':
      if (viewer.role === 'board') {
        if (type === 'participant.renamed') return 'type: participant.renamed is not for the board';
        const r = v.safeParse(BoardParticipantJoined, body);
        return r.success ? 'ok' : `${fmt(r.issues).join('; ')} (the board gets participant.joined without pid or name)`;
      }
      return pidLeak(body, viewer) ?? (body.pid === undefined ? `pid: ${type} is sent to a phone only for itself` : undefined);
    default:
      return undefined;
  }
}

/** R-AUDIENCE: a participant id reaches facilitators and that participant only. */
function pidLeak(body: Record<string, unknown>, viewer: Viewer): string | undefined {
  if (body.pid === undefined || viewer.role === 'facilitator') return undefined;
  if (viewer.role === 'participant' && viewer.participantId && body.pid === viewer.participantId) return undefined;
  return `pid: another participant's id reaches the ${viewer.role}`;
}

/** Kinds whose events are not validated yet (no `schemas.events`), among the loaded ones. */
export const kindsWithoutEventSchemas = (): string[] => KIND_NAMES.filter((n) => !fullKindOf(n)?.schemas.events);
/** Kinds whose activity state is not validated yet (no `schemas.state`), among the loaded ones. */
export const kindsWithoutStateSchema = (): string[] => KIND_NAMES.filter((n) => !fullKindOf(n)?.schemas.state);

export { ActivitySchema, configSchemaFor } from './activity-schemas.ts';
