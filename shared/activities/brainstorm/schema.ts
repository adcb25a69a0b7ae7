/**
 * The brainstorm's shapes (valibot): config, draft, commands, every event it emits (as
 * stored, and as projected to viewers) and its state. Types are inferred from them. The
 * phone never loads this file: it imports types only (see rules.ts).
 */
import * as v from 'valibot';
import { isCleanName } from '../../clean.ts';
import { ActivityId, command, draft } from '../../schema.ts';
import {
  BRAINSTORM_BULK_MAX,
  BRAINSTORM_CLUSTERS_MAX,
  BRAINSTORM_COLUMNS_MAX,
  BRAINSTORM_ITEMS_MAX,
  BRAINSTORM_LENGTH_MIN,
  BRAINSTORM_OWNER_MAX,
  BRAINSTORM_PAGE_LIMIT,
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
/** Who follows a post-it up (a person or a service). */
const Owner = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(BRAINSTORM_OWNER_MAX));
/** A day, `YYYY-MM-DD`. */
const Day = v.pipe(v.string(), v.isoDate());
/** The post-its one bulk command acts on: each once, at most BRAINSTORM_BULK_MAX. */
const BulkIds = v.pipe(
  v.array(Id),
  v.minLength(1),
  v.maxLength(BRAINSTORM_BULK_MAX),
  v.check((ids) => new Set(ids).size === ids.length, 'each post-it at most once'),
);

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
const bulk = <A extends string, E extends v.ObjectEntries>(action: A, entries: E) =>
  command('brainstorm.bulk', { ...base, itemIds: BulkIds, action: v.literal(action), ...entries });
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
  /**
   * One action on many post-its, all or nothing (R-BRAIN-BULK): hide, show, put in a cluster
   * (an existing one, none, or a new one with `title`), merge into `into`, move to a column.
   */
  v.variant('action', [
    bulk('hide', {}),
    bulk('show', {}),
    bulk('cluster', { clusterId: v.nullable(Id) }),
    bulk('newCluster', { title: Title }),
    bulk('merge', { into: Id }),
    bulk('move', { column: Column }),
  ]),
  /** Show one post-it or one cluster full-screen on the board, or neither (R-BRAIN-SPOTLIGHT). */
  command('brainstorm.spotlight', { ...base, itemId: v.nullable(Id), clusterId: v.nullable(Id) }),
  /**
   * The board's page of post-its (R-BRAIN-PAGES): a counter the board takes modulo its number
   * of pages; `auto`: from there it turns a page every BRAINSTORM_PAGE_MS by itself.
   */
  command('brainstorm.page', { ...base, page: Whole(-BRAINSTORM_PAGE_LIMIT, BRAINSTORM_PAGE_LIMIT), auto: v.boolean() }),
  /** Who follows a post-it up and by when (R-BRAIN-FOLLOWUP); empty strings clear them. */
  command('brainstorm.followUp', { ...base, itemId: Id, owner: v.union([v.literal(''), Owner]), due: v.union([v.literal(''), Day]) }),
] as const;
export type BrainstormCommand = v.InferOutput<(typeof brainstormCommands)[number]>;

/** One post-it, as stored; viewers get less of it (see `forOthers` in postits.ts). */
export const Postit = v.strictObject({
  id: Id,
  /** The author: only facilitators and the author see it. Absent for the facilitator's own. */
  pid: v.optional(Id),
  /** The author's display name (as participant.rename takes it), only when names are allowed and the author chose to show it. */
  name: v.optional(
    v.pipe(v.string(), v.minLength(1), v.maxLength(40), v.check(isCleanName, 'a name as cleanName leaves it (R-TEXT-CLEAN)')),
  ),
  /** Absent on a placeholder (private until reveal). */
  text: v.optional(Text),
  column: Column,
  clusterId: v.nullable(Id),
  /** Hidden by the facilitator: only facilitators and the author still see it. */
  hidden: v.boolean(),
  /** Texts of duplicates merged into this one, kept. */
  merged: v.array(Text),
  at: v.number(),
  /** Who follows it up (an engagement), as the facilitator set it. */
  owner: v.optional(Owner),
  /** By when (`YYYY-MM-DD`). */
  due: v.optional(Day),
});
export type Postit = v.InferOutput<typeof Postit>;
export const Cluster = v.strictObject({ id: Id, title: Title });
export type Cluster = v.InferOutput<typeof Cluster>;
/** What the board shows full-screen: one post-it or one cluster. */
export const Spotlight = v.union([v.strictObject({ itemId: Id }), v.strictObject({ clusterId: Id })]);
export type Spotlight = v.InferOutput<typeof Spotlight>;
/** The board's page: a counter (taken modulo the board's pages), paging by itself from `since` (server time) or not. */
export const Paging = v.strictObject({
  page: Whole(-BRAINSTORM_PAGE_LIMIT, BRAINSTORM_PAGE_LIMIT),
  auto: v.boolean(),
  since: v.number(),
});
export type Paging = v.InferOutput<typeof Paging>;

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
/** The spotlight moved (to nothing: back to the wall). Ids only: a viewer shows what it already holds. */
export const BrainstormSpotlit = event('brainstorm.spotlit', { spotlight: v.nullable(Spotlight) });
export const BrainstormPaged = event('brainstorm.paged', { paging: Paging });
/** Owner and due date set (absent: cleared); others do not get it while the post-it is hidden or sealed. */
export const BrainstormFollowedUp = event('brainstorm.followedUp', {
  pid: Author,
  itemId: Id,
  owner: v.optional(Owner),
  due: v.optional(Day),
  sealed: v.boolean(),
  hidden: v.boolean(),
});
/**
 * Revealed with every visible post-it (once, for the whole room: no authors for phones), or
 * sealed again (`seal`: the wall is private again). `placeholders` is projected only, to
 * viewers who are not facilitators: their views of others' post-its go back to
 * placeholders (and their own lose the texts merged into them). The stored event never
 * has it, so the server's own state keeps every text (a stored `seal` used to blank the
 * facilitator's own post-its there).
 */
export const BrainstormRevealed = v.variant('revealed', [
  event('brainstorm.revealed', { revealed: v.literal(true), items: v.pipe(v.array(Postit), v.maxLength(BRAINSTORM_ITEMS_MAX)) }),
  event('brainstorm.revealed', { revealed: v.literal(false), seal: v.boolean(), placeholders: v.optional(v.literal(true)) }),
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
  BrainstormSpotlit,
  BrainstormPaged,
  BrainstormFollowedUp,
] as const;
export type BrainstormEvent = v.InferOutput<(typeof events)[number]>;
export type StoredBrainstormEvent = BrainstormEvent & { seq: number; at: number };

/** The state as stored and exported; a viewer's projection has the same shape (placeholders, no authors). */
export const BrainstormState = v.strictObject({
  items: v.pipe(v.array(Postit), v.maxLength(BRAINSTORM_ITEMS_MAX)),
  clusters: v.pipe(v.array(Cluster), v.maxLength(BRAINSTORM_CLUSTERS_MAX)),
  revealed: v.boolean(),
  /** Absent in walls from before spotlights and pages (and until the facilitator uses them). */
  spotlight: v.optional(v.nullable(Spotlight)),
  paging: v.optional(Paging),
});
export type BrainstormState = v.InferOutput<typeof BrainstormState>;
