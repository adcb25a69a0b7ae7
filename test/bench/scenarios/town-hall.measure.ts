/**
 * One town hall against one fresh server: N phones on one wall, one post-it each within
 * the post-it window; the facilitator clusters them and opens a vote on the clusters;
 * every phone spends its dots within the dot window; the console reveals.
 *
 * The server is one process by default (town-hall.ts); a `TownSetup` chooses another one
 * (town-hall-scale.ts: KRING_WORKERS, or several nodes with Redis): where the phones and
 * the board connect, and which processes are measured.
 */
import { now, sleep } from '../lib/clock.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { act, caughtUp, collectFrames, frameStats, joinPhones, leavePhones, quiet } from '../lib/phones.ts';
import { ackToEvery, deliveries, track } from '../lib/phones-more.ts';
import type { Pool } from '../lib/pool.ts';
import { cpuMs, rssMiB } from '../lib/proc.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { LoopDelay, ServerHandle } from '../lib/server.ts';
import { connect, type Room, type TargetName } from '../lib/targets.ts';
import { FrameLog, command, seeded, until } from '../lib/watch.ts';
import { wallRoom } from './postits-pace.measure.ts';
import { finalState, makeClusters, openClusterVote } from './town-hall.plan.ts';

export const DOTS = 5;
export const CLUSTERS = 8;
const EXPECTED_LOG = [/client not built/];

/** Where a town hall runs (town-hall-scale.ts); by default one fresh server of the target. */
export interface TownSetup {
  /** The name in the tables and the log (default: the target's). */
  name: string;
  /** A fresh room with one open wall (one post-it a person) on fresh servers. */
  open(ctx: ScenarioContext): Promise<TownRoom>;
}

export interface TownRoom {
  /** The console is `room.facilitator`; `room.server` answers the report export; `room.close` stops every process. */
  room: Room;
  wallId: string;
  openedSeq: number;
  /** Every server process whose event loop is measured and whose log is checked. */
  servers: ServerHandle[];
  /** The phones connect to these in turn. */
  phoneUrls: string[];
  /** Where the board connects. */
  boardUrl: string;
  /** Every process that serves the room (CPU time and RSS are summed over them). */
  processes(): { name: string; pid: number }[];
  /** The name of the process that runs the session (holds its lease), when the set-up can tell. */
  owner?(): string | undefined;
}

/** One process's event-loop delay over a phase. */
export interface ProcessLoop {
  name: string;
  /**
   * A KRING_WORKERS primary: it hands connections on and relays the workers' messages, but
   * serves no phone itself; the "worst process" is the worst worker (or node), not it.
   */
  primary?: boolean;
  loop: LoopDelay;
}

/** The default: one fresh server of the target, as the town hall has always run. */
export const oneServer = (target: TargetName): TownSetup => ({
  name: target,
  async open(ctx) {
    const w = await wallRoom(ctx, target, 1);
    const server = w.room.server;
    return {
      ...w,
      servers: [server],
      phoneUrls: [server.url],
      boardUrl: server.url,
      processes: () => [{ name: server.name, pid: server.pid }],
    };
  },
});

/** Each process's loop delay since the last reset: every server's, and each of a primary's workers. */
async function loops(servers: ServerHandle[]): Promise<ProcessLoop[]> {
  const reports = await Promise.all(servers.map((s) => s.loopReport()));
  return reports.flatMap((r, i) => {
    const name = servers[i].name;
    if (!r.workers?.length) return [{ name, loop: r }];
    return [
      { name: `${name} primary`, primary: true, loop: r },
      // Numbered by pid, as the set-up's processes() numbers them (town-hall-scale.setups.ts).
      ...[...r.workers].sort((a, b) => a.pid - b.pid).map((w, k) => ({ name: `${name} worker ${k + 1}`, loop: { ...w } })),
    ];
  });
}

const noLoop = (): LoopDelay => ({ p50: NaN, p99: NaN, max: NaN, mean: NaN, count: 0 });

/** The worst (highest p99) of the processes that serve phones; NaN when one of them was not measured. */
export function worstLoop(ls: ProcessLoop[]): LoopDelay {
  const serving = ls.filter((l) => !l.primary);
  if (serving.length === 1) return serving[0].loop;
  if (!serving.length || serving.some((l) => !Number.isFinite(l.loop.p99))) return noLoop();
  return serving.reduce((a, b) => (b.loop.p99 > a.loop.p99 ? b : a)).loop;
}

