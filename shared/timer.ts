/**
 * The room's countdown: the facilitator starts, pauses, extends and stops it; the board
 * and phones show it. Optionally it closes input for its activity at zero. The reducer
 * stays pure: the server schedules a `timer.expire` command for the moment it ends, and
 * decide accepts it only once that moment has passed.
 */
import { accept, reject, type Actor, type Context, type Decision, type RoomState, type StoredEvent } from './model.ts';
import type { TimerCommand } from './commands.ts';

export interface TimerState {
  /** The activity whose input closes at zero (if lockAtZero). */
  activityId: string | null;
  durationMs: number;
  /** When running: the server time it reaches zero. */
  endsAt: number | null;
  /** When paused or stopped: what is left. */
  remainingMs: number;
  lockAtZero: boolean;
  expired: boolean;
}

export const remaining = (t: TimerState, now: number) =>
  t.endsAt !== null ? Math.max(0, t.endsAt - now) : t.remainingMs;

export function decideTimer(state: RoomState, cmd: TimerCommand, actor: Actor, ctx: Context): Decision {
  if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator runs the timer');
  const t = state.timer;
  switch (cmd.type) {
    case 'timer.start': {
      if (cmd.activityId && !state.agenda.some((a) => a.id === cmd.activityId)) return reject('NOT_FOUND', 'no such activity');
      const ms = cmd.seconds * 1000;
      return accept({ type: 'timer.started', activityId: cmd.activityId, durationMs: ms, endsAt: ctx.now + ms, lockAtZero: cmd.lockAtZero });
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
      return accept({ type: 'timer.extended', durationMs: Math.max(0, t.durationMs + cmd.seconds * 1000), ...(t.endsAt !== null || t.expired ? { endsAt: ctx.now + left } : { remainingMs: left }) });
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

export function applyTimer(state: RoomState, ev: StoredEvent): void {
  switch (ev.type) {
    case 'timer.started':
      state.timer = {
        activityId: (ev.activityId as string | null) ?? null,
        durationMs: ev.durationMs as number,
        endsAt: ev.endsAt as number,
        remainingMs: ev.durationMs as number,
        lockAtZero: ev.lockAtZero as boolean,
        expired: false,
      };
      return;
    case 'timer.paused':
      if (state.timer) Object.assign(state.timer, { endsAt: null, remainingMs: ev.remainingMs });
      return;
    case 'timer.resumed':
      if (state.timer) state.timer.endsAt = ev.endsAt as number;
      return;
    case 'timer.extended':
      if (!state.timer) return;
      state.timer.durationMs = ev.durationMs as number;
      if (ev.endsAt !== undefined) Object.assign(state.timer, { endsAt: ev.endsAt, expired: false });
      else state.timer.remainingMs = ev.remainingMs as number;
      return;
    case 'timer.stopped':
      state.timer = null;
      return;
    case 'timer.expired':
      if (state.timer) Object.assign(state.timer, { expired: true, endsAt: null, remainingMs: 0 });
      return;
  }
}
