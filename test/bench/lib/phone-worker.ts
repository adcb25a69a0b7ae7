/**
 * A child process that plays many phones: socket.io-client sockets, each with its own
 * WebSocket (forceNew), joining with `hello`, sending the commands the main process
 * plans for them, timing their acks, and noting every `frame` they get. Started by
 * pool.ts; talks to the main process over IPC only.
 */
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import { now } from './clock.ts';
import type { FromWorker, Job, ToWorker, Window, WindowStats } from './ipc.ts';

const send = (m: FromWorker) => process.send!(m);

/** Events whose arrival is timed per phone (by seq), for "every phone has it". */
const WATCHED = new Set(['agenda.current', 'dotvote.revealed']);

interface Phone {
  socket: Socket;
  /** Receive time of every frame (the clock of clock.ts), in order. */
  frameAt: number[];
  /** Events in each of those frames. */
  frameEvents: number[];
  /** Newest event seq seen. */
  maxSeq: number;
}

let phones: Phone[] = [];
let received = new Map<number, number[]>();
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
      void act(m.jobs, m.timeoutMs).then(send);
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

/** One phone: connect, hello, resolve with the phone and its latency (ms) or reject. */
async function phone(url: string, hello: Record<string, unknown>, timeoutMs: number): Promise<[Phone, number]> {
  const start = now();
  const s = io(url, {
    transports: ['websocket'],
    forceNew: true, // one connection per phone, as in reality (no multiplexing)
    reconnection: false, // a failure must show, not be retried silently
    timeout: timeoutMs,
  });
  const me: Phone = { socket: s, frameAt: [], frameEvents: [], maxSeq: 0 };
  // Kept cheap: with the baseline a phone may get hundreds of frames a second.
  s.on('frame', (f: { events?: { type: string; seq: number }[] }) => {
    const at = now(); // once per frame: every event in it arrived together
    lastFrameAt = at;
    const events = f.events ?? [];
    me.frameAt.push(at);
    me.frameEvents.push(events.length);
    for (const ev of events) {
      if (ev.seq > me.maxSeq) me.maxSeq = ev.seq;
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
  let next = 0;
  const joined: Phone[] = [];
  // A fixed number of lanes, each joining phones one after the other: bounded in-flight.
  const lane = async () => {
    while (next < m.count) {
      next++;
      try {
        const [p, ms] = await phone(m.url, m.hello, m.timeoutMs);
        joined.push(p);
        latencies.push(ms);
        lastAckAt = now();
      } catch (e) {
        failed++;
        if (errors.length < 5) errors.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(m.concurrency, m.count)) }, lane));
  phones = joined;
  return { t: 'joined', ok: joined.length, failed, errors, latencies, lastAckAt };
}

/** Send every job at its time (each phone on its own socket) and gather the acks. */
async function act(jobs: Job[], timeoutMs: number): Promise<FromWorker> {
  const start = now();
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  const errors: string[] = [];
  let firstSentAt = Infinity;
  let lastAckAt = 0;
  let maxLateMs = 0;
  const refuse = (code: string, message: string) => {
    refused[code] = (refused[code] ?? 0) + 1;
    if (errors.length < 5) errors.push(`${code}: ${message}`);
  };
  const one = (job: Job) =>
    new Promise<void>((resolve) => {
      const fire = async () => {
        const p = phones[job.p];
        if (!p) {
          refuse('NO_PHONE', `no phone ${job.p} in this worker`);
          return resolve();
        }
        const sentAt = now();
        maxLateMs = Math.max(maxLateMs, sentAt - (start + job.at));
        if (sentAt < firstSentAt) firstSentAt = sentAt;
        try {
          const ack = (await p.socket.timeout(timeoutMs).emitWithAck('cmd', { id: nanoid(), ...job.cmd })) as {
            ok: boolean;
            error?: { code: string; message: string };
          };
          const ackAt = now();
          if (ack.ok) {
            latencies.push(ackAt - sentAt);
            if (ackAt > lastAckAt) lastAckAt = ackAt;
          } else {
            refuse(ack.error?.code ?? '?', `${job.cmd.type}: ${ack.error?.message}`);
          }
        } catch (e) {
          refuse('TIMEOUT', `${job.cmd.type}: ${(e as Error).message}`);
        }
        resolve();
      };
      if (job.at <= 0) void fire();
      else setTimeout(() => void fire(), job.at);
    });
  await Promise.all(jobs.map(one));
  return { t: 'acted', latencies, refused, errors, firstSentAt: Number.isFinite(firstSentAt) ? firstSentAt : 0, lastAckAt, maxLateMs };
}

/** Frame counts per window, from the receive times every phone keeps. */
function stats(windows: Window[], seq?: number): FromWorker {
  const out: WindowStats[] = windows.map(() => ({ frames: 0, events: 0, maxPerPhone: 0, peakPerSecond: 0 }));
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
