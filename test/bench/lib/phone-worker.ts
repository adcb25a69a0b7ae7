/**
 * A child process that plays many phones: socket.io-client sockets, each with its own
 * WebSocket (forceNew), joining with `hello`, sending the commands the main process
 * plans for them (phone-act.ts), timing their acks, and noting every `frame` they get
 * (phone-track.ts). Started by pool.ts; talks to the main process over IPC only.
 */
import { io, type Socket } from 'socket.io-client';
import { LANGUAGES } from '../../../shared/i18n/languages.ts';
import { now } from './clock.ts';
import type { FromWorker, JoinGroup, ToWorker, Window, WindowStats } from './ipc.ts';
import { act, loop } from './phone-act.ts';
import { Deliveries, eventKey } from './phone-track.ts';

const send = (m: FromWorker) => process.send!(m);

/** Events whose arrival is timed per phone (by seq), for "every phone has it". */
const WATCHED = new Set(['agenda.current', 'dotvote.revealed']);

interface Phone {
  socket: Socket;
  room: number;
  /** Receive time of every frame (the clock of clock.ts), in order. */
  frameAt: number[];
  /** Events in each of those frames. */
  frameEvents: number[];
  /** Whether each of those frames was an `own: true` frame. */
  frameOwn: boolean[];
  /** Newest event seq seen. */
  maxSeq: number;
  /** Seqs that came in an own frame and may come again in the shared frame (counted once). */
  ownPending: Set<number>;
}

let phones: Phone[] = [];
let received = new Map<number, number[]>();
const deliveries = new Deliveries();
let disconnects = 0;
let leaving = false;
let lastFrameAt = 0;

// Never outlive the bench: exit with the parent, and after a hard limit in any case.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(2), Number(process.env.BENCH_WORKER_MAX_MS ?? 15 * 60_000)).unref();

process.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'join':
      void join(m).then(send);
      break;
    case 'act':
      void act(
        phones.map((p) => p.socket),
        m.jobs,
        m.timeoutMs,
      ).then(send);
      break;
    case 'loop':
      void loop(
        m.phones.map((i) => phones[i]?.socket).filter((s): s is Socket => !!s),
        m.cmds,
        m.windowMs,
        m.timeoutMs,
      ).then(send);
      break;
    case 'track':
      deliveries.reset();
      deliveries.keepTimes = m.times;
      break;
    case 'deliveries':
      send({ t: 'deliveries', events: deliveries.summary(), latencies: m.acks ? deliveries.latencies(m.acks) : [] });
      break;
    case 'stats':
      send(stats(m.windows, m.seq));
      break;
    case 'collect':
      send({ t: 'frames', received: Object.fromEntries(received), disconnects });
      break;
    case 'leave':
      leaving = true;
      for (const p of phones) p.socket.disconnect();
      phones = [];
      received = new Map();
      deliveries.reset();
      deliveries.keepTimes = false;
      disconnects = 0;
      lastFrameAt = 0;
      leaving = false;
      send({ t: 'left' });
      break;
    case 'ping':
      send({ t: 'pong', id: m.id, now: now() });
      break;
  }
});

function record(seq: number, at: number) {
  let times = received.get(seq);
  if (!times) received.set(seq, (times = []));
  times.push(at);
  if (times.length === phones.length) send({ t: 'complete', seq });
}

type Frame = { own?: boolean; events?: { type: string; seq: number }[] };

