/**
 * Translated prompts: what the facilitator wrote (an activity's title, prompt, questions,
 * columns, typed items, options…) can carry translations, per language, keyed by the
 * original text. Keyed by the text, not by where it sits: an original that is edited
 * loses its translation (the phone then shows the new original rather than a translation
 * of the old one), and a typed item copied into the activity's state is found as well.
 *
 * `textsOf` lists the texts of an activity that may be translated (its kind says which,
 * `KindRules.texts`); the server accepts translations only for those. `localise` is what a
 * phone or board shows: the activity with each of those texts in `lang` where a
 * translation exists. What participants write is never a key, so it stays as written.
 */
import { kindOf } from './activities/registry.ts';
import type { Activity } from './model.ts';

/** Per language, original text → translation. */
export type Translations = Record<string, Record<string, string>>;

/** The texts of `a` the facilitator wrote and may translate: its title and its kind's texts. */
export function textsOf(a: Pick<Activity, 'kind' | 'title' | 'config'>): string[] {
  const own = kindOf(a.kind)?.texts?.(a.config) ?? [];
  return [...new Set([a.title, ...own].map((s) => s.trim()).filter(Boolean))];
}

/** Fields that hold identifiers or modes, never shown text: never replaced. */
const KEEP = /^(id|kind|type|mode|pid|by|step|status|assignment)$|Id$/;

function swap(x: unknown, tr: Record<string, string>, key = ''): unknown {
  if (typeof x === 'string') return KEEP.test(key) ? x : (tr[x.trim()] ?? x);
  if (Array.isArray(x)) return x.map((y) => swap(y, tr, key));
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, y] of Object.entries(x)) out[k] = swap(y, tr, k);
    return out;
  }
  return x;
}

/** Whether `a` has any translation into `lang`. */
export const hasTranslation = (a: Pick<Activity, 'tr'>, lang: string): boolean => !!a.tr?.[lang] && Object.keys(a.tr[lang]).length > 0;

/** `a` as shown in `lang`: its facilitator texts translated where a translation exists. */
export function localise<A extends Activity>(a: A, lang: string): A {
  const tr = a.tr?.[lang];
  if (!tr || !Object.keys(tr).length) return a;
  return { ...a, title: tr[a.title.trim()] ?? a.title, config: swap(a.config, tr), state: swap(a.state, tr) };
}

/** One text in `lang` (a board line, a report heading). */
export const translated = (a: Pick<Activity, 'tr'>, text: string, lang: string): string => a.tr?.[lang]?.[text.trim()] ?? text;
