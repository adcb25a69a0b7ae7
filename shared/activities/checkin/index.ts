/**
 * Check-in / check-out round (Deep Democracy style): one or two prompts; each participant
 * may write a short answer, pass, or join the "I'd like to speak" queue (popcorn). The
 * board shows "n of N checked in" and, only if the facilitator opts in, the written
 * answers without names. Nobody can react to an answer.
 */
import * as v from 'valibot';
import { accept, reject, type StoredEvent, type Viewer } from '../../model.ts';
import { ActivityId, command, draft } from '../../schema.ts';
import type { KindRules } from '../kind.ts';
import { withoutPid } from '../kind.ts';

export const CHECKIN_PROMPT_MAX = 280;
export const CHECKIN_ANSWER_MAX = 280;

const Prompt = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(CHECKIN_PROMPT_MAX));
export const CheckinConfig = v.strictObject({
  mode: v.picklist(['checkin', 'checkout']),
  prompts: v.pipe(v.array(Prompt), v.minLength(1), v.maxLength(2)),
});
export type CheckinConfig = v.InferOutput<typeof CheckinConfig>;

export interface CheckinResponse {
  id: string;
  /** Only facilitators and the participant themself see who answered. */
  pid?: string;
  /** Only the author, facilitators and (when shown) the board see the text. */
  answer?: string;
  passed: boolean;
}
export interface QueueEntry {
  id: string;
  pid?: string;
  /** The display name at the time, for the facilitator to call on. */
  name?: string;
}
export interface CheckinState {
  responses: Record<string, CheckinResponse>;
  queue: QueueEntry[];
  /** The board shows written answers (without names). */
  showAnswers: boolean;
}

export const CheckinDraft = draft('checkin', CheckinConfig);
const Answer = v.pipe(v.string(), v.trim(), v.maxLength(CHECKIN_ANSWER_MAX));
export const checkinCommands = [
  command('checkin.respond', { activityId: ActivityId, answer: Answer, passed: v.boolean() }),
  command('checkin.speak', { activityId: ActivityId, want: v.boolean() }),
  command('checkin.spoken', { activityId: ActivityId, entryId: ActivityId }),
  command('checkin.show', { activityId: ActivityId, show: v.boolean() }),
] as const;
type Cmd = v.InferOutput<(typeof checkinCommands)[number]>;

export const checkin: KindRules<CheckinConfig, CheckinState> = {
  kind: 'checkin',
  init: () => ({ responses: {}, queue: [], showAnswers: false }),

  decide(cmd: Cmd, a, actor, ctx, room) {
    const s = a.state;
    const pid = actor.participantId;
    switch (cmd.type) {
      case 'checkin.respond': {
        if (actor.role !== 'participant' || !pid) return reject('NOT_ALLOWED', 'only participants check in');
        const existing = Object.values(s.responses).find((r) => r.pid === pid);
        return accept({
          type: 'checkin.responded',
          activityId: a.id,
          rid: existing?.id ?? ctx.newId(),
          pid,
          answer: cmd.passed ? '' : cmd.answer,
          passed: cmd.passed,
          shown: s.showAnswers,
        });
      }
      case 'checkin.speak': {
        if (actor.role !== 'participant' || !pid) return reject('NOT_ALLOWED', 'only participants ask to speak');
        const entry = s.queue.find((e) => e.pid === pid);
        if (cmd.want === Boolean(entry)) return accept();
        if (entry) return accept({ type: 'checkin.dequeued', activityId: a.id, entryId: entry.id, pid, spoken: false });
        const name = room.state.participants[pid]?.name;
        return accept({ type: 'checkin.queued', activityId: a.id, entryId: ctx.newId(), pid, ...(name ? { name } : {}) });
      }
      case 'checkin.spoken': {
        if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator marks who has spoken');
        const entry = s.queue.find((e) => e.id === cmd.entryId);
        if (!entry) return reject('NOT_FOUND', 'not in the queue');
        return accept({ type: 'checkin.dequeued', activityId: a.id, entryId: entry.id, pid: entry.pid, spoken: true });
      }
      case 'checkin.show': {
        if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator decides what the board shows');
        if (s.showAnswers === cmd.show) return accept();
        const answers = cmd.show
          ? Object.values(s.responses).filter((r) => r.answer).map((r) => ({ rid: r.id, answer: r.answer! }))
          : [];
        return accept({ type: 'checkin.shown', activityId: a.id, show: cmd.show, answers });
      }
    }
  },

  apply(s, ev) {
    switch (ev.type) {
      case 'checkin.responded': {
        const r: CheckinResponse = { id: ev.rid as string, passed: ev.passed as boolean };
        if (ev.pid) r.pid = ev.pid;
        if (ev.answer) r.answer = ev.answer as string;
        s.responses[r.id] = r;
        return;
      }
      case 'checkin.queued': {
        const e: QueueEntry = { id: ev.entryId as string };
        if (ev.pid) e.pid = ev.pid;
        if (ev.name) e.name = ev.name as string;
        s.queue.push(e);
        return;
      }
      case 'checkin.dequeued':
        s.queue = s.queue.filter((e) => e.id !== ev.entryId);
        return;
      case 'checkin.shown':
        s.showAnswers = ev.show as boolean;
        for (const { rid, answer } of (ev.answers as { rid: string; answer: string }[] | undefined) ?? []) {
          if (s.responses[rid]) s.responses[rid].answer = answer;
        }
        // A view that may no longer see the answers drops all but its own.
        if (ev.hide) for (const r of Object.values(s.responses)) if (!r.pid) delete r.answer;
        return;
    }
  },

  projectState(s, viewer) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const mine = (pid?: string) => viewer.role === 'participant' && pid !== undefined && pid === viewer.participantId;
    const responses: Record<string, CheckinResponse> = {};
    for (const r of Object.values(s.responses)) {
      if (mine(r.pid)) responses[r.id] = { ...r };
      else {
        const seen: CheckinResponse = { id: r.id, passed: r.passed };
        if (viewer.role === 'board' && s.showAnswers && r.answer) seen.answer = r.answer;
        responses[r.id] = seen;
      }
    }
    const queue = s.queue.map((e) => (mine(e.pid) ? { ...e } : { id: e.id }));
    return { responses, queue, showAnswers: s.showAnswers };
  },

  projectEvent(ev: StoredEvent, viewer: Viewer) {
    if (viewer.role === 'facilitator') return ev;
    const mine = viewer.role === 'participant' && ev.pid !== undefined && ev.pid === viewer.participantId;
    if (mine) return ev;
    switch (ev.type) {
      case 'checkin.responded': {
        const { answer, ...rest } = withoutPid(ev);
        return viewer.role === 'board' && ev.shown && answer ? { ...rest, answer } : (rest as StoredEvent);
      }
      case 'checkin.queued': {
        const { name: _n, ...rest } = withoutPid(ev);
        return rest as StoredEvent;
      }
      case 'checkin.dequeued':
        return withoutPid(ev);
      case 'checkin.shown': {
        const { answers, ...rest } = ev;
        if (viewer.role === 'board') return ev.show ? ev : { ...rest, hide: true };
        return ev.show ? (rest as StoredEvent) : { ...rest, hide: true };
      }
    }
    return null;
  },
};
