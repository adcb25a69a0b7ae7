/**
 * One run of the room scenario against one fresh server: join N phones, then time a
 * series of activity changes from the console to every phone. Raw samples only; the
 * scenario module aggregates runs and builds the tables.
 */
import { nanoid } from 'nanoid';
import { now, sleep, withTimeout } from '../lib/clock.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { collectFrames, joinPhones, leavePhones } from '../lib/phones.ts';
import type { Pool } from '../lib/pool.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { max } from '../lib/stats.ts';
import { openRoom, type Room, type TargetName } from '../lib/targets.ts';

export interface Run {
  n: number;
  target: TargetName;
  joined: number;
  joinWallMs: number;
  /** Per phone: socket created → hello acked (ms). */
  joinLatencies: number[];
  joinCpuMs: number;
  rssMiB: number;
  /** Every (phone, change): console send → phone has the frame (ms). */
  samples: number[];
  /** Per change: until the last phone had it (ms); only changes every phone got. */
  lasts: number[];
  /** Per change: console send → command ack (ms). */
  acks: number[];
  /** The slowest change: until the last phone had it, and its ack (ms); for the log. */
  slowest: { last: number; ack: number };
  cpuPerChangeMs: number;
  missed: number;
  /** Log lines of the server at warn or above, minus the expected ones. */
  problems: string[];
  failures: string[];
}

/** Known and harmless server log lines. */
const EXPECTED_LOG = [/client not built/];

export async function measureRun(ctx: ScenarioContext, pool: Pool, target: TargetName, n: number): Promise<Run> {
  const o = ctx.options;
  const room = await openRoom(target, ctx.root, { sqliteSync: o.sqliteSync, maxLifetimeMs: o.timeoutS * 1000 });
  const failures: string[] = [];
  const label = `${target} N=${n}`;
  try {
    // ---- join ----
    const cpu0 = room.server.cpuMs();
    const join = await joinPhones(pool, room.server.url, room.participantHello, n, o.joinConcurrency);
    await sleep(500); // let the server finish what the joins started (frames, presence)
    const joinCpuMs = room.server.cpuMs() - cpu0;
    const rssMiB = room.server.rssMiB();
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);

    // ---- fan-out ----
    const fan = await changes(room, pool, join.perWorker, o.warmup, o.changes, o.pauseMs);
    failures.push(...fan.errors.map((e) => `${label}: ${e}`));
    const { received, disconnects } = await collectFrames(pool);
    const samples: number[] = [];
    const lasts: number[] = [];
    let slowest = { last: NaN, ack: NaN };
    let missed = 0;
    for (const c of fan.sent) {
      const lat = (received.get(c.seq) ?? []).map((t) => t - c.at);
      missed += join.joined - lat.length;
      samples.push(...lat);
      if (lat.length === join.joined) lasts.push(max(lat));
      if (lat.length && !(max(lat) <= slowest.last)) slowest = { last: max(lat), ack: c.ackMs };
    }
    if (missed) failures.push(`${label}: ${missed} of ${join.joined * fan.sent.length} expected frames did not arrive`);
    if (disconnects) failures.push(`${label}: ${disconnects} phones were disconnected during the run`);
    await leavePhones(pool);

    const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    return {
      n,
      target,
      joined: join.joined,
      joinWallMs: join.wallMs,
      joinLatencies: join.latencies,
      joinCpuMs,
      rssMiB,
      samples,
      lasts,
      acks: fan.sent.map((c) => c.ackMs),
      slowest,
      cpuPerChangeMs: fan.cpuMs / Math.max(1, fan.sent.length),
      missed,
      problems,
      failures,
    };
  } finally {
    await room.close();
  }
}

/**
 * Send warm-up + measured `agenda.goto` commands one at a time; after each, wait until
 * every worker reports that all its phones have the event (or 10 s), then pause.
 */
async function changes(room: Room, pool: Pool, perWorker: number[], warmup: number, count: number, pauseMs: number) {
  const expectedWorkers = perWorker.filter((k) => k > 0).length;
  const complete = new Map<number, number>();
  let wake: (() => void) | undefined;
  const off = pool.listen((_, m) => {
    if (m.t !== 'complete') return;
    complete.set(m.seq, (complete.get(m.seq) ?? 0) + 1);
    wake?.();
  });
  const everyone = async (seq: number, timeoutMs: number) => {
    const deadline = now() + timeoutMs;
    while ((complete.get(seq) ?? 0) < expectedWorkers) {
      const left = deadline - now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, left);
      });
    }
    return true;
  };

  const sent: { seq: number; at: number; ackMs: number }[] = [];
  const errors: string[] = [];
  let cpu0 = 0;
  let cpu1 = 0;
  try {
    for (let k = 0; k < warmup + count; k++) {
      if (k === warmup) cpu0 = room.server.cpuMs();
      // Alternate so that every command really changes the current activity.
      const activityId = k % 2 === 0 ? room.cardId : null;
      const at = now();
      const ack = (await withTimeout(
        room.facilitator.timeout(10_000).emitWithAck('cmd', { id: nanoid(), type: 'agenda.goto', activityId }),
        11_000,
        'agenda.goto ack',
      )) as { ok: boolean; seq?: number; error?: { code: string; message: string } };
      const ackMs = now() - at;
      if (!ack.ok || typeof ack.seq !== 'number') {
        errors.push(`agenda.goto refused: ${ack.error?.code} ${ack.error?.message}`);
        break;
      }
      const arrived = await everyone(ack.seq, 10_000);
      if (k >= warmup) sent.push({ seq: ack.seq, at, ackMs });
      if (!arrived) errors.push(`change seq ${ack.seq} did not reach every phone within 10 s`);
      if (k === warmup + count - 1) cpu1 = room.server.cpuMs();
      await sleep(pauseMs);
    }
  } finally {
    off();
  }
  return { sent, errors, cpuMs: cpu1 - cpu0 };
}