export interface TownRun {
  target: TargetName;
  /** The set-up's name (the target's for one server). */
  name: string;
  /** The process that ran the session (TownRoom.owner), when known. */
  owner?: string;
  n: number;
  joined: number;
  joinMs: number;
  /**
   * Server CPU (ms, every process of the set-up) for the join, the post-its (until the
   * phones were quiet), and join → the reveal (or where the run stopped); `parts`: that
   * last one per process.
   */
  cpu: { join: number; postits: number; total: number; parts: { name: string; ms: number }[] };
  /** Server RSS (MiB, summed): the room open with no phone, after the join, at the end. */
  rss: { before: number; joined: number; end: number };
  postits: {
    sent: number;
    acked: number;
    acks: number[];
    every: number[];
    missed: number;
    missing: number;
    /** The worst process's (worstLoop): for one server, its own. */
    loop: LoopDelay;
    /** Every process's. */
    loops: ProcessLoop[];
    frames: number;
    ownFrames: number;
  };
  clustersMs: number;
  dots?: {
    sent: number;
    acked: number;
    acks: number[];
    toConsole: number[];
    loop: LoopDelay;
    loops: ProcessLoop[];
    boardMs: number;
    phonesMs: number;
    /** Per phone that got it: the reveal's ack at the console → that phone has the reveal (ms). */
    reveal: number[];
  };
  final?: Awaited<ReturnType<typeof finalState>>;
  /** The baseline's collapse, or where the run stopped. */
  overload: string[];
  problems: string[];
  failures: string[];
}

