/**
 * Issue 13: a city's inspiration day: 200 rooms × 40 phones on one process at workshop
 * pace, beside the bare Socket.IO server holding the same rooms.
 */
import { logSummary } from '../lib/logs.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { rawRatio, thousands, verdict } from '../lib/verdict.ts';
import { measureRooms, type RoomsRun } from './many-rooms.measure.ts';

export const manyRooms: Scenario = {
  id: 'many-rooms',
  title: 'Many rooms',
  method: `R rooms (\`BENCH_ROOMS\`, 200) of P phones (\`BENCH_ROOM_PHONES\`, 40) on one server
process, each room with its own console (a socket in the bench process) and an open wall
that everyone sees at once. Kring: one session per room (\`POST /api/sessions\`; the
server runs with \`TRUST_PROXY=1\` here and each room is created "from" its own address in
\`X-Forwarded-For\`, because session creation is limited to 20 a minute per address);
baseline: one Socket.IO room per join code. A room's phones live in one phone worker.

- **Workshop pace**, for \`BENCH_ROOMS_WINDOW_S\` (60 s): every phone adds its first post-it
  at a random moment of the first 30 s and then one every 20–40 s; every console switches
  the current activity between its house-rules card and its wall every 15–30 s.
- *Every phone's delivery*: every (phone, post-it) of a room: the post-it's ack at its
  author → that phone has the event (0.1 ms buckets); p50/p99/max. *Ack → every phone*:
  per post-it, its ack → the last phone of its room has it.
- *RSS per phone*: (the server's RSS after the join − before it, with the rooms already
  made) ÷ phones. *Server CPU*: over the window until no phone has received anything for
  0.5 s; also per delivery.
- *Event loop p99*: the server's own event-loop delay during the window (see *Join storm*).
- One run per server (baseline first), each on a fresh server.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const runs: RoomsRun[] = [];
    try {
      for (const target of ['baseline', 'Kring'] as TargetName[]) {
        const r = await measureRooms(ctx, pool, target);
        ctx.log(
          `${this.id}: ${target}: ${r.acked}/${r.postits} post-its, every phone p50 ${fmt(r.phoneP50)} p99 ${fmt(r.phoneP99)} max ${fmt(r.phoneMax)} ms, ` +
            `ack → every phone p99 ${fmt(percentile(r.every, 99))} ms, RSS ${fmt(r.rssBefore, 0)} → ${fmt(r.rssAfter, 0)} MiB, CPU ${fmt(r.cpuMs, 0)} ms over ${fmt(r.windowS)} s, loop p99 ${fmt(r.loop.p99)} ms`,
        );
        runs.push(r);
      }
    } finally {
      await pool.stop();
    }
    const notes = runs.flatMap((r) => r.problems.map((p) => `${r.target} server log: ${logSummary(p)}`));
    return { tables: tables(runs, o.roomPhones), notes, failures: runs.flatMap((r) => r.failures) };
  },
};

const rssPerPhone = (r: RoomsRun) => ((r.rssAfter - r.rssBefore) * 1024) / Math.max(1, r.joined);

function tables(runs: RoomsRun[], perRoom: number): Table[] {
  const main: Table = {
    title: `${runs[0]?.rooms ?? '?'} rooms × ${perRoom} phones at workshop pace`,
    header: [
      'server',
      'phones',
      'join (s)',
      'post-its acked',
      'ack p99 (ms)',
      'every phone p50 (ms)',
      'every phone p99 (ms)',
      'every phone max (ms)',
      'ack → every phone p99 (ms)',
      'RSS before → after join (MiB)',
      'RSS per phone (KiB)',
      'server CPU (ms)',
      'CPU per delivery (µs)',
      'event loop p99 (ms)',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: runs.map((r) => [
      r.target,
      thousands(r.joined),
      fmt(r.joinMs / 1000),
      r.acked === r.postits ? thousands(r.acked) : `${thousands(r.acked)} of ${thousands(r.postits)}`,
      fmt(percentile(r.acks, 99)),
      fmt(r.phoneP50),
      fmt(r.phoneP99),
      fmt(r.phoneMax),
      fmt(percentile(r.every, 99)),
      `${fmt(r.rssBefore, 0)} → ${fmt(r.rssAfter, 0)}`,
      fmt(rssPerPhone(r), 1),
      fmt(r.cpuMs, 0),
      fmt((r.cpuMs * 1000) / Math.max(1, r.deliveries), 2),
      fmt(r.loop.p99),
    ]),
  };
  const k = runs.find((r) => r.target === 'Kring');
  const b = runs.find((r) => r.target === 'baseline');
  const ratios: Table = {
    title: 'Kring / baseline, with the issue’s targets',
    header: ['every phone p99', 'Kring every phone p99 (ms)', 'target ≤ 250 ms', 'RSS per phone', 'target ≤ 2×', 'server CPU'],
    align: ['r', 'r', 'l', 'r', 'l', 'r'],
    rows:
      k && b
        ? [
            [
              ratio(k.phoneP99, b.phoneP99),
              fmt(k.phoneP99),
              verdict(k.phoneP99, 250),
              ratio(rssPerPhone(k), rssPerPhone(b)),
              verdict(rawRatio(rssPerPhone(k), rssPerPhone(b)), 2),
              ratio(k.cpuMs, b.cpuMs),
            ],
          ]
        : [],
  };
  return [main, ratios];
}
