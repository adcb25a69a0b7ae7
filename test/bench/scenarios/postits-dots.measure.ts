/**
 * One run of the post-its-and-dots scenario against one fresh server: N phones join,
 * each adds one post-it within the post-it window; the console opens the dot vote on
 * them; each phone spends its dots within the dot window; the console reveals. Raw
 * figures only; the scenario module aggregates runs and builds the tables.
 */
import { now, sleep } from '../lib/clock.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { act, caughtUp, collectFrames, frameStats, joinPhones, leavePhones, quiet, type ActResult } from '../lib/phones.ts';
import type { Pool } from '../lib/pool.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { max } from '../lib/stats.ts';
import { connect, openRoom, type TargetName } from '../lib/targets.ts';
import { command, FrameLog, seeded, until } from '../lib/watch.ts';

/** Dots per phone (the learning-network vote's budget). */
export const DOTS = 5;
/** The room has delivered a phase when no phone got a frame for this long (ms). */
const QUIET_MS = 500;
/** Upper bound for any wait after a phase (ms): the naive baseline may lag far behind. */
const SETTLE_MS = 90_000;
/** How long a phone waits for a command's ack (ms): long, because the baseline's acks queue behind its broadcasts. */
const ACK_TIMEOUT_MS = 60_000;

export interface PhaseFigures {
  /** Per accepted command: send → ack at the phone (ms). */
  acks: number[];
  accepted: number;
  refused: number;
  /** Server CPU over the phase (ms), from its start until the room was quiet again. */
  cpuMs: number;
  /** Frames received in the phase: by all phones, by the console, by the board. */
  phoneFrames: number;
  consoleFrames: number;
  boardFrames: number;
  /** The most frames one phone got in any 1 s during the phase. */
  peakPerSecond: number;
  /** Of `phoneFrames`, the `own: true` frames (a participant's own events, ahead of the shared frame). */
  ownFrames: number;
  /** From the first send to the last ack (s): how long the phones needed for their sends. */
  sendSpanS: number;
  /** Phase start → room quiet again (s). */
  wallS: number;
  /** The worst lateness of a phone worker's send against its plan (ms). */
  maxLateMs: number;
}

export interface Run {
  n: number;
  target: TargetName;
  joined: number;
  postits: PhaseFigures;
  /** Items the dot vote offered. */
  items: number;
  dots: PhaseFigures & {
    /** Frames per phone per second while the dots were being placed (first send → last ack). */
    framesPerPhonePerS: number;
    /** Last dot ack → the board's frame with the reveal, whose tally sums to N × DOTS (ms). */
    boardMs: number;
    /** Last dot ack → the console has every `dotvote.dotted` (ms); negative: before the last ack reached its phone. */
    consoleMs: number;
    /** Last dot ack → the last phone has the reveal (ms). */
    phonesMs: number;
    /** The console's `dotvote.reveal`: send → ack (ms). */
    revealAckMs: number;
  };
  problems: string[];
  failures: string[];
  /**
   * The baseline's signs of overload (acks that never came, a console or board dropped by
   * the heartbeat, phones still behind): findings about the naive design, not failures
   * of the bench. The same signs from Kring are failures.
   */
  overload: string[];
}

/** Known and harmless server log lines. */
const EXPECTED_LOG = [/client not built/];

