/**
 * Info card: a title and a text (e.g. the safe space / brave space house rules).
 * Participants may tap "I agree"; the board shows how many agreed.
 */
import * as v from 'valibot';
import { ActivityId, command, draft } from '../../schema.ts';
import { accept, reject } from '../../model.ts';
import type { KindRules } from '../kind.ts';
import { pidFor } from '../kind.ts';

export const INFO_BODY_MAX = 4000;

export const InfoConfig = v.strictObject({
  body: v.pipe(v.string(), v.maxLength(INFO_BODY_MAX)),
  /** Show the "I agree" button on phones. */
  agreeable: v.boolean(),
});
export type InfoConfig = v.InferOutput<typeof InfoConfig>;

export interface InfoState {
  /** Facilitators see everyone; a participant sees only itself; the board nobody. */
  agreed: Record<string, true>;
  count: number;
}

export const InfoDraft = draft('info', InfoConfig);
export const InfoAgree = command('info.agree', { activityId: ActivityId, agree: v.boolean() });

export const info: KindRules<InfoConfig, InfoState> = {
  kind: 'info',

  init: () => ({ agreed: {}, count: 0 }),

  decide(cmd: v.InferOutput<typeof InfoAgree>, activity, actor) {
    if (actor.role !== 'participant' || !actor.participantId) {
      return reject('NOT_ALLOWED', 'only participants can agree');
    }
    if (!activity.config.agreeable) return reject('NOT_ALLOWED', 'this card takes no agreement');
    const already = activity.state.agreed[actor.participantId] === true;
    if (already === cmd.agree) return accept(); // nothing changes: still a success
    return accept({
      type: 'info.agreed',
      activityId: activity.id,
      pid: actor.participantId,
      agree: cmd.agree,
    });
  },

  apply(state, ev) {
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

  projectEvent: pidFor,
};
