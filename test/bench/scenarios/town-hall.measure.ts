/**
 * One town hall against one fresh server: N phones on one wall, one post-it each within
 * the post-it window; the facilitator clusters them and opens a vote on the clusters;
 * every phone spends its dots within the dot window; the console reveals.
 */
import { now, sleep } from '../lib/clock.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { act, caughtUp, collectFrames, frameStats, joinPhones, leavePhones, quiet } from '../lib/phones.ts';
import { ackToEvery, deliveries, track } from '../lib/phones-more.ts';
import type { Pool } from '../lib/pool.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { LoopDelay } from '../lib/server.ts';
import { connect, type TargetName } from '../lib/targets.ts';
import { FrameLog, command, seeded, until } from '../lib/watch.ts';
import { wallRoom } from './postits-pace.measure.ts';
import { finalState, makeClusters, openClusterVote } from './town-hall.plan.ts';

export const DOTS = 5;
export const CLUSTERS = 8;
const EXPECTED_LOG = [/client not built/];

export interface TownRun {
  target: TargetName;
  n: number;
  joined: number;
  joinMs: number;
  postits: {
    sent: number;
    acked: number;
    acks: number[];
    every: number[];
    missed: number;
    missing: number;
    loop: LoopDelay;
    frames: number;
    ownFrames: number;
  };
  clustersMs: number;
  dots?: { sent: number; acked: number; acks: number[]; toConsole: number[]; loop: LoopDelay; boardMs: number; phonesMs: number };
  final?: Awaited<ReturnType<typeof finalState>>;
  /** The baseline's collapse, or where the run stopped. */
  overload: string[];
  problems: string[];
  failures: string[];
}

export async function measureTown(ctx: ScenarioContext, pool: Pool, target: TargetName): Promise<TownRun> {
  const o = ctx.options;
  const n = o.townN;
  const kring = target === 'Kring';
  // The baseline falls behind by minutes: bounded waits, and it stops after the post-its if it has not caught up.
  const ackTimeout = kring ? 60_000 : 20_000;
  const settle = kring ? 60_000 : 30_000;
  const { room, wallId, openedSeq } = await wallRoom(ctx, target, 1);
  const label = `${target} town hall`;
  const failures: string[] = [];
  const overload: string[] = [];
  const lagging = (what: string) => (kring ? failures.push(`${label}: ${what}`) : overload.push(what));
  const t00 = now();
  const progress = (what: string) => ctx.log(`town-hall: ${target} +${((now() - t00) / 1000).toFixed(1)} s: ${what}`);
  const board = await connect(room.server.url, room.boardHello).catch(async (e) => {
    await room.close();
    throw e;
  });
  const run: TownRun = {
    target,
    n,
    joined: 0,
    joinMs: NaN,
    postits: {
      sent: 0,
      acked: 0,
      acks: [],
      every: [],
      missed: 0,
      missing: 0,
      loop: { p50: NaN, p99: NaN, max: NaN, mean: NaN, count: 0 },
      frames: 0,
      ownFrames: 0,
    },
    clustersMs: NaN,
    overload,
    problems: [],
    failures,
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
    const join = await joinPhones(pool, room.server.url, room.participantHello, n, Math.max(o.joinConcurrency, 256), 60_000);
    run.joined = join.joined;
    run.joinMs = join.wallMs;
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
    if (kring && !(await caughtUp(pool, openedSeq, 30_000))) failures.push(`${label}: not every phone has the wall`);
    await quiet(pool, 500, 20_000);
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
    room.server.loopReset();
    const p0 = now();
    const added = await act(pool, (i) => jobs[i], windowMs, ackTimeout);
    run.postits.loop = await room.server.loopReport();
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
    room.server.loopReset();
    const placed = await act(pool, (i) => dotJobs[i], dotWindowMs, ackTimeout);
    const dotLoop = await room.server.loopReport();
    expectedDots = placed.accepted;
    const lastAck = placed.lastAckAt;
    // What is known so far (the baseline may break off before the reveal).
    run.dots = {
      sent: join.joined * DOTS,
      acked: placed.accepted,
      acks: placed.latencies,
      toConsole: [],
      loop: dotLoop,
      boardMs: NaN,
      phonesMs: NaN,
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
      boardMs: boardRevealAt - lastAck,
      phonesMs: revealTimes.length ? Math.max(...revealTimes) - lastAck : NaN,
    };
    progress('revealed; final state');

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
    board.socket.disconnect();
    await leavePhones(pool).catch((e: Error) => overload.push(`the phones did not leave in time (${e.message})`));
    run.problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...run.problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    await room.close();
  }
}
