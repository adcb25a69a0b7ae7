/**
 * The room's countdown: the facilitator starts, pauses, extends and stops it; the board
 * and phones show it. Optionally it closes input for its activity at zero. The reducer
 * stays pure: the server schedules a `timer.expire` command for the moment it ends, and
 * decide accepts it only once that moment has passed.
 */
import type { ViewedCoreEvent } from './events.ts';
import type { RoomState } from './model.ts';

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

export const remaining = (t: TimerState, now: number) => (t.endsAt !== null ? Math.max(0, t.endsAt - now) : t.remainingMs);

/** The countdown's events, typed (see events.ts). */
export type TimerEvent = Extract<ViewedCoreEvent, { type: `timer.${string}` }>;

export function applyTimer(state: RoomState, ev: TimerEvent): void {
  switch (ev.type) {
    case 'timer.started':
      state.timer = {
        activityId: ev.activityId,
        durationMs: ev.durationMs,
        endsAt: ev.endsAt,
        remainingMs: ev.durationMs,
        lockAtZero: ev.lockAtZero,
        expired: false,
      };
      return;
    case 'timer.paused':
      if (state.timer) Object.assign(state.timer, { endsAt: null, remainingMs: ev.remainingMs });
      return;
    case 'timer.resumed':
      if (state.timer) state.timer.endsAt = ev.endsAt;
      return;
    case 'timer.extended':
      if (!state.timer) return;
      state.timer.durationMs = ev.durationMs;
      if ('endsAt' in ev) Object.assign(state.timer, { endsAt: ev.endsAt, expired: false });
      else state.timer.remainingMs = ev.remainingMs;
      return;
    case 'timer.stopped':
      state.timer = null;
      return;
    case 'timer.expired':
      if (state.timer) Object.assign(state.timer, { expired: true, endsAt: null, remainingMs: 0 });
      return;
  }
}
