/** Leaf schemas used by every command (no imports from activities: avoids cycles). */
import * as v from 'valibot';
import { LANGUAGES } from './i18n/languages.ts';
import { TR_TEXT_MAX, TR_TEXTS_MAX } from './constants.ts';

export const CommandId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/));
export const ActivityId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,32}$/));
export const Title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120));
/** The session's intro and goals for the report (several lines; '' clears). */
export const MetaText = v.pipe(v.string(), v.maxLength(4000));
/** A resource (reading or viewing tip) the facilitator adds for the report: a title and an http(s) link. */
export const Resource = v.strictObject({
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  url: v.pipe(v.string(), v.trim(), v.maxLength(2000), v.url(), v.regex(/^https?:\/\//i, 'an http(s) link')),
});
/** At most 30 resources (an empty list clears them). */
export const Resources = v.pipe(v.array(Resource), v.maxLength(30));

/** Build a command schema: `{ id, type, ...payload }`, unknown keys refused. */
export function command<T extends string, E extends v.ObjectEntries>(type: T, entries: E) {
  return v.strictObject({ id: CommandId, type: v.literal(type), ...entries });
}

/** Build an activity draft schema: `{ kind, title, config }`. */
export function draft<K extends string, C extends v.GenericSchema>(kind: K, config: C) {
  return v.strictObject({ kind: v.literal(kind), title: Title, config });
}

const ItemText = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(1000));
/** An item handed from one activity to a later one (see `Item` in activities/kind.ts). */
/**
 * An item to vote or decide on. `merged`: the texts merged into it, or a cluster's members;
 * `size`: how many members a cluster has when `merged` holds only a sample of them (a town
 * hall's cluster of thousands; brainstorm's clusterItems).
 */
export const ItemSchema = v.strictObject({
  id: ActivityId,
  text: ItemText,
  merged: v.optional(v.array(ItemText)),
  size: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** A language Kring speaks (shared/i18n/languages.ts: the one list). */
export const Lang = v.picklist(LANGUAGES);

/** R-TR-TEXTS: translations of an activity's facilitator texts, per language (see translations.ts). */
const TrText = v.pipe(v.string(), v.minLength(1), v.maxLength(TR_TEXT_MAX));
export const LangTexts = v.pipe(
  v.record(TrText, TrText),
  v.check((r) => Object.keys(r).length <= TR_TEXTS_MAX, `at most ${TR_TEXTS_MAX} texts`),
);
export const Translations = v.record(Lang, LangTexts);
