/**
 * The session as JSON, to keep or to move to another server, and to import again as a
 * new session (with its results) or as a template (agenda only). Exported from the
 * facilitator's projection, so Deep Democracy stances never leave the server with ids.
 */
import * as v from 'valibot';
import { kindOf } from './activities/registry.ts';
import { cleanDeep, cleanName } from './clean.ts';
import { projectState } from './audiences.ts';
import { ActivitySchema, Count, formatIssues, Id, Millis, NameField, SessionMetaSchema, validateEvent } from './events.ts';
import type { Activity, DomainEvent, RoomState, SessionMeta } from './model.ts';
import { Lang, Title } from './schema.ts';

export const EXPORT_FORMAT = 'kring-session';
export const EXPORT_VERSION = 1;

export interface SessionExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  title: string;
  lang: string;
  createdAt: number;
  meta: SessionMeta;
  peak: number;
  participants: { id: string; name?: string }[];
  agenda: Activity[];
}

export function exportSession(state: RoomState): SessionExport {
  const room = projectState(state, { role: 'facilitator' });
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    title: room.title,
    lang: room.lang,
    createdAt: room.createdAt,
    meta: room.meta ?? {},
    peak: room.peak ?? 0,
    participants: Object.values(room.participants).map((p) => (p.name ? { id: p.id, name: p.name } : { id: p.id })),
    agenda: room.agenda,
  };
}

/** The most participants an import may bring (R-IMPORT-VALIDATE). */
export const MAX_IMPORT_PARTICIPANTS = 5000;
/** The most activities an import may bring (an agenda's limit, MAX_ACTIVITIES). */
export const MAX_IMPORT_ACTIVITIES = 100;

type PathItem = v.IssuePathItem;
const at = (input: unknown, key: string | number, value: unknown): PathItem =>
  (typeof key === 'number'
    ? { type: 'array', origin: 'value', input, key, value }
    : { type: 'object', origin: 'value', input, key, value }) as PathItem;

/** Each id once: a repeated participant or activity id would merge two of them. */
function uniqueIds<T extends { id: string }>() {
  return v.rawCheck<T[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const items = dataset.value;
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id))
        addIssue({ message: `id ${item.id} occurs more than once`, path: [at(items, i, item), at(item, 'id', item.id)] });
      seen.add(item.id);
    });
  });
}

/**
 * An export, exactly (R-IMPORT-VALIDATE): unknown keys are refused everywhere; each
 * activity's config is checked with its kind's draft schema and its state with its kind's
 * `schemas.state` (see ActivitySchema in events.ts); the meta fields are the report's.
 */
export const SessionExportSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  title: Title,
  lang: Lang,
  createdAt: Millis,
  meta: SessionMetaSchema,
  peak: Count,
  participants: v.pipe(
    v.array(v.strictObject({ id: Id, name: v.optional(v.pipe(NameField, v.minLength(1))) })),
    v.maxLength(MAX_IMPORT_PARTICIPANTS, `at most ${MAX_IMPORT_PARTICIPANTS} participants`),
    uniqueIds(),
  ),
  agenda: v.pipe(v.array(ActivitySchema), v.maxLength(MAX_IMPORT_ACTIVITIES, `at most ${MAX_IMPORT_ACTIVITIES} activities`), uniqueIds()),
});

/** The keys a session's meta may have (R-IMPORT-META). */
const META_KEYS: ReadonlySet<string> = new Set(Object.keys(SessionMetaSchema.entries));

/**
 * R-IMPORT-META: only the known meta keys, in the order they came (so that an export
 * imports and exports again byte for byte); never `type` or any other event field.
 */
function knownMeta(meta: SessionMeta): SessionMeta {
  return Object.fromEntries(Object.entries(meta).filter(([k, value]) => META_KEYS.has(k) && value !== undefined)) as SessionMeta;
}

/**
 * R-TEXT-CLEAN: an import's texts as the edge cleans them (cleanDeep), and each
 * participant's name as cleanName leaves it; a name with nothing visible is no name.
 */
function cleanImport(body: unknown): unknown {
  const cleaned = cleanDeep(body);
  const participants = (cleaned as { data?: { participants?: unknown } } | null)?.data?.participants;
  if (!Array.isArray(participants)) return cleaned;
  const data = (cleaned as { data: Record<string, unknown> }).data;
  return {
    ...(cleaned as object),
    data: {
      ...data,
      participants: participants.map((p: unknown) => {
        if (!p || typeof p !== 'object' || typeof (p as { name?: unknown }).name !== 'string') return p;
        const { name, ...rest } = p as { name: string };
        const clean = cleanName(name);
        return clean ? { ...rest, name: clean } : rest;
      }),
    },
  };
}

