/**
 * Third scenario (issue 5): the report of a large finished session, in every format.
 * The session is played through the real protocol against the real server (200 phones
 * in the phone workers), then each export is timed over HTTP. There is no baseline: a
 * bare server has no report. Each format is compared with the JSON export instead.
 */
import { now, sleep } from '../lib/clock.ts';
import type { Job } from '../lib/ipc.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { act, caughtUp, joinPhones, leavePhones, quiet, type ActResult } from '../lib/phones.ts';
import { Pool } from '../lib/pool.ts';
import { peakRssMiB, resetPeakRss } from '../lib/proc.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, max, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import { openRoom, type AgendaEntry } from '../lib/targets.ts';
import { command, FrameLog, seeded, until } from '../lib/watch.ts';

const PHONES = 200;
const POSTITS_PER_PHONE = 5;
/** The most the dot vote schema allows (`budget` ≤ 20). */
const BIG_VOTE_BUDGET = 20;
/** A second vote on the shortlist carried forward from the first makes up the 5,000 dots. */
const SHORTLIST = 20;
const SHORTLIST_BUDGET = 5;
/** The first vote's dots are sent within this window: faster than one server can commit them. */
const BIG_VOTE_WINDOW_MS = 5000;
const FORMATS = ['md', 'docx', 'csv', 'json', 'doc'] as const;
type Format = (typeof FORMATS)[number];

const EXPECTED_LOG = [/client not built/];
const n = (x: number) => x.toLocaleString('en-US');

