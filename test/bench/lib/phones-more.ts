/**
 * More pool-level phone operations (phones.ts has the basic ones): phones of many rooms,
 * closed-loop senders, and deliveries counted per event.
 */
import { now } from './clock.ts';
import { eventKey } from './phone-track.ts';
import type { JoinGroup } from './ipc.ts';
import type { Pool } from './pool.ts';
import { merge, type Histogram } from './histogram.ts';

export interface RoomsJoin {
  joined: number;
  failed: number;
  errors: string[];
  latencies: number[];
  wallMs: number;
  /** Per worker: the room of each of its phones, in phone order (index = the phone of a Job). */
  rooms: number[][];
}

/** Join the phones of several rooms: `groups(i)` are worker i's (added after its phones). */
export async function joinRooms(
  pool: Pool,
  url: string,
  groups: (worker: number) => JoinGroup[],
  concurrency: number,
  timeoutMs = 30_000,
): Promise<RoomsJoin> {
  const start = now();
  const replies = await pool.all(
    (i) => ({
      t: 'join',
      url,
      hello: {},
      count: 0,
      groups: groups(i),
      append: true,
      concurrency: Math.max(1, Math.ceil(concurrency / pool.size)),
      timeoutMs,
    }),
    'joined',
    Math.max(180_000, timeoutMs * 4),
  );
  return {
    joined: replies.reduce((a, r) => a + r.ok, 0),
    failed: replies.reduce((a, r) => a + r.failed, 0),
    errors: [...new Set(replies.flatMap((r) => r.errors))],
    latencies: replies.flatMap((r) => r.latencies),
    wallMs: Math.max(...replies.map((r) => r.lastAckAt)) - start,
    rooms: replies.map((r) => r.rooms),
  };
}

export interface LoopResult {
  latencies: number[];
  refused: Record<string, number>;
  errors: string[];
  /** From the first send to the last ack over all workers (ms). */
  spanMs: number;
}

/** Closed-loop senders: `phones(i)` of worker i each send `cmds` in turn for `windowMs`. */
export async function loopSend(
  pool: Pool,
  phones: (worker: number) => number[],
  cmds: Record<string, unknown>[],
  windowMs: number,
  ackTimeoutMs = 10_000,
): Promise<LoopResult> {
  const replies = await pool.all(
    (i) => ({ t: 'loop', phones: phones(i), cmds, windowMs, timeoutMs: ackTimeoutMs }),
    'looped',
    windowMs + ackTimeoutMs + 10_000,
  );
  const refused: Record<string, number> = {};
  for (const r of replies) for (const [code, k] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + k;
  const sent = replies.filter((r) => r.latencies.length);
  return {
    latencies: replies.flatMap((r) => r.latencies),
    refused,
    errors: [...new Set(replies.flatMap((r) => r.errors))].slice(0, 5),
    spanMs: sent.length ? Math.max(...sent.map((r) => r.lastAckAt)) - Math.min(...sent.map((r) => r.firstSentAt)) : NaN,
  };
}

/** Count deliveries afresh from now on (`times`: keep every receive time, for per-phone latencies). */
export async function track(pool: Pool, times: boolean) {
  for (let i = 0; i < pool.size; i++) pool.send(i, { t: 'track', times });
  await pool.clockSkew(1); // a round trip per worker: the order has been taken
}

export interface Delivered {
  /** Per event key (room, seq): phones that got it, and the first and last receive time. */
  events: Map<number, { n: number; first: number; last: number }>;
  /** Per-phone latencies (receive − ack) of the acked events asked about. */
  latencies: Histogram;
}

/** What the phones received since `track`, per event; `acks` (room, seq, ack time) for per-phone latencies. */
export async function deliveries(pool: Pool, acks?: { room: number; seq: number; at: number }[]): Promise<Delivered> {
  const keyed = acks?.map((a): [number, number] => [eventKey(a.room, a.seq), a.at]);
  const replies = await pool.all({ t: 'deliveries', acks: keyed }, 'deliveries', 60_000);
  const events = new Map<number, { n: number; first: number; last: number }>();
  const latencies: Histogram = new Map();
  for (const r of replies) {
    for (const [k, n, first, last] of r.events) {
      const e = events.get(k);
      if (!e) events.set(k, { n, first, last });
      else {
        e.n += n;
        e.first = Math.min(e.first, first);
        e.last = Math.max(e.last, last);
      }
    }
    merge(latencies, r.latencies);
  }
  return { events, latencies };
}

/**
 * Per acked command: the time from its ack to the last phone of its room having its event
 * (`phones` of that room must all have it; otherwise it counts as missed).
 */
export function ackToEvery(
  acks: { room: number; seq: number; at: number }[],
  d: Delivered,
  phones: (room: number) => number,
): { samples: number[]; missed: number; missingDeliveries: number; deliveries: number } {
  const samples: number[] = [];
  let missed = 0;
  let missingDeliveries = 0;
  let delivered = 0;
  for (const a of acks) {
    const e = d.events.get(eventKey(a.room, a.seq));
    const want = phones(a.room);
    delivered += e?.n ?? 0;
    if (e && e.n >= want) samples.push(e.last - a.at);
    else {
      missed++;
      missingDeliveries += want - (e?.n ?? 0);
    }
  }
  return { samples, missed, missingDeliveries, deliveries: delivered };
}
