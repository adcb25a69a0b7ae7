/**
 * The brainstorm's shapes (valibot): config, draft, commands, every event it emits (as
 * stored, and as projected to viewers) and its state. Types are inferred from them. The
 * phone never loads this file: it imports types only (see rules.ts).
 */
import * as v from 'valibot';
import { ActivityId, command, draft } from '../../schema.ts';
import {
  BRAINSTORM_CLUSTERS_MAX,
  BRAINSTORM_COLUMNS_MAX,
  BRAINSTORM_ITEMS_MAX,
  BRAINSTORM_LENGTH_MIN,
  BRAINSTORM_PER_PERSON_MAX,
  BRAINSTORM_PROMPT_MAX,
  BRAINSTORM_TEXT_MAX,
  BRAINSTORM_TITLE_MAX,
} from './constants.ts';

const Id = ActivityId;
const Text = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(BRAINSTORM_TEXT_MAX));
const Title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(BRAINSTORM_TITLE_MAX));
const Column = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(BRAINSTORM_COLUMNS_MAX - 1)));
const Whole = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const BrainstormConfig = v.strictObject({
  prompt: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(BRAINSTORM_PROMPT_MAX)),
  columns: v.pipe(v.array(Title), v.maxLength(BRAINSTORM_COLUMNS_MAX)),
  maxPerPerson: Whole(1, BRAINSTORM_PER_PERSON_MAX),
  maxLength: Whole(BRAINSTORM_LENGTH_MIN, BRAINSTORM_TEXT_MAX),
  allowNames: v.boolean(),
  privateUntilReveal: v.boolean(),
});
export type BrainstormConfig = v.InferOutput<typeof BrainstormConfig>;
export const BrainstormDraft = draft('brainstorm', BrainstormConfig);

const base = { activityId: Id };
export const brainstormCommands = [
  command('brainstorm.add', { ...base, text: Text, column: Column, showName: v.boolean() }),
  command('brainstorm.edit', { ...base, itemId: Id, text: Text }),
  command('brainstorm.delete', { ...base, itemId: Id }),
  command('brainstorm.hide', { ...base, itemId: Id, hidden: v.boolean() }),
  command('brainstorm.merge', { ...base, itemId: Id, otherId: Id }),
  command('brainstorm.move', { ...base, itemId: Id, column: Column }),
  command('brainstorm.cluster', { ...base, itemId: Id, clusterId: v.nullable(Id) }),
  command('brainstorm.clusterAdd', { ...base, title: Title }),
  command('brainstorm.clusterRename', { ...base, clusterId: Id, title: Title }),
  command('brainstorm.clusterRemove', { ...base, clusterId: Id }),
  command('brainstorm.reveal', { ...base, revealed: v.boolean() }),
] as const;
export type BrainstormCommand = v.InferOutput<(typeof brainstormCommands)[number]>;

/** One post-it, as stored; viewers get less of it (see `forOthers` in postits.ts). */
export const Postit = v.strictObject({
  id: Id,
  /** The author: only facilitators and the author see it. Absent for the facilitator's own. */
  pid: v.optional(Id),
  /** The author's display name (as participant.rename takes it), only when names are allowed and the author chose to show it. */
  name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(40))),
  /** Absent on a placeholder (private until reveal). */
  text: v.optional(Text),
  column: Column,
  clusterId: v.nullable(Id),
  /** Hidden by the facilitator: only facilitators and the author still see it. */
  hidden: v.boolean(),
  /** Texts of duplicates merged into this one, kept. */
  merged: v.array(Text),
  at: v.number(),
});
export type Postit = v.InferOutput<typeof Postit>;
export const Cluster = v.strictObject({ id: Id, title: Title });
export type Cluster = v.InferOutput<typeof Cluster>;

/** An event: its type, its activity and its fields (the stored one also has `seq` and `at`). */
const event = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ type: v.literal(type), activityId: Id, ...entries });
/** The author, where an event concerns a participant's post-it: only facilitators and the author get it. */
const Author = v.optional(Id);

/** A post-it was added (or, to others, came back from hidden). `sealed`: private until reveal then. */
export const BrainstormAdded = event('brainstorm.added', { pid: Author, item: Postit, sealed: v.boolean() });
/** Others do not get it while the post-it is hidden or sealed. */
export const BrainstormEdited = event('brainstorm.edited', {
  pid: Author,
  itemId: Id,
  text: Text,
  sealed: v.boolean(),
  hidden: v.boolean(),
});
export const BrainstormDeleted = event('brainstorm.deleted', { pid: Author, itemId: Id });
/** Projected only: a post-it others may no longer see (it was hidden). */
export const BrainstormGone = event('brainstorm.gone', { itemId: Id });
/** Hidden (others get `gone`), or shown again with the post-it (others get `added`). */
export const BrainstormHidden = v.variant('hidden', [
  event('brainstorm.hidden', { pid: Author, itemId: Id, hidden: v.literal(true) }),
  event('brainstorm.hidden', { pid: Author, itemId: Id, hidden: v.literal(false), item: Postit, sealed: v.boolean() }),
]);
/** `otherId` went into `itemId`, which now keeps `merged`; others do not get those texts while sealed. */
export const BrainstormMerged = event('brainstorm.merged', {
  pid: Author,
  itemId: Id,
  otherId: Id,
  merged: v.optional(v.array(Text)),
  sealed: v.boolean(),
});
export const BrainstormMoved = event('brainstorm.moved', { itemId: Id, column: Column });
export const BrainstormClustered = event('brainstorm.clustered', { itemId: Id, clusterId: v.nullable(Id) });
export const BrainstormClusterAdded = event('brainstorm.clusterAdded', { clusterId: Id, title: Title });
export const BrainstormClusterRenamed = event('brainstorm.clusterRenamed', { clusterId: Id, title: Title });
export const BrainstormClusterRemoved = event('brainstorm.clusterRemoved', { clusterId: Id });
/**
 * Revealed with every visible post-it (once, for the whole room: no authors for phones), or
 * sealed again (`seal`: others' post-its go back to placeholders; false for facilitators).
 */
export const BrainstormRevealed = v.variant('revealed', [
  event('brainstorm.revealed', { revealed: v.literal(true), items: v.pipe(v.array(Postit), v.maxLength(BRAINSTORM_ITEMS_MAX)) }),
  event('brainstorm.revealed', { revealed: v.literal(false), seal: v.boolean() }),
]);

export const events = [
  BrainstormAdded,
  BrainstormEdited,
  BrainstormDeleted,
  BrainstormGone,
  BrainstormHidden,
  BrainstormMerged,
  BrainstormMoved,
  BrainstormClustered,
  BrainstormClusterAdded,
  BrainstormClusterRenamed,
  BrainstormClusterRemoved,
  BrainstormRevealed,
] as const;
export type BrainstormEvent = v.InferOutput<(typeof events)[number]>;
export type StoredBrainstormEvent = BrainstormEvent & { seq: number; at: number };

/** The state as stored and exported; a viewer's projection has the same shape (placeholders, no authors). */
export const BrainstormState = v.strictObject({
  items: v.pipe(v.array(Postit), v.maxLength(BRAINSTORM_ITEMS_MAX)),
  clusters: v.pipe(v.array(Cluster), v.maxLength(BRAINSTORM_CLUSTERS_MAX)),
  revealed: v.boolean(),
});
export type BrainstormState = v.InferOutput<typeof BrainstormState>;
