/**
 * One join storm against one fresh server: a second, small room probes the server with
 * a command every ~50 ms; N phones join the big room at once and keep their sockets.
 */
import { now, sleep } from '../lib/clock.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { extraRoom } from '../lib/agenda.ts';
import { listenOverflows } from '../lib/netstat.ts';
import { joinPhones, leavePhones } from '../lib/phones.ts';
import type { Pool } from '../lib/pool.ts';
import { Probe } from '../lib/probe.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { LoopDelay } from '../lib/server.ts';
import { openRoom, type TargetName } from '../lib/targets.ts';

export interface StormRun {
  n: number;
  target: TargetName;
  joined: number;
  failed: number;
  wallMs: number;
  latencies: number[];
  cpuMs: number;
  rssMiB: number;
  /** The server's event-loop delay from the join order until every phone was acked. */
  loop: LoopDelay;
  /** The other room's command acks before the storm and during it (ms). */
  probeBefore: number[];
  probeDuring: number[];
  probeRefused: number;
  overflows: number;
  problems: string[];
  failures: string[];
}

const EXPECTED_LOG = [/client not built/];
/** How long the probe runs before the storm (ms). */
const BEFORE_MS = 2000;

export async function measureStorm(ctx: ScenarioContext, pool: Pool, target: TargetName, n: number): Promise<StormRun> {
  const o = ctx.options;
  const room = await openRoom(target, ctx.root, {
    sqliteSync: o.sqliteSync,
    maxLifetimeMs: o.timeoutS * 1000,
    template: 'learningNetwork',
    // The probe sends 20 commands a second, the default per-socket limit: give it room.
    env: { KRING_SOCKET_RATE: '100' },
  });
  const label = `${target} N=${n}`;
  const failures: string[] = [];
  let probe: Probe | undefined;
  try {
    const other = await extraRoom(room, target, 1);
    const card = other.agenda[0]?.id ?? 'card';
    probe = new Probe(other.facilitator, (k) => ({ type: 'agenda.goto', activityId: k % 2 ? null : card }));
    await sleep(BEFORE_MS);
    const t0 = now();
    const cpu0 = room.server.cpuMs();
    const over0 = listenOverflows();
    room.server.loopReset();
    const join = await joinPhones(pool, room.server.url, room.participantHello, n, o.stormConcurrency || n, 60_000);
    const t1 = now();
    const loop = await room.server.loopReport();
    await sleep(500); // what the joins started (presence, frames)
    const cpuMs = room.server.cpuMs() - cpu0;
    const rssMiB = room.server.rssMiB();
    const overflows = listenOverflows() - over0;
    await probe.stop();
    const probeBefore = probe.between(t0 - BEFORE_MS, t0);
    const probeDuring = probe.between(t0, t1);
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
    if (probe.refused()) failures.push(`${label}: ${probe.refused()} of the other room's commands were refused or not acked`);
    other.facilitator.disconnect();
    await leavePhones(pool);
    const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    return {
      n,
      target,
      joined: join.joined,
      failed: join.failed,
      wallMs: join.wallMs,
      latencies: join.latencies,
      cpuMs,
      rssMiB,
      loop,
      probeBefore,
      probeDuring,
      probeRefused: probe.refused(),
      overflows,
      problems,
      failures,
    };
  } finally {
    await probe?.stop();
    await room.close();
  }
}
