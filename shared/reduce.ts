/**
 * The room's rules. `decide` is pure: (state, command, actor, context) → events or a
 * rejection; no I/O, clock or randomness (the context brings time and ids). `apply`
 * folds one event into a state in place; the server and every client use it, the client
 * on its projected view. Rule ids (R-…) are listed in test/SPEC.md.
 */
import { kindOf } from './activities/registry.ts';
import type { KindRoom } from './activities/kind.ts';
import {
  accept,
  reject,
  type Activity,
  type Actor,
  type Command,
  type Context,
  type CoreCommand,
  type Decision,
  type DomainEvent,
  type KindCommand,
  type RoomState,
  type StoredEvent,
} from './model.ts';
import { applyTimer, decideTimer } from './timer.ts';

/** R-AGENDA-LIMIT */
export const MAX_ACTIVITIES = 100;

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

/** The core commands' types: every other command belongs to an activity kind. */
const CORE_PREFIXES = ['agenda.', 'activity.', 'session.', 'timer.', 'participant.'];
const isCore = (cmd: Command): cmd is CoreCommand => CORE_PREFIXES.some((p) => cmd.type.startsWith(p));

export function decide(state: RoomState, command: Command, actor: Actor, ctx: Context): Decision {
  if (!isCore(command)) return decideActivity(state, command, actor, ctx);
  const cmd = command;
  const facilitatorOnly = () => reject('NOT_ALLOWED', `${cmd.type} is for facilitators`);
  switch (cmd.type) {
    case 'agenda.add': {
      if (actor.role !== 'facilitator') return facilitatorOnly(); // R-ROLE-FACILITATOR
      if (state.agenda.length >= MAX_ACTIVITIES) {
        return reject('LIMIT_REACHED', `an agenda holds at most ${MAX_ACTIVITIES} activities`);
      }
      const kind = kindOf(cmd.activity.kind);
      if (!kind) return reject('INVALID', `no activity kind ${cmd.activity.kind}`);
      const activity: Activity = {
        id: ctx.newId(),
        kind: cmd.activity.kind,
        title: cmd.activity.title,
        config: cmd.activity.config,
        state: kind.init(cmd.activity.config),
        locked: false,
        opened: false,
      };
      const index = Math.min(cmd.index ?? state.agenda.length, state.agenda.length);
      return accept({ type: 'agenda.added', activity, index });
    }
    case 'agenda.update': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const a = findActivity(state, cmd.activityId);
      if (!a) return reject('NOT_FOUND', 'no such activity');
      if (a.kind !== cmd.activity.kind) return reject('INVALID', 'an activity cannot change kind');
      return accept({
        type: 'agenda.updated',
        activityId: a.id,
        title: cmd.activity.title,
        config: cmd.activity.config,
      });
    }
    case 'agenda.move': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      if (!findActivity(state, cmd.activityId)) return reject('NOT_FOUND', 'no such activity');
      const toIndex = Math.min(cmd.toIndex, state.agenda.length - 1);
      return accept({ type: 'agenda.moved', activityId: cmd.activityId, toIndex });
    }
    case 'agenda.remove': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      if (!findActivity(state, cmd.activityId)) return reject('NOT_FOUND', 'no such activity');
      return accept({ type: 'agenda.removed', activityId: cmd.activityId });
    }
    case 'agenda.goto': {
      if (actor.role !== 'facilitator') return facilitatorOnly(); // R-AGENDA-GOTO
      if (cmd.activityId !== null && !findActivity(state, cmd.activityId)) {
        return reject('NOT_FOUND', 'no such activity');
      }
      if (cmd.activityId === state.currentId) return accept();
      const target = findActivity(state, cmd.activityId);
      const extra = target ? (kindOf(target.kind)!.onGoto?.(target, kindRoom(state), ctx) ?? []) : [];
      return accept({ type: 'agenda.current', activityId: cmd.activityId }, ...extra);
    }
    case 'activity.lock': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const a = findActivity(state, cmd.activityId);
      if (!a) return reject('NOT_FOUND', 'no such activity');
      if (a.locked === cmd.locked) return accept();
      return accept({ type: 'activity.locked', activityId: a.id, locked: cmd.locked });
    }
    case 'session.meta': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const { id: _id, type: _type, ...fields } = cmd;
      return accept({ type: 'session.metaSet', ...fields });
    }
    case 'agenda.template': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      if (!ctx.template) return reject('INTERNAL', 'templates are not available here');
      const activities = ctx.template(cmd.template, state.lang);
      if (state.agenda.length + activities.length > MAX_ACTIVITIES) {
        return reject('LIMIT_REACHED', `an agenda holds at most ${MAX_ACTIVITIES} activities`);
      }
      return accept(...activities.map((activity, i) => ({ type: 'agenda.added', activity, index: state.agenda.length + i })));
    }
    case 'timer.start':
    case 'timer.pause':
    case 'timer.resume':
    case 'timer.extend':
    case 'timer.stop':
    case 'timer.expire':
      return decideTimer(state, cmd, actor, ctx);
    case 'participant.rename': {
      if (actor.role !== 'participant' || !actor.participantId) {
        return reject('NOT_ALLOWED', 'only participants have a display name');
      }
      return accept({ type: 'participant.renamed', pid: actor.participantId, name: cmd.name });
    }
    default:
      return reject('INVALID', 'unknown command');
  }
}

function decideActivity(
  state: RoomState,
  cmd: KindCommand,
  actor: Actor,
  ctx: Context,
): Decision {
  const a = findActivity(state, cmd.activityId);
  if (!a) return reject('NOT_FOUND', 'no such activity');
  const kindName = cmd.type.slice(0, cmd.type.indexOf('.'));
  if (a.kind !== kindName) return reject('INVALID', `${cmd.type} does not fit a ${a.kind} activity`);
  if (actor.role === 'board') return reject('NOT_ALLOWED', 'the board only watches'); // R-ROLE-BOARD
  if (actor.role === 'participant') {
    if (!a.opened) return reject('NOT_ALLOWED', 'this activity has not started'); // R-INPUT-OPENED
    if (a.locked) return reject('LOCKED', 'input for this activity is closed'); // R-INPUT-LOCKED
  }
  const rules = kindOf(a.kind);
  if (!rules) return reject('INTERNAL', `the rules of ${a.kind} are not loaded`);
  return rules.decide(cmd, a, actor, ctx, kindRoom(state));
}

/** Events for a participant who arrives (e.g. a late joiner gets a group). */
export function arrive(state: RoomState, participantId: string, ctx: Context): DomainEvent[] {
  const a = findActivity(state, state.currentId);
  return a ? (kindOf(a.kind)!.onArrive?.(a, participantId, kindRoom(state), ctx) ?? []) : [];
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
