/**
 * How the room evolves: `apply` folds one event into a state in place. The server, the
 * board, the console and every phone use it (a phone on its projected view), so a view is
 * always snapshot + projected events. No rules here: a phone loads this and not `decide`.
 */
import { isCoreType } from './constants.ts';
import { kindOf } from './activities/registry.ts';
import type { KindRoom } from './activities/kind.ts';
import type { ViewedCoreEvent } from './events.ts';
import type { Activity, RoomState, SessionMeta, StoredEvent } from './model.ts';
import { applyTimer } from './timer.ts';

export function emptyState(): RoomState {
  return {
    sessionId: '',
    code: '',
    title: '',
    lang: 'nl',
    createdAt: 0,
    seq: 0,
    participants: {},
    participantCount: 0,
    agenda: [],
    currentId: null,
    timer: null,
    meta: {},
    peak: 0,
  };
}

export function findActivity(state: RoomState, id: string | null | undefined): Activity | undefined {
  return id ? state.agenda.find((a) => a.id === id) : undefined;
}

/** What a kind's rules may see of the room: read-only, and the items of other activities. */
export function kindRoom(state: RoomState): KindRoom {
  return {
    state,
    itemsFrom(activityId, by) {
      const src = findActivity(state, activityId);
      const feeds = src && kindOf(src.kind)?.feeds;
      return src && feeds ? feeds(src, by) : undefined;
    },
  };
}

type Stored<E> = E & { seq: number; at: number };

/** Fold one event into `state` (in place). Works on full states and on projected views. */
export function apply(state: RoomState, ev: StoredEvent): void {
  state.seq = Math.max(state.seq, ev.seq);
  // Events reach here from our own reducer, from storage (validated when imported, upcast
  // when old) or from the server (its schemas checked by the tests): the one place where
  // the open record becomes the typed union.
  if (isCoreType(ev.type)) return applyCore(state, ev as Stored<ViewedCoreEvent>);
  const a = typeof ev.activityId === 'string' ? findActivity(state, ev.activityId) : undefined;
  if (!a) return;
  const rules = kindOf(a.kind);
  // Not silently: a view that skipped an event would be wrong from then on (the client
  // marks itself stale and asks for a fresh snapshot).
  if (!rules) throw new Error(`the rules of ${a.kind} are not loaded`);
  rules.apply(a.state, ev, a);
}

function applyCore(state: RoomState, ev: Stored<ViewedCoreEvent>): void {
  switch (ev.type) {
    case 'session.created':
      state.sessionId = ev.sessionId;
      state.code = ev.code;
      state.title = ev.title;
      state.lang = ev.lang;
      state.createdAt = ev.createdAt ?? ev.at;
      return;
    case 'session.metaSet': {
      const { type: _t, seq: _s, at: _a, title, ...fields } = ev;
      if (title !== undefined) state.title = title;
      state.meta ??= {};
      for (const key of Object.keys(fields) as (keyof SessionMeta)[]) {
        const value = fields[key];
        if (value === '' || (Array.isArray(value) && !value.length)) delete state.meta[key];
        else if (value !== undefined) (state.meta as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
      }
      return;
    }
    case 'session.peak':
      state.peak = Math.max(state.peak ?? 0, ev.count);
      return;
    case 'participant.joined':
      state.participantCount += 1;
      if ('pid' in ev && ev.pid) {
        state.participants[ev.pid] = { id: ev.pid, joinedAt: ev.at };
        if (ev.name) state.participants[ev.pid].name = ev.name;
      }
      return;
    case 'participant.renamed': {
      const p = state.participants[ev.pid];
      if (p) p.name = ev.name || undefined;
      return;
    }
    case 'agenda.added':
      state.agenda.splice(ev.index, 0, structuredClone(ev.activity));
      return;
    case 'agenda.updated': {
      const a = findActivity(state, ev.activityId);
      if (!a) return;
      a.title = ev.title;
      a.config = structuredClone(ev.config);
      const kind = kindOf(a.kind);
      if (kind?.reconfigure) a.state = kind.reconfigure(a.state, a.config);
      return;
    }
    case 'agenda.translated': {
      const a = findActivity(state, ev.activityId);
      if (!a) return;
      const tr = { ...a.tr, [ev.lang]: { ...ev.texts } };
      if (!Object.keys(ev.texts).length) delete tr[ev.lang];
      if (Object.keys(tr).length) a.tr = tr;
      else delete a.tr;
      return;
    }
    case 'agenda.noted': {
      const a = findActivity(state, ev.activityId);
      if (!a) return;
      if (ev.note) a.note = ev.note;
      else delete a.note;
      return;
    }
    case 'agenda.moved': {
      const from = state.agenda.findIndex((a) => a.id === ev.activityId);
      if (from < 0) return;
      const [a] = state.agenda.splice(from, 1);
      state.agenda.splice(ev.toIndex, 0, a);
      return;
    }
    case 'agenda.removed':
      state.agenda = state.agenda.filter((a) => a.id !== ev.activityId);
      if (state.currentId === ev.activityId) state.currentId = null;
      if (state.timer && state.timer.activityId === ev.activityId) state.timer.activityId = null;
      return;
    case 'agenda.current': {
      state.currentId = ev.activityId;
      const a = findActivity(state, state.currentId);
      if (a) a.opened = true;
      return;
    }
    case 'activity.locked': {
      const a = findActivity(state, ev.activityId);
      if (a) a.locked = ev.locked;
      return;
    }
    case 'activity.photoAdded': {
      const a = findActivity(state, ev.activityId);
      if (!a) return;
      const photo = { imageId: ev.imageId, description: ev.description };
      const photos = [...(a.photos ?? [])];
      const at = photos.findIndex((p) => p.imageId === ev.imageId);
      if (at >= 0) photos[at] = photo;
      else photos.push(photo);
      a.photos = photos;
      return;
    }
    case 'activity.photoRemoved': {
      const a = findActivity(state, ev.activityId);
      if (!a?.photos) return;
      const photos = a.photos.filter((p) => p.imageId !== ev.imageId);
      if (photos.length) a.photos = photos;
      else delete a.photos;
      return;
    }
    default:
      return applyTimer(state, ev);
  }
}
