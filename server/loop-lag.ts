/**
 * How late the event loop runs (issue 13): a timer every SAMPLE_MS notes how much later
 * than asked it fired; the figure decays, so it tells of the last few hundred ms. Frames
 * are paced from it (fanout.ts): with headroom a frame goes as soon as the previous is out,
 * under pressure frames coalesce. One sampler for the process, started on first use; it
 * never keeps the process alive.
 */
import { performance } from 'node:perf_hooks';

const SAMPLE_MS = 20;
/** Weight of the newest sample: about the last 5 samples (~100 ms) count. */
const WEIGHT = 0.2;

let lag = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function sample(expected: number) {
  const late = Math.max(0, performance.now() - expected);
  // A spike counts at once; calm returns gradually.
  lag = late > lag ? late : lag + WEIGHT * (late - lag);
  arm();
}

function arm() {
  const expected = performance.now() + SAMPLE_MS;
  timer = setTimeout(() => sample(expected), SAMPLE_MS);
  timer.unref?.();
}

/** The event loop's recent delay (ms). */
export function loopLag(): number {
  if (!timer) arm();
  return lag;
}
