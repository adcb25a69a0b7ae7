/**
 * Check-in / check-out round (Deep Democracy style): one or two prompts; each participant
 * may write a short answer, pass, or join the "I'd like to speak" queue (popcorn). The
 * board shows "n of N checked in" and, only if the facilitator opts in, the written
 * answers without names. Nobody can react to an answer.
 */
import { accept, reject, type StoredEvent, type Viewer } from '../../model.ts';
import type { KindRules } from '../kind.ts';
import { withoutPid } from '../kind.ts';
import type { CheckinCommand, CheckinConfig, CheckinEvent, CheckinResponse, CheckinState, QueueEntry } from './schema.ts';

export const CHECKIN_PROMPT_MAX = 280;
export const CHECKIN_ANSWER_MAX = 280;
/** A round has one or two prompts. */
export const CHECKIN_PROMPTS_MAX = 2;

/** The builder's question decks (content catalogue keys), in the session's language. */
export const CHECKIN_DECK = Array.from({ length: 12 }, (_, i) => `deck.checkin.${i + 1}`);
export const CHECKOUT_DECK = Array.from({ length: 10 }, (_, i) => `deck.checkout.${i + 1}`);

type Stored = CheckinEvent & { seq: number; at: number };

/** The participant's own response, if they answered or passed. */
export const responseOf = (s: CheckinState, pid: string | null | undefined): CheckinResponse | undefined =>
  pid ? Object.values(s.responses).find((r) => r.pid === pid) : undefined;

/** The participant's place in the speaking queue (0 first), or -1. */
export const queuePlace = (s: CheckinState, pid: string | null | undefined): number => (pid ? s.queue.findIndex((e) => e.pid === pid) : -1);

/** The written answers (never who wrote them). */
export const writtenAnswers = (s: CheckinState): { rid: string; answer: string }[] =>
  Object.values(s.responses).flatMap((r) => (r.answer ? [{ rid: r.id, answer: r.answer }] : []));