/** The import request: `{ data, as }`. */
export const ImportSchema = v.strictObject({ data: SessionExportSchema, as: v.picklist(['session', 'template']) });

/**
 * The events that recreate an exported session (after `session.created`). As a template,
 * only the agenda, with fresh state; as a session, results and participants too.
 * Expects data that passed SessionExportSchema (or a live room's export); see `checkImport`.
 */
export function importEvents(
  data: Pick<SessionExport, 'participants' | 'agenda' | 'meta' | 'peak'>,
  as: 'session' | 'template',
): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (as === 'session')
    for (const p of data.participants) events.push({ type: 'participant.joined', pid: p.id, ...(p.name ? { name: p.name } : {}) });
  data.agenda.forEach((a, index) => {
    const kind = kindOf(a.kind);
    if (!kind) throw new Error(`activity ${index + 1}: no activity kind ${a.kind}`);
    const activity: Activity =
      as === 'session'
        ? {
            id: a.id,
            kind: a.kind,
            title: a.title,
            config: structuredClone(a.config),
            state: structuredClone(a.state),
            locked: a.locked,
            opened: a.opened,
            ...(a.tr && { tr: structuredClone(a.tr) }),
            ...(a.note && { note: a.note }),
            // R-PHOTO: an export holds no image bytes; a photo it names stays named and shows nothing
            // until the duplicate's images are copied (server/store.ts copyImages) or never (an import).
            ...(a.photos?.length && { photos: structuredClone(a.photos) }),
          }
        : {
            id: a.id,
            kind: a.kind,
            title: a.title,
            config: structuredClone(a.config),
            state: kind.init(a.config),
            locked: false,
            opened: false,
            ...(a.tr && { tr: structuredClone(a.tr) }),
            ...(a.note && { note: a.note }),
          };
    events.push({ type: 'agenda.added', index, activity });
  });
  if (as === 'session') {
    const meta = knownMeta(data.meta);
    if (Object.keys(meta).length) events.push({ type: 'session.metaSet', ...meta });
    if (data.peak) events.push({ type: 'session.peak', count: data.peak });
  }
  return events;
}

export type ImportCheck =
  | { ok: true; data: SessionExport; events: DomainEvent[]; extra: { createdAt?: number } }
  | { ok: false; message: string; issues: string[] };

/**
 * Everything an import would write, checked before anything is (R-IMPORT-VALIDATE): its
 * texts cleaned first (R-TEXT-CLEAN), then the export against SessionExportSchema (issues
 * named by their path, e.g. `data.agenda.2.state.count`), then every event it produces
 * (session.created included) with validateEvent, as it would be stored.
 */
export function checkImport(sent: unknown): ImportCheck {
  const body = cleanImport(sent);
  const parsed = v.safeParse(ImportSchema, body);
  if (!parsed.success) return { ok: false, message: 'not a valid Kring session export', issues: formatIssues(parsed.issues) };
  const { as } = parsed.output;
  // What was validated, as it was sent: states and meta keep their key order, so that an
  // export imports and exports again byte for byte; configs and titles as the schemas
  // normalise them (trimmed), as agenda.add does.
  const raw = (body as { data: SessionExport }).data;
  const data: SessionExport = {
    ...(parsed.output.data as SessionExport),
    meta: structuredClone(raw.meta),
    agenda: (parsed.output.data.agenda as Activity[]).map((a, i) => ({ ...a, state: structuredClone(raw.agenda[i].state) })),
  };
  let events: DomainEvent[];
  try {
    events = importEvents(data, as);
  } catch (e) {
    return { ok: false, message: (e as Error).message, issues: [] };
  }
  const extra = as === 'session' ? { createdAt: data.createdAt } : {};
  // As Rooms.createWith stores them: session.created first (its id and code made there), seq from 1.
  const created = { type: 'session.created', sessionId: 'import-check', code: 'ACDEFG', title: data.title, lang: data.lang, ...extra };
  const issues: string[] = [];
  [created, ...events].forEach((e, i) => {
    const r = validateEvent({ ...e, seq: i + 1, at: Date.now() });
    if (!r.ok) issues.push(...r.issues.map((x) => `event ${i + 1} (${r.type}): ${x}`));
  });
  if (issues.length)
    return { ok: false, message: 'the import would store events that do not match their schemas', issues: issues.slice(0, 10) };
  return { ok: true, data, events, extra };
}
