/**
 * The agenda builder's drafts: a fresh `{kind, title, config}` per kind, a copy of an
 * existing activity to edit, and checks against the shared draft schema before sending.
 */
import * as v from 'valibot';
import { kindOf } from '../../../../shared/activities/index.ts';
import type { VoteItem } from '../../../../shared/activities/dotvote/index.ts';
import type { Activity, RoomView } from '../../../../shared/model.ts';
import { translate } from '../../../../shared/i18n/index.ts';
import { GROUPWORK_QUESTIONS } from '../../../../shared/templates.ts';
import { nanoid } from 'nanoid';

/** The kinds a facilitator can add, in the order the builder offers them. */
export const BUILDER_KINDS = ['info', 'checkin', 'brainstorm', 'dotvote', 'groupwork', 'deepdemocracy'] as const;
export type BuilderKind = (typeof BUILDER_KINDS)[number];

export interface Draft {
  kind: string;
  title: string;
  config: Record<string, any>;
}

/** The activities before `index` (or all) that can feed items: brainstorms and dot votes. */
export function sourcesBefore(view: RoomView, index: number | null, kinds: readonly string[] = ['brainstorm', 'dotvote']): Activity[] {
  const upto = index === null ? view.agenda.length : index;
  return view.agenda.slice(0, upto).filter((a) => kinds.includes(a.kind));
}

/** A new draft of `kind`, in the session's language, wired to the latest fitting source. */
export function freshDraft(kind: string, view: RoomView): Draft {
  const t = (key: string) => translate(view.lang, key);
  const last = (kinds: string[]) => sourcesBefore(view, null, kinds).at(-1)?.id ?? null;
  switch (kind) {
    case 'checkin':
      return { kind, title: '', config: { mode: 'checkin', prompts: [''] } };
    case 'brainstorm':
      return {
        kind,
        title: '',
        config: { prompt: '', columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: false },
      };
    case 'dotvote':
      return {
        kind,
        title: '',
        config: { prompt: '', sourceId: last(['brainstorm', 'dotvote']), items: [], budget: 5, stacking: true, capPerItem: null },
      };
    case 'groupwork':
      return { kind, title: '', config: { sourceId: last(['dotvote', 'brainstorm']), items: [], questions: GROUPWORK_QUESTIONS.map(t) } };
    case 'deepdemocracy':
      return { kind, title: '', config: { proposal: '', smallGroupSafety: true } };
    default:
      return { kind: 'info', title: '', config: { body: '', agreeable: true } };
  }
}

export function draftOf(a: Activity): Draft {
  return { kind: a.kind, title: a.title, config: structuredClone(a.config) as Record<string, any> };
}

/** Typed item lines → vote items, keeping the ids of lines that did not change. */
export function itemsFromLines(text: string, old: readonly VoteItem[]): VoteItem[] {
  const pool = [...old];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const at = pool.findIndex((i) => i.text === line);
      if (at >= 0) return pool.splice(at, 1)[0];
      return { id: `i${nanoid(10)}`, text: line };
    });
}

export const linesOf = (items: readonly VoteItem[]) => items.map((i) => i.text).join('\n');

/** The draft as the schema will take it: trimmed strings, empty prompts dropped. */
export function normalise(d: Draft): Draft {
  const c = structuredClone(plainCopy(d.config));
  switch (d.kind) {
    case 'checkin':
      c.prompts = (c.prompts as string[]).map((p) => p.trim()).filter(Boolean);
      break;
    case 'brainstorm':
      c.columns = (c.columns as string[]).map((p) => p.trim()).filter(Boolean);
      break;
    case 'groupwork':
      c.questions = (c.questions as string[]).map((p) => p.trim()).filter(Boolean);
      break;
    case 'dotvote':
      if (!c.stacking) c.capPerItem = null;
      break;
  }
  return { kind: d.kind, title: d.title.trim(), config: c };
}

/** A plain copy of a (possibly reactive) object. */
function plainCopy<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** The fields (dot paths) the shared schema refuses, or [] when the draft is fine. */
export function problems(d: Draft): string[] {
  const kind = kindOf(d.kind);
  if (!kind) return ['kind'];
  const r = v.safeParse(kind.draftSchema, d);
  if (r.success) return [];
  return [...new Set(r.issues.map((i) => v.getDotPath(i) ?? ''))];
}
