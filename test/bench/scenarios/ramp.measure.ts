/**
 * One ramp against one fresh server: N phones in one room; post-its at a rising rate,
 * a few seconds per step, until the ack → every phone p99 passes the limit.
 */
import { BRAINSTORM_ITEMS_MAX } from '../../../shared/activities/brainstorm/constants.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { addActivity, wall } from '../lib/agenda.ts';
import { act, caughtUp, joinPhones, leavePhones, quiet } from '../lib/phones.ts';
import { ackToEvery, deliveries, track } from '../lib/phones-more.ts';
import type { Pool } from '../lib/pool.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { LoopDelay } from '../lib/server.ts';
import { openRoom, type TargetName } from '../lib/targets.ts';
import { command, seeded } from '../lib/watch.ts';
import { acked } from './postits-pace.measure.ts';

/** The ceiling is the highest rate whose ack → every phone p99 stays at or below this (ms). */
export const LIMIT_MS = 250;

export interface RampStep {
  rate: number;
  sent: number;
  acked: number;
  timedOut: number;
  acks: number[];
  every: number[];
  /** Per post-it: its send → the last phone has it (ms): ack queueing included. */
  sendToEvery: number[];
  missed: number;
  cpuMs: number;
  loop: LoopDelay;
  /** Achieved send rate (post-its acked ÷ first send → last ack, per s). */
  achieved: number;
}

export interface RampRun {
  target: TargetName;
  joined: number;
  steps: RampStep[];
  /** Why the ramp stopped. */
  stopped: string;
  problems: string[];
  failures: string[];
}

const EXPECTED_LOG = [/client not built/];

export async function measureRamp(ctx: ScenarioContext, pool: Pool, target: TargetName): Promise<RampRun> {
  const o = ctx.options;
  const n = o.rampN;
  const kring = target === 'Kring';
  const room = await openRoom(target, ctx.root, { sqliteSync: o.sqliteSync, maxLifetimeMs: o.timeoutS * 1000 });
  const failures: string[] = [];
  const label = `${target} ramp`;
  const steps: RampStep[] = [];
  let stopped = 'every step stayed within the limit';
  try {
    // Enough walls for every step (a wall holds BRAINSTORM_ITEMS_MAX post-its), made up front.
    const need = o.rampRates.map((rate) => Math.ceil((rate * o.rampStepS) / BRAINSTORM_ITEMS_MAX));
    const walls: string[][] = [];
    for (const [s, k] of need.entries()) {
      const ids: string[] = [];
      for (let w = 0; w < k; w++)
        ids.push(await addActivity(room.facilitator, target, wall(`Stap ${s + 1}.${w + 1}`, 50), `wall${s}.${w}`));
      walls.push(ids);
    }
    const warmWall = await addActivity(room.facilitator, target, wall('Opwarmen', 50), 'warm-up');
    // A wall takes post-its once it has been opened: open every wall once, the first one last.
    for (const id of [warmWall, ...walls.flat().slice(1), walls[0][0]]) await command(room.facilitator, 'agenda.goto', { activityId: id });
    const opened = await command(room.facilitator, 'agenda.goto', { activityId: walls[0][0] }).catch(() => ({ ack: { seq: 0 } }));
    const join = await joinPhones(pool, room.server.url, room.participantHello, n, o.joinConcurrency);
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
    if (kring && !(await caughtUp(pool, opened.ack.seq!, 20_000))) failures.push(`${label}: not every phone has the wall`);
    await quiet(pool, 500, 20_000);
    const random = seeded(0x72616d70);
    const plan = (rate: number, count: number, wallIds: string[], tag: string) => {
      const jobs: Job[][] = join.perWorker.map(() => []);
      for (let k = 0; k < count; k++) {
        const i = Math.floor(random() * pool.size);
        const p = Math.floor(random() * Math.max(1, join.perWorker[i]));
        const cmd = {
          type: 'brainstorm.add',
          activityId: wallIds[k % wallIds.length],
          text: `${tag}, idee ${k}`,
          column: null,
          showName: false,
        };
        jobs[i].push({ p, at: (k * 1000) / rate, cmd });
      }
      return jobs;
    };
    // Unmeasured: one second at the first rate, at least 50 a second (first-use paths, JIT).
    const warm = Math.max(50, o.rampRates[0]);
    const warmJobs = plan(warm, Math.min(warm, BRAINSTORM_ITEMS_MAX), [warmWall], 'Opwarmen');
    await act(pool, (i) => warmJobs[i], 1000, 30_000);
    await quiet(pool, 500, 30_000);
    for (const [s, rate] of o.rampRates.entries()) {
      const count = Math.round(rate * o.rampStepS);
      const jobs = plan(rate, count, walls[s], `Stap ${s + 1}`);
      await track(pool, false);
      const cpu0 = room.server.cpuMs();
      room.server.loopReset();
      const r = await act(pool, (i) => jobs[i], o.rampStepS * 1000, kring ? 30_000 : 15_000);
      const loop = await room.server.loopReport();
      const settled = await quiet(pool, 500, kring ? 60_000 : 30_000);
      const cpuMs = room.server.cpuMs() - cpu0;
      const d = await deliveries(pool);
      const every = ackToEvery(acked(r), d, () => join.joined);
      // The same from each post-it's send (ack time − ack latency; both lists are in ack order).
      const sends = acked(r).map((a, k) => ({ ...a, at: a.at - r.latencies[k] }));
      const sendToEvery = ackToEvery(sends, d, () => join.joined).samples;
      const step: RampStep = {
        rate,
        sent: count,
        acked: r.accepted,
        timedOut: r.refused.TIMEOUT ?? 0,
        acks: r.latencies,
        every: every.samples,
        sendToEvery,
        missed: every.missed,
        cpuMs,
        loop,
        achieved: (r.accepted * 1000) / Math.max(1, r.lastAckAt - r.firstSentAt),
      };
      steps.push(step);
      const p99 = percentile99(step.every);
      ctx.log(
        `ramp: ${target} ${rate}/s: ${r.accepted}/${count} acked (${step.achieved.toFixed(0)}/s), ack → every phone p99 ${p99.toFixed(1)} ms, missed ${every.missed}, loop p99 ${loop.p99} ms, CPU ${cpuMs.toFixed(0)} ms`,
      );
      const refused = Object.entries(r.refused).filter(([c]) => c !== 'TIMEOUT');
      if (refused.length)
        failures.push(`${label} ${rate}/s: refused ${refused.map(([c, k]) => `${k} × ${c}`).join(', ')} (${r.errors.join('; ')})`);
      if (!settled.quiet || step.timedOut || every.missed) {
        stopped = `at ${rate}/s the server fell behind (${step.timedOut} acks timed out, ${every.missed} post-its not on every phone${settled.quiet ? '' : ', still delivering'})`;
        break;
      }
      if (!(p99 <= LIMIT_MS)) {
        stopped = `at ${rate}/s the p99 passed ${LIMIT_MS} ms`;
        break;
      }
      if (!keptPace(step)) {
        stopped = `at ${rate}/s the acks queued (ack p99 ${percentile99(step.acks).toFixed(0)} ms)`;
        break;
      }
    }
    await leavePhones(pool).catch(() => {});
    const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    return { target, joined: join.joined, steps, stopped, problems, failures };
  } finally {
    await room.close();
  }
}

/** The acks kept up with the asked rate: commands did not queue for longer than the limit (ack p99). */
export const keptPace = (s: RampStep) => percentile99(s.acks) <= LIMIT_MS;

function percentile99(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)];
}
