/** Pool-level phone operations that any scenario needs: join, act, count frames, leave. */
import { now, sleep } from './clock.ts';
import type { Job, Window, WindowStats } from './ipc.ts';
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
  /** One server, or several (a cluster's nodes): then the phones connect to them in turn. */
  url: string | string[],
  hello: Record<string, unknown>,
  n: number,
  concurrency: number,
  /** How long one phone may take to connect and be acked (ms); a storm needs longer. */
  timeoutMs = 15_000,
): Promise<JoinResult> {
  const perWorkerConcurrency = Math.max(1, Math.ceil(concurrency / pool.size));
  const start = now();
  const urls = typeof url === 'string' ? [url] : url;
  // Phone k of all (worker i's first is the sum of the shares before it) gets urls[k % length].
  const first = (i: number) => Array.from({ length: i }, (_, j) => share(n, pool.size, j)).reduce((a, b) => a + b, 0);
  const several = urls.length > 1 ? (i: number) => ({ urls, first: first(i) }) : () => ({});
  const replies = await pool.all(
    (i) => ({
      t: 'join',
      url: urls[0],
      ...several(i),
      hello,
      count: share(n, pool.size, i),
      concurrency: perWorkerConcurrency,
      timeoutMs,
    }),
    'joined',
    // Generous but bounded: even a slow join of 1,000 phones is far below this.
    Math.max(120_000, timeoutMs * 4),
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

/** Receive times of every watched event (by seq) over all workers, and unexpected disconnects. */
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

export interface ActResult {
  /** Per accepted command: send → ack (ms). */
  latencies: number[];
  accepted: number;
  refused: Record<string, number>;
  errors: string[];
  firstSentAt: number;
  lastAckAt: number;
  /** The worst lateness of a worker's send against its plan (ms): phone-side load. */
  maxLateMs: number;
  /** Per worker, per accepted command: its job index, its ack's seq and the ack time. */
  oks: { job: number; seq: number; at: number }[][];
}

/**
 * Every worker sends its jobs (`jobs(i)` for worker i, phones indexed within the worker)
 * and reports when all its acks are in. Bounded by `timeoutMs` per ack and overall.
 */
export async function act(pool: Pool, jobs: (worker: number) => Job[], windowMs: number, ackTimeoutMs = 20_000): Promise<ActResult> {
  const replies = await pool.all((i) => ({ t: 'act', jobs: jobs(i), timeoutMs: ackTimeoutMs }), 'acted', windowMs + ackTimeoutMs + 10_000);
  const refused: Record<string, number> = {};
  for (const r of replies) for (const [code, k] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + k;
  const sent = replies.filter((r) => r.firstSentAt > 0);
  return {
    latencies: replies.flatMap((r) => r.latencies),
    accepted: replies.reduce((a, r) => a + r.latencies.length, 0),
    refused,
    errors: [...new Set(replies.flatMap((r) => r.errors))].slice(0, 5),
    firstSentAt: sent.length ? Math.min(...sent.map((r) => r.firstSentAt)) : 0,
    lastAckAt: Math.max(0, ...replies.map((r) => r.lastAckAt)),
    maxLateMs: Math.max(0, ...replies.map((r) => r.maxLateMs)),
    oks: replies.map((r) => r.okJob.map((job, k) => ({ job, seq: r.okSeq[k], at: r.okAt[k] }))),
  };
}

export interface FrameStats {
  windows: WindowStats[];
  lastFrameAt: number;
  behind: number;
  phones: number;
}

/** Frames the phones received in each window, summed over the workers. */
export async function frameStats(pool: Pool, windows: Window[], seq?: number): Promise<FrameStats> {
  const replies = await pool.all({ t: 'stats', windows, seq }, 'stats', 30_000);
  return {
    windows: windows.map((_, k) => ({
      frames: replies.reduce((a, r) => a + r.windows[k].frames, 0),
      events: replies.reduce((a, r) => a + r.windows[k].events, 0),
      maxPerPhone: Math.max(0, ...replies.map((r) => r.windows[k].maxPerPhone)),
      peakPerSecond: Math.max(0, ...replies.map((r) => r.windows[k].peakPerSecond)),
      ownFrames: replies.reduce((a, r) => a + r.windows[k].ownFrames, 0),
    })),
    lastFrameAt: Math.max(0, ...replies.map((r) => r.lastFrameAt)),
    behind: replies.reduce((a, r) => a + r.behind, 0),
    phones: replies.reduce((a, r) => a + r.phones, 0),
  };
}

/**
 * Wait until no phone has received a frame for `quietMs` (the room has delivered what
 * it had to), at most `timeoutMs`. Resolves with whether it went quiet and when the last
 * frame came.
 */
export async function quiet(pool: Pool, quietMs: number, timeoutMs: number): Promise<{ quiet: boolean; lastFrameAt: number }> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const { lastFrameAt } = await frameStats(pool, []);
    const idle = now() - lastFrameAt;
    if (idle >= quietMs) return { quiet: true, lastFrameAt };
    if (now() >= deadline) return { quiet: false, lastFrameAt };
    await sleep(Math.min(quietMs - idle + 10, 250));
  }
}

/** Wait until every phone has seen the event with this seq (or a later one), at most `timeoutMs`. */
export async function caughtUp(pool: Pool, seq: number, timeoutMs: number): Promise<boolean> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const { behind } = await frameStats(pool, [], seq);
    if (!behind) return true;
    if (now() >= deadline) return false;
    await sleep(20);
  }
}
