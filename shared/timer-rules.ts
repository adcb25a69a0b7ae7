/** The countdown's rules (the facilitator's commands and the server's expiry). */
import type { TimerCommand } from './commands.ts';
import { accept, reject, type Actor, type Context, type Decision, type RoomState } from './model.ts';
import { remaining } from './timer.ts';

export function decideTimer(state: RoomState, cmd: TimerCommand, actor: Actor, ctx: Context): Decision {
  if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator runs the timer');
  const t = state.timer;
  switch (cmd.type) {
    case 'timer.start': {
      if (cmd.activityId && !state.agenda.some((a) => a.id === cmd.activityId)) return reject('NOT_FOUND', 'no such activity');
      const ms = cmd.seconds * 1000;
      return accept({
        type: 'timer.started',
        activityId: cmd.activityId,
        durationMs: ms,
        endsAt: ctx.now + ms,
        lockAtZero: cmd.lockAtZero,
      });
    }
    case 'timer.pause':
      if (!t || t.endsAt === null) return reject('NOT_FOUND', 'no running timer');
      return accept({ type: 'timer.paused', remainingMs: remaining(t, ctx.now) });
    case 'timer.resume':
      if (!t || t.endsAt !== null || t.expired) return reject('NOT_FOUND', 'no paused timer');
      return accept({ type: 'timer.resumed', endsAt: ctx.now + t.remainingMs });
    case 'timer.extend': {
      if (!t) return reject('NOT_FOUND', 'no timer');
      const left = Math.max(0, remaining(t, ctx.now) + cmd.seconds * 1000);
      return accept({
        type: 'timer.extended',
        durationMs: Math.max(0, t.durationMs + cmd.seconds * 1000),
        ...(t.endsAt !== null || t.expired ? { endsAt: ctx.now + left } : { remainingMs: left }),
      });
    }
    case 'timer.stop':
      if (!t) return accept();
      return accept({ type: 'timer.stopped' });
    case 'timer.expire': {
      // Sent by the server's own clock; early or repeated ones change nothing.
      if (!t || t.endsAt === null || t.expired || ctx.now < t.endsAt) return accept();
      const lock = t.lockAtZero && t.activityId && state.agenda.find((a) => a.id === t.activityId && !a.locked);
      return accept({ type: 'timer.expired' }, ...(lock ? [{ type: 'activity.locked', activityId: t.activityId, locked: true }] : []));
    }
  }
}
