/**
 * Issue 13: join storms of 1,000 and 5,000 phones, each phone holding its state, beside
 * the bare Socket.IO server; the server's own event-loop delay and another room's
 * command latency during the storm.
 */
import { logSummary } from '../lib/logs.ts';
import { somaxconn } from '../lib/netstat.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { mean, rawRatio, verdict } from '../lib/verdict.ts';
import { measureStorm, type StormRun } from './join-storm.measure.ts';

export const joinStorm: Scenario = {
  id: 'join-storm',
  title: 'Join storm',
  method: `N phones (\`BENCH_STORM_N\`, default 1,000 and 5,000) join one room at once and keep
their sockets: every phone starts its connection and \`hello\` in the same moment
(\`BENCH_STORM_CONCURRENCY\` caps the handshakes in flight; 0, the default, means all N),
spread over the phone workers. Kring's room is made from the \`learningNetwork\` template,
so every phone is answered with a snapshot of an agenda with content; the baseline acks
\`hello\` with its seq only.

- *All joined*: join order → last hello ack. *Per phone*: socket created → hello ack (it
  contains the wait in the kernel's accept queue and any TCP retry when that queue
  overflowed). *CPU per phone*: the server's CPU time (\`/proc\`) from the join order
  until 0.5 s after the last ack, ÷ phones joined. *RSS*: after the join.
- *Event loop p99*: the server's own event-loop delay, measured **inside the server
  process** for both servers by a preload (\`node --import test/bench/lib/loop-probe.ts\`,
  \`perf_hooks.monitorEventLoopDelay\` at 5 ms resolution), reset at the join order and read
  when the last phone is acked; the servers themselves are unchanged.
- *Other room*: a second room on the same process, whose console (in the bench process)
  sends \`agenda.goto\` every ~50 ms (the next one 50 ms after the previous send, never two
  at once); send → ack p50/p99 in the ${2} s before the storm and during it. The bare
  server's other room is a Socket.IO room of its own. Kring runs with
  \`KRING_SOCKET_RATE=100\` here so that the probe's 20 commands a second are not limited.
- *Listen overflows*: the kernel's \`TcpExtListenOverflows\` (\`/proc/net/netstat\`, as
  \`nstat\` shows it) over the storm: connections dropped because the accept queue was full
  (the backlog is min(the server's \`listen\` backlog, \`net.core.somaxconn\`); the baseline
  listens with the same backlog as Kring's \`server/main.ts\`, 4,096, instead of Node's
  default 511). It counts the whole machine, so other work can add to it.
- \`BENCH_STORM_ROUNDS\` rounds per N in ABBA order; a fresh server per run. A phone waits
  up to 60 s for its connection and ack.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const runs: StormRun[] = [];
    const notes: string[] = [];
    try {
      for (const n of o.stormNs) {
        for (let round = 0; round < o.stormRounds; round++) {
          const order: TargetName[] = round % 2 === 0 ? ['baseline', 'Kring'] : ['Kring', 'baseline'];
          for (const target of order) {
            const r = await measureStorm(ctx, pool, target, n);
            ctx.log(
              `${this.id}: N=${n} round ${round + 1} ${target}: joined ${r.joined} in ${fmt(r.wallMs, 0)} ms ` +
                `(p50 ${fmt(percentile(r.latencies, 50), 0)}, p99 ${fmt(percentile(r.latencies, 99), 0)} ms), CPU ${fmt(r.cpuMs / Math.max(1, r.joined), 2)} ms/phone, ` +
                `loop p99 ${fmt(r.loop.p99)} max ${fmt(r.loop.max)} ms, other room p99 ${fmt(percentile(r.probeBefore, 99))} → ${fmt(percentile(r.probeDuring, 99))} ms, ` +
                `overflows ${r.overflows}`,
            );
            runs.push(r);
          }
        }
      }
    } finally {
      await pool.stop();
    }
    notes.push(`The kernel caps every listen backlog at \`net.core.somaxconn\` = ${somaxconn()} on this machine.`);
    for (const r of runs) for (const p of r.problems) notes.push(`${r.target} N=${r.n} server log: ${logSummary(p)}`);
    const ss = o.stormNs.flatMap((n) =>
      (['baseline', 'Kring'] as const)
        .map((t) => summarize(runs.filter((r) => r.n === n && r.target === t)))
        .filter((s) => s !== undefined),
    );
    return { tables: tables(ss), notes, failures: runs.flatMap((r) => r.failures) };
  },
};