export const reportExport: Scenario = {
  id: 'report-export',
  title: 'Report export',
  method: `A large finished session is played through the real protocol against the real
server (Kring only, on a fresh server with a fresh data folder): ${PHONES} phones (in the
phone workers) join a session made from the \`learningNetwork\` template; every phone
answers the check-in; the engagements brainstorm is set to \`maxPerPerson\`
${POSTITS_PER_PHONE} (\`agenda.update\`) and every phone adds ${POSTITS_PER_PHONE} post-its
(${n(PHONES * POSTITS_PER_PHONE)} in all, 40–220 characters each); the dot vote takes them
over (${n(PHONES * POSTITS_PER_PHONE)} items) with a budget of ${BIG_VOTE_BUDGET} and
stacking, and every phone spends all its dots on random items
(${n(PHONES * BIG_VOTE_BUDGET)} dots); the console reveals and carries the top ${SHORTLIST}
forward to a second dot vote (added with \`agenda.add\`, \`sourceId\` = the first vote,
budget ${SHORTLIST_BUDGET}), where every phone spends ${SHORTLIST_BUDGET} more dots
(${n(PHONES * SHORTLIST_BUDGET)}); then the check-out. In all ${PHONES} participants,
${n(PHONES * POSTITS_PER_PHONE)} post-its and ${n(PHONES * (BIG_VOTE_BUDGET + SHORTLIST_BUDGET))}
dots, checked in the JSON export before timing. (One vote with a budget of 25 is not
possible: the dot vote schema caps the budget at 20, hence the second vote.) The server
keeps its default socket rate limit (20 messages a second, bursts of 40): a phone sends
${2 + POSTITS_PER_PHONE + BIG_VOTE_BUDGET + SHORTLIST_BUDGET} commands in all, spread over
several seconds, so neither pacing nor a raised \`KRING_SOCKET_RATE\` is needed.

Then \`GET /api/sessions/:id/report/<format>\` with the facilitator key as bearer token,
for \`md\`, \`docx\`, \`csv\`, \`json\` and \`doc\` (the report model as JSON): one
warm-up request per format, then \`BENCH_EXPORT_RUNS\` timed rounds over all formats in
turn (one request at a time, the room otherwise idle, the phones still connected). The
server keeps recent exports by the session's seq; before each request the console
changes the session (\`session.meta\`), so every timed export is built afresh.

- *Time*: request sent → whole body received, on 127.0.0.1; *size*: the body in bytes.
- *Server CPU*: the server's CPU time over the request (\`/proc\`, 10 ms ticks, averaged
  over the runs).
- *Console ack during the export*: 3 ms after each export request, the console sends a
  command that changes nothing (\`agenda.goto\` to the current activity); its ack time
  shows how long the export keeps the server's single event loop (every live room on
  it) from answering. Compare with the same command on an idle server, below the table.
- *Peak RSS*: the server's highest resident memory during that format's requests
  (VmHWM, reset to the current RSS before each; it includes garbage of earlier requests
  not yet collected, so read it as an upper bound and the differences as rough).
- **No baseline**: a bare Socket.IO server has no report, so there is nothing to divide
  by. Instead each format is shown relative to the \`json\` export of the same session in
  the same run (the cheapest full dump: one \`JSON.stringify\` of the room), which
  cancels out the machine in the same way.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const failures: string[] = [];
    const notes: string[] = [];
    const fail = (what: string) => failures.push(`Kring: ${what}`);
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const room = await openRoom('Kring', ctx.root, {
      sqliteSync: o.sqliteSync,
      maxLifetimeMs: o.timeoutS * 1000,
      template: 'learningNetwork',
    }).catch(async (e) => {
      await pool.stop();
      throw e;
    });
    let timings: Timing[] = [];
    try {
      const setupStart = now();
      const built = await buildSession(ctx, pool, room.facilitator, room.agenda, room.server.url, room.participantHello, fail);
      const setupS = (now() - setupStart) / 1000;
      const url = `${room.server.url}/api/sessions/${room.session!.sessionId}/report`;
      const auth = { authorization: `Bearer ${room.session!.facilitatorKey}` };

      // What the session holds, from its own export.
      const exported = await fetch(`${url}/json`, { headers: auth, signal: AbortSignal.timeout(30_000) });
      if (!exported.ok) throw new Error(`GET report/json: ${exported.status}`);
      const held = count((await exported.json()) as Export);
      const want = { participants: PHONES, postits: PHONES * POSTITS_PER_PHONE, dots: PHONES * (BIG_VOTE_BUDGET + SHORTLIST_BUDGET) };
      for (const k of Object.keys(want) as (keyof typeof want)[]) {
        if (held[k] !== want[k]) fail(`the session holds ${held[k]} ${k}, not ${want[k]}`);
      }
      ctx.log(
        `${this.id}: session built in ${fmt(setupS)} s: ${held.participants} participants, ${held.postits} post-its, ${held.dots} dots, ${held.activities} activities`,
      );
      notes.push(
        `The session: ${n(held.participants)} participants, ${n(held.postits)} post-its, ${n(held.dots)} dots (${n(built.bigVoteItems)} items in the first vote, ${built.shortlistItems} in the second), ${held.activities} activities; built through the protocol in ${fmt(setupS, 0)} s (${n(built.commands)} phone commands, ack p50 ${fmt(built.ackP50)} ms, p99 ${fmt(built.ackP99)} ms).`,
        `Setup throughput: the first vote's ${n(built.bigDots.accepted)} dots were sent within ${BIG_VOTE_WINDOW_MS / 1000} s (${n(Math.round(built.bigDots.accepted / (BIG_VOTE_WINDOW_MS / 1000)))} commands a second, more than the ~250 a second of *Post-its and dots*); the last ack came ${fmt(built.bigDots.spanS)} s after the first send, i.e. the server committed about ${n(Math.round(built.bigDots.accepted / Math.max(1e-3, built.bigDots.spanS)))} commands a second (ack p50 ${fmt(built.bigDots.ackP50)} ms, p99 ${fmt(built.bigDots.ackP99)} ms).`,
      );

      const rssBefore = room.server.rssMiB();
      // A console command that changes nothing (the current activity is already none):
      // its ack time shows how long the server's event loop is busy with an export.
      const probe = async () => (await command(room.facilitator, 'agenda.goto', { activityId: null }, 30_000)).ms;
      // The server caches exports by the session's seq: change the session before each
      // request, so that every timed export is built afresh.
      let edits = 0;
      const touch = async () => void (await command(room.facilitator, 'session.meta', { place: `Bench ${++edits}` }, 30_000));
      const idle: number[] = [];
      for (let i = 0; i < 10; i++) {
        idle.push(await probe());
        await sleep(20);
      }
      timings = await timeExports(room.server.pid, room.server.cpuMs, url, auth, o.exportRuns, probe, touch, fail);
      notes.push(
        `A console command with the server idle: ack p50 ${fmt(percentile(idle, 50))} ms, max ${fmt(max(idle))} ms (compare *console ack during the export*).`,
      );
      const peakOk = timings.every((t) => Number.isFinite(t.peakRssMiB));
      if (!peakOk) notes.push('Peak RSS could not be reset on this machine (`/proc/<pid>/clear_refs`); the column is left empty.');
      notes.push(
        `RSS of the server: ${fmt(rssBefore, 0)} MiB with the session loaded, before the first export; ${fmt(room.server.rssMiB(), 0)} MiB after the last.`,
      );
      await leavePhones(pool);
    } finally {
      await room.close();
      await pool.stop();
    }
    const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
    for (const p of problems) {
      ctx.log(`Kring server log: ${p}`);
      notes.push(`Kring server log: ${logSummary(p)}`);
    }
    failures.push(...problems.filter(isError).map((p) => `Kring: server error: ${logSummary(p)}`));
    return { tables: [table(timings, o.exportRuns)], notes, failures };
  },
};

