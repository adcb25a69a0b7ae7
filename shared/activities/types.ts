/**
 * What an activity kind owns: its config schema, its commands, its reducer slice
 * (decide + apply) and its projection. Adding a kind = one file/folder here, registered
 * in index.ts, plus its three views in client/src/activities/<kind>/.
 */
import type * as v from 'valibot';
import type { Activity, Actor, Context, Decision, DomainEvent, RoomState, StoredEvent, Viewer } from '../model.ts';
import type { Block, ReportContext, ReportRow } from '../report/model.ts';

export interface ActivityKind<C = any, S = any> {
  kind: string;
  /** `{ kind, title, config }` as sent in agenda.add / agenda.update. */
  draftSchema: v.GenericSchema;
  /** This kind's commands; each has `activityId` and a type prefixed with `<kind>.`. */
  commandSchemas: readonly v.GenericSchema[];
  init(config: C): S;
  /** The config was edited: keep what still fits. Default: keep the state. */
  reconfigure?(state: S, config: C): S;
  /** Decide one of this kind's commands. `room` is read-only context (e.g. a source activity). */
  decide(cmd: any, activity: Activity<C, S>, actor: Actor, ctx: Context, room: RoomState): Decision;
  /** Events to add when the facilitator makes this activity current (e.g. load items). */
  onGoto?(activity: Activity<C, S>, room: RoomState, ctx: Context): DomainEvent[];
  /** Events to add when a participant arrives (joins or comes back) while this activity is current. */
  onArrive?(activity: Activity<C, S>, participantId: string, room: RoomState, ctx: Context): DomainEvent[];
  /** Mutates `state` in place. Must accept projected (stripped) events as well. */
  apply(state: S, ev: StoredEvent, activity: Activity<C, S>): void;
  /** A fresh object with only what `viewer` may see. */
  projectState(state: S, viewer: Viewer, activity: Activity<C, S>): S;
  /**
   * The event as `viewer` may see it, or null when it may not see it at all. It may also
   * become another event type that only views apply (e.g. an item hidden by the
   * facilitator becomes `<kind>.gone` for phones that may no longer see it).
   */
  projectEvent(ev: StoredEvent, viewer: Viewer): StoredEvent | null;
  /** This kind's part of the report (after the activity's heading), in the session language. */
  report?(activity: Activity<C, S>, ctx: ReportContext): Block[];
  /** This kind's items as CSV rows. */
  rows?(activity: Activity<C, S>, ctx: ReportContext): ReportRow[];
}

/** Remove the participant id from an event for viewers it does not concern. */
export function withoutPid(ev: StoredEvent): StoredEvent {
  const { pid: _pid, ...rest } = ev;
  return rest as StoredEvent;
}

/** Keep `pid` for facilitators and the participant it concerns; strip it for the rest. */
export function pidFor(ev: StoredEvent, viewer: Viewer): StoredEvent {
  if (viewer.role === 'facilitator') return ev;
  if (viewer.role === 'participant' && ev.pid && viewer.participantId === ev.pid) return ev;
  return withoutPid(ev);
}
