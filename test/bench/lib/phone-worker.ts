/**
 * A child process that plays many phones: socket.io-client sockets, each with its own
 * WebSocket (forceNew), joining with `hello` and timing every `agenda.current` it gets.
 * Started by pool.ts; talks to the main process over IPC only.
 */
import { io, type Socket } from 'socket.io-client';
import { now } from './clock.ts';
import type { FromWorker, ToWorker } from './ipc.ts';

const send = (m: FromWorker) => process.send!(m);

let sockets: Socket[] = [];
let received = new Map<number, number[]>();
let disconnects = 0;
let leaving = false;

// Never outlive the bench: exit with the parent, and after a hard limit in any case.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(2), Number(process.env.BENCH_WORKER_MAX_MS ?? 15 * 60_000)).unref();

process.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'join':
      void join(m).then(send);
      break;
    case 'collect':
      send({ t: 'frames', received: Object.fromEntries(received), disconnects });
      break;
    case 'leave':
      leaving = true;
      for (const s of sockets) s.disconnect();
      sockets = [];
      received = new Map();
      disconnects = 0;
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
  if (times.length === sockets.length) send({ t: 'complete', seq });
}

/** One phone: connect, hello, resolve with the latency (ms) or reject. */
async function phone(url: string, hello: Record<string, unknown>, timeoutMs: number): Promise<[Socket, number]> {
  const start = now();
  const s = io(url, {
    transports: ['websocket'],
    forceNew: true, // one connection per phone, as in reality (no multiplexing)
    reconnection: false, // a failure must show, not be retried silently
    timeout: timeoutMs,
  });
  s.on('frame', (f: { events?: { type: string; seq: number }[] }) => {
    const at = now(); // once per frame: every event in it arrived together
    for (const ev of f.events ?? []) if (ev.type === 'agenda.current') record(ev.seq, at);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (e) => reject(new Error(`connect: ${e.message}`)));
    });
    const ack = (await s.timeout(timeoutMs).emitWithAck('hello', hello)) as { ok: boolean; error?: { code: string } };
    if (!ack.ok) throw new Error(`hello refused: ${ack.error?.code}`);
  } catch (e) {
    s.disconnect();
    throw e;
  }
  s.on('disconnect', () => {
    if (!leaving) disconnects++;
  });
  return [s, now() - start];
}

async function join(m: Extract<ToWorker, { t: 'join' }>): Promise<FromWorker> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  let lastAckAt = 0;
  let next = 0;
  const joined: Socket[] = [];
  // A fixed number of lanes, each joining phones one after the other: bounded in-flight.
  const lane = async () => {
    while (next < m.count) {
      next++;
      try {
        const [s, ms] = await phone(m.url, m.hello, m.timeoutMs);
        joined.push(s);
        latencies.push(ms);
        lastAckAt = now();
      } catch (e) {
        failed++;
        if (errors.length < 5) errors.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(m.concurrency, m.count)) }, lane));
  sockets = joined;
  return { t: 'joined', ok: joined.length, failed, errors, latencies, lastAckAt };
}

send({ t: 'ready' });
