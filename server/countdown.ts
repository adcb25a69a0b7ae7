/** The reducer has no clock: a room's countdown fires `timer.expire` when its timer ends. */
import type { TimerState } from '../shared/timer.ts';

export class Countdown {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #fire: (endsAt: number) => void;

  constructor(fire: (endsAt: number) => void) {
    this.#fire = fire;
  }

  /** Arm for this timer (a running one that has not expired), else disarm. */
  sync(t: TimerState | null) {
    this.clear();
    if (!t || t.endsAt === null || t.expired) return;
    const endsAt = t.endsAt;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#fire(endsAt);
      },
      Math.max(0, endsAt - Date.now()) + 5,
    );
    this.#timer.unref?.();
  }

  clear() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