export async function measureRun(ctx: ScenarioContext, pool: Pool, target: TargetName, n: number, round: number): Promise<Run> {
  const o = ctx.options;
  const room = await openRoom(target, ctx.root, {
    sqliteSync: o.sqliteSync,
    maxLifetimeMs: o.timeoutS * 1000,
    template: 'learningNetwork',
  });
  const failures: string[] = [];
  const label = `${target} N=${n}`;
  const fail = (what: string) => failures.push(`${label}: ${what}`);
  const overload: string[] = [];
  /** A sign that the server did not keep up: a finding for the baseline, a failure for Kring. */
  const lagging = (what: string) => (target === 'baseline' ? overload.push(what) : fail(what));
  const t00 = now();
  const progress = (what: string) => ctx.log(`postits-dots: ${label} +${((now() - t00) / 1000).toFixed(1)} s: ${what}`);
  let closing = false; // disconnects from here on are ours
  const board = await connect(room.server.url, room.boardHello).catch(async (e) => {
    await room.close();
    throw e;
  });
  try {
    const f = room.facilitator;
    f.on('disconnect', (reason) => {
      progress(`the console disconnected: ${reason}`);
      if (!closing) lagging(`the console was disconnected (${reason})`);
    });
    board.socket.on('disconnect', (reason) => {
      progress(`the board disconnected: ${reason}`);
      if (!closing) lagging(`the board was disconnected (${reason})`);
    });
    const consoleLog = new FrameLog(f);
    const boardLog = new FrameLog(board.socket);
    // What the console learns: the post-its (ids), the vote's items, every dot.
    const postitIds: string[] = [];
    let loaded: string[] | undefined;
    let dotted = 0;
    let allDottedAt = NaN;
    let expectedDots = Infinity;
    consoleLog.onEvent((ev, at) => {
      if (ev.type === 'brainstorm.added') postitIds.push((ev.item as { id: string }).id);
      else if (ev.type === 'dotvote.loaded') loaded = (ev.items as { id: string }[]).map((i) => i.id);
      else if (ev.type === 'dotvote.dotted' && (ev.delta as number) > 0 && ++dotted === expectedDots) allDottedAt = at;
    });
    let boardRevealAt = NaN;
    let boardTallySum = NaN;
    boardLog.onEvent((ev, at) => {
      if (ev.type !== 'dotvote.revealed' || !ev.tally) return;
      boardTallySum = Object.values(ev.tally as Record<string, number>).reduce((a, b) => a + b, 0);
      if (boardTallySum === expectedDots) boardRevealAt = at;
    });

    // ---- the activities ----
    let brainstormId = 'engagements';
    let voteId = 'vote';
    if (target === 'Kring') {
      // learningNetwork: agenda[4] is the engagements brainstorm, agenda[5] its dot vote.
      const bs = room.agenda[4];
      const vote = room.agenda[5];
      if (bs?.kind !== 'brainstorm' || vote?.kind !== 'dotvote' || vote.config.sourceId !== bs.id) {
        throw new Error('the learningNetwork template no longer has the engagements brainstorm and its dot vote at 4 and 5');
      }
      brainstormId = bs.id;
      voteId = vote.id;
      if (vote.config.budget !== DOTS || vote.config.stacking !== true) {
        await command(f, 'agenda.update', {
          activityId: vote.id,
          activity: { kind: vote.kind, title: vote.title, config: { ...vote.config, budget: DOTS, stacking: true } },
        });
      }
    }

    // ---- join ----
    const join = await joinPhones(pool, room.server.url, room.participantHello, n, o.joinConcurrency);
    if (join.failed) fail(`${join.failed} phones failed to join (${join.errors.join('; ')})`);
    const opened = await command(f, 'agenda.goto', { activityId: brainstormId });
    if (!(await caughtUp(pool, opened.ack.seq!, 20_000))) lagging('not every phone saw the brainstorm open');
    await sleep(500); // let the join and the opening settle (frames, presence)
    await quiet(pool, QUIET_MS, 10_000);

    // Jobs address phone j of worker i. The plan is drawn from a seed per round, so both
    // servers get the same post-its at the same times and the same dots.
    const random = seeded(0x6b72696e + round);

    // ---- post-its: one per phone, spread uniformly over the window ----
    const postitWindowMs = o.postitWindowS * 1000;
    const postitJobs = join.perWorker.map((k, i) =>
      Array.from({ length: k }, (_, j): Job => ({
        p: j,
        at: random() * postitWindowMs,
        cmd: { type: 'brainstorm.add', activityId: brainstormId, text: postitText(i * 10_000 + j, random), column: null, showName: false },
      })),
    );
    const p0 = { at: now(), cpu: room.server.cpuMs() };
    progress(`joined ${join.joined}; post-its`);
    const added = await act(pool, (i) => postitJobs[i], postitWindowMs, ACK_TIMEOUT_MS);
    progress(`post-its acked (${added.accepted})`);
    const quietAfterPostits = await quiet(pool, QUIET_MS, SETTLE_MS);
    if (!quietAfterPostits.quiet) lagging(`the phones were still receiving post-it frames ${SETTLE_MS / 1000} s after the last ack`);
    // Every post-it the server took (acked or not), as the console saw it.
    await until(() => postitIds.length >= join.joined, 10_000);
    const p1 = { at: now(), cpu: room.server.cpuMs() };
    checkAct('brainstorm.add', added, join.joined, fail, lagging);
    if (postitIds.length !== join.joined) lagging(`the console saw ${postitIds.length} of ${join.joined} post-its`);
    const postitStats = await frameStats(pool, [{ from: p0.at, to: p1.at }]);

    // ---- open the vote on the post-its ----
    const voteOpened = await command(f, 'agenda.goto', { activityId: voteId });
    let items: string[];
    if (target === 'Kring') {
      await until(() => loaded !== undefined, 10_000);
      items = loaded ?? [];
    } else {
      items = [...postitIds]; // the baseline's vote is over the post-its it numbered
    }
    if (items.length !== postitIds.length) fail(`the dot vote offers ${items.length} items for ${postitIds.length} post-its`);
    // Every phone has the vote (in Kring a large frame with every item) before the dots start.
    if (!(await caughtUp(pool, voteOpened.ack.seq!, 30_000))) lagging('not every phone saw the dot vote open');
    await quiet(pool, QUIET_MS, 20_000);

    // ---- dots: DOTS per phone, at random times in the window, on random items (stacking allowed) ----
    const dotWindowMs = o.dotWindowS * 1000;
    expectedDots = join.joined * DOTS;
    if (dotted >= expectedDots) allDottedAt = now();
    const dotJobs = join.perWorker.map((k) =>
      Array.from({ length: k * DOTS }, (_, x): Job => ({
        p: Math.floor(x / DOTS),
        at: random() * dotWindowMs,
        cmd: { type: 'dotvote.place', activityId: voteId, itemId: items[Math.floor(random() * items.length)] },
      })),
    );
    const d0 = { at: now(), cpu: room.server.cpuMs() };
    progress(`vote open (${items.length} items); dots`);
    const placed = await act(pool, (i) => dotJobs[i], dotWindowMs, ACK_TIMEOUT_MS);
    progress(`dots acked (${placed.accepted}); console has ${dotted}; reveal`);
    // The console reveals right after the last dot's ack.
    let revealSeq = Infinity;
    let revealAckMs = NaN;
    try {
      const reveal = await command(f, 'dotvote.reveal', { activityId: voteId, revealed: true }, ACK_TIMEOUT_MS);
      revealSeq = reveal.ack.seq!;
      revealAckMs = reveal.ms;
      if (!(await until(() => !Number.isNaN(boardRevealAt), SETTLE_MS))) {
        lagging(`the board did not get a revealed tally summing to ${expectedDots} (last sum: ${boardTallySum})`);
      }
    } catch (e) {
      lagging(`the console's reveal failed: ${(e as Error).message}`);
    }
    if (!(await until(() => !Number.isNaN(allDottedAt), SETTLE_MS))) lagging(`the console saw ${dotted} of ${expectedDots} dots`);
    progress(`board and console done; waiting for the phones`);
    const quietAfterDots = await quiet(pool, QUIET_MS, SETTLE_MS);
    if (!quietAfterDots.quiet) lagging(`the phones were still receiving dot frames ${SETTLE_MS / 1000} s after the reveal`);
    const d1 = { at: now(), cpu: room.server.cpuMs() };
    checkAct('dotvote.place', placed, join.joined * DOTS, fail, lagging);

    const sendSpan = { from: placed.firstSentAt, to: placed.lastAckAt + 1e-6 };
    const dotStats = await frameStats(pool, [{ from: d0.at, to: d1.at }, sendSpan], Number.isFinite(revealSeq) ? revealSeq : undefined);
    if (dotStats.behind) lagging(`${dotStats.behind} phones never got the reveal`);
    const { received, disconnects } = await collectFrames(pool);
    const revealTimes = received.get(revealSeq) ?? [];
    if (disconnects) lagging(`${disconnects} phones were disconnected during the run`);
    closing = true;
    await leavePhones(pool);

    const phase = (
      r: ActResult,
      from: { at: number; cpu: number },
      to: { at: number; cpu: number },
      phones: { frames: number; peakPerSecond: number; ownFrames: number },
    ): PhaseFigures => ({
      acks: r.latencies,
      accepted: r.accepted,
      refused: Object.values(r.refused).reduce((a, b) => a + b, 0),
      cpuMs: to.cpu - from.cpu,
      phoneFrames: phones.frames,
      consoleFrames: consoleLog.count(from.at, to.at),
      boardFrames: boardLog.count(from.at, to.at),
      peakPerSecond: phones.peakPerSecond,
      ownFrames: phones.ownFrames,
      sendSpanS: (r.lastAckAt - r.firstSentAt) / 1000,
      wallS: (to.at - from.at) / 1000,
      maxLateMs: r.maxLateMs,
    });
    const lastAck = placed.lastAckAt;
    const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    return {
      n,
      target,
      joined: join.joined,
      postits: phase(added, p0, p1, postitStats.windows[0]),
      items: items.length,
      dots: {
        ...phase(placed, d0, d1, dotStats.windows[0]),
        framesPerPhonePerS: dotStats.windows[1].frames / Math.max(1, join.joined) / Math.max(1e-3, (sendSpan.to - sendSpan.from) / 1000),
        boardMs: boardRevealAt - lastAck,
        consoleMs: allDottedAt - lastAck,
        phonesMs: revealTimes.length === join.joined ? max(revealTimes) - lastAck : NaN,
        revealAckMs,
      },
      problems,
      failures,
      overload,
    };
  } finally {
    closing = true;
    board.socket.disconnect();
    await room.close();
  }
}