export const rules: KindRules<CheckinConfig, CheckinState> = {
  kind: 'checkin',
  texts: (c) => c.prompts,
  init: () => ({ responses: {}, queue: [], showAnswers: false, inReport: false }),

  decide(cmd: CheckinCommand, a, actor, ctx, room) {
    const s = a.state;
    const pid = actor.participantId;
    switch (cmd.type) {
      case 'checkin.respond': {
        if (actor.role !== 'participant' || !pid) return reject('NOT_ALLOWED', 'only participants check in', 'participantsOnly');
        const ev: CheckinEvent = {
          type: 'checkin.responded',
          activityId: a.id,
          rid: responseOf(s, pid)?.id ?? ctx.newId(),
          pid,
          answer: cmd.passed ? '' : cmd.answer,
          passed: cmd.passed,
          shown: s.showAnswers,
          ...(s.showAnswers && !cmd.passed && cmd.answer ? { seen: true as const } : {}),
        };
        return accept(ev);
      }
      case 'checkin.speak': {
        if (actor.role !== 'participant' || !pid) return reject('NOT_ALLOWED', 'only participants ask to speak', 'participantsOnly');
        const entry = s.queue[queuePlace(s, pid)];
        if (cmd.want === Boolean(entry)) return accept();
        if (entry) return accept(dequeued(a.id, entry, false));
        const name = room.state.participants[pid]?.name;
        const ev: CheckinEvent = { type: 'checkin.queued', activityId: a.id, entryId: ctx.newId(), pid, ...(name ? { name } : {}) };
        return accept(ev);
      }
      case 'checkin.spoken': {
        if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator marks who has spoken', 'facilitatorOnly');
        const entry = s.queue.find((e) => e.id === cmd.entryId);
        if (!entry) return reject('NOT_FOUND', 'not in the queue', 'notQueued');
        return accept(dequeued(a.id, entry, true));
      }
      case 'checkin.show': {
        if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator decides what the board shows', 'facilitatorOnly');
        if (s.showAnswers === cmd.show) return accept();
        const answers = cmd.show ? writtenAnswers(s) : [];
        const ev: CheckinEvent = {
          type: 'checkin.shown',
          activityId: a.id,
          show: cmd.show,
          answers,
          ...(answers.length ? { seenIds: answers.map((x) => x.rid) } : {}),
        };
        return accept(ev);
      }
      case 'checkin.report': {
        if (actor.role !== 'facilitator')
          return reject('NOT_ALLOWED', 'the facilitator decides what goes into the report', 'facilitatorOnly');
        if ((s.inReport ?? true) === cmd.include) return accept();
        return accept({ type: 'checkin.reported', activityId: a.id, include: cmd.include } satisfies CheckinEvent);
      }
    }
  },

  apply(s, ev: CheckinEvent) {
    switch (ev.type) {
      case 'checkin.responded': {
        const r: CheckinResponse = { id: ev.rid, passed: ev.passed };
        if (ev.pid) r.pid = ev.pid;
        if (ev.answer) r.answer = ev.answer;
        // Shown on the board now, or its earlier answer was (facilitators' view only).
        if (ev.seen || s.responses[r.id]?.seen) r.seen = true;
        s.responses[r.id] = r;
        return;
      }
      case 'checkin.queued': {
        const e: QueueEntry = { id: ev.entryId };
        if (ev.pid) e.pid = ev.pid;
        if (ev.name) e.name = ev.name;
        s.queue.push(e);
        return;
      }
      case 'checkin.dequeued':
        s.queue = s.queue.filter((e) => e.id !== ev.entryId);
        return;
      case 'checkin.reported':
        s.inReport = ev.include;
        return;
      case 'checkin.shown':
        s.showAnswers = ev.show;
        for (const rid of ev.seenIds ?? []) if (s.responses[rid]) s.responses[rid].seen = true;
        for (const { rid, answer } of ev.answers ?? []) {
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
      if (mine(r.pid)) {
        const { seen: _s, ...own } = r;
        responses[r.id] = own;
      } else {
        const seen: CheckinResponse = { id: r.id, passed: r.passed };
        if (viewer.role === 'board' && s.showAnswers && r.answer) seen.answer = r.answer;
        responses[r.id] = seen;
      }
    }
    const queue = s.queue.map((e) => (mine(e.pid) ? { ...e } : { id: e.id }));
    return { responses, queue, showAnswers: s.showAnswers };
  },

  projectEvent(ev: Stored, viewer: Viewer): StoredEvent | null {
    if (viewer.role === 'facilitator') return ev;
    const mine = (pid?: string) => viewer.role === 'participant' && pid !== undefined && pid === viewer.participantId;
    switch (ev.type) {
      case 'checkin.responded': {
        const { seen: _seen, ...open } = ev;
        if (mine(ev.pid)) return open;
        const { answer, ...rest } = withoutPid(open);
        return viewer.role === 'board' && ev.shown && answer ? { ...rest, answer } : rest;
      }
      case 'checkin.queued': {
        if (mine(ev.pid)) return ev;
        const { name: _n, ...rest } = withoutPid(ev);
        return rest;
      }
      case 'checkin.dequeued':
        return mine(ev.pid) ? ev : withoutPid(ev);
      case 'checkin.reported':
        return null;
      case 'checkin.shown': {
        const { answers: _a, seenIds: _s, ...rest } = ev;
        if (!ev.show) return { ...rest, hide: true };
        return viewer.role === 'board' ? { ...rest, ...(ev.answers && { answers: ev.answers }) } : rest;
      }
    }
    return null;
  },
};

function dequeued(activityId: string, entry: QueueEntry, spoken: boolean): CheckinEvent {
  return { type: 'checkin.dequeued', activityId, entryId: entry.id, ...(entry.pid ? { pid: entry.pid } : {}), spoken };
}
