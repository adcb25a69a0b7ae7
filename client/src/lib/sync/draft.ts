/**
 * Copy-on-write over a room view: the shared reducer's `apply` mutates in place, so before
 * each event we copy exactly the parts it will write (the root, the agenda array, the one
 * activity it touches, the timer, …) and leave everything else shared with the base.
 *
 * The base is never written. Untouched activities keep their identity, so Svelte only
 * re-renders what changed, and a frame costs what it touches, not the size of the room.
 */
import type { Activity, RoomView, StoredEvent } from '../../../../shared/model.ts';
import { apply } from '../../../../shared/evolve.ts';

/** Event prefixes that belong to the core reducer; every other prefix is an activity kind. */
const CORE = new Set(['session', 'participant', 'agenda', 'activity', 'timer']);

export const prefixOf = (type: string): string => {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
};

/** The activity kind an event or command type belongs to, or undefined for core types. */
export const kindOfType = (type: string): string | undefined => {
  const p = prefixOf(type);
  return CORE.has(p) ? undefined : p;
};

export class Draft {
  /** The new version: a shallow copy of the base, filled in as events are applied. */
  readonly view: RoomView;
  /** Objects this draft made, which it may therefore write. */
  #owned = new WeakSet<object>();
  #changed = false;

  constructor(base: RoomView) {
    this.view = { ...base };
  }

  /** Whether any event was applied (else the base can be kept as it is). */
  get changed(): boolean {
    return this.#changed;
  }

  /** Apply one event (the view's `seq` follows, as with `apply`). */
  apply(ev: StoredEvent): void {
    this.#changed = true;
    this.#prepare(ev);
    apply(this.view, ev);
    if (ev.type === 'agenda.added') {
      // `apply` cloned the new activity: it is ours to write in later events.
      const a = this.view.agenda.find((x) => x.id === (ev.activity as Activity | undefined)?.id);
      if (a) this.#owned.add(a);
    }
  }

  #prepare(ev: StoredEvent): void {
    const v = this.view;
    switch (ev.type) {
      case 'session.created':
      case 'session.peak':
        return; // root fields only
      case 'session.metaSet':
        v.meta = this.#copy(v.meta ?? {});
        return;
      case 'participant.joined':
        v.participants = this.#copy(v.participants);
        return;
      case 'participant.renamed': {
        v.participants = this.#copy(v.participants);
        const p = ev.pid ? v.participants[ev.pid] : undefined;
        if (p) v.participants[ev.pid!] = this.#copy(p);
        return;
      }
      case 'agenda.added':
      case 'agenda.moved':
        v.agenda = this.#copy(v.agenda);
        return;
      case 'agenda.removed':
        v.agenda = this.#copy(v.agenda);
        if (v.timer) v.timer = this.#copy(v.timer);
        return;
      case 'agenda.updated':
      case 'agenda.current':
      case 'activity.locked':
        this.#activity(ev.activityId);
        return;
      default: {
        const prefix = prefixOf(ev.type);
        if (prefix === 'timer') {
          if (v.timer) v.timer = this.#copy(v.timer);
        } else if (CORE.has(prefix)) {
          // A core event this module does not know: be safe and own everything.
          this.#everything();
        } else {
          this.#activity(ev.activityId);
        }
      }
    }
  }

  /** Own the activity `id` (a deep copy: a kind's apply may write anywhere in its state). */
  #activity(id: unknown): void {
    if (typeof id !== 'string') return;
    const agenda = this.view.agenda;
    const i = agenda.findIndex((a) => a.id === id);
    if (i < 0) return;
    const a = agenda[i];
    if (this.#owned.has(a)) return;
    const copy = structuredClone(a);
    this.#owned.add(copy);
    this.view.agenda = this.#copy(agenda);
    this.view.agenda[i] = copy;
  }

  #everything(): void {
    const v = this.view;
    const deep = structuredClone({ participants: v.participants, agenda: v.agenda, timer: v.timer, meta: v.meta });
    Object.assign(v, deep);
    this.#owned
      .add(v.participants)
      .add(v.agenda)
      .add(v.meta ?? {});
    if (v.timer) this.#owned.add(v.timer);
    for (const a of v.agenda) this.#owned.add(a);
    for (const p of Object.values(v.participants)) this.#owned.add(p);
  }

  /** A shallow copy of `o`, unless this draft made `o` already. */
  #copy<T extends object>(o: T): T {
    if (this.#owned.has(o)) return o;
    const c = (Array.isArray(o) ? [...o] : { ...o }) as T;
    this.#owned.add(c);
    return c;
  }
}
