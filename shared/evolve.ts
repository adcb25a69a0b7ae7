/**
 * How the room evolves: `apply` folds one event into a state in place. The server, the
 * board, the console and every phone use it (a phone on its projected view), so a view is
 * always snapshot + projected events. No rules here: a phone loads this and not `decide`.
 */
import { kindOf } from './activities/registry.ts';
import type { KindRoom } from './activities/kind.ts';
import type { Activity, RoomState, StoredEvent } from './model.ts';
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
    itemsFrom(activityId) {
      const src = findActivity(state, activityId);
      const feeds = src && kindOf(src.kind)?.feeds;
      return src && feeds ? feeds(src) : undefined;
    },
  };
}

/** Fold one event into `state` (in place). Works on full states and on projected views. */
export function apply(state: RoomState, ev: StoredEvent): void {
  state.seq = Math.max(state.seq, ev.seq);
  switch (ev.type) {
    case 'session.created':
      state.sessionId = ev.sessionId as string;
      state.code = ev.code as string;
      state.title = ev.title as string;
      state.lang = ev.lang as string;
      state.createdAt = (ev.createdAt as number | undefined) ?? ev.at;
      return;
    case 'session.metaSet': {
      const { type: _t, seq: _s, at: _a, title, ...fields } = ev;
      if (typeof title === 'string') state.title = title;
      state.meta ??= {};
      for (const [k, v] of Object.entries(fields)) {
        if (v === '') delete (state.meta as Record<string, unknown>)[k];
        else (state.meta as Record<string, unknown>)[k] = v;
      }
      return;
    }
    case 'session.peak':
      state.peak = Math.max(state.peak ?? 0, ev.count as number);
      return;
    case 'participant.joined':
      state.participantCount += 1;
      if (ev.pid) {
        state.participants[ev.pid] = { id: ev.pid, joinedAt: ev.at };
        if (ev.name) state.participants[ev.pid].name = ev.name as string;
      }
      return;
    case 'participant.renamed': {
      const p = ev.pid ? state.participants[ev.pid] : undefined;
      if (p) p.name = (ev.name as string) || undefined;
      return;
    }
    case 'agenda.added': {
      const activity = structuredClone(ev.activity as Activity);
      state.agenda.splice(ev.index as number, 0, activity);
      return;
    }
    case 'agenda.updated': {
      const a = findActivity(state, ev.activityId as string);
      if (!a) return;
      a.title = ev.title as string;
      a.config = structuredClone(ev.config);
      const kind = kindOf(a.kind);
      if (kind?.reconfigure) a.state = kind.reconfigure(a.state, a.config);
      return;
    }
    case 'agenda.moved': {
      const from = state.agenda.findIndex((a) => a.id === ev.activityId);
      if (from < 0) return;
      const [a] = state.agenda.splice(from, 1);
      state.agenda.splice(ev.toIndex as number, 0, a);
      return;
    }
    case 'agenda.removed':
      state.agenda = state.agenda.filter((a) => a.id !== ev.activityId);
      if (state.currentId === ev.activityId) state.currentId = null;
      if (state.timer && state.timer.activityId === ev.activityId) state.timer.activityId = null;
      return;
    case 'agenda.current': {
      state.currentId = (ev.activityId as string | null) ?? null;
      const a = findActivity(state, state.currentId);
      if (a) a.opened = true;
      return;
    }
    case 'activity.locked': {
      const a = findActivity(state, ev.activityId as string);
      if (a) a.locked = ev.locked as boolean;
      return;
    }
    default: {
      if (ev.type.startsWith('timer.')) return applyTimer(state, ev);
      const a = findActivity(state, ev.activityId as string | undefined);
      if (a) kindOf(a.kind)!.apply(a.state, ev, a);
    }
  }
}