/** Refusals are failures; acks that never came in time are a sign of overload. */
function checkAct(what: string, r: ActResult, expected: number, fail: (s: string) => void, lagging: (s: string) => void) {
  const timedOut = r.refused.TIMEOUT ?? 0;
  const refused = Object.entries(r.refused).filter(([code]) => code !== 'TIMEOUT');
  if (refused.length) {
    fail(
      `${what}: ${r.accepted} of ${expected} accepted (refused: ${refused.map(([code, k]) => `${k} × ${code}`).join(', ')}; e.g. ${r.errors.join('; ')})`,
    );
  }
  if (timedOut) lagging(`${what}: ${timedOut} of ${expected} acks did not come within ${ACK_TIMEOUT_MS / 1000} s`);
  else if (!refused.length && r.accepted !== expected) fail(`${what}: ${r.accepted} of ${expected} accepted`);
}

const WHAT = [
  'een dialoog opzetten',
  'vrijwilligers aanspreken',
  'het thema agenderen',
  'een vorming volgen',
  'ervaringsdeskundigen uitnodigen',
  'de adviesraad bevragen',
];
const WHEN = ['deze maand', 'voor de zomer', 'op het volgende teamoverleg', 'dit najaar', 'samen met een collega'];

/** A post-it as a phone would type it: 50–90 characters, different for every phone. */
function postitText(k: number, random: () => number) {
  return `Ik wil ${WHAT[Math.floor(random() * WHAT.length)]} ${WHEN[Math.floor(random() * WHEN.length)]} (#${k})`;
}