interface Built {
  commands: number;
  ackP50: number;
  ackP99: number;
  bigVoteItems: number;
  shortlistItems: number;
  /** The first vote's dots: sent within BIG_VOTE_WINDOW_MS, all acked after `spanS`. */
  bigDots: { accepted: number; spanS: number; ackP50: number; ackP99: number };
}

/** Play the session: check-in, post-its, the big vote, the shortlist vote, check-out. */
async function buildSession(
  ctx: ScenarioContext,
  pool: Pool,
  f: import('socket.io-client').Socket,
  agenda: AgendaEntry[],
  url: string,
  hello: Record<string, unknown>,
  fail: (s: string) => void,
): Promise<Built> {
  const [, checkin, , , engagements, vote, , checkout] = agenda;
  if (
    checkin?.kind !== 'checkin' ||
    engagements?.kind !== 'brainstorm' ||
    vote?.kind !== 'dotvote' ||
    checkout?.kind !== 'checkin' ||
    vote.config.sourceId !== engagements.id
  ) {
    throw new Error('the learningNetwork template no longer has check-in, engagements, vote and check-out at 1, 4, 5 and 7');
  }
  const consoleLog = new FrameLog(f);
  const loaded: { id: string; items: string[] }[] = [];
  let tally: Record<string, number> | undefined;
  let added: AgendaEntry | undefined;
  consoleLog.onEvent((ev) => {
    if (ev.type === 'dotvote.loaded') loaded.push({ id: ev.activityId as string, items: (ev.items as { id: string }[]).map((i) => i.id) });
    if (ev.type === 'dotvote.revealed' && ev.tally) tally = ev.tally as Record<string, number>;
    if (ev.type === 'agenda.added') added = ev.activity as AgendaEntry;
  });

  await command(f, 'session.meta', {
    date: '2026-03-12',
    place: 'Benchzaal',
    facilitator: 'Bench',
    nextDate: '2026-06-18',
    nextTheme: 'Grote groepen',
  });
  await command(f, 'agenda.update', {
    activityId: engagements.id,
    activity: { kind: 'brainstorm', title: engagements.title, config: { ...engagements.config, maxPerPerson: POSTITS_PER_PHONE } },
  });
  await command(f, 'agenda.update', {
    activityId: vote.id,
    activity: { kind: 'dotvote', title: vote.title, config: { ...vote.config, budget: BIG_VOTE_BUDGET, stacking: true, capPerItem: null } },
  });
  await command(f, 'agenda.add', {
    index: 6,
    activity: {
      kind: 'dotvote',
      title: 'Shortlist',
      config: { prompt: 'Which of these first?', sourceId: vote.id, items: [], budget: SHORTLIST_BUDGET, stacking: true, capPerItem: null },
    },
  });
  if (!(await until(() => added !== undefined, 10_000))) throw new Error('the console did not see the shortlist vote added');
  const shortlist = added!;

  const join = await joinPhones(pool, url, hello, PHONES, ctx.options.joinConcurrency);
  if (join.failed) fail(`${join.failed} phones failed to join (${join.errors.join('; ')})`);
  const random = seeded(0x7265706f);
  const acts: ActResult[] = [];
  /** Every phone sends `per` commands made by `cmd`, at random moments in `windowMs`. */
  const step = async (what: string, per: number, windowMs: number, cmd: (phone: number, k: number) => Record<string, unknown>) => {
    const jobs = join.perWorker.map((n, i) =>
      Array.from({ length: n * per }, (_, x): Job => ({
        p: Math.floor(x / per),
        at: random() * windowMs,
        cmd: cmd(i * 1000 + Math.floor(x / per), x % per),
      })),
    );
    const r = await act(pool, (i) => jobs[i], windowMs);
    const expected = join.joined * per;
    if (r.accepted !== expected) {
      fail(
        `${what}: ${r.accepted} of ${expected} accepted (${Object.entries(r.refused)
          .map(([c, k]) => `${k} × ${c}`)
          .join(', ')}; e.g. ${r.errors.join('; ')})`,
      );
    }
    acts.push(r);
    await quiet(pool, 300, 30_000);
    return r;
  };
  const goto = async (activityId: string) => {
    const { ack } = await command(f, 'agenda.goto', { activityId });
    if (!(await caughtUp(pool, ack.seq!, 30_000))) fail(`not every phone saw activity ${activityId} open`);
    await quiet(pool, 300, 30_000);
  };

  await goto(checkin.id);
  await step('checkin.respond', 1, 3000, (p) => ({
    type: 'checkin.respond',
    activityId: checkin.id,
    answer: sentence(random, p, 60, 160),
    passed: false,
  }));
  await goto(engagements.id);
  await step('brainstorm.add', POSTITS_PER_PHONE, 5000, (p, k) => ({
    type: 'brainstorm.add',
    activityId: engagements.id,
    text: sentence(random, p * 10 + k, 40, 220),
    column: null,
    showName: false,
  }));

  await goto(vote.id);
  await until(() => loaded.some((l) => l.id === vote.id), 10_000);
  const bigItems = loaded.find((l) => l.id === vote.id)?.items ?? [];
  if (bigItems.length !== PHONES * POSTITS_PER_PHONE)
    fail(`the dot vote took over ${bigItems.length} items, not ${PHONES * POSTITS_PER_PHONE}`);
  const bigDots = await step('dotvote.place', BIG_VOTE_BUDGET, BIG_VOTE_WINDOW_MS, () => ({
    type: 'dotvote.place',
    activityId: vote.id,
    itemId: bigItems[Math.floor(random() * bigItems.length)],
  }));
  await command(f, 'dotvote.reveal', { activityId: vote.id, revealed: true });
  if (!(await until(() => tally !== undefined, 10_000))) throw new Error('the console did not see the tally');
  const top = Object.entries(tally!)
    .sort((a, b) => b[1] - a[1])
    .slice(0, SHORTLIST)
    .map(([id]) => id);
  await command(f, 'dotvote.carry', { activityId: vote.id, itemIds: top });

  await goto(shortlist.id);
  await until(() => loaded.some((l) => l.id === shortlist.id), 10_000);
  const shortItems = loaded.find((l) => l.id === shortlist.id)?.items ?? [];
  if (shortItems.length !== SHORTLIST) fail(`the shortlist vote took over ${shortItems.length} items, not ${SHORTLIST}`);
  await step('dotvote.place (shortlist)', SHORTLIST_BUDGET, 3000, () => ({
    type: 'dotvote.place',
    activityId: shortlist.id,
    itemId: shortItems[Math.floor(random() * shortItems.length)],
  }));
  await command(f, 'dotvote.reveal', { activityId: shortlist.id, revealed: true });
  await command(f, 'dotvote.carry', { activityId: shortlist.id, itemIds: shortItems.slice(0, 3) });

  await goto(checkout.id);
  await step('checkin.respond (check-out)', 1, 3000, (p) => ({
    type: 'checkin.respond',
    activityId: checkout.id,
    answer: sentence(random, p + 7, 30, 120),
    passed: false,
  }));
  await command(f, 'agenda.goto', { activityId: null });
  await sleep(500);

  const acks = acts.flatMap((a) => a.latencies);
  return {
    commands: acts.reduce((a, r) => a + r.accepted, 0),
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    bigVoteItems: bigItems.length,
    shortlistItems: shortItems.length,
    bigDots: {
      accepted: bigDots.accepted,
      spanS: (bigDots.lastAckAt - bigDots.firstSentAt) / 1000,
      ackP50: percentile(bigDots.latencies, 50),
      ackP99: percentile(bigDots.latencies, 99),
    },
  };
}

