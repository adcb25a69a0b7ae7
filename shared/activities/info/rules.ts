/**
 * Info card: a title and a text (e.g. the safe space / brave space house rules).
 * Participants may tap "I agree"; the board shows how many agreed.
 */
import { accept, reject, type StoredEvent, type Viewer } from '../../model.ts';
import type { KindRules } from '../kind.ts';
import { pidFor } from '../kind.ts';
import type { InfoCommand, InfoConfig, InfoEvent, InfoState } from './schema.ts';

export const INFO_BODY_MAX = 4000;
/** Pictures on one card, and the length of a picture's alt text. */
export const INFO_IMAGES_MAX = 6;
export const INFO_ALT_MAX = 300;

/** The card's pictures (none on a card made before cards had them). */
export const imagesOf = (config: InfoConfig): { imageId: string; alt: string }[] => config.images ?? [];

/** Where a picture of this session is fetched (a card's pictures need no key: R-IMG-ACCESS). */
export const imageUrl = (sessionId: string, imageId: string): string =>
  `/api/sessions/${encodeURIComponent(sessionId)}/images/${encodeURIComponent(imageId)}`;

/** The card's body as paragraphs: one per line, blank lines dropped (views and report). */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Phones show the "I agree" button only on a card that takes agreement (decide refuses it otherwise). */
export const takesAgreement = (config: InfoConfig): boolean => config.agreeable;

export const rules: KindRules<InfoConfig, InfoState> = {
  kind: 'info',
  texts: (c) => [c.body, ...imagesOf(c).map((i) => i.alt)],

  init: () => ({ agreed: {}, count: 0 }),

  decide(cmd: InfoCommand, activity, actor) {
    if (actor.role !== 'participant' || !actor.participantId) {
      return reject('NOT_ALLOWED', 'only participants can agree', 'participantsOnly');
    }
    if (!takesAgreement(activity.config)) return reject('NOT_ALLOWED', 'this card takes no agreement', 'notAgreeable');
    const already = activity.state.agreed[actor.participantId] === true;
    if (already === cmd.agree) return accept(); // nothing changes: still a success
    const ev: InfoEvent = { type: 'info.agreed', activityId: activity.id, pid: actor.participantId, agree: cmd.agree };
    return accept(ev);
  },

  apply(state, ev: InfoEvent) {
    if (ev.type !== 'info.agreed') return;
    state.count = Math.max(0, state.count + (ev.agree ? 1 : -1));
    if (ev.pid) {
      if (ev.agree) state.agreed[ev.pid] = true;
      else delete state.agreed[ev.pid];
    }
  },

  projectState(state, viewer) {
    if (viewer.role === 'facilitator') return { agreed: { ...state.agreed }, count: state.count };
    const mine = viewer.participantId;
    return {
      agreed: mine && state.agreed[mine] ? { [mine]: true } : {},
      count: state.count,
    };
  },

  projectEvent: (ev: InfoEvent & { seq: number; at: number }, viewer: Viewer): StoredEvent => pidFor(ev, viewer),
};
