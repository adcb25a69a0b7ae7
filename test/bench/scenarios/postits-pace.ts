/**
 * Issue 13: post-its at workshop pace in rooms of 200, 500 and 1,000 phones: how long
 * until every phone has a post-it after its author's ack, and the server CPU per
 * delivery, beside the bare Socket.IO server.
 */
import { logSummary } from '../lib/logs.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { rawRatio, thousands, verdict } from '../lib/verdict.ts';
import { measurePace, type PaceRun } from './postits-pace.measure.ts';

export const postitsPace: Scenario = {
  id: 'postits-pace',
  title: 'Post-its at workshop pace',
  method: `N phones (\`BENCH_PACE_N\`, default 200, 500 and 1,000) join one room; the console adds a
wall that everyone sees at once (\`privateUntilReveal\` off, one post-it per person) and
opens it. Then every phone adds one post-it (\`brainstorm.add\`), one after the other at
an even pace of \`BENCH_PACE_RATE\` post-its a second over the room (default 30; the
order of the phones is drawn from a seed, the same for both servers), so the run lasts
N ÷ rate seconds.

- *Ack → every phone*: per post-it, from its ack at the author's phone to the moment the
  last phone of the room has received its event (\`brainstorm.added\`, matched by seq; a
  participant's own events may come in a small \`own: true\` frame ahead of the shared one:
  either counts, once). It can be negative when the broadcast overtakes the ack. p50 and
  p99 over the post-its.
- *CPU per delivery*: the server's CPU time from the first send until no phone has
  received anything for 0.5 s, ÷ (post-it, phone) deliveries. *Frames per phone* counts
  every \`frame\` a phone got in that phase (*own*: of which \`own: true\`); the bare server
  sends one frame per post-it to every phone.
- *Event loop p99*: the server's own event-loop delay while the post-its were sent (see
  *Join storm*).
- One run per N and server (baseline first), each on a fresh server.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const runs: PaceRun[] = [];
    try {
      for (const n of o.paceNs) {
        for (const target of ['baseline', 'Kring'] as TargetName[]) {
          const r = await measurePace(ctx, pool, target, n, o.paceRate);
          ctx.log(
            `${this.id}: N=${n} ${target}: ${r.acked}/${r.sent} acked, ack p99 ${fmt(percentile(r.acks, 99))} ms, ` +
              `ack → every phone p50 ${fmt(percentile(r.every, 50))} p99 ${fmt(percentile(r.every, 99))} ms, ` +
              `CPU ${fmt(r.cpuMs, 0)} ms = ${fmt((r.cpuMs * 1000) / Math.max(1, r.deliveries), 2)} µs/delivery, ` +
              `${fmt(r.frames / Math.max(1, r.joined), 0)} frames/phone (own ${r.ownFrames}), loop p99 ${fmt(r.loop.p99)} ms, missed ${r.missed}`,
          );
          runs.push(r);
        }
      }
    } finally {
      await pool.stop();
    }
    const notes = runs.flatMap((r) => r.problems.map((p) => `${r.target} N=${r.n} server log: ${logSummary(p)}`));
    return { tables: tables(runs, o.paceRate), notes, failures: runs.flatMap((r) => r.failures) };
  },
};

const cpuPerDelivery = (r: PaceRun) => (r.cpuMs * 1000) / Math.max(1, r.deliveries);

function tables(runs: PaceRun[], rate: number): Table[] {
  const main: Table = {
    title: `Post-its at ${rate} a second, one per phone`,
    header: [
      'N',
      'server',
      'acked',
      'ack p50 (ms)',
      'ack p99 (ms)',
      'ack → every phone p50 (ms)',
      'ack → every phone p99 (ms)',
      'server CPU (ms)',
      'deliveries',
      'CPU per delivery (µs)',
      'frames per phone',
      'own frames',
      'event loop p99 (ms)',
    ],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: runs.map((r) => [
      String(r.n),
      r.target,
      r.acked === r.sent ? thousands(r.acked) : `${thousands(r.acked)} of ${thousands(r.sent)}`,
      fmt(percentile(r.acks, 50)),
      fmt(percentile(r.acks, 99)),
      fmt(percentile(r.every, 50)),
      fmt(percentile(r.every, 99)),
      fmt(r.cpuMs, 0),
      thousands(r.deliveries),
      fmt(cpuPerDelivery(r), 2),
      fmt(r.frames / Math.max(1, r.joined), 0),
      thousands(r.ownFrames),
      fmt(r.loop.p99),
    ]),
  };
  const ns = [...new Set(runs.map((r) => r.n))];
  const ratios: Table = {
    title: 'Kring / baseline, with the issue’s targets',
    header: ['N', 'ack → every phone p50', 'ack → every phone p99', 'target ≤ 1.3×', 'CPU per delivery', 'target ≤ 1×', 'frames per phone'],
    align: ['r', 'r', 'r', 'l', 'r', 'l', 'r'],
    rows: ns.flatMap((n) => {
      const k = runs.find((r) => r.n === n && r.target === 'Kring');
      const b = runs.find((r) => r.n === n && r.target === 'baseline');
      if (!k || !b) return [];
      const p99 = (r: PaceRun) => percentile(r.every, 99);
      return [
        [
          String(n),
          ratio(percentile(k.every, 50), percentile(b.every, 50)),
          ratio(p99(k), p99(b)),
          verdict(rawRatio(p99(k), p99(b)), 1.3),
          ratio(cpuPerDelivery(k), cpuPerDelivery(b)),
          verdict(rawRatio(cpuPerDelivery(k), cpuPerDelivery(b)), 1),
          ratio(k.frames, b.frames),
        ],
      ];
    }),
  };
  return [main, ratios];
}