interface Timing {
  format: Format;
  ms: number[];
  /** A console command sent just after the export request: its ack time (ms). */
  probeMs: number[];
  bytes: number;
  cpuMs: number[];
  peakRssMiB: number;
}

/** One warm-up per format, then `runs` rounds over the formats in turn, one request at a time. */
async function timeExports(
  pid: number,
  cpuMs: () => number,
  url: string,
  headers: Record<string, string>,
  runs: number,
  probe: () => Promise<number>,
  touch: () => Promise<void>,
  fail: (s: string) => void,
): Promise<Timing[]> {
  const timings = new Map<Format, Timing>(
    FORMATS.map((format) => [format, { format, ms: [], probeMs: [], bytes: 0, cpuMs: [], peakRssMiB: 0 }]),
  );
  const get = async (format: Format) => {
    await touch();
    const cpu0 = cpuMs();
    const t0 = now();
    const request = (async () => {
      const res = await fetch(`${url}/${format}`, { headers, signal: AbortSignal.timeout(60_000) });
      const body = await res.arrayBuffer();
      return { res, body, ms: now() - t0 };
    })();
    // The probe goes out a moment after the request, so that it usually finds the export running.
    const probed = sleep(3).then(probe);
    const [{ res, body, ms }, probeMs] = await Promise.all([request, probed]);
    const cpu = cpuMs() - cpu0;
    if (res.status !== 200) fail(`GET report/${format}: ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
    return { ms, bytes: body.byteLength, cpu, probeMs };
  };
  for (const format of FORMATS) await get(format); // warm-up
  await sleep(200);
  // Peak RSS per format: reset before its requests, read after. Rounds interleave the
  // formats (so a slow moment hits all of them), so the peak is kept per format as the
  // highest reading right after one of its requests.
  const canReset = resetPeakRss(pid);
  for (let r = 0; r < runs; r++) {
    for (const format of FORMATS) {
      if (canReset) resetPeakRss(pid);
      const { ms, bytes, cpu, probeMs } = await get(format);
      const t = timings.get(format)!;
      t.ms.push(ms);
      t.probeMs.push(probeMs);
      t.cpuMs.push(cpu);
      t.bytes = bytes;
      t.peakRssMiB = canReset ? Math.max(t.peakRssMiB, peakRssMiB(pid)) : NaN;
      await sleep(50);
    }
  }
  return [...timings.values()];
}

function table(ts: Timing[], runs: number): Table {
  const json = ts.find((t) => t.format === 'json');
  const jsonP50 = json ? percentile(json.ms, 50) : NaN;
  const jsonCpu = json ? json.cpuMs.reduce((a, b) => a + b, 0) / json.cpuMs.length : NaN;
  const bytes = (b: number) => (b >= 1024 * 1024 ? `${fmt(b / 1024 / 1024)} MiB` : `${fmt(b / 1024)} KiB`);
  return {
    title: `Report export: GET /api/sessions/:id/report/<format>, ${runs} runs each after 1 warm-up (no baseline; × json = this format ÷ the json export)`,
    header: [
      'format',
      'p50 (ms)',
      'max (ms)',
      'size',
      'server CPU per export (ms)',
      'console ack during the export p50 (ms)',
      'max (ms)',
      'peak RSS (MiB)',
      'p50 × json',
      'CPU × json',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: ts.map((t) => {
      const cpu = t.cpuMs.reduce((a, b) => a + b, 0) / Math.max(1, t.cpuMs.length);
      return [
        t.format,
        fmt(percentile(t.ms, 50)),
        fmt(max(t.ms)),
        bytes(t.bytes),
        fmt(cpu, 0),
        fmt(percentile(t.probeMs, 50)),
        fmt(max(t.probeMs)),
        fmt(t.peakRssMiB, 0),
        ratio(percentile(t.ms, 50), jsonP50),
        ratio(cpu, jsonCpu),
      ];
    }),
  };
}

interface Export {
  participants: unknown[];
  agenda: { kind: string; state: { items?: unknown[]; dots?: Record<string, Record<string, number>> } }[];
}

/** Participants, post-its and dots in a JSON export. */
function count(e: Export) {
  let postits = 0;
  let dots = 0;
  for (const a of e.agenda) {
    if (a.kind === 'brainstorm') postits += a.state.items?.length ?? 0;
    if (a.kind === 'dotvote') for (const mine of Object.values(a.state.dots ?? {})) for (const k of Object.values(mine)) dots += k;
  }
  return { participants: e.participants.length, postits, dots, activities: e.agenda.length };
}

const WORDS = (
  'we willen samen meer leren over hoe we elkaar beter bereiken in de buurt met vrijwilligers ' +
  'ervaringsdeskundigen collega’s het bestuur en de adviesraad door vaker te luisteren en ' +
  'concrete afspraken te maken over wie wat doet tegen wanneer zodat iedereen zich gehoord voelt'
).split(' ');

/** A sentence of `min`–`max` characters, different per `k`. */
function sentence(random: () => number, k: number, min: number, maxLen: number) {
  const target = min + Math.floor(random() * (maxLen - min));
  let s = `(${k})`;
  while (s.length < target) s += ` ${WORDS[Math.floor(random() * WORDS.length)]}`;
  return s.slice(0, maxLen);
}
