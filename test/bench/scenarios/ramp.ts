/**
 * Issue 13: a ramp that raises the post-it rate in one room until the ack → every phone
 * p99 passes 250 ms: the ceiling of Kring and of the bare Socket.IO server.
 */
import { logSummary } from '../lib/logs.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { thousands } from '../lib/verdict.ts';
import { keptPace, LIMIT_MS, measureRamp, type RampRun } from './ramp.measure.ts';

export const ramp: Scenario = {
  id: 'ramp',
  title: 'Ramp: the ceiling',
  method: `N phones (\`BENCH_RAMP_N\`, 1,000) in one room; post-its (\`brainstorm.add\`, from
random phones, evenly spaced) at a rising rate: \`BENCH_RAMP_RATES\` (10, 25, 50, 100, 200,
400, 800, 1,600, 3,200 a second), \`BENCH_RAMP_STEP_S\` (3) seconds per step. Kring's walls are made up front
(everyone sees every post-it at once; as many walls per step as its post-its need, a wall
holding at most the brainstorm's item limit), the first one open; phones post to the
step's walls.

- Per step: *ack → every phone* per post-it (as in *Post-its at workshop pace*), p50/p99;
  the server's CPU and own event-loop delay; *achieved*: post-its acked ÷ (first send →
  last ack). The next step starts when no phone has received anything for 0.5 s.
  *Send → every phone*: the same from the post-it's send, so it includes the wait for
  the ack (a server that falls behind delays its acks first).
- The ramp stops after the first step whose ack → every phone p99 passes ${LIMIT_MS} ms,
  whose acks did not keep the pace (ack p99 above ${LIMIT_MS} ms: commands queue, and a
  server that queues its acks looks fast from the ack on), or
  where the server fell behind (an ack not within 30 s for Kring or 15 s for the
  baseline, a post-it not on every phone, phones still receiving after 60 s or 30 s).
  *Ceiling*: the highest rate that passed all of these.
- At high rates the phone workers share the 2 cores with the server and receive
  rate × N frames a second from the bare server, so the baseline's ceiling is partly the
  phones' own.
- Each server with fresh phone workers (a flooded worker must not answer the next run),
  baseline first.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const runs: RampRun[] = [];
    for (const target of ['baseline', 'Kring'] as TargetName[]) {
      const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
      try {
        runs.push(await measureRamp(ctx, pool, target));
      } finally {
        await pool.stop();
      }
    }
    const notes = runs.map((r) => `${r.target}: ${r.stopped}.`);
    notes.push(...runs.flatMap((r) => r.problems.map((p) => `${r.target} server log: ${logSummary(p)}`)));
    return { tables: tables(runs), notes, failures: runs.flatMap((r) => r.failures) };
  },
};

const ceiling = (r: RampRun) =>
  Math.max(0, ...r.steps.filter((s) => percentile(s.every, 99) <= LIMIT_MS && !s.missed && !s.timedOut && keptPace(s)).map((s) => s.rate));

function tables(runs: RampRun[]): Table[] {
  const steps: Table = {
    title: 'Steps',
    header: [
      'server',
      'rate (per s)',
      'acked',
      'achieved (per s)',
      'ack p99 (ms)',
      'ack → every phone p50 (ms)',
      'ack → every phone p99 (ms)',
      'send → every phone p99 (ms)',
      'missed',
      'server CPU (ms)',
      'event loop p99 (ms)',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: runs.flatMap((r) =>
      r.steps.map((s) => [
        r.target,
        String(s.rate),
        s.acked === s.sent ? thousands(s.acked) : `${thousands(s.acked)} of ${thousands(s.sent)}`,
        fmt(s.achieved, 0),
        fmt(percentile(s.acks, 99)),
        fmt(percentile(s.every, 50)),
        fmt(percentile(s.every, 99)),
        fmt(percentile(s.sendToEvery, 99)),
        thousands(s.missed),
        fmt(s.cpuMs, 0),
        fmt(s.loop.p99),
      ]),
    ),
  };
  const k = runs.find((r) => r.target === 'Kring');
  const b = runs.find((r) => r.target === 'baseline');
  const ceilings: Table = {
    title: `Ceiling: the highest rate with ack → every phone p99 and ack p99 both ≤ ${LIMIT_MS} ms`,
    header: ['server', 'ceiling (post-its per s)', 'Kring / baseline'],
    align: ['l', 'r', 'r'],
    // A ramp that never passed the limit only bounds the ceiling from below.
    rows: runs.map((r) => [
      r.target,
      `${r.steps.length && ceiling(r) === r.steps[r.steps.length - 1].rate ? '≥ ' : ''}${ceiling(r)}`,
      r.target === 'Kring' && b && k ? ratio(ceiling(k), ceiling(b)) : '',
    ]),
  };
  return [steps, ceilings];
}