interface Summary {
  n: number;
  target: TargetName;
  joined: string;
  wallMs: number;
  p50: number;
  p99: number;
  cpuPerPhone: number;
  rss: number;
  loopP99: number;
  loopMax: number;
  before50: number;
  before99: number;
  during50: number;
  during99: number;
  duringMax: number;
  overflows: number;
}

function summarize(rs: StormRun[]): Summary | undefined {
  if (!rs.length) return undefined;
  const lat = rs.flatMap((r) => r.latencies);
  const before = rs.flatMap((r) => r.probeBefore);
  const during = rs.flatMap((r) => r.probeDuring);
  return {
    n: rs[0].n,
    target: rs[0].target,
    joined: [...new Set([Math.min(...rs.map((r) => r.joined)), Math.max(...rs.map((r) => r.joined))])].join('–'),
    wallMs: mean(rs.map((r) => r.wallMs)),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    cpuPerPhone: mean(rs.map((r) => r.cpuMs / Math.max(1, r.joined))),
    rss: mean(rs.map((r) => r.rssMiB)),
    loopP99: Math.max(...rs.map((r) => r.loop.p99)),
    loopMax: Math.max(...rs.map((r) => r.loop.max)),
    before50: percentile(before, 50),
    before99: percentile(before, 99),
    during50: percentile(during, 50),
    during99: percentile(during, 99),
    duringMax: percentile(during, 100),
    overflows: mean(rs.map((r) => r.overflows)),
  };
}

function tables(ss: Summary[]): Table[] {
  const main: Table = {
    title: 'Join storm: N phones at once, each keeping its socket',
    header: [
      'N',
      'server',
      'joined',
      'all joined (ms)',
      'per phone p50 (ms)',
      'per phone p99 (ms)',
      'CPU per phone (ms)',
      'RSS (MiB)',
      'event loop p99 (ms)',
      'event loop max (ms)',
      'listen overflows',
    ],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: ss.map((s) => [
      String(s.n),
      s.target,
      s.joined,
      fmt(s.wallMs, 0),
      fmt(s.p50, 0),
      fmt(s.p99, 0),
      fmt(s.cpuPerPhone, 2),
      fmt(s.rss, 0),
      fmt(s.loopP99),
      fmt(s.loopMax),
      fmt(s.overflows, 0),
    ]),
  };
  const other: Table = {
    title: "Another room's commands (send → ack) before and during the storm",
    header: ['N', 'server', 'before p50 (ms)', 'before p99 (ms)', 'during p50 (ms)', 'during p99 (ms)', 'during max (ms)'],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
    rows: ss.map((s) => [String(s.n), s.target, fmt(s.before50), fmt(s.before99), fmt(s.during50), fmt(s.during99), fmt(s.duringMax)]),
  };
  const ns = [...new Set(ss.map((s) => s.n))];
  const ratios: Table = {
    title: 'Kring / baseline, with the issue’s targets',
    header: [
      'N',
      'all joined',
      'target ≤ 1.5×',
      'CPU per phone',
      'target ≤ 1.5×',
      'per phone p99',
      'Kring event loop p99',
      'target < 100 ms',
      'Kring other room p99 during ÷ before',
    ],
    align: ['r', 'r', 'l', 'r', 'l', 'r', 'r', 'l', 'r'],
    rows: ns.flatMap((n) => {
      const k = ss.find((s) => s.n === n && s.target === 'Kring');
      const b = ss.find((s) => s.n === n && s.target === 'baseline');
      if (!k || !b) return [];
      return [
        [
          String(n),
          ratio(k.wallMs, b.wallMs),
          verdict(rawRatio(k.wallMs, b.wallMs), 1.5),
          ratio(k.cpuPerPhone, b.cpuPerPhone),
          verdict(rawRatio(k.cpuPerPhone, b.cpuPerPhone), 1.5),
          ratio(k.p99, b.p99),
          fmt(k.loopP99),
          verdict(k.loopP99, 100, true),
          ratio(k.during99, k.before99),
        ],
      ];
    }),
  };
  return [main, other, ratios];
}