/** One phone: connect, hello, resolve with the phone and its latency (ms) or reject. */
async function phone(url: string, hello: Record<string, unknown>, room: number, timeoutMs: number): Promise<[Phone, number]> {
  const start = now();
  const s = io(url, {
    transports: ['websocket'],
    forceNew: true, // one connection per phone, as in reality (no multiplexing)
    reconnection: false, // a failure must show, not be retried silently
    timeout: timeoutMs,
  });
  const me: Phone = { socket: s, room, frameAt: [], frameEvents: [], frameOwn: [], maxSeq: 0, ownPending: new Set() };
  // Kept cheap: with the baseline a phone may get hundreds of frames a second.
  s.on('frame', (f: Frame) => {
    const at = now(); // once per frame: every event in it arrived together
    lastFrameAt = at;
    const events = f.events ?? [];
    const own = f.own === true;
    me.frameAt.push(at);
    me.frameEvents.push(events.length);
    me.frameOwn.push(own);
    for (const ev of events) {
      if (own) me.ownPending.add(ev.seq);
      else if (me.ownPending.size && me.ownPending.delete(ev.seq)) continue; // already had it
      if (ev.seq > me.maxSeq) me.maxSeq = ev.seq;
      deliveries.note(eventKey(me.room, ev.seq), at);
      if (WATCHED.has(ev.type)) record(ev.seq, at);
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (e) => reject(new Error(`connect: ${e.message}`)));
    });
    const ack = (await s.timeout(timeoutMs).emitWithAck('hello', hello)) as { ok: boolean; seq?: number; error?: { code: string } };
    if (!ack.ok) throw new Error(`hello refused: ${ack.error?.code}`);
    if (typeof ack.seq === 'number') me.maxSeq = Math.max(me.maxSeq, ack.seq);
  } catch (e) {
    s.disconnect();
    throw e;
  }
  s.on('disconnect', () => {
    if (!leaving) disconnects++;
  });
  return [me, now() - start];
}

async function join(m: Extract<ToWorker, { t: 'join' }>): Promise<FromWorker> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  let lastAckAt = 0;
  const groups: JoinGroup[] = m.groups ?? [{ room: 0, hello: m.hello, count: m.count }];
  // A room of eight languages: the phones speak them in turn (Kring's phone says which in
  // its hello and gets only that language's translations; the baseline ignores it).
  const plan = groups.flatMap((g) =>
    Array.from({ length: g.count }, (_, i) => ({ ...g, hello: { ...g.hello, lang: LANGUAGES[i % LANGUAGES.length] } })),
  );
  let next = 0;
  const joined: Phone[] = [];
  const urlOf = (k: number) => (m.urls?.length ? m.urls[((m.first ?? 0) + k) % m.urls.length] : m.url);
  // A fixed number of lanes, each joining phones one after the other: bounded in-flight.
  const lane = async () => {
    while (next < plan.length) {
      const k = next++;
      const g = plan[k];
      try {
        const [p, ms] = await phone(urlOf(k), g.hello, g.room, m.timeoutMs);
        joined.push(p);
        latencies.push(ms);
        lastAckAt = now();
      } catch (e) {
        failed++;
        if (errors.length < 5) errors.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(m.concurrency, plan.length)) }, lane));
  // Rooms in order, so that a scenario can address the phones of one room.
  joined.sort((a, b) => a.room - b.room);
  phones = m.append ? [...phones, ...joined] : joined;
  return { t: 'joined', ok: joined.length, failed, errors, latencies, lastAckAt, rooms: phones.map((p) => p.room) };
}

/** Frame counts per window, from the receive times every phone keeps. */
function stats(windows: Window[], seq?: number): FromWorker {
  const out: WindowStats[] = windows.map(() => ({ frames: 0, events: 0, maxPerPhone: 0, peakPerSecond: 0, ownFrames: 0 }));
  for (const p of phones) {
    windows.forEach((w, k) => {
      let count = 0;
      let peak = 0;
      let lo = 0; // sliding 1 s window over the frames inside [from, to)
      const inWindow: number[] = [];
      for (let i = 0; i < p.frameAt.length; i++) {
        const at = p.frameAt[i];
        if (at < w.from || at >= w.to) continue;
        count++;
        if (p.frameOwn[i]) out[k].ownFrames++;
        out[k].events += p.frameEvents[i];
        inWindow.push(at);
        while (inWindow[lo] <= at - 1000) lo++;
        peak = Math.max(peak, inWindow.length - lo);
      }
      out[k].frames += count;
      out[k].maxPerPhone = Math.max(out[k].maxPerPhone, count);
      out[k].peakPerSecond = Math.max(out[k].peakPerSecond, peak);
    });
  }
  const behind = seq === undefined ? 0 : phones.filter((p) => p.maxSeq < seq).length;
  return { t: 'stats', windows: out, lastFrameAt, behind, phones: phones.length };
}

send({ t: 'ready' });
