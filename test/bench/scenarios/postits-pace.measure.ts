/**
 * One run of post-its at workshop pace: N phones on one wall, each adds one post-it, at
 * an even pace over the room; per post-it, its ack → every phone has it.
 */
import { now, sleep } from '../lib/clock.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { addActivity, wall } from '../lib/agenda.ts';
import { act, caughtUp, frameStats, joinPhones, leavePhones, quiet, type ActResult } from '../lib/phones.ts';
import { ackToEvery, deliveries, track } from '../lib/phones-more.ts';
import type { Pool } from '../lib/pool.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { LoopDelay } from '../lib/server.ts';
import { openRoom, type Room, type TargetName } from '../lib/targets.ts';
import { command, seeded } from '../lib/watch.ts';

export interface PaceRun {
  n: number;
  target: TargetName;
  joined: number;
  acked: number;
  sent: number;
  acks: number[];
  /** Per acked post-it: its ack → the last phone has it (ms). */
  every: number[];
  /** Post-its some phone never got, and the (phone, post-it) pairs missing. */
  missed: number;
  missing: number;
  deliveries: number;
  frames: number;
  ownFrames: number;
  cpuMs: number;
  loop: LoopDelay;
  problems: string[];
  failures: string[];
}

const EXPECTED_LOG = [/client not built/];

/** A Kring room with one open wall of `perPerson` post-its each (the baseline: a stand-in id). */
export async function wallRoom(ctx: ScenarioContext, target: TargetName, perPerson: number, env?: Record<string, string>) {
  const o = ctx.options;
  const room: Room = await openRoom(target, ctx.root, { sqliteSync: o.sqliteSync, maxLifetimeMs: o.timeoutS * 1000, env });
  try {
    const wallId = await addActivity(room.facilitator, target, wall('Ideeën', perPerson), 'wall');
    const opened = await command(room.facilitator, 'agenda.goto', { activityId: wallId });
    return { room, wallId, openedSeq: opened.ack.seq! };
  } catch (e) {
    await room.close();
    throw e;
  }
}

/** One post-it per phone, `rate` a second over the room, in a seeded random order of phones. */
export function paceJobs(perWorker: number[], rate: number, wallId: string, seed: number, text: (k: number) => string): Job[][] {
  const random = seeded(seed);
  const all = perWorker.flatMap((k, i) => Array.from({ length: k }, (_, j) => ({ i, j, r: random() })));
  all.sort((a, b) => a.r - b.r);
  const jobs: Job[][] = perWorker.map(() => []);
  all.forEach(({ i, j }, k) =>
    jobs[i].push({
      p: j,
      at: (k * 1000) / rate,
      cmd: { type: 'brainstorm.add', activityId: wallId, text: text(k), column: null, showName: false },
    }),
  );
  return jobs;
}

/** The acked commands of an act, as (room 0, seq, ack time). */
export const acked = (r: ActResult) => r.oks.flat().map((a) => ({ room: 0, seq: a.seq, at: a.at }));

export async function measurePace(ctx: ScenarioContext, pool: Pool, target: TargetName, n: number, rate: number): Promise<PaceRun> {
  const o = ctx.options;
  const { room, wallId, openedSeq } = await wallRoom(ctx, target, 1);
  const label = `${target} N=${n}`;
  const failures: string[] = [];
  try {
    const join = await joinPhones(pool, room.server.url, room.participantHello, n, o.joinConcurrency);
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
    if (target === 'Kring' && !(await caughtUp(pool, openedSeq, 20_000))) failures.push(`${label}: not every phone has the wall`);
    await sleep(500);
    await quiet(pool, 500, 10_000);
    await track(pool, false);
    const jobs = paceJobs(join.perWorker, rate, wallId, 0x70616365 + n, (k) => `Idee nummer ${k}: meer groen op het plein`);
    const t0 = now();
    const cpu0 = room.server.cpuMs();
    room.server.loopReset();
    const r = await act(pool, (i) => jobs[i], (n * 1000) / rate, 30_000);
    const loop = await room.server.loopReport();
    const settled = await quiet(pool, 500, 60_000);
    const t1 = now();
    const cpuMs = room.server.cpuMs() - cpu0;
    if (!settled.quiet) failures.push(`${label}: the phones were still receiving 60 s after the last ack`);
    const sent = r.accepted + Object.values(r.refused).reduce((a, b) => a + b, 0);
    if (r.accepted !== sent) failures.push(`${label}: ${r.accepted} of ${sent} post-its acked (${r.errors.join('; ')})`);
    const d = await deliveries(pool);
    const every = ackToEvery(acked(r), d, () => join.joined);
    if (every.missed)
      failures.push(`${label}: ${every.missed} post-its did not reach every phone (${every.missingDeliveries} deliveries missing)`);
    const st = await frameStats(pool, [{ from: t0, to: t1 }]);
    await leavePhones(pool);
    const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    return {
      n,
      target,
      joined: join.joined,
      acked: r.accepted,
      sent,
      acks: r.latencies,
      every: every.samples,
      missed: every.missed,
      missing: every.missingDeliveries,
      deliveries: every.deliveries,
      frames: st.windows[0].frames,
      ownFrames: st.windows[0].ownFrames,
      cpuMs,
      loop,
      problems,
      failures,
    };
  } finally {
    await room.close();
  }
}
