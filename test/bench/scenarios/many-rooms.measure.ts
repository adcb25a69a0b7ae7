/**
 * One run of many rooms on one server: R rooms × P phones, each room with its console and
 * an open wall; phones add post-its at workshop pace, consoles change activity now and then.
 */
import { now, sleep } from '../lib/clock.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { addActivity, extraRoom, wall, type ExtraRoom } from '../lib/agenda.ts';
import { hPercentile, total } from '../lib/histogram.ts';
import { act, leavePhones, quiet } from '../lib/phones.ts';
import { ackToEvery, deliveries, joinRooms, track } from '../lib/phones-more.ts';
import type { Pool } from '../lib/pool.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { LoopDelay } from '../lib/server.ts';
import { openRoom, type TargetName } from '../lib/targets.ts';
import { command, seeded } from '../lib/watch.ts';

export interface RoomsRun {
  target: TargetName;
  rooms: number;
  joined: number;
  joinMs: number;
  rssBefore: number;
  rssAfter: number;
  postits: number;
  acked: number;
  acks: number[];
  /** Every (phone, post-it): ack → that phone has it (ms), as percentiles. */
  phoneP50: number;
  phoneP99: number;
  phoneMax: number;
  /** Per post-it: ack → the last phone of its room. */
  every: number[];
  missed: number;
  deliveries: number;
  consoleChanges: number;
  cpuMs: number;
  windowS: number;
  loop: LoopDelay;
  problems: string[];
  failures: string[];
}

const EXPECTED_LOG = [/client not built/];

export async function measureRooms(ctx: ScenarioContext, pool: Pool, target: TargetName): Promise<RoomsRun> {
  const o = ctx.options;
  const R = o.rooms;
  const P = o.roomPhones;
  const windowMs = o.roomsWindowS * 1000;
  const perPerson = Math.min(50, Math.ceil(o.roomsWindowS / 20) + 1);
  // TRUST_PROXY=1: each room's POST /api/sessions comes from its own address (20 a minute per address).
  const first = await openRoom(target, ctx.root, { sqliteSync: o.sqliteSync, maxLifetimeMs: o.timeoutS * 1000, env: { TRUST_PROXY: '1' } });
  const label = `${target} ${R} rooms`;
  const failures: string[] = [];
  const rooms: (ExtraRoom & { wallId: string; cardId: string })[] = [];
  try {
    // ---- the rooms, a few at a time ----
    const t0 = now();
    for (let r = 0; r < R; r += 8) {
      const made = await Promise.all(
        Array.from({ length: Math.min(8, R - r) }, async (_, k) => {
          const i = r + k;
          const x: ExtraRoom = i === 0 ? { ...first, session: first.session } : await extraRoom(first, target, i);
          const wallId = await addActivity(x.facilitator, target, wall('Ideeën', perPerson), 'wall');
          await command(x.facilitator, 'agenda.goto', { activityId: wallId });
          return { ...x, wallId, cardId: x.agenda[0]?.id ?? 'card' };
        }),
      );
      rooms.push(...made);
    }
    ctx.log(`many-rooms: ${target}: ${R} rooms made in ${((now() - t0) / 1000).toFixed(1)} s`);
    await sleep(500);
    const rssBefore = first.server.rssMiB();

    // ---- the phones: room r lives in worker r % workers ----
    const join = await joinRooms(
      pool,
      first.server.url,
      (i) => rooms.flatMap((x, r) => (r % pool.size === i ? [{ room: r, hello: x.participantHello, count: P }] : [])),
      o.joinConcurrency,
    );
    if (join.failed) failures.push(`${label}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
    await sleep(1000);
    await quiet(pool, 500, 20_000);
    const rssAfter = first.server.rssMiB();
    const inRoom = new Map<number, number>();
    for (const w of join.rooms) for (const r of w) inRoom.set(r, (inRoom.get(r) ?? 0) + 1);
    ctx.log(
      `many-rooms: ${target}: ${join.joined} phones joined in ${(join.wallMs / 1000).toFixed(1)} s; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB`,
    );

    // ---- workshop pace: a post-it every 20–40 s per phone; a console change every 15–30 s per room ----
    const random = seeded(0x726f6f6d);
    const jobs = join.rooms.map((roomsOfWorker) =>
      roomsOfWorker.flatMap((r, p) => {
        const out: Job[] = [];
        for (let at = random() * 30_000, k = 0; at < windowMs && k < perPerson; at += 20_000 + random() * 20_000, k++) {
          out.push({
            p,
            at,
            cmd: {
              type: 'brainstorm.add',
              activityId: rooms[r].wallId,
              text: `Kamer ${r} telefoon ${p}: idee ${k}`,
              column: null,
              showName: false,
            },
          });
        }
        return out;
      }),
    );
    jobs.forEach((js) => js.sort((a, b) => a.at - b.at));
    await track(pool, true);
    const cpu0 = first.server.cpuMs();
    const w0 = now();
    first.server.loopReset();
    let changes = 0;
    let stop = false;
    const consoles = rooms.map(async (x, r) => {
      for (let k = 0; ; k++) {
        await sleep(15_000 + random() * 15_000);
        if (stop) return;
        // Back and forth between the house-rules card and the wall (posting stays open on the wall).
        await command(x.facilitator, 'agenda.goto', { activityId: k % 2 ? x.wallId : x.cardId }).catch((e: Error) =>
          failures.push(`${label}: room ${r}'s console: ${e.message}`),
        );
        changes++;
      }
    });
    const r = await act(pool, (i) => jobs[i], windowMs, 30_000);
    stop = true;
    const loop = await first.server.loopReport();
    const settled = await quiet(pool, 500, 60_000);
    const cpuMs = first.server.cpuMs() - cpu0;
    const windowS = (now() - w0) / 1000;
    await Promise.race([Promise.all(consoles), sleep(1000)]);
    if (!settled.quiet) failures.push(`${label}: the phones were still receiving 60 s after the last post-it`);
    const sent = jobs.reduce((a, js) => a + js.length, 0);
    if (r.accepted !== sent) failures.push(`${label}: ${r.accepted} of ${sent} post-its acked (${r.errors.join('; ')})`);
    const ackList = r.oks.flatMap((oks, i) => oks.map((a) => ({ room: join.rooms[i][jobs[i][a.job].p], seq: a.seq, at: a.at })));
    const d = await deliveries(pool, ackList);
    const every = ackToEvery(ackList, d, (room) => inRoom.get(room) ?? 0);
    if (every.missed) failures.push(`${label}: ${every.missed} post-its did not reach every phone of their room`);
    await leavePhones(pool);
    const problems = first.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    failures.push(...problems.filter(isError).map((p) => `${label}: server error: ${logSummary(p)}`));
    return {
      target,
      rooms: R,
      joined: join.joined,
      joinMs: join.wallMs,
      rssBefore,
      rssAfter,
      postits: sent,
      acked: r.accepted,
      acks: r.latencies,
      phoneP50: hPercentile(d.latencies, 50),
      phoneP99: hPercentile(d.latencies, 99),
      phoneMax: hPercentile(d.latencies, 100),
      every: every.samples,
      missed: every.missed,
      deliveries: total(d.latencies),
      consoleChanges: changes,
      cpuMs,
      windowS,
      loop,
      problems,
      failures,
    };
  } finally {
    for (const x of rooms.slice(1)) x.facilitator.disconnect();
    await first.close();
  }
}
