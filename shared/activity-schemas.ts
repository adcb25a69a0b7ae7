/**
 * The schemas of activities as they travel (agenda.added, snapshots, imports): each kind's
 * config and state schemas, looked up in the registry, and each kind's event schemas
 * indexed by type. Used by events.ts and outbound.ts.
 */
import * as v from 'valibot';
import type { ActivityKind } from './activities/kind.ts';
import { fullKindOf, isKind, KIND_NAMES } from './activities/registry.ts';
import type { Activity } from './model.ts';
import { ActivityId, Title, Translations } from './schema.ts';
import { NOTE_MAX } from './constants.ts';
import { Photos } from './commands.ts';

export const objectEntries = (s: unknown): Record<string, v.GenericSchema> | undefined =>
  s && typeof s === 'object' && 'entries' in s ? (s as { entries: Record<string, v.GenericSchema> }).entries : undefined;

/** The kind's config schema: the `config` of its draft schema `{ kind, title, config }`. */
function configSchemaOf(k: ActivityKind): v.GenericSchema {
  const fromDraft = objectEntries(k.schemas.draft)?.config;
  if (fromDraft) return fromDraft;
  // A draft that is not a plain object schema: check the config through the whole draft.
  return v.pipe(
    v.unknown(),
    v.rawCheck(({ dataset, addIssue }) => {
      const r = v.safeParse(k.schemas.draft, { kind: k.rules.kind, title: 'x', config: dataset.value });
      if (!r.success) for (const i of r.issues) addIssue({ message: `${v.getDotPath(i) ?? ''}: ${i.message}` });
    }),
  );
}

/** Built once per kind's `schemas` object (a kind that is reloaded with new schemas is seen anew). */
const cache = new WeakMap<ActivityKind['schemas'], { activity: v.GenericSchema; config: v.GenericSchema; events: KindEvents | null }>();
interface KindEvents {
  byType: Map<string, v.GenericSchema>;
  /** Schemas whose type could not be read off (e.g. a custom schema): tried for any type of the kind. */
  other: v.GenericSchema | undefined;
}

/** The whole kind, loaded; throws for a known kind that is not loaded (a start-up bug). */
export function loaded(name: string): ActivityKind | undefined {
  const k = fullKindOf(name);
  if (!k && isKind(name)) throw new Error(`kind ${name} is not loaded: await loadKinds() first`);
  return k;
}

export function schemasOf(k: ActivityKind) {
  let c = cache.get(k.schemas);
  if (!c) {
    const config = configSchemaOf(k);
    const activity = v.strictObject({
      id: ActivityId,
      kind: v.literal(k.rules.kind),
      title: Title,
      config,
      // A kind without a state schema (yet): at least an object.
      state: k.schemas.state ?? v.record(v.string(), v.unknown()),
      locked: v.boolean(),
      opened: v.boolean(),
      tr: v.optional(Translations),
      note: v.optional(v.pipe(v.string(), v.maxLength(NOTE_MAX))),
      photos: v.optional(Photos),
    });
    c = { activity, config, events: k.schemas.events ? indexEvents(k.schemas.events) : null };
    cache.set(k.schemas, c);
  }
  return c;
}

/** The event types a schema accepts, read off its `type` entry (literal, picklist, variant, union, pipe). */
function typesOf(s: v.GenericSchema): string[] | undefined {
  const any = s as unknown as { type: string; options?: unknown[]; entries?: Record<string, unknown> };
  if (any.type === 'variant' || any.type === 'union') {
    const all = (any.options as v.GenericSchema[]).map(typesOf);
    return all.every((t) => t) ? (all.flat() as string[]) : undefined;
  }
  const t = any.entries?.type as { type?: string; literal?: unknown; options?: unknown[] } | undefined;
  if (t?.type === 'literal' && typeof t.literal === 'string') return [t.literal];
  if (t?.type === 'picklist' && t.options?.every((o) => typeof o === 'string')) return t.options as string[];
  return undefined;
}

function indexEvents(list: readonly v.GenericSchema[]): KindEvents {
  const byType = new Map<string, v.GenericSchema[]>();
  const other: v.GenericSchema[] = [];
  for (const s of list) {
    const types = typesOf(s);
    if (!types) other.push(s);
    else for (const t of types) (byType.get(t) ?? byType.set(t, []).get(t)!).push(s);
  }
  const one = (xs: v.GenericSchema[]) => (xs.length === 1 ? xs[0] : v.union(xs));
  return {
    byType: new Map([...byType].map(([t, xs]) => [t, one(xs)])),
    other: other.length ? one(other) : undefined,
  };
}

/**
 * An activity as `agenda.added`, a snapshot and an export carry it: its kind's config
 * (the draft schema) and its kind's state (`schemas.state`, when the kind has one).
 */
export const ActivitySchema: v.GenericSchema<unknown, Activity> = v.lazy((input) => {
  const kind = (input as { kind?: unknown } | null)?.kind;
  const k = typeof kind === 'string' ? loaded(kind) : undefined;
  return k ? schemasOf(k).activity : UnknownKindActivity;
}) as never;
const UnknownKindActivity = v.looseObject({ kind: v.picklist(KIND_NAMES as string[]) });

/** Any kind's config (agenda.updated does not say its kind; see `kindOfActivity`). */
export const AnyConfig = v.lazy(() => v.union(KIND_NAMES.map((n) => schemasOf(loaded(n)!).config)));

/** A kind's config schema (its draft's `config`), for callers that know the kind. */
export function configSchemaFor(kind: string): v.GenericSchema | undefined {
  const k = loaded(kind);
  return k ? schemasOf(k).config : undefined;
}
