/** Pool-level phone operations that any scenario needs: join N phones, collect, leave. */
import { now } from './clock.ts';
import type { Pool } from './pool.ts';

export interface JoinResult {
  joined: number;
  failed: number;
  errors: string[];
  /** Per phone: socket created → hello acked (ms). */
  latencies: number[];
  /** From the join order to the last ack over all workers (ms). */
  wallMs: number;
  /** Phones per worker that did join (a worker with none sends no `complete`). */
  perWorker: number[];
}

/** Split n phones over the workers as evenly as possible. */
export const share = (n: number, workers: number, i: number) => Math.floor(n / workers) + (i < n % workers ? 1 : 0);

export async function joinPhones(
  pool: Pool,
  url: string,
  hello: Record<string, unknown>,
  n: number,
  concurrency: number,
): Promise<JoinResult> {
  const perWorkerConcurrency = Math.max(1, Math.ceil(concurrency / pool.size));
  const start = now();
  const replies = await pool.all(
    (i) => ({ t: 'join', url, hello, count: share(n, pool.size, i), concurrency: perWorkerConcurrency, timeoutMs: 15_000 }),
    'joined',
    // Generous but bounded: even a slow join of 1,000 phones is far below this.
    120_000,
  );
  return {
    joined: replies.reduce((a, r) => a + r.ok, 0),
    failed: replies.reduce((a, r) => a + r.failed, 0),
    errors: [...new Set(replies.flatMap((r) => r.errors))],
    latencies: replies.flatMap((r) => r.latencies),
    wallMs: Math.max(...replies.map((r) => r.lastAckAt)) - start,
    perWorker: replies.map((r) => r.ok),
  };
}

/** Receive times of every agenda.current seq over all workers, and unexpected disconnects. */
export async function collectFrames(pool: Pool) {
  const replies = await pool.all({ t: 'collect' }, 'frames', 30_000);
  const received = new Map<number, number[]>();
  for (const r of replies) {
    for (const [seq, times] of Object.entries(r.received)) {
      const all = received.get(Number(seq)) ?? [];
      all.push(...times);
      received.set(Number(seq), all);
    }
  }
  return { received, disconnects: replies.reduce((a, r) => a + r.disconnects, 0) };
}

export async function leavePhones(pool: Pool) {
  await pool.all({ t: 'leave' }, 'left', 30_000);
}
