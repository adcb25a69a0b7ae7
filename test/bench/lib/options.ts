/** Bench settings from the environment, with defaults that fit ~35 minutes on 2 cores (every scenario). */

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
  /** Join storm: phones per storm, BENCH_STORM_N=1000,5000. */
  stormNs: number[];
  /** Join storm: rounds per N and server (ABBA), BENCH_STORM_ROUNDS (2). */
  stormRounds: number;
  /** Join storm: handshakes in flight at once, BENCH_STORM_CONCURRENCY (0 = every phone at once). */
  stormConcurrency: number;
  /** Post-its at workshop pace: room sizes, BENCH_PACE_N=200,500,1000. */
  paceNs: number[];
  /** Post-its at workshop pace: post-its a second over the room, BENCH_PACE_RATE (30). */
  paceRate: number;
  /** Durable acks: concurrent closed-loop senders, BENCH_ACK_SENDERS=1,10,100. */
  ackSenders: number[];
  /** Durable acks: the window per sender count (s), BENCH_ACK_WINDOW_S (5). */
  ackWindowS: number;
  /** Town hall: phones, BENCH_TOWN_N (5000). */
  townN: number;
  /** Town hall: the post-it window (s), BENCH_TOWN_POSTIT_S (60). */
  townPostitS: number;
  /** Town hall: the dot window (s), BENCH_TOWN_DOT_S (20). */
  townDotS: number;
  /** Town hall: run the baseline too (it floods), BENCH_TOWN_BASELINE (1; 0 = Kring only). */
  townBaseline: boolean;
  /**
   * Town hall on more cores: the set-ups, BENCH_SCALE_SETUPS=single,workers,cluster,cluster-pg (default
   * all three, always run in this order; the bare baseline after them unless BENCH_TOWN_BASELINE=0).
   */
  scaleSetups: ScaleSetup[];
  /** Many rooms: rooms on one server, BENCH_ROOMS (200). */
  rooms: number;
  /** Many rooms: phones per room, BENCH_ROOM_PHONES (40). */
  roomPhones: number;
  /** Many rooms: the workshop window (s), BENCH_ROOMS_WINDOW_S (60). */
  roomsWindowS: number;
  /** Ramp: phones, BENCH_RAMP_N (1000). */
  rampN: number;
  /** Ramp: post-its a second per step, BENCH_RAMP_RATES=10,25,50,100,200,400,800,1600,3200. */
  rampRates: number[];
  /** Ramp: seconds per step, BENCH_RAMP_STEP_S (3). */
  rampStepS: number;
  /** Report export: timed runs per format after one warm-up, BENCH_EXPORT_RUNS (5, at most 10). */
  exportRuns: number;
  /** Only these scenario ids, BENCH_SCENARIOS=room-join-fanout (default: all). */
  scenarios?: string[];
  /** Where the report goes, BENCH_OUT (default docs/benchmarks.md); BENCH_OUT=- skips writing. */
  out: string;
  /** Hard limit for the whole run, BENCH_TIMEOUT_S. */
  timeoutS: number;
}

/** Town hall on more cores: one process, KRING_WORKERS=2 behind one port, three nodes with Redis (on one SQLite folder, or on PostgreSQL). */
export const SCALE_SETUPS = ['single', 'workers', 'cluster', 'cluster-pg'] as const;
export type ScaleSetup = (typeof SCALE_SETUPS)[number];

const setups = (v: string | undefined): ScaleSetup[] => {
  const asked = (v ?? '').split(',').map((x) => x.trim());
  const xs = SCALE_SETUPS.filter((x) => asked.includes(x));
  return xs.length ? xs : [...SCALE_SETUPS];
};

const num = (v: string | undefined, d: number) => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) ? n : d;
};

const list = (v: string | undefined, d: number[], lo: number, hi: number) => {
  const xs = (v ?? '')
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isFinite(x) && x >= lo && x <= hi);
  return xs.length ? xs : d;
};
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

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
    dotsN: Math.max(10, Math.min(2000, Math.round(num(env.BENCH_DOTS_N, 1000)))),
    dotsRounds: Math.max(1, Math.min(4, num(env.BENCH_DOTS_ROUNDS, 1))),
    postitWindowS: Math.max(1, Math.min(120, num(env.BENCH_POSTIT_WINDOW_S, 30))),
    dotWindowS: Math.max(1, Math.min(60, num(env.BENCH_DOT_WINDOW_S, 10))),
    stormNs: list(env.BENCH_STORM_N, [1000, 5000], 10, 10_000).map(Math.round),
    stormRounds: clamp(Math.round(num(env.BENCH_STORM_ROUNDS, 2)), 1, 4),
    stormConcurrency: clamp(Math.round(num(env.BENCH_STORM_CONCURRENCY, 0)), 0, 10_000),
    paceNs: list(env.BENCH_PACE_N, [200, 500, 1000], 10, 5000).map(Math.round),
    paceRate: clamp(num(env.BENCH_PACE_RATE, 30), 1, 1000),
    ackSenders: list(env.BENCH_ACK_SENDERS, [1, 10, 100], 1, 1000).map(Math.round),
    ackWindowS: clamp(num(env.BENCH_ACK_WINDOW_S, 5), 1, 60),
    townN: clamp(Math.round(num(env.BENCH_TOWN_N, 5000)), 10, 10_000),
    townPostitS: clamp(num(env.BENCH_TOWN_POSTIT_S, 60), 1, 300),
    townDotS: clamp(num(env.BENCH_TOWN_DOT_S, 20), 1, 120),
    townBaseline: env.BENCH_TOWN_BASELINE !== '0',
    scaleSetups: setups(env.BENCH_SCALE_SETUPS),
    rooms: clamp(Math.round(num(env.BENCH_ROOMS, 200)), 1, 1000),
    roomPhones: clamp(Math.round(num(env.BENCH_ROOM_PHONES, 40)), 1, 500),
    roomsWindowS: clamp(num(env.BENCH_ROOMS_WINDOW_S, 60), 5, 600),
    rampN: clamp(Math.round(num(env.BENCH_RAMP_N, 1000)), 10, 5000),
    rampRates: list(env.BENCH_RAMP_RATES, [10, 25, 50, 100, 200, 400, 800, 1600, 3200], 1, 10_000),
    rampStepS: clamp(num(env.BENCH_RAMP_STEP_S, 3), 1, 60),
    // At most 10: 5 formats × (runs + 1) must stay under the report route's 60 a minute.
    exportRuns: Math.max(1, Math.min(10, Math.round(num(env.BENCH_EXPORT_RUNS, 5)))),
    scenarios: env.BENCH_SCENARIOS ? env.BENCH_SCENARIOS.split(',').map((s) => s.trim()) : undefined,
    out: env.BENCH_OUT ?? 'docs/benchmarks.md',
    // The town hall on more cores (issue 14) adds about 10 minutes to the whole bench.
    timeoutS: Math.max(30, num(env.BENCH_TIMEOUT_S, 3000)),
  };
}
