/** Bench settings from the environment, with defaults that fit ~7 minutes on 2 cores (all three scenarios). */

export interface BenchOptions {
  /** Room sizes (phones), BENCH_N=200,500,1000. */
  ns: number[];
  /** Measured activity changes per run (per round and server), BENCH_CHANGES. */
  changes: number;
  /** Rounds per N and server, in ABBA order, BENCH_ROUNDS. */
  rounds: number;
  /** Unmeasured changes first (JIT, first-use paths), BENCH_WARMUP. */
  warmup: number;
  /** Pause between changes, BENCH_PAUSE_MS (≥ 300 so frames are not coalesced). */
  pauseMs: number;
  /** Phone worker processes, BENCH_WORKERS. */
  workers: number;
  /** Niceness of the phone workers (0..19), BENCH_WORKER_NICE; 0 = same as the servers. */
  workerNice: number;
  /** Handshakes in flight at once over all workers, BENCH_JOIN_CONCURRENCY. */
  joinConcurrency: number;
  /** KRING_SQLITE_SYNC for the Kring server, BENCH_SQLITE_SYNC (the server default is FULL). */
  sqliteSync: 'FULL' | 'NORMAL';
  /** Post-its and dots: phones in the room, BENCH_DOTS_N (500). */
  dotsN: number;
  /** Post-its and dots: rounds per server, in ABBA order, BENCH_DOTS_ROUNDS (2). */
  dotsRounds: number;
  /** Post-its and dots: the window over which the post-its are spread (s), BENCH_POSTIT_WINDOW_S (30). */
  postitWindowS: number;
  /** Post-its and dots: the window over which the dots are spread (s), BENCH_DOT_WINDOW_S (10). */
  dotWindowS: number;
  /** Report export: timed runs per format after one warm-up, BENCH_EXPORT_RUNS (5, at most 10). */
  exportRuns: number;
  /** Only these scenario ids, BENCH_SCENARIOS=room-join-fanout (default: all). */
  scenarios?: string[];
  /** Where the report goes, BENCH_OUT (default docs/benchmarks.md); BENCH_OUT=- skips writing. */
  out: string;
  /** Hard limit for the whole run, BENCH_TIMEOUT_S. */
  timeoutS: number;
}

const num = (v: string | undefined, d: number) => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) ? n : d;
};

export function optionsFromEnv(env = process.env): BenchOptions {
  const ns = (env.BENCH_N ?? '200,500,1000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 5000);
  return {
    ns: ns.length ? ns : [200, 500, 1000],
    changes: Math.max(1, Math.min(200, num(env.BENCH_CHANGES, 20))),
    rounds: Math.max(1, Math.min(10, num(env.BENCH_ROUNDS, 2))),
    warmup: Math.max(0, Math.min(20, num(env.BENCH_WARMUP, 2))),
    pauseMs: Math.max(300, num(env.BENCH_PAUSE_MS, 300)),
    workers: Math.max(1, Math.min(16, num(env.BENCH_WORKERS, 4))),
    workerNice: Math.max(0, Math.min(19, num(env.BENCH_WORKER_NICE, 0))),
    joinConcurrency: Math.max(1, Math.min(1000, num(env.BENCH_JOIN_CONCURRENCY, 64))),
    sqliteSync: env.BENCH_SQLITE_SYNC?.toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL',
    dotsN: Math.max(10, Math.min(2000, Math.round(num(env.BENCH_DOTS_N, 500)))),
    dotsRounds: Math.max(1, Math.min(4, num(env.BENCH_DOTS_ROUNDS, 2))),
    postitWindowS: Math.max(1, Math.min(120, num(env.BENCH_POSTIT_WINDOW_S, 30))),
    dotWindowS: Math.max(1, Math.min(60, num(env.BENCH_DOT_WINDOW_S, 10))),
    // At most 10: 5 formats × (runs + 1) must stay under the report route's 60 a minute.
    exportRuns: Math.max(1, Math.min(10, Math.round(num(env.BENCH_EXPORT_RUNS, 5)))),
    scenarios: env.BENCH_SCENARIOS ? env.BENCH_SCENARIOS.split(',').map((s) => s.trim()) : undefined,
    out: env.BENCH_OUT ?? 'docs/benchmarks.md',
    timeoutS: Math.max(30, num(env.BENCH_TIMEOUT_S, 900)),
  };
}
