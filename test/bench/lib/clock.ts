/**
 * One clock for every bench process. `process.hrtime` reads CLOCK_MONOTONIC, which is
 * shared by all processes on one Linux machine, so a send time taken in the main process
 * and a receive time taken in a phone worker can be subtracted directly (no wall-clock
 * alignment, no NTP steps). The pool still checks this at start-up (see pool.ts).
 */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6; // ms, sub-µs resolution

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reject after `ms` with a message that names what we were waiting for. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
