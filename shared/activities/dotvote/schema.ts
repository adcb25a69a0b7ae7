/**
 * The dot vote's shapes (valibot): config, draft, commands, every event it emits (as
 * stored, and as projected to viewers) and its state. Types are inferred from them. The
 * phone never loads this file: it imports types only (see rules.ts).
 */
import * as v from 'valibot';
import type { FeedUnit, Item } from '../kind.ts';
import { ActivityId, command, draft, ItemSchema } from '../../schema.ts';
import { DOTVOTE_BUDGET_MAX, DOTVOTE_CAP_MAX, DOTVOTE_CARRY_MAX, DOTVOTE_ITEMS_MAX, DOTVOTE_PROMPT_MAX } from './constants.ts';

const Id = ActivityId;
const Count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
const Whole = v.pipe(v.number(), v.integer(), v.minValue(0));

export const VoteItem = ItemSchema;
export type VoteItem = Item;
const Items = v.pipe(v.array(VoteItem), v.maxLength(DOTVOTE_ITEMS_MAX));
const Carried = v.pipe(v.array(Id), v.maxLength(DOTVOTE_CARRY_MAX));
/**
 * R-DOT-ITEM-IDS: valibot's `v.record` skips the keys `__proto__`, `constructor` and
 * `prototype` (neither checks nor outputs them), but they are ids like any other here: a
 * record keyed by ids checks them first with this.
 */
const SKIPPED = ['__proto__', 'constructor', 'prototype'];
const skipped = (o: unknown): unknown[] =>
  o && typeof o === 'object' ? SKIPPED.filter((k) => Object.hasOwn(o, k)).map((k) => (o as Record<string, unknown>)[k]) : [];
const idKeyed = (ok: (value: unknown) => boolean) =>
  v.custom<unknown>((o) => skipped(o).every(ok), 'a value under an id such as constructor does not fit either');
/** Dots per item id. */
const Tally = v.pipe(
  idKeyed((n) => v.is(Whole, n)),
  v.record(Id, Whole),
);
const DotCount = Count(DOTVOTE_BUDGET_MAX);
const MyDots = v.pipe(
  idKeyed((n) => v.is(DotCount, n)),
  v.record(Id, DotCount),
);
const Dots = v.pipe(
  idKeyed((mine) => v.is(MyDots, mine)),
  v.record(Id, MyDots),
);
/**
 * What a vote with a source votes on: its items (a brainstorm's post-its, a vote's carried
 * items) or its clusters, one item each (`FeedUnit`). Absent (older sessions): items.
 */
export const VoteUnit = v.picklist(['items', 'clusters'] as const satisfies readonly FeedUnit[]);
export type VoteUnit = v.InferOutput<typeof VoteUnit>;

export const DotvoteConfig = v.strictObject({
  prompt: v.pipe(v.string(), v.trim(), v.maxLength(DOTVOTE_PROMPT_MAX)),
  /** Take the items from this brainstorm (its visible post-its) or dot vote (its carried items). */
  sourceId: v.nullable(Id),
  /** With a source: vote on its items or on its clusters (absent: items). */
  unit: v.optional(VoteUnit),
  /** A typed list, used when there is no source. */
  items: Items,
  budget: Count(DOTVOTE_BUDGET_MAX),
  stacking: v.boolean(),
  capPerItem: v.nullable(Count(DOTVOTE_CAP_MAX)),
});
export type DotvoteConfig = v.InferOutput<typeof DotvoteConfig>;
export const DotvoteDraft = draft('dotvote', DotvoteConfig);

const base = { activityId: Id };
export const dotvoteCommands = [
  command('dotvote.place', { ...base, itemId: Id }),
  command('dotvote.unplace', { ...base, itemId: Id }),
  command('dotvote.reveal', { ...base, revealed: v.boolean() }),
  command('dotvote.carry', { ...base, itemIds: Carried }),
  /** Take the items of `sourceId` (or, `unit: 'clusters'`, its clusters; default: the config's unit). */
  command('dotvote.load', { ...base, sourceId: Id, unit: v.optional(VoteUnit) }),
] as const;
export type DotvoteCommand = v.InferOutput<(typeof dotvoteCommands)[number]>;

/** An event: its type, its activity and its fields (the stored one also has `seq` and `at`). */
const event = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ type: v.literal(type), activityId: Id, ...entries });
const Delta = v.picklist([1, -1]);

/** One dot placed (+1) or taken back (−1). Stored; sent only to facilitators and the voter. */
export const DotvoteDotted = event('dotvote.dotted', {
  pid: Id,
  itemId: Id,
  delta: Delta,
  /** The number of people with at least one dot went up (1), down (−1) or not (0). */
  voterDelta: v.picklist([1, 0, -1]),
  /** The vote was revealed then: the tally moves too. */
  revealed: v.boolean(),
});
/** Projected only: what others learn of a dot before the reveal (the number of voters changed). */
export const DotvoteCounted = event('dotvote.counted', { voterDelta: Delta });
/** Projected only: what others learn of a dot after the reveal (no one's id). */
export const DotvoteTallied = event('dotvote.tallied', { itemId: Id, delta: Delta, voterDelta: v.picklist([1, 0, -1]) });
/** Revealed with the tally, or hidden again (without). To everyone. */
export const DotvoteRevealed = v.variant('revealed', [
  event('dotvote.revealed', { revealed: v.literal(true), tally: Tally }),
  event('dotvote.revealed', { revealed: v.literal(false) }),
]);
export const DotvoteCarried = event('dotvote.carried', { itemIds: Carried });
/** The items taken from a source; `unit: 'clusters'` when they are its clusters (absent in older sessions: items). */
export const DotvoteLoaded = event('dotvote.loaded', { items: Items, unit: v.optional(VoteUnit) });

export const events = [DotvoteDotted, DotvoteCounted, DotvoteTallied, DotvoteRevealed, DotvoteCarried, DotvoteLoaded] as const;
export type DotvoteEvent = v.InferOutput<(typeof events)[number]>;
export type StoredDotvoteEvent = DotvoteEvent & { seq: number; at: number };

/** The state as stored and exported; a viewer's projection has the same shape, with less in it. */
export const DotvoteState = v.strictObject({
  items: Items,
  /** participant → item → dots. Facilitators see all; a phone only its own; the board none. */
  dots: Dots,
  /** How many people have at least one dot placed (progress, not a tally). */
  voters: Whole,
  revealed: v.boolean(),
  /** Dots per item: sent to phones and the board only once revealed. */
  tally: v.nullable(Tally),
  /** Items the facilitator carries forward into the next activity, in order. */
  carried: Carried,
  /** What the items are: a source's clusters (`clusters`, their members' texts in `merged`) or items (absent too). */
  unit: v.optional(VoteUnit),
});
export type DotvoteState = v.InferOutput<typeof DotvoteState>;
