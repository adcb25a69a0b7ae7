/**
 * Versions of stored data, and upcasters that lift older shapes to today's (R-EVENT-VERSION).
 *
 * Every stored event row carries the version of the event shapes it was written with
 * (`events.v`), every snapshot row the version of the state shape (`snapshots.v`). What is
 * read passes through `upcast(ev, fromVersion)`, which applies, one version step at a time,
 * the upcaster registered for that event type and step; a type without an upcaster for a
 * step is unchanged by it. The reducer therefore only ever sees today's shapes.
 *
 * When an event's shape changes incompatibly: bump EVENT_VERSION, add an upcaster for
 * `(type, EVENT_VERSION - 1)` to UPCASTERS below, and bump SNAPSHOT_VERSION (snapshots of
 * an older version are ignored and the room replays from its events: snapshots are only a
 * shortcut). When only a state shape changes (a kind's state, RoomState), bump
 * SNAPSHOT_VERSION.
 *
 * Databases written before versions existed (up to commit f0c342d) get version 1 for all
 * their rows: their shapes are today's.
 *
 * SQL that reads event data directly must follow an upcaster too: Store.listSessions reads
 * `$.count` of session.peak events.
 */
import type { StoredEvent } from './model.ts';

/** The version of the event shapes this code writes (and reads without upcasting). */
export const EVENT_VERSION = 1;
/** The version of the RoomState shape in snapshots; an older snapshot is not used. */
export const SNAPSHOT_VERSION = 1;

/** Lifts one event from version `v` to `v + 1`; may rename its type. Must not mutate its input. */
export type Upcaster = (ev: StoredEvent) => StoredEvent;

/**
 * type → version it lifts from → upcaster. Empty today: version 1 is the first.
 * Example of an entry: `'dotvote.dotted': { 1: (ev) => ({ ...ev, delta: ev.delta ?? 1 }) }`.
 */
const UPCASTERS: Record<string, Record<number, Upcaster>> = {};

/** Register an upcaster (tests use this for synthetic versions); returns a function that removes it. */
export function registerUpcaster(type: string, fromVersion: number, up: Upcaster): () => void {
  const byVersion = (UPCASTERS[type] ??= {});
  if (byVersion[fromVersion]) throw new Error(`an upcaster for ${type} from v${fromVersion} exists already`);
  byVersion[fromVersion] = up;
  return () => {
    if (byVersion[fromVersion] === up) delete byVersion[fromVersion];
  };
}

/**
 * The event as today's code expects it. `fromVersion` is the version it was stored with.
 * Throws for an event from a newer release: reading it as today's shape could misread it.
 */
export function upcast(ev: StoredEvent, fromVersion: number, toVersion = EVENT_VERSION): StoredEvent {
  if (!Number.isInteger(fromVersion) || fromVersion < 0) throw new Error(`event ${ev.seq}: invalid stored version ${fromVersion}`);
  if (fromVersion > toVersion) {
    throw new Error(`event ${ev.seq} (${ev.type}) was written by a newer release (v${fromVersion}); this server reads up to v${toVersion}`);
  }
  let out = ev;
  for (let v = fromVersion; v < toVersion; v++) {
    const up = UPCASTERS[out.type]?.[v];
    if (up) out = up(out);
  }
  return out;
}
