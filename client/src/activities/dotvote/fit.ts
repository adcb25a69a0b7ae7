/**
 * The dot vote's board fits the projector (R-DOT-BOARD): a view steps through denser
 * layouts until the page does not scroll, and as a last resort shows fewer rows (with a
 * line for the rest). Everything runs between two paints (Svelte's `tick` is a microtask),
 * so the room never sees the steps.
 */
import { tick } from 'svelte';

/** Nothing to scroll: the page is no taller and no wider than the window. */
export function pageFits(): boolean {
  const d = document.documentElement;
  return d.scrollHeight <= window.innerHeight && d.scrollWidth <= window.innerWidth;
}

/** Each new fit makes the one still running stale: it stops at its next step. */
export class Fitter {
  #run = 0;

  /**
   * Layouts 0…`count − 1`, each denser than the one before: the first that fits (`set` it,
   * let the DOM update, ask `fits`), else the last (returns −1), or null when a newer fit began.
   */
  async firstFitting(count: number, set: (i: number) => void, fits = pageFits): Promise<number | null> {
    const me = ++this.#run;
    for (let i = 0; i < count; i++) {
      set(i);
      await tick();
      if (me !== this.#run) return null;
      if (fits()) return i;
    }
    return -1;
  }

  /** The most rows (0…`max`) that fit, by halving; `set` is left at that number. Null when a newer fit began. */
  async mostThatFit(max: number, set: (n: number) => void, fits = pageFits): Promise<number | null> {
    const me = this.#run;
    let lo = 0;
    let hi = max;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      set(mid);
      await tick();
      if (me !== this.#run) return null;
      if (fits()) lo = mid;
      else hi = mid - 1;
    }
    set(lo);
    await tick();
    return me === this.#run ? lo : null;
  }
}
