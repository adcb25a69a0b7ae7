/**
 * What an activity kind is. A kind is one folder, `shared/activities/<kind>/`, holding:
 *   rules.ts   `rules`: state, decide, apply, projections (no valibot: the phone loads it)
 *   schema.ts  valibot schemas of its config, commands and events (types inferred)
 *   report.ts  its part of the report, its spreadsheet rows, what a series carries over
 *   builder.ts the agenda builder's defaults, normalisation, summary line and field labels
 *   kind.ts    `export default defineKind({ rules, schemas, report, builder })`
 * and one folder `client/src/activities/<kind>/` with its views (Phone, Board, Console,
 * Fields). Both are discovered (registry.ts, client/src/activities/registry.ts): adding a
 * kind touches nothing outside its two folders, its catalogue keys and its tests.
 */
import type { GenericSchema } from 'valibot';
import type { Activity, Actor, Context, Decision, DomainEvent, RoomState, StoredEvent, Viewer } from '../model.ts';
import type { Block, ReportContext, ReportRow } from '../report/model.ts';

/** An item one activity hands to a later one (a post-it to vote on, a vote's top item). */
export interface Item {
  id: string;
  text: string;
  /** Texts merged into this item (a cluster's members: a sample of them when `size` is set). */
  merged?: string[];
  /** A cluster's number of members when `merged` holds only a sample (a town hall's wall). */
  size?: number;
}

/** What the core lends a kind's rules: the room, read-only, and items from other activities. */
export interface KindRoom {
  readonly state: RoomState;
  /**
   * The items an earlier activity offers (see `feeds`), or undefined when it offers none.
   * `by: 'clusters'`: its clusters as items instead (see `feeds`), where it has them.
   */
  itemsFrom(activityId: string, by?: FeedUnit): Item[] | undefined;
}

/** What an activity offers a later one: its items, or its clusters as items (a cluster's title, its members' texts in `merged`). */
export type FeedUnit = 'items' | 'clusters';

/**
 * R-DD-PSEUDONYM: what the server lends a kind that stores some records under pseudonyms
 * (a ballot, not who cast it). Given in the `Context` of decide and on a participant's
 * `Viewer` when projecting for it; absent in the pure reducer and on the phone, where a
 * kind keys its records by the participant id.
 */
