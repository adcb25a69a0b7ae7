/**
 * Issue 14: the town hall on more cores. The same 5,000-phone plan as the town hall
 * (town-hall.measure.ts) on one Kring process, on one Kring with two workers behind its
 * port (KRING_WORKERS=2), and on three Kring nodes sharing one data folder and a Redis,
 * all on this one machine; beside the bare Socket.IO server's town hall in the same run.
 */
import { logSummary } from '../lib/logs.ts';
import type { ScaleSetup } from '../lib/options.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, max, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import { thousands, verdict } from '../lib/verdict.ts';
import { NODES, SETUP_NAME, WORKERS, scaleSetup } from './town-hall-scale.setups.ts';
import { CLUSTERS, DOTS, measureTown, oneServer, type TownRun, type TownSetup } from './town-hall.measure.ts';

const BARE = 'bare Socket.IO';

export const townHallScale: Scenario = {
  id: 'town-hall-scale',
  title: 'Town hall on more cores: workers and a cluster',
  method: `The town hall above with the same plan (N = \`BENCH_TOWN_N\` phones, 5,000; one post-it
each over \`BENCH_TOWN_POSTIT_S\`; the console puts them in ${CLUSTERS} clusters and opens a vote on
them; ${DOTS} dots each over \`BENCH_TOWN_DOT_S\`; the reveal) on three set-ups of Kring on this one
machine, one after the other, each on fresh processes, a fresh data folder and fresh phone
workers (\`BENCH_SCALE_SETUPS\`, default \`single,workers,cluster,cluster-pg\`):

- **${SETUP_NAME.single}**: \`server/main.ts\`, as everywhere else in this report.
- **${SETUP_NAME.workers}**: the same with \`KRING_WORKERS=${WORKERS}\`: a primary listens on the port and
  hands each connection to one of ${WORKERS} worker processes (@socket.io/sticky, the one with
  the fewest connections); the workers reach each other through the primary (no Redis).
  The session runs in one worker; phones on the other are served through it.
- **${SETUP_NAME.cluster}**: ${NODES} Kring processes (nodes), each on its own port, sharing one data
  folder and one Redis (\`REDIS_URL\`; a \`redis-server\` the bench starts on 127.0.0.1, nothing
  persisted). The session is made on node 1 and its console says hello there first, so
  node 1 runs it; the board is on node 2; the phones connect to nodes 1, 2, 3 in turn: two
  thirds of them send their hellos and commands through another node, and every node
  writes the room's frames (from Redis) to its own phones.
- **${SETUP_NAME['cluster-pg']}**: the same three nodes as on three machines: PostgreSQL
  (\`DATABASE_URL\`, a fresh cluster on 127.0.0.1 with fsync on) instead of the shared
  folder, each node its own data folder and \`KRING_NODE_ID\`. PostgreSQL's own CPU is not
  in the figures.

The phone workers share the machine's cores with the servers, as in every scenario here:
more server processes on 2 cores do not get more CPU, they get the cores the phones leave.

- *Join*: join order → last phone acked (at most max(\`BENCH_JOIN_CONCURRENCY\`, 256)
  handshakes in flight). *CPU per joining phone*: server CPU during the join ÷ phones.
  *RSS per phone*: (RSS after the join − RSS before it, the room already open) ÷ phones.
- *Server CPU and RSS* are summed over every process of a set-up (\`/proc\`): the primary
  and its workers (\`ps --ppid\`), or the ${NODES} nodes and Redis. *CPU per phone, join →
  reveal*: the whole town hall's server CPU (without the final export) ÷ phones.
- *Event loop p99*: measured inside **every** server process (the probe that
  \`test/bench/lib/loop-probe.ts\` preloads is on the command line the primary forks, so
  each worker runs it too; the primary passes the bench's requests on to its workers over
  their IPC channel). Per phase the tables give the **worst process** (highest p99): the
  worse of the two workers, or the worst node. The primary, which hands the connections on
  and relays the workers' messages to each other, is not counted there; it is listed with
  every other process under *Event loop and CPU per process*, which also says which process
  ran the session (the pid in its lease, read from the data folder).
- *Ack → every phone* (post-its), *ack → console* (dots) and *lost + duplicated* as in the
  town hall (the export is asked of node 1). *Reveal → every phone p99 / → last phone*:
  the reveal's ack at the console → each phone has the reveal.
- **Ratios**: each set-up ÷ ${SETUP_NAME.single}, and each ÷ the bare Socket.IO server's town hall
  in the same run (it runs last, with fresh phone workers; \`BENCH_TOWN_BASELINE=0\` skips
  it). The bare server sends every post-it and every dot to every phone and falls behind at
  thousands of phones: a phase it did not complete (a command not acked, or not every
  phone had it) gives no figure there, hence no ratio (–); its join figures always count.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const plan: { id: ScaleSetup | 'baseline'; setup: TownSetup }[] = [
      ...o.scaleSetups.map((id) => ({ id, setup: scaleSetup(id) })),
      ...(o.townBaseline ? [{ id: 'baseline' as const, setup: { ...oneServer('baseline'), name: BARE } }] : []),
    ];
    const runs: TownRun[] = [];
    const notes: string[] = [];
    const failures: string[] = [];
    for (const { id, setup } of plan) {
      // Fresh workers per set-up: a flooded worker must not answer the next run's questions.
      const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
      const target = id === 'baseline' ? 'baseline' : 'Kring';
      try {
        const r = await measureTown(ctx, pool, target, setup);
        runs.push(r);
        ctx.log(
          `${this.id}: ${r.name}: joined ${r.joined} in ${fmt(r.joinMs / 1000)} s, every phone p99 ${fmt(percentile(r.postits.every, 99))} ms, ` +
            `loop p99 ${fmt(r.postits.loop.p99)} / ${fmt(r.dots?.loop.p99 ?? NaN)} ms, CPU ${fmt(r.cpu.total / 1000)} s, RSS ${fmt(r.rss.end, 0)} MiB`,
        );
      } catch (e) {
        ctx.log(`${this.id}: ${setup.name} broke off: ${(e as Error).stack ?? e}`);
        if (target === 'baseline') notes.push(`The ${BARE} town hall broke off: ${(e as Error).message}.`);
        else failures.push(`${setup.name}: ${(e as Error).message}`);
      } finally {
        await pool.stop();
      }
    }
    for (const r of runs) {
      if (r.overload.length) notes.push(`${r.name} did not keep up: ${r.overload.join('; ')}.`);
      for (const p of r.problems) notes.push(`${r.name} server log: ${logSummary(p)}`);
      failures.push(...r.failures);
    }
    // The primary relays the workers' messages: say so when its loop was later than the worst worker's.
    for (const r of runs) {
      for (const [phase, ls, worst] of [
        ['post-it', r.postits.loops, r.postits.loop],
        ['dot', r.dots?.loops ?? [], r.dots?.loop],
      ] as const) {
        const primary = ls.find((l) => l.primary);
        if (primary && worst && primary.loop.p99 > worst.p99)
          notes.push(
            `${r.name}: in the ${phase} phase the primary's event loop p99 (${fmt(primary.loop.p99)} ms) was above the worst worker's (${fmt(worst.p99)} ms).`,
          );
      }
    }
    const b = runs.find((r) => r.target === 'baseline');
    if (b) {
      const gaps = [!done.postits(b) && 'the post-its', !done.dots(b) && 'the dots and the reveal'].filter(Boolean);
      if (gaps.length) notes.push(`The ${BARE} server did not complete ${gaps.join(', nor ')}: no ratio against it there.`);
    }
    return { tables: tables(runs, o.townN), notes, failures };
  },
};

const perPhone = (x: number, r: TownRun) => x / Math.max(1, r.joined);
const dots = (r: TownRun) => r.dots;

/** Whether a run went through a phase completely (the bare server may not). */
const done = {
  join: (r: TownRun) => r.joined === r.n,
  postits: (r: TownRun) => r.postits.sent > 0 && r.postits.acked === r.postits.sent && !r.postits.missed && r.postits.every.length > 0,
  dots: (r: TownRun) => !!r.dots && r.dots.acked === r.dots.sent && r.dots.reveal.length === r.joined,
};
const all = (r: TownRun) => done.join(r) && done.postits(r) && done.dots(r);

interface Figure {
  what: string;
  value: (r: TownRun) => number;
  decimals: number;
  /** Whether the figure means anything for this run (a phase the bare server did not complete does not). */
  valid: (r: TownRun) => boolean;
  /** A count: no ratio. */
  count?: boolean;
}

const lostDup = (r: TownRun) => (r.final ? r.final.lostPostits + r.final.duplicatedPostits + r.final.lostDots + r.final.extraDots : NaN);

const FIGURES: Figure[] = [
  { what: 'phones joined', value: (r) => r.joined, decimals: 0, valid: () => true, count: true },
  { what: 'join (s)', value: (r) => r.joinMs / 1000, decimals: 1, valid: done.join },
  { what: 'CPU per joining phone (ms)', value: (r) => perPhone(r.cpu.join, r), decimals: 2, valid: done.join },
  { what: 'RSS per phone (KiB)', value: (r) => perPhone((r.rss.joined - r.rss.before) * 1024, r), decimals: 1, valid: done.join },
  { what: 'post-its acked', value: (r) => r.postits.acked, decimals: 0, valid: () => true, count: true },
  { what: 'post-it ack p99 (ms)', value: (r) => percentile(r.postits.acks, 99), decimals: 1, valid: done.postits },
  { what: 'post-it ack → every phone p99 (ms)', value: (r) => percentile(r.postits.every, 99), decimals: 1, valid: done.postits },
  { what: 'event loop p99, post-its, worst process (ms)', value: (r) => r.postits.loop.p99, decimals: 1, valid: done.postits },
  { what: 'dots acked', value: (r) => dots(r)?.acked ?? NaN, decimals: 0, valid: () => true, count: true },
  { what: 'dot ack p99 (ms)', value: (r) => percentile(dots(r)?.acks ?? [], 99), decimals: 1, valid: done.dots },
  { what: 'dot ack → console p99 (ms)', value: (r) => percentile(dots(r)?.toConsole ?? [], 99), decimals: 1, valid: done.dots },
  { what: 'event loop p99, dots, worst process (ms)', value: (r) => dots(r)?.loop.p99 ?? NaN, decimals: 1, valid: done.dots },
  { what: 'reveal → every phone p99 (ms)', value: (r) => percentile(dots(r)?.reveal ?? [], 99), decimals: 1, valid: done.dots },
  { what: 'reveal → last phone (ms)', value: (r) => max(dots(r)?.reveal ?? []), decimals: 1, valid: done.dots },
  { what: 'lost + duplicated (post-its and dots)', value: lostDup, decimals: 0, valid: () => true, count: true },
  { what: 'server CPU, join → reveal (s)', value: (r) => r.cpu.total / 1000, decimals: 1, valid: all },
  { what: 'CPU per phone, join → reveal (ms)', value: (r) => perPhone(r.cpu.total, r), decimals: 1, valid: all },
  { what: 'RSS at the reveal (MiB)', value: (r) => r.rss.end, decimals: 0, valid: all },
];

function tables(runs: TownRun[], n: number): Table[] {
  const kring = runs.filter((r) => r.target === 'Kring');
  const single = kring.find((r) => r.name === SETUP_NAME.single);
  const bare = runs.find((r) => r.target === 'baseline');
  const others = kring.filter((r) => r !== single);
  // A figure of a run, or a dash where the run did not get that far (the bare server).
  const show = (f: Figure, r: TownRun) =>
    !f.valid(r) && r.target !== 'Kring' ? '–' : f.count ? thousands(f.value(r)) : fmt(f.value(r), f.decimals);
  const rel = (f: Figure, k: TownRun, base: TownRun) => (f.count || !f.valid(base) ? '–' : ratio(f.value(k), f.value(base)));
  const summary: Table = {
    title: `The town hall of ${thousands(n)} phones on ${[...kring.map((r) => r.name), ...(bare ? [BARE] : [])].join(', ')}, with ratios`,
    header: [
      'figure',
      ...runs.map((r) => r.name),
      ...(single ? others.map((r) => `${r.name} ÷ ${single.name}`) : []),
      ...(bare ? kring.map((r) => `${r.name} ÷ bare`) : []),
    ],
    align: [
      'l',
      ...runs.map(() => 'r' as const),
      ...(single ? others : []).map(() => 'r' as const),
      ...(bare ? kring : []).map(() => 'r' as const),
    ],
    rows: FIGURES.map((f) => [
      f.what,
      ...runs.map((r) => show(f, r)),
      ...(single ? others.map((r) => rel(f, r, single)) : []),
      ...(bare ? kring.map((r) => rel(f, r, bare)) : []),
    ]),
  };

  const proc: Table = {
    title: 'Event loop and CPU per process (above: the worst worker or node; a primary is not counted there)',
    header: [
      'set-up',
      'process',
      'runs the session',
      'post-its: event loop p99 (ms)',
      'post-its: event loop max (ms)',
      'dots: event loop p99 (ms)',
      'dots: event loop max (ms)',
      'CPU, join → reveal (s)',
      'share of the CPU',
    ],
    align: ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: runs.flatMap((r) => {
      const names = [...new Set([...r.postits.loops.map((l) => l.name), ...r.cpu.parts.map((p) => p.name)])];
      return names.map((name) => {
        const p = r.postits.loops.find((l) => l.name === name)?.loop;
        const d = r.dots?.loops.find((l) => l.name === name)?.loop;
        const cpu = r.cpu.parts.find((x) => x.name === name)?.ms ?? NaN;
        return [
          r.name,
          name,
          r.owner === name ? 'yes' : '',
          fmt(p?.p99 ?? NaN),
          fmt(p?.max ?? NaN),
          fmt(d?.p99 ?? NaN),
          fmt(d?.max ?? NaN),
          fmt(cpu / 1000),
          Number.isFinite(cpu) && r.cpu.total > 0 ? `${fmt((100 * cpu) / r.cpu.total, 0)} %` : '–',
        ];
      });
    }),
  };

  const every99 = (r: TownRun) => percentile(r.postits.every, 99);
  const worst = (r: TownRun) => Math.max(r.postits.loop.p99, r.dots?.loop.p99 ?? NaN);
  const targets: Table = {
    title: 'Kring against the town hall’s targets (issue 13)',
    header: [
      'set-up',
      'lost + duplicated',
      'target 0',
      'every phone holds every post-it, p99 (ms)',
      'target ≤ 500 ms',
      'event loop p99, worst phase and process (ms)',
      'target < 100 ms',
    ],
    align: ['l', 'r', 'l', 'r', 'l', 'r', 'l'],
    rows: kring.map((r) => [
      r.name,
      fmt(lostDup(r), 0),
      verdict(lostDup(r), 0),
      fmt(every99(r)),
      verdict(every99(r), 500),
      fmt(worst(r)),
      verdict(worst(r), 100, true),
    ]),
  };
  return [summary, proc, targets];
}
