/**
 * The room's rules. `decide` is pure: (state, command, actor, context) → events or a
 * rejection; no I/O, clock or randomness (the context brings time and ids). `apply`
 * folds one event into a state in place; the server and every client use it, the client
 * on its projected view. Rule ids (R-…) are listed in test/SPEC.md.
 */
import { isCoreType } from './constants.ts';
import { kindOf } from './activities/registry.ts';
import { decideActivity, decideOwn } from './decide-own.ts';
import { findActivity, kindRoom } from './evolve.ts';
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
  type RoomState,
  MAX_PHOTOS,
} from './model.ts';
import { decideTimer } from './timer-rules.ts';
import { textsOf } from './translations.ts';

export { apply, emptyState, findActivity, kindRoom } from './evolve.ts';

/** R-AGENDA-LIMIT */
export const MAX_ACTIVITIES = 100;

/**
 * The stored images an activity's config shows (an info card's `images`; any kind whose
 * config has `images: [{ imageId }]`): shown to everyone in the session (R-IMG-ACCESS).
 */
export function configImages(config: unknown): string[] {
  const images = (config as { images?: unknown } | null)?.images;
  if (!Array.isArray(images)) return [];
  return images.map((i) => (i as { imageId?: unknown } | null)?.imageId).filter((id): id is string => typeof id === 'string');
}

/** An image the config names that the session does not have (the server checks; elsewhere none). */
const missingImage = (config: unknown, ctx: Context) =>
  ctx.imageExists ? configImages(config).find((id) => !ctx.imageExists!(id)) : undefined;

/** The core commands' types: every other command belongs to an activity kind. */
const isCore = (cmd: Command): cmd is CoreCommand => isCoreType(cmd.type);

export function decide(state: RoomState, command: Command, actor: Actor, ctx: Context): Decision {
  // R-CLOSE: an ended session takes nothing more, from anyone (the countdown included).
  if (state.meta?.closedAt) return reject('SESSION_CLOSED', 'this session has ended; nothing can change');
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
      if (missingImage(cmd.activity.config, ctx)) return reject('NOT_FOUND', 'no such image in this session; upload it first');
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
      if (missingImage(cmd.activity.config, ctx)) return reject('NOT_FOUND', 'no such image in this session; upload it first');
      const refusal = kindOf(a.kind)?.reconfigureRefusal?.(a, cmd.activity.config);
      if (refusal) return reject('INVALID', refusal);
      return accept({
        type: 'agenda.updated',
        activityId: a.id,
        title: cmd.activity.title,
        config: cmd.activity.config,
      });
    }
    case 'agenda.translate': {
      // R-TR-TEXTS: only the activity's own facilitator texts; an empty translation removes one.
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const a = findActivity(state, cmd.activityId);
      if (!a) return reject('NOT_FOUND', 'no such activity');
      const own = new Set(textsOf(a));
      const texts: Record<string, string> = {};
      for (const [original, text] of Object.entries(cmd.texts)) {
        if (!own.has(original.trim())) return reject('INVALID', `not a text of this activity: ${original.slice(0, 60)}`);
        if (text.trim()) texts[original.trim()] = text.trim();
      }
      return accept({ type: 'agenda.translated', activityId: a.id, lang: cmd.lang, texts });
    }
    case 'agenda.note': {
      // R-AGENDA-NOTE
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const a = findActivity(state, cmd.activityId);
      if (!a) return reject('NOT_FOUND', 'no such activity');
      if ((a.note ?? '') === cmd.note) return accept();
      return accept({ type: 'agenda.noted', activityId: a.id, note: cmd.note });
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
    case 'activity.photoAdd': {
      // R-PHOTO: an image this session has, on an activity it has; the same image again changes its description.
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const a = findActivity(state, cmd.activityId);
      if (!a) return reject('NOT_FOUND', 'no such activity');
      if (!ctx.imageExists?.(cmd.imageId)) return reject('NOT_FOUND', 'no such image in this session; upload it first');
      const known = a.photos?.find((p) => p.imageId === cmd.imageId);
      if (known?.description === cmd.description) return accept();
      if (!known && (a.photos?.length ?? 0) >= MAX_PHOTOS) return reject('LIMIT_REACHED', `an activity keeps at most ${MAX_PHOTOS} photos`);
      return accept({ type: 'activity.photoAdded', activityId: a.id, imageId: cmd.imageId, description: cmd.description });
    }
    case 'activity.photoRemove': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const a = findActivity(state, cmd.activityId);
      if (!a) return reject('NOT_FOUND', 'no such activity');
      if (!a.photos?.some((p) => p.imageId === cmd.imageId)) return accept();
      return accept({ type: 'activity.photoRemoved', activityId: a.id, imageId: cmd.imageId });
    }
    case 'session.meta': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      const { id: _id, type: _type, ...fields } = cmd;
      // R-BOARD-LANGS: the session's own language is always shown; each language once.
      if (fields.boardLangs) fields.boardLangs = [...new Set(fields.boardLangs)].filter((l) => l !== state.lang);
      return accept({ type: 'session.metaSet', ...fields });
    }
    case 'session.close': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      // A running countdown stops with it (the board would otherwise count down forever).
      return accept(...(state.timer ? [{ type: 'timer.stopped' } as const] : []), { type: 'session.metaSet', closedAt: ctx.now });
    }
    case 'agenda.template': {
      if (actor.role !== 'facilitator') return facilitatorOnly();
      if (!ctx.template) return reject('INTERNAL', 'templates are not available here');
      // R-SERIES-ONE-REFRESHER: a session of a series already opens with its refresher.
      const activities = ctx.template(cmd.template, state.lang, { refresher: !state.meta?.series });
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
    case 'participant.rename':
      return decideOwn(state, cmd, actor, ctx);
    default:
      return reject('INVALID', 'unknown command');
  }
}

/** Events for a participant who arrives (e.g. a late joiner gets a group). */
export function arrive(state: RoomState, participantId: string, ctx: Context): DomainEvent[] {
  if (state.meta?.closedAt) return []; // R-CLOSE
  const a = findActivity(state, state.currentId);
  return a ? (kindOf(a.kind)!.onArrive?.(a, participantId, kindRoom(state), ctx) ?? []) : [];
}
