/**
 * First scenario of the issue: N phones join one room; the console changes the current
 * activity and every phone must see it. Kring and the bare Socket.IO baseline get the
 * same phones, the same steps and the same N, in the same run, in ABBA order.
 */
import { logSummary } from '../lib/logs.ts';
import { Pool } from '../lib/pool.ts';
import type { BenchOptions } from '../lib/options.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, max, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { measureRun, type Run } from './room-join-fanout.measure.ts';

export const roomJoinFanout: Scenario = {
  id: 'room-join-fanout',
  title: 'Room join and activity fan-out',
  method: `N simulated phones (Socket.IO clients, WebSocket transport, one connection each)
join one room; then the console (a facilitator socket in the bench process) switches
the current activity, alternating between the house-rules card and none, and every phone
must receive the change.

- **Join**: the phones connect and send \`hello\` as a burst, with a bounded number of
  handshakes in flight (\`BENCH_JOIN_CONCURRENCY\`, split over the phone workers).
  *All joined* is the wall time from the join order to the last hello ack; *per phone*
  is socket creation → hello ack of each phone (so it includes waiting in the burst).
- **Fan-out**: the console sends \`agenda.goto\`; one sample is the time from just before
  the send to the moment a phone's \`frame\` containing that \`agenda.current\` event
  arrives. Samples are all (phone, change) pairs; *last phone* is, per change, the time
  until the slowest phone had it (p50 and max over changes); *console ack* is send →
  command ack at the console (Kring acks once the event is committed to SQLite). The
  next change waits until every phone has the previous one, then pauses
  (\`BENCH_PAUSE_MS\`), so frames are never coalesced. Unmeasured warm-up changes come
  first (\`BENCH_WARMUP\`).
- **Server cost**: CPU time (user + system, all threads) of the server process from
  \`/proc/<pid>/stat\` over the join (until the room has settled, 0.5 s after the last
  ack) and over the measured changes (per change); RSS after the join.
- **Runs**: every server is a fresh process (Kring with a fresh data folder,
  \`LOG_LEVEL=warn\` and the SQLite setting above, so every join and every change is on
  disk before it is sent on). Per N there are \`BENCH_ROUNDS\` rounds in ABBA order
  (baseline, Kring, Kring, baseline, …) so that a slow minute of a shared machine hits
  both; percentiles pool the samples of all rounds, the other figures are means.
- The phones live in a few worker processes on the same machine, so a phone's receive
  time also contains its worker's turn on a CPU; this is the same for both servers.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const runs: Run[] = [];
    const notes: string[] = [];
    try {
      const skew = await pool.clockSkew();
      notes.push(`Clock check: phone worker clocks agree with the main process within ${skew.toFixed(3)} ms (IPC round trip).`);
      for (const n of o.ns) {
        for (let round = 0; round < o.rounds; round++) {
          const order: TargetName[] = round % 2 === 0 ? ['baseline', 'Kring'] : ['Kring', 'baseline'];
          for (const target of order) {
            const r = await measureRun(ctx, pool, target, n);
            ctx.log(
              `${this.id}: N=${n} round ${round + 1} ${target}: joined ${r.joined} in ${fmt(r.joinWallMs, 0)} ms; ` +
                `fan-out p50 ${fmt(percentile(r.samples, 50))} p99 ${fmt(percentile(r.samples, 99))} ms; ` +
                `ack p50 ${fmt(percentile(r.acks, 50))} ms; slowest change ${fmt(r.slowest.last)} ms (ack ${fmt(r.slowest.ack)} ms); ` +
                `missed ${r.missed}`,
            );
            runs.push(r);
          }
        }
      }
    } finally {
      await pool.stop();
    }
    for (const r of runs) {
      for (const p of r.problems) {
        ctx.log(`${r.target} N=${r.n} server log: ${p}`);
        notes.push(`${r.target} N=${r.n} server log: ${logSummary(p)}`);
      }
    }
    const summaries = o.ns.flatMap((n) =>
      (['baseline', 'Kring'] as const).map((t) => summarize(runs.filter((r) => r.n === n && r.target === t))),
    );
    return { tables: tables(summaries, o), notes, failures: runs.flatMap((r) => r.failures) };
  },
};

interface Summary {
  n: number;
  target: TargetName;
  joined: string;
  joinWallMs: number;
  joinP50: number;
  joinP99: number;
  joinCpuMs: number;
  rssMiB: number;
  fanP50: number;
  fanP99: number;
  fanMax: number;
  lastP50: number;
  lastMax: number;
  ackP50: number;
  cpuPerChangeMs: number;
  missed: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Pool the samples of all rounds of one (N, server). */
function summarize(rs: Run[]): Summary {
  const all = (f: (r: Run) => number[]) => rs.flatMap(f);
  return {
    n: rs[0].n,
    target: rs[0].target,
    // Phones joined in every round, e.g. "1000" (or "998–1000" when some failed).
    joined: [...new Set([Math.min(...rs.map((r) => r.joined)), Math.max(...rs.map((r) => r.joined))])].join('–'),
    joinWallMs: mean(rs.map((r) => r.joinWallMs)),
    joinP50: percentile(
      all((r) => r.joinLatencies),
      50,
    ),
    joinP99: percentile(
      all((r) => r.joinLatencies),
      99,
    ),
    joinCpuMs: mean(rs.map((r) => r.joinCpuMs)),
    rssMiB: mean(rs.map((r) => r.rssMiB)),
    fanP50: percentile(
      all((r) => r.samples),
      50,
    ),
    fanP99: percentile(
      all((r) => r.samples),
      99,
    ),
    fanMax: max(all((r) => r.samples)),
    lastP50: percentile(
      all((r) => r.lasts),
      50,
    ),
    lastMax: max(all((r) => r.lasts)),
    ackP50: percentile(
      all((r) => r.acks),
      50,
    ),
    cpuPerChangeMs: mean(rs.map((r) => r.cpuPerChangeMs)),
    missed: rs.reduce((a, r) => a + r.missed, 0),
  };
}

function tables(ss: Summary[], o: BenchOptions): Table[] {
  const row = (s: Summary, cells: string[]) => [String(s.n), s.target, ...cells];
  const join: Table = {
    title: `Join: N phones, at most ${o.joinConcurrency} handshakes in flight (${o.rounds} round${o.rounds === 1 ? '' : 's'} per server)`,
    header: [
      'N',
      'server',
      'joined',
      'all joined (ms)',
      'per phone p50 (ms)',
      'per phone p99 (ms)',
      'server CPU (ms)',
      'RSS after join (MiB)',
    ],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: ss.map((s) => row(s, [s.joined, fmt(s.joinWallMs, 0), fmt(s.joinP50), fmt(s.joinP99), fmt(s.joinCpuMs, 0), fmt(s.rssMiB, 0)])),
  };
  const fan: Table = {
    title: `Fan-out: console → every phone, ${o.rounds} × ${o.changes} changes (+${o.warmup} warm-up each), ${o.pauseMs} ms apart`,
    header: [
      'N',
      'server',
      'p50 (ms)',
      'p99 (ms)',
      'max (ms)',
      'last phone p50 (ms)',
      'last phone max (ms)',
      'console ack p50 (ms)',
      'server CPU per change (ms)',
      'missed frames',
    ],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: ss.map((s) =>
      row(s, [
        fmt(s.fanP50),
        fmt(s.fanP99),
        fmt(s.fanMax),
        fmt(s.lastP50),
        fmt(s.lastMax),
        fmt(s.ackP50),
        fmt(s.cpuPerChangeMs),
        String(s.missed),
      ]),
    ),
  };
  const ratios: Table = {
    title: 'Kring / baseline (1.0× = as fast and as cheap as bare Socket.IO)',
    header: [
      'N',
      'all joined',
      'join p50',
      'join p99',
      'join CPU',
      'RSS',
      'fan-out p50',
      'fan-out p99',
      'last phone p50',
      'CPU per change',
    ],
    align: ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: o.ns.flatMap((n) => {
      const k = ss.find((s) => s.n === n && s.target === 'Kring');
      const b = ss.find((s) => s.n === n && s.target === 'baseline');
      if (!k || !b) return [];
      const r = (f: (s: Summary) => number) => ratio(f(k), f(b));
      return [
        [
          String(n),
          r((s) => s.joinWallMs),
          r((s) => s.joinP50),
          r((s) => s.joinP99),
          r((s) => s.joinCpuMs),
          r((s) => s.rssMiB),
          r((s) => s.fanP50),
          r((s) => s.fanP99),
          r((s) => s.lastP50),
          r((s) => s.cpuPerChangeMs),
        ],
      ];
    }),
  };
  return [join, fan, ratios];
}