export async function measureTown(
  ctx: ScenarioContext,
  pool: Pool,
  target: TargetName,
  setup: TownSetup = oneServer(target),
): Promise<TownRun> {
  const o = ctx.options;
  const n = o.townN;
  const kring = target === 'Kring';
  // The baseline falls behind by minutes: bounded waits, and it stops after the post-its if it has not caught up.
  const ackTimeout = kring ? 60_000 : 20_000;
  const settle = kring ? 60_000 : 30_000;
  const town = await setup.open(ctx);
  const { room, wallId, openedSeq, servers } = town;
  const label = `${setup.name} town hall`;
  const failures: string[] = [];
  const overload: string[] = [];
  const lagging = (what: string) => (kring ? failures.push(`${label}: ${what}`) : overload.push(what));
  const t00 = now();
  const progress = (what: string) => ctx.log(`town-hall: ${setup.name} +${((now() - t00) / 1000).toFixed(1)} s: ${what}`);
  // /proc figures; NaN when a process has gone (it must not end the run: its log says why).
  const read = (f: () => number) => {
    try {
      return f();
    } catch {
      return NaN;
    }
  };
  const usage = () => town.processes().map((p) => ({ name: p.name, cpu: read(() => cpuMs(p.pid)), rss: read(() => rssMiB(p.pid)) }));
  const cpu = () => usage().reduce((a, u) => a + u.cpu, 0);
  const rss = () => usage().reduce((a, u) => a + u.rss, 0);
  const board = await connect(town.boardUrl, room.boardHello).catch(async (e) => {
    await room.close();
    throw e;
  });
  const run: TownRun = {
    target,
    name: setup.name,
    n,
    joined: 0,
    joinMs: NaN,
    cpu: { join: NaN, postits: NaN, total: NaN, parts: [] },
    rss: { before: NaN, joined: NaN, end: NaN },
    postits: {
      sent: 0,
      acked: 0,
      acks: [],
      every: [],
      missed: 0,
      missing: 0,
      loop: noLoop(),
      loops: [],
      frames: 0,
      ownFrames: 0,
    },
    clustersMs: NaN,
    overload,
    problems: [],
    failures,
  };
  let cpu0 = NaN;
  let cpuStart: ReturnType<typeof usage> = [];
  /** CPU since the join, in total and per process. */
  const cpuSinceJoin = () => {
    const at = usage();
    run.cpu.total = at.reduce((a, u) => a + u.cpu, 0) - cpu0;
    run.cpu.parts = at.map((u) => ({ name: u.name, ms: u.cpu - (cpuStart.find((x) => x.name === u.name)?.cpu ?? NaN) }));
  };
  try {
    const f = room.facilitator;
    const consoleLog = new FrameLog(f);
    const boardLog = new FrameLog(board.socket);
    const postitIds: string[] = [];
    const dottedAt = new Map<number, number>();
    consoleLog.onEvent((ev, at) => {
      if (ev.type === 'brainstorm.added') postitIds.push((ev.item as { id: string }).id);
      else if (ev.type === 'dotvote.dotted') dottedAt.set(ev.seq, at);
    });
    let expectedDots = Infinity;
    let boardRevealAt = NaN;
    boardLog.onEvent((ev, at) => {
      if (ev.type !== 'dotvote.revealed' || !ev.tally) return;
      const sum = Object.values(ev.tally as Record<string, number>).reduce((a, b) => a + b, 0);
      if (sum === expectedDots) boardRevealAt = at;
    });

    // ---- join ----
    run.rss.before = rss();
    cpuStart = usage();
    cpu0 = cpuStart.reduce((a, u) => a + u.cpu, 0);
    const join = await joinPhones(pool, town.phoneUrls, room.participantHello, n, Math.max(o.joinConcurrency, 256), 60_000);
    run.cpu.join = cpu() - cpu0;
    run.joined = join.joined;
    run.joinMs = join.wallMs;
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
    if (kring && !(await caughtUp(pool, openedSeq, 30_000))) failures.push(`${label}: not every phone has the wall`);
    await quiet(pool, 500, 20_000);
    run.rss.joined = rss();
    progress(`joined ${join.joined} in ${(join.wallMs / 1000).toFixed(1)} s; post-its`);

    // ---- post-its: one per phone at a random moment of the window ----
    const random = seeded(0x746f776e);
    const windowMs = o.townPostitS * 1000;
    const jobs = join.perWorker.map((k, i) =>
      Array.from({ length: k }, (_, j): Job => ({
        p: j,
        at: random() * windowMs,
        cmd: {
          type: 'brainstorm.add',
          activityId: wallId,
          text: `Stadsgesprek ${i}-${j}: een bank bij de bushalte`,
          column: null,
          showName: false,
        },
      })),
    );
    await track(pool, false);
    for (const s of servers) s.loopReset();
    const p0 = now();
    const cpuP0 = cpu();
    const added = await act(pool, (i) => jobs[i], windowMs, ackTimeout);
    run.postits.loops = await loops(servers);
    run.postits.loop = worstLoop(run.postits.loops);
    run.postits.sent = n;
    run.postits.acked = added.accepted;
    run.postits.acks = added.latencies;
    progress(`post-its acked: ${added.accepted} (refused: ${JSON.stringify(added.refused)})`);
    const refusedPostits = Object.entries(added.refused).filter(([c]) => c !== 'TIMEOUT');
    if (refusedPostits.length)
      failures.push(`${label}: post-its refused: ${refusedPostits.map(([c, k]) => `${k} × ${c}`).join(', ')} (${added.errors.join('; ')})`);
    if (added.refused.TIMEOUT) lagging(`${added.refused.TIMEOUT} post-it acks did not come within ${ackTimeout / 1000} s`);
    // A flooded phone worker may not even answer in time: for the baseline that is the finding.
    const flooded = (e: Error) => {
      if (kring) throw e;
      lagging(`the phone workers were too flooded to answer (${e.message}); the run stops here`);
      return undefined;
    };
    const settled = await quiet(pool, 500, settle).catch(flooded);
    run.cpu.postits = cpu() - cpuP0;
    const ackedPostits = added.oks.flat().map((a) => ({ room: 0, seq: a.seq, at: a.at }));
    const d = settled && (await deliveries(pool).catch(flooded));
    const st = d && (await frameStats(pool, [{ from: p0, to: now() }]).catch(flooded));
    if (!settled || !d || !st) return run;
    const every = ackToEvery(ackedPostits, d, () => join.joined);
    Object.assign(run.postits, { every: every.samples, missed: every.missed, missing: every.missingDeliveries });
    run.postits.frames = st.windows[0].frames;
    run.postits.ownFrames = st.windows[0].ownFrames;
    if (every.missed)
      lagging(
        `${every.missed} post-its had not reached every phone when the run ${settled.quiet ? 'went quiet' : `stopped waiting (${settle / 1000} s after the last ack)`}: ${every.missingDeliveries.toLocaleString('en-US')} deliveries missing`,
      );
    if (!settled.quiet) {
      lagging(`the phones were still receiving post-its ${settle / 1000} s after the last ack; the run stops here`);
      return run;
    }

    // ---- clusters and the vote on them ----
    await until(() => postitIds.length >= added.accepted, 20_000);
    const clusters = await makeClusters(f, wallId, [...postitIds], CLUSTERS, kring);
    run.clustersMs = clusters.ms;
    const v = await openClusterVote(room, target, wallId, DOTS, CLUSTERS);
    if (!(await caughtUp(pool, v.seq, 30_000))) lagging('not every phone saw the vote open');
    await quiet(pool, 500, settle);
    progress(`${clusters.commands} cluster commands in ${(clusters.ms / 1000).toFixed(1)} s; vote on ${v.items.length} clusters; dots`);

    // ---- dots ----
    const dotWindowMs = o.townDotS * 1000;
    const dotJobs = join.perWorker.map((k) =>
      Array.from({ length: k * DOTS }, (_, x): Job => ({
        p: Math.floor(x / DOTS),
        at: random() * dotWindowMs,
        cmd: { type: 'dotvote.place', activityId: v.voteId, itemId: v.items[Math.floor(random() * v.items.length)] },
      })),
    );
    for (const s of servers) s.loopReset();
    const placed = await act(pool, (i) => dotJobs[i], dotWindowMs, ackTimeout);
    const dotLoops = await loops(servers);
    const dotLoop = worstLoop(dotLoops);
    expectedDots = placed.accepted;
    const lastAck = placed.lastAckAt;
    // What is known so far (the baseline may break off before the reveal).
    run.dots = {
      sent: join.joined * DOTS,
      acked: placed.accepted,
      acks: placed.latencies,
      toConsole: [],
      loop: dotLoop,
      loops: dotLoops,
      boardMs: NaN,
      phonesMs: NaN,
      reveal: [],
    };
    progress(`dots acked: ${placed.accepted} (refused: ${JSON.stringify(placed.refused)}); reveal`);
    const refusedDots = Object.entries(placed.refused).filter(([c]) => c !== 'TIMEOUT');
    if (refusedDots.length)
      failures.push(`${label}: dots refused: ${refusedDots.map(([c, k]) => `${k} × ${c}`).join(', ')} (${placed.errors.join('; ')})`);
    if (placed.refused.TIMEOUT) lagging(`${placed.refused.TIMEOUT} dot acks did not come within ${ackTimeout / 1000} s`);
    const reveal = await command(f, 'dotvote.reveal', { activityId: v.voteId, revealed: true }, 60_000);
    if (!(await until(() => !Number.isNaN(boardRevealAt), settle))) lagging(`the board did not get a tally of ${expectedDots} dots`);
    if (!(await quiet(pool, 500, settle)).quiet) lagging(`the phones were still receiving ${settle / 1000} s after the reveal`);
    const { received } = await collectFrames(pool);
    const revealTimes = received.get(reveal.ack.seq!) ?? [];
    if (revealTimes.length !== join.joined) lagging(`${join.joined - revealTimes.length} phones did not get the reveal`);
    const ackedDots = placed.oks.flat();
    if (kring) await until(() => ackedDots.every((a) => dottedAt.has(a.seq)), 10_000);
    run.dots = {
      sent: join.joined * DOTS,
      acked: placed.accepted,
      acks: placed.latencies,
      toConsole: ackedDots.filter((a) => dottedAt.has(a.seq)).map((a) => dottedAt.get(a.seq)! - a.at),
      loop: dotLoop,
      loops: dotLoops,
      boardMs: boardRevealAt - lastAck,
      phonesMs: revealTimes.length ? Math.max(...revealTimes) - lastAck : NaN,
      reveal: revealTimes.map((t) => t - (reveal.at + reveal.ms)),
    };
    progress('revealed; final state');
    // The town hall's own work ends here (the export below is the bench's check, not the room's).
    cpuSinceJoin();
    run.rss.end = rss();

    // ---- what the session holds ----
    if (kring) {
      const texts = added.oks.flatMap((oks, i) => oks.map((a) => jobs[i][a.job].cmd.text as string));
      run.final = await finalState(room, wallId, v.voteId, texts, placed.accepted);
      if (run.final.lostPostits || run.final.duplicatedPostits || run.final.lostDots || run.final.extraDots) {
        failures.push(`${label}: lost or duplicated: ${JSON.stringify(run.final)}`);
      }
    }
    return run;
  } catch (e) {
    // The baseline may break off anywhere (an ack, a reveal, a worker's answer): keep what it measured.
    if (kring) throw e;
    lagging(`the run broke off (${(e as Error).message})`);
    return run;
  } finally {
    await sleep(0);
    // A run that stopped early: join → where it stopped, with the phones still there.
    if (Number.isNaN(run.cpu.total)) cpuSinceJoin();
    if (Number.isNaN(run.rss.end)) run.rss.end = rss();
    board.socket.disconnect();
    await leavePhones(pool).catch((e: Error) => overload.push(`the phones did not leave in time (${e.message})`));
    run.owner = town.owner?.();
    run.problems = servers.flatMap((s) => s.problems).filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...run.problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    await room.close();
  }
}
