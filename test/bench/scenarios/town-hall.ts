/**
 * Issue 13: the town hall. 5,000 phones in one room each add a post-it to one wall within
 * 60 s; the facilitator clusters the wall and opens a dot vote on the clusters; every
 * phone spends 5 dots within 20 s. Kring, then the bare server for the same plan.
 */
import { logSummary } from '../lib/logs.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { thousands, verdict } from '../lib/verdict.ts';
import { CLUSTERS, DOTS, measureTown, type TownRun } from './town-hall.measure.ts';

export const townHall: Scenario = {
  id: 'town-hall',
  title: 'Town hall',
  method: `N phones (\`BENCH_TOWN_N\`, 5,000) join one room (at most max(\`BENCH_JOIN_CONCURRENCY\`,
256) handshakes in flight; a phone waits up to 60 s); the console adds one wall that
everyone sees at once (one post-it per person) and opens it; a board watches.

- **Post-its**: every phone adds one post-it at a random moment of \`BENCH_TOWN_POSTIT_S\`
  (60 s). *Ack → every phone*: per post-it, its ack at the author → the last phone has its
  event (either the \`own: true\` frame or the shared one counts); p50/p99 over post-its;
  *missed*: post-its some phone never got (Kring: a failure).
- **Clusters and vote**: the console puts the post-its in ${CLUSTERS} clusters
  (\`brainstorm.bulk\` with \`newCluster\`, then \`cluster\`, ≤ 400 post-its per command), adds a
  dot vote on the wall's clusters (\`unit: 'clusters'\`, budget ${DOTS}, stacking) and opens it.
- **Dots**: every phone places ${DOTS} dots at random moments of \`BENCH_TOWN_DOT_S\` (20 s) on
  random clusters. Before the reveal Kring sends a dot only to the voter and the consoles
  (others learn only that the number of voters changed), so the dot's public change is
  measured at the console: *ack → console*. Then the console reveals: *board has the
  tally*: last dot ack → the board's tally sums to the dots acked; *last phone*: → the
  last phone has the reveal.
- **Lost / duplicated** (Kring): from the session's JSON export after the run: acked
  post-its missing from the wall or there twice, and acked dots against the dots the
  vote holds. 0 expected.
- *Event loop p99*: the server's own event-loop delay while the post-its (and then the
  dots) were sent (see *Join storm*).
- **Baseline**: the bare server gets the same plan and broadcasts every post-it and every
  dot to every phone (N messages per command). It is expected to collapse: it gets
  20 s for an ack (Kring 60 s) and 30 s to deliver; when its phones are still receiving
  after that, the run stops after the post-its, and what it missed is listed as a
  finding. It runs after Kring, with fresh phone workers. \`BENCH_TOWN_BASELINE=0\` skips it.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const runs: TownRun[] = [];
    const notes: string[] = [];
    const failures: string[] = [];
    for (const target of (o.townBaseline ? ['Kring', 'baseline'] : ['Kring']) as TargetName[]) {
      // Fresh workers per server: a flooded worker must not answer the next run's questions.
      const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
      try {
        runs.push(await measureTown(ctx, pool, target));
      } catch (e) {
        if (target === 'Kring') throw e;
        ctx.log(`town-hall: the baseline broke off: ${(e as Error).stack ?? e}`);
        notes.push(`The baseline's town hall broke off: ${(e as Error).message}.`);
      } finally {
        await pool.stop();
      }
    }
    for (const r of runs) {
      if (r.overload.length) notes.push(`The ${r.target} did not keep up: ${r.overload.join('; ')}.`);
      for (const p of r.problems) notes.push(`${r.target} server log: ${logSummary(p)}`);
      failures.push(...r.failures);
    }
    return { tables: tables(runs), notes, failures };
  },
};

function tables(runs: TownRun[]): Table[] {
  const of = (acked: number, sent: number) => (acked === sent ? thousands(acked) : `${thousands(acked)} of ${thousands(sent)}`);
  const postits: Table = {
    title: 'Post-its: one per phone on one wall',
    header: [
      'server',
      'joined',
      'join (s)',
      'acked',
      'ack p99 (ms)',
      'ack → every phone p50 (ms)',
      'ack → every phone p99 (ms)',
      'missed',
      'deliveries missing',
      'frames per phone',
      'event loop p99 (ms)',
      'event loop max (ms)',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: runs.map((r) => [
      r.target,
      thousands(r.joined),
      fmt(r.joinMs / 1000),
      of(r.postits.acked, r.postits.sent),
      fmt(percentile(r.postits.acks, 99)),
      fmt(percentile(r.postits.every, 50)),
      fmt(percentile(r.postits.every, 99)),
      thousands(r.postits.missed),
      thousands(r.postits.missing),
      fmt(r.postits.frames / Math.max(1, r.joined), 0),
      fmt(r.postits.loop.p99),
      fmt(r.postits.loop.max),
    ]),
  };
  const dots: Table = {
    title: `Clusters, then ${DOTS} dots per phone on them`,
    header: [
      'server',
      'clusters made (s)',
      'dots acked',
      'ack p99 (ms)',
      'ack → console p99 (ms)',
      'board has the tally (ms)',
      'last phone has the tally (ms)',
      'event loop p99 (ms)',
      'lost post-its',
      'duplicated post-its',
      'lost dots',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: runs.map((r) => [
      r.target,
      fmt(r.clustersMs / 1000),
      r.dots ? of(r.dots.acked, r.dots.sent) : 'not run',
      fmt(percentile(r.dots?.acks ?? [], 99)),
      fmt(percentile(r.dots?.toConsole ?? [], 99)),
      fmt(r.dots?.boardMs ?? NaN, 0),
      fmt(r.dots?.phonesMs ?? NaN, 0),
      fmt(r.dots?.loop.p99 ?? NaN),
      r.final ? String(r.final.lostPostits) : '–',
      r.final ? String(r.final.duplicatedPostits) : '–',
      r.final ? String(r.final.lostDots + r.final.extraDots) : '–',
    ]),
  };
  const k = runs.find((r) => r.target === 'Kring');
  const loopP99 = k ? Math.max(k.postits.loop.p99, k.dots?.loop.p99 ?? NaN) : NaN;
  const every99 = k ? percentile(k.postits.every, 99) : NaN;
  const lostDup = k?.final ? k.final.lostPostits + k.final.duplicatedPostits + k.final.lostDots + k.final.extraDots : NaN;
  const targets: Table = {
    title: 'Kring against the issue’s targets',
    header: ['what', 'Kring', 'target', ''],
    align: ['l', 'r', 'l', 'l'],
    rows: [
      ['lost + duplicated (post-its and dots)', fmt(lostDup, 0), '0', verdict(lostDup, 0)],
      ['every phone holds every post-it, p99 (ms)', fmt(every99), '≤ 500 ms', verdict(every99, 500)],
      ['event-loop delay p99, worst phase (ms)', fmt(loopP99), '< 100 ms', verdict(loopP99, 100, true)],
    ],
  };
  return [postits, dots, targets];
}