export interface Pseudonyms {
  /** The participant's pseudonym in one activity (the same every time, unknowable without the session's key). */
  voterOf?(activityId: string, participantId: string): string;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface KindRules<C = any, S = any> {
  kind: string;
  init(config: C): S;
  /** The config was edited: keep what still fits. Default: keep the state. */
  reconfigure?(state: S, config: C): S;
  /**
   * Why this edit of the config cannot be made now (it would contradict what people
   * already did or saw), or undefined. The facilitator gets INVALID with this reason.
   */
  reconfigureRefusal?(activity: Activity<C, S>, config: C): string | undefined;
  /** Decide one of this kind's commands (type `<kind>.…`, already schema-checked). */
  decide(cmd: any, activity: Activity<C, S>, actor: Actor, ctx: Context, room: KindRoom): Decision;
  /** Events to add when the facilitator makes this activity current (e.g. load items). */
  onGoto?(activity: Activity<C, S>, room: KindRoom, ctx: Context): DomainEvent[];
  /** Events to add when a participant arrives while this activity is current. */
  onArrive?(activity: Activity<C, S>, participantId: string, room: KindRoom, ctx: Context): DomainEvent[];
  /** Folds one of this kind's events into `state` in place; accepts projected events too. */
  apply(state: S, ev: any, activity: Activity<C, S>): void;
  /** A fresh object with only what `viewer` may see. */
  projectState(state: S, viewer: Viewer, activity: Activity<C, S>): S;
  /** The event as `viewer` may see it, or null when it may not see it at all. */
  projectEvent(ev: any, viewer: Viewer): StoredEvent | null;
  /**
   * The items this activity offers to a later one (a brainstorm's post-its, a vote's carried
   * items); with `by: 'clusters'`, its clusters as items, for a kind that clusters (an
   * empty list when it has none).
   */
  feeds?(activity: Activity<C, S>, by?: FeedUnit): Item[];
  /** This kind takes items from an earlier activity that `feeds` (config `sourceId`). */
  takesItems?: boolean;
  /** Votes per item id, for other kinds' report parts ("6 stemmen" beside a post-it). */
  votes?(state: S): Record<string, number>;
  /** Starting items from a template (e.g. a refresher's post-its). */
  seed?(state: S, texts: string[], newId: () => string): void;
  /** What the facilitator wrote in `config` that may be translated (besides the title; see translations.ts). */
  texts?(config: C): string[];
  /**
   * Command types whose records are kept under the actor's pseudonym (R-DD-PSEUDONYM): the
   * server also records their command ids (retries, quotas) under that pseudonym, not the
   * participant id.
   */
  pseudonymous?: readonly string[];
}

export interface KindSchemas {
  /** `{ kind, title, config }` as sent in agenda.add / agenda.update. */
  draft: GenericSchema;
  /** Its commands; each has `activityId` and a type `<kind>.…`. */
  commands: readonly GenericSchema[];
  /** Its stored events (type `<kind>.…`), as the reducer emits them. */
  events?: readonly GenericSchema[];
  /** Its activity state, as exported and imported. */
  state?: GenericSchema;
}

export interface KindReport<C = any, S = any> {
  /** This kind's part of the report (after the activity's heading), in the session language. */
  report?(activity: Activity<C, S>, ctx: ReportContext): Block[];
  /** This kind's items as spreadsheet rows. */
  rows?(activity: Activity<C, S>, ctx: ReportContext): ReportRow[];
  /** What a next session in a series carries over (shared/series.ts puts it in the refresher). */
  carryOver?(activity: Activity<C, S>): CarryOver;
}

/** What one activity carries over to the next session of a series. */
export interface CarryOver {
  top?: { text: string; votes: number }[];
  decisions?: string[];
  /** The decisions with how they came about: amended from the majority's option, or as voted. */
  decided?: { text: string; amendedFrom?: string }[];
  /** The minority's needs and what became of them (`outcome`: a key under `report.dd.need.`). */
  needs?: { need: string; outcome: string; reason?: string }[];
  /** The group work's first small steps, with the item the group worked on. */
  steps?: { text: string; item?: string }[];
  /** Engagements someone took on: the text, its owner and due date (YYYY-MM-DD). */
  followUps?: { text: string; owner?: string; due?: string }[];
}

export interface KindBuilder<C = any, S = any> {
  /** Place in the builder's list of kinds (lower first). */
  order: number;
  /** Catalogue key of the line under the kind picker that says what the kind is for (default `builder.kindHint.<kind>`). */
  hint?: string;
  /** A fresh config; `t` translates into the session's language. Kinds that take items get `sourceId` set by the core. */
  defaults(t: Translate): C;
  /** The config as the schema takes it: trimmed strings, empty lines dropped. */
  normalise?(config: C): C;
  /** One line under the activity in the agenda. */
  summary(activity: Activity<C, S>, t: Translate, agenda: readonly Activity[]): string;
  /** Config paths (as the schema reports them) → catalogue key of the field's label. */
  fieldLabels?: Record<string, string>;
}

export interface ActivityKind<C = any, S = any> {
  rules: KindRules<C, S>;
  schemas: KindSchemas;
  report: KindReport<C, S>;
  builder: KindBuilder<C, S>;
}

export const defineKind = <C, S>(k: ActivityKind<C, S>): ActivityKind<C, S> => k;

/** Remove the participant id from an event for viewers it does not concern. */
export function withoutPid<E extends { pid?: string }>(ev: E): E {
  const { pid: _pid, ...rest } = ev;
  return rest as E;
}

/** Keep `pid` for facilitators and the participant it concerns; strip it for the rest. */
export function pidFor<E extends { pid?: string }>(ev: E, viewer: Viewer): E {
  if (viewer.role === 'facilitator') return ev;
  if (viewer.role === 'participant' && ev.pid && viewer.participantId === ev.pid) return ev;
  return withoutPid(ev);
}
