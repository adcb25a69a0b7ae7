/**
 * The command queue against a scripted server (fake time): pipelined, paced, bounded in
 * flight; RATE_LIMITED is retried, never a rejection; a real rejection drops the command;
 * every resend keeps its id, so a server that dedupes applies each command once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandAck, ErrorCode, ProtocolError } from '../../shared/constants.ts';
import type { Command } from '../../shared/model.ts';
import { Outbox } from '../../client/src/lib/outbox.svelte.ts';
import { TokenBucket } from '../../client/src/lib/sync/pacer.ts';
import { CommandQueue, type QueueOptions, type Send } from '../../client/src/lib/sync/queue.ts';

interface Out {
  cmd: Command;
  at: number;
  done: (err: Error | null, ack?: CommandAck) => void;
}

/** A server that dedupes by id, like room.handle; `answer` decides each reply. */
function scriptedServer(answer: (cmd: Command, n: number) => ErrorCode | 'ok' | 'silent' = () => 'ok', rttMs = 20) {
  const out: Out[] = [];
  const applied: string[] = [];
  const seqOf = new Map<string, number>();
  let open = 0;
  let maxOpen = 0;
  let link = 0;
  const send: Send = (cmd, done0) => {
    // Answers on a link that has dropped since are lost (the command itself still arrived).
    const mine = link;
    const done: Out['done'] = (err, ack) => void (mine === link && done0(err, ack));
    out.push({ cmd, at: Date.now(), done });
    const verdict = answer(cmd, out.filter((o) => o.cmd.id === cmd.id).length);
    if (verdict === 'silent') return;
    open++;
    maxOpen = Math.max(maxOpen, open);
    setTimeout(() => {
      open--;
      if (verdict !== 'ok') return done(null, { ok: false, error: { code: verdict, message: verdict } });
      let seq = seqOf.get(cmd.id);
      if (seq === undefined) {
        applied.push(cmd.id);
        seq = applied.length;
        seqOf.set(cmd.id, seq);
        return done(null, { ok: true, seq });
      }
      done(null, { ok: true, seq, duplicate: true });
    }, rttMs);
  };
  return { out, applied, send, maxOpen: () => maxOpen, drop: () => void link++ };
}

function setup(opts: Partial<QueueOptions> = {}) {
  const outbox = new Outbox();
  const rejected: { id: string; error: ProtocolError }[] = [];
  const acked: string[] = [];
  const queue = new CommandQueue(
    outbox,
    { viewSeq: () => 0, onAcked: (id) => acked.push(id), onRejected: (id, error) => rejected.push({ id, error }) },
    opts,
  );
  const add = (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = `c${outbox.entries.length + 1}`;
      outbox.add({ id, type: 'session.meta', title: id } as Command);
      ids.push(id);
    }
    queue.kick();
    return ids;
  };
  return { outbox, queue, rejected, acked, add };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('pacing', () => {
  it('a token bucket: a burst, then the rate', () => {
    const b = new TokenBucket({ rate: 10, burst: 3 }, 0);
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
    expect(b.take(0)).toBe(100);
    expect(b.take(100)).toBe(0);
    b.slowDown(100, 1000); // refused: half the rate, no tokens during a 1 s pause
    expect(b.rate).toBe(5);
    expect(b.take(100)).toBe(1200);
    expect(b.take(1100)).toBe(200);
    expect(b.take(1300)).toBe(0);
    for (let i = 0; i < 100; i++) b.recover();
    expect(b.rate).toBe(9); // back up, to just below the rate that was refused
  });

  it('sends a long outbox at ~15/s after a burst of 20, below the server limit (20/s, bursts of 40)', async () => {
    const server = scriptedServer();
    const { queue, add, outbox } = setup();
    queue.attach(server.send);
    add(80);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outbox.size).toBe(0);
    expect(server.applied).toHaveLength(80);
    const t0 = server.out[0].at;
    const times = server.out.map((o) => o.at - t0);
    // The first 20 go at once (bounded by the in-flight limit, then as acks come back).
    expect(times.filter((t) => t < 50)).toHaveLength(20);
    // Never more than the server's budget in any window: 40 + 20/s.
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        expect(j - i + 1).toBeLessThanOrEqual(40 + ((times[j] - times[i]) / 1000) * 20);
      }
    }
    // The last 60 take about 60/15 = 4 s.
    expect(times[79]).toBeGreaterThanOrEqual(3900);
    expect(times[79]).toBeLessThan(4300);
  });

  it('pipelines: several commands are out before the first ack, never more than maxInFlight', async () => {
    const server = scriptedServer(() => 'ok', 200);
    const { queue, add, outbox } = setup({ maxInFlight: 6 });
    queue.attach(server.send);
    add(30);
    expect(queue.inFlight).toBe(6);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.maxOpen()).toBe(6);
    expect(outbox.size).toBe(0);
    expect(server.applied).toEqual(Array.from({ length: 30 }, (_, i) => `c${i + 1}`));
  });

  it('a server that never answers gets no more than maxInFlight commands', async () => {
    const server = scriptedServer(() => 'silent');
    const { queue, add } = setup({ maxInFlight: 4 });
    queue.attach(server.send);
    add(10);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(server.out).toHaveLength(4);
    expect(queue.inFlight).toBe(4);
  });
});

