/**
 * The room's countdown as a rune: the time left on `view.timer`, computed with the
 * server's clock (the connection keeps the offset), refreshed once a second while it runs.
 * Use it from a component: `const cd = new Countdown(() => conn.view?.timer, () => conn.now())`
 * and read `cd.ms`; the interval lives in an $effect, so it stops with the component.
 */
import { remaining, type TimerState } from '../../../shared/timer.ts';
import { msToNextSecond } from './clock.ts';

export class Countdown {
  #timer: () => TimerState | null | undefined;
  #now: () => number;
  #tick = $state(0);

  constructor(timer: () => TimerState | null | undefined, now: () => number) {
    this.#timer = timer;
    this.#now = now;
    $effect(() => {
      const t = this.#timer();
      if (!t || t.endsAt === null) return;
      // First tick on the next second boundary of the countdown, then once a second.
      let interval: ReturnType<typeof setInterval> | undefined;
      const first = setTimeout(
        () => {
          this.#tick++;
          interval = setInterval(() => this.#tick++, 1000);
        },
        msToNextSecond(remaining(t, this.#now())),
      );
      return () => {
        clearTimeout(first);
        clearInterval(interval);
      };
    });
  }

  get timer(): TimerState | null {
    return this.#timer() ?? null;
  }

  /** Milliseconds left (0 when none or expired). */
  get ms(): number {
    void this.#tick;
    const t = this.#timer();
    return t ? remaining(t, this.#now()) : 0;
  }

  get running(): boolean {
    const t = this.#timer();
    return !!t && t.endsAt !== null && !t.expired;
  }

  get paused(): boolean {
    const t = this.#timer();
    return !!t && t.endsAt === null && !t.expired;
  }

  get expired(): boolean {
    const t = this.#timer();
    return !!t && (t.expired || (t.endsAt !== null && this.ms <= 0));
  }
}
