/**
 * The session as JSON, to keep or to move to another server, and to import again as a
 * new session (with its results) or as a template (agenda only). Exported from the
 * facilitator's projection, so Deep Democracy stances never leave the server with ids.
 */
import * as v from 'valibot';
import { kindOf, KIND_NAMES } from './activities/registry.ts';
import { projectState } from './audiences.ts';
import { ActivityDraft } from './commands.ts';
import type { Activity, DomainEvent, RoomState, SessionMeta } from './model.ts';
import { ActivityId, Title } from './schema.ts';

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

const ExportedActivity = v.object({
  id: ActivityId,
  kind: v.picklist(KIND_NAMES as [string, ...string[]]),
  title: Title,
  config: v.unknown(),
  state: v.record(v.string(), v.unknown()),
  locked: v.boolean(),
  opened: v.boolean(),
});
export const SessionExportSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  title: Title,
  lang: v.picklist(['nl', 'en']),
  createdAt: v.number(),
  meta: v.record(v.string(), v.string()),
  peak: v.pipe(v.number(), v.integer(), v.minValue(0)),
  participants: v.pipe(v.array(v.object({ id: ActivityId, name: v.optional(v.pipe(v.string(), v.maxLength(40))) })), v.maxLength(5000)),
  agenda: v.pipe(v.array(ExportedActivity), v.maxLength(100)),
});

/**
 * The events that recreate an exported session (after `session.created`). As a template,
 * only the agenda, with fresh state; as a session, results and participants too.
 * Throws a readable error when an activity's config does not fit its kind.
 */
export function importEvents(data: Pick<SessionExport, 'participants' | 'agenda' | 'meta' | 'peak'>, as: 'session' | 'template'): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (as === 'session') for (const p of data.participants) events.push({ type: 'participant.joined', pid: p.id, ...(p.name ? { name: p.name } : {}) });
  data.agenda.forEach((a, index) => {
    const draft = v.safeParse(ActivityDraft, { kind: a.kind, title: a.title, config: a.config });
    if (!draft.success) throw new Error(`activity ${index + 1} (${a.kind}) has an invalid configuration`);
    const config = draft.output.config;
    const activity: Activity =
      as === 'session'
        ? { ...a, config, state: structuredClone(a.state) }
        : { id: a.id, kind: a.kind, title: a.title, config, state: kindOf(a.kind)!.init(config), locked: false, opened: false };
    events.push({ type: 'agenda.added', index, activity });
  });
  if (as === 'session') {
    if (Object.keys(data.meta).length) events.push({ type: 'session.metaSet', ...data.meta });
    if (data.peak) events.push({ type: 'session.peak', count: data.peak });
  }
  return events;
}
