/**
 * The agenda builder's drafts: a fresh `{kind, title, config}` per kind (from the kind's
 * builder defaults), a copy of an existing activity to edit, and checks against the kind's
 * draft schema before sending. Nothing here names a kind.
 */
import * as v from 'valibot';
import { fullKindOf, kindOf, loadedKinds } from '../../../../shared/activities/registry.ts';
import type { Activity, RoomView } from '../../../../shared/model.ts';
import { DEFAULT_LANG, translate } from '../../../../shared/i18n/index.ts';

export interface Draft {
  kind: string;
  title: string;
  config: Record<string, any>;
}

/** The kinds a facilitator can add, in the order the builder offers them. */
export const builderKinds = (): string[] => loadedKinds().map((k) => k.rules.kind);

/** The activities before `index` (or all) that can feed items to a later one (none before the room is shown). */
export function sourcesBefore(view: RoomView | null, index: number | null): Activity[] {
  if (!view) return [];
  const upto = index === null ? view.agenda.length : index;
  return view.agenda.slice(0, upto).filter((a) => !!kindOf(a.kind)?.feeds);
}

/** A new draft of `kind`, in the session's language, wired to the latest source when it takes items. */
export function freshDraft(kind: string, view: RoomView | null): Draft {
  const k = fullKindOf(kind);
  if (!k) throw new Error(`unknown kind ${kind}`);
  const lang = view?.lang ?? DEFAULT_LANG;
  const config = k.builder.defaults((key, params) => translate(lang, key, params)) as Record<string, any>;
  if (k.rules.takesItems) config.sourceId = sourcesBefore(view, null).at(-1)?.id ?? null;
  return { kind, title: '', config };
}

/** The catalogue key of the line under the kind picker that says what a kind is for. */
export function kindHintKey(kind: string): string {
  return fullKindOf(kind)?.builder.hint ?? `builder.kindHint.${kind}`;
}

export function draftOf(a: Activity): Draft {
  return { kind: a.kind, title: a.title, config: structuredClone(a.config) as Record<string, any> };
}

/** The draft as the schema will take it: trimmed strings, empty lines dropped. */
export function normalise(d: Draft): Draft {
  const c = plainCopy(d.config);
  const normaliseConfig = fullKindOf(d.kind)?.builder.normalise;
  return { kind: d.kind, title: d.title.trim(), config: normaliseConfig ? normaliseConfig(c) : c };
}

/** A plain copy of a (possibly reactive) object. */
function plainCopy<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** The fields (dot paths) the shared schema refuses, or [] when the draft is fine. */
export function problems(d: Draft): string[] {
  const kind = fullKindOf(d.kind);
  if (!kind) return ['kind'];
  const r = v.safeParse(kind.schemas.draft, d);
  if (r.success) return [];
  return [...new Set(r.issues.map((i) => v.getDotPath(i) ?? ''))];
}

/** The label key of a field path the schema refused (title, or the kind's own fields). */
export function fieldLabelKey(kind: string, path: string): string | undefined {
  const labels: Record<string, string> = { title: 'console.add.title', ...fullKindOf(kind)?.builder.fieldLabels };
  const key = Object.keys(labels).find((k) => path === k || path.startsWith(`${k}.`));
  return key ? labels[key] : undefined;
}

/** The one-line reminder of what an activity holds, under it in the agenda. */
export function summaryOf(
  a: Activity,
  agenda: readonly Activity[],
  t: (key: string, params?: Record<string, string | number>) => string,
): string {
  return fullKindOf(a.kind)?.builder.summary(a, t, agenda) ?? '';
}