describe('answers', () => {
  it('RATE_LIMITED is retried (same id), slows down, and never drops the command', async () => {
    // The second command is refused three times as rate limited, then accepted.
    const server = scriptedServer((cmd, n) => (cmd.id === 'c2' && n <= 3 ? 'RATE_LIMITED' : 'ok'));
    const { queue, add, outbox, rejected } = setup();
    queue.attach(server.send);
    add(5);
    await vi.advanceTimersByTimeAsync(100);
    expect(outbox.entries.map((e) => e.cmd.id)).toEqual(['c2']);
    expect(queue.rate).toBeLessThan(15);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(outbox.size).toBe(0);
    expect(rejected).toEqual([]);
    expect(server.out.filter((o) => o.cmd.id === 'c2')).toHaveLength(4);
    expect([...server.applied].sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('a long outbox against a server limited to 4/s (bursts of 8) loses nothing', async () => {
    let tokens = 8;
    const start = Date.now();
    const refusedAt: number[] = [];
    let at = Date.now();
    const limited = () => {
      tokens = Math.min(8, tokens + ((Date.now() - at) / 1000) * 4);
      at = Date.now();
      if (tokens < 1) return (refusedAt.push(Date.now() - start), 'RATE_LIMITED' as const);
      tokens -= 1;
      return 'ok' as const;
    };
    const server = scriptedServer(limited, 5);
    const { queue, add, outbox, rejected } = setup();
    queue.attach(server.send);
    const ids = add(40);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rejected).toEqual([]);
    expect(outbox.size).toBe(0);
    expect([...server.applied].sort()).toEqual([...ids].sort());
    // It adapted instead of hammering: after the first burst (which assumed the default
    // limit) hardly anything more is refused, and it kept close to the server's pace.
    expect(refusedAt.length).toBe(server.out.length - 40);
    expect(refusedAt.filter((t) => t > 1000).length).toBeLessThanOrEqual(4);
    expect(server.out.at(-1)!.at - server.out[0].at).toBeLessThan(12_000); // ideal: (40 - 8) / 4 = 8 s
  });

  it('a real rejection drops the command (its change disappears) and it is not sent again', async () => {
    const server = scriptedServer((cmd) => (cmd.id === 'c2' ? 'NOT_ALLOWED' : 'ok'));
    const { queue, add, outbox, rejected } = setup();
    outbox.add({ id: 'c1', type: 'session.meta', title: 'a' } as Command);
    outbox.add({ id: 'c2', type: 'session.meta', title: 'b' } as Command, 'meta');
    expect(outbox.tagState('meta')).toBe('pending');
    queue.attach(server.send);
    add(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(outbox.size).toBe(0);
    expect(outbox.tagState('meta')).toBeUndefined();
    expect(rejected).toEqual([{ id: 'c2', error: { code: 'NOT_ALLOWED', message: 'NOT_ALLOWED' } }]);
    expect(server.out.filter((o) => o.cmd.id === 'c2')).toHaveLength(1);
    expect(server.applied).toEqual(['c1', 'c3']);
  });

  it('an ack that does not come in time: the same command (same id) goes again', async () => {
    const server = scriptedServer();
    const { queue, outbox } = setup();
    outbox.add({ id: 'c1', type: 'session.meta', title: 'a' } as Command);
    let first = true;
    queue.attach((cmd, done) => {
      if (first) {
        first = false;
        setTimeout(() => done(new Error('operation has timed out')), 15_000);
        return;
      }
      server.send(cmd, done);
    });
    await vi.advanceTimersByTimeAsync(16_000);
    expect(outbox.size).toBe(0);
    expect(server.applied).toEqual(['c1']);
  });
});

describe('reconnects', () => {
  it('resends every unacked command in order with the same ids: each is applied once', async () => {
    const server = scriptedServer(() => 'ok', 100);
    const { queue, add, outbox } = setup({ maxInFlight: 5 });
    queue.attach(server.send);
    const ids = add(20);
    await vi.advanceTimersByTimeAsync(250);
    // The link drops with commands in flight: the server applied them, the acks are lost.
    const before = server.out.length;
    server.drop();
    queue.detach();
    await vi.advanceTimersByTimeAsync(500);
    const unacked = outbox.entries.map((e) => e.cmd.id);
    expect(unacked.length).toBeGreaterThan(0);
    expect(server.applied.length).toBeGreaterThan(20 - unacked.length); // some applied, not acked
    // A new link: everything unacked goes again, oldest first.
    queue.attach(server.send);
    expect(server.out.slice(before, before + 5).map((o) => o.cmd.id)).toEqual(unacked.slice(0, 5));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outbox.size).toBe(0);
    expect(server.applied).toEqual(ids); // once each, in order
    expect(server.out.length).toBeGreaterThan(20); // some were resent
  });

  it('nothing goes while detached, and answers to a dropped link are not acted on twice', async () => {
    const server = scriptedServer(() => 'ok', 50);
    const { queue, add, outbox, acked } = setup();
    add(3);
    expect(server.out).toHaveLength(0);
    queue.attach(server.send);
    queue.detach();
    queue.attach(server.send);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(outbox.size).toBe(0);
    expect(server.applied).toEqual(['c1', 'c2', 'c3']);
    expect(acked).toEqual(['c1', 'c2', 'c3']);
  });
});
