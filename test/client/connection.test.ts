/**
 * The client Connection against a real server (port 0, real SQLite, socket.io-client in
 * node): the outbox goes pipelined and paced, a server that rate-limits harder loses no
 * work, a dropped link resends with the same ids (applied once, in order), and a phone's
 * offline change is kept in localStorage, shown at once and confirmed after reconnecting.
 * SPEC: R-OUTBOX.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSession } from '../../shared/constants.ts';
import { Connection, type ConnectionDeps } from '../../client/src/lib/connection.svelte.ts';
import { createSession, facilitator } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const { serve, track } = lifecycle();

/** A localStorage for node (the outbox and the phone's token live there in the browser). */
const store = new Map<string, string>();
beforeAll(() => {
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, String(v)),
    removeItem: (k: string) => void store.delete(k),
    clear: () => store.clear(),
    key: (i: number) => [...store.keys()][i] ?? null,
    get length() {
      return store.size;
    },
  };
});
afterAll(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

async function until(pred: () => unknown, ms = 10_000, what = 'condition') {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`${what} not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const socket = { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 } satisfies ConnectionDeps['socket'];

function open(server: TestServer, opts: ConstructorParameters<typeof Connection>[0]) {
  const conn = new Connection(opts, { url: server.url, socket });
  track({ close: () => conn.stop() });
  conn.start();
  return conn;
}
async function asFacilitator(server: TestServer, s: CreatedSession) {
  const conn = open(server, { role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey });
  await until(() => conn.status === 'connected' && conn.confirmed, 10_000, 'connected');
  return conn;
}
const card = (title: string) =>
  ({ type: 'agenda.add', activity: { kind: 'info', title, config: { body: '', agreeable: false } } }) as const;

/** The agenda titles as the server has them (a fresh facilitator's snapshot). */
async function serverTitles(server: TestServer, s: CreatedSession) {
  const f = track(await facilitator(server.url, s));
  return f.view!.agenda.map((a) => a.title);
}

describe('the command queue on a real server', () => {
  it('sends a long outbox pipelined, paced below the limit, every command once and in order', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const conn = await asFacilitator(server, s);
    const before = conn.confirmed!.agenda.length;
    const titles = Array.from({ length: 45 }, (_, i) => `t${i + 1}`);
    const start = Date.now();
    for (const t of titles) conn.send(card(t));
    // Pipelined: several are out at once, not one at a time (but a bounded number).
    expect(conn.queue.inFlight).toBe(10);
    // Optimistic: all of them show at once, with made-up ids.
    expect(conn.view!.agenda).toHaveLength(before + 45);
    await until(() => conn.pending === 0, 20_000, 'outbox empty');
    const elapsed = Date.now() - start;
    // 20 at once, then 15 a second: the server (20/s, bursts of 40) never refused one.
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(conn.queue.rate).toBe(15);
    expect(conn.notice).toBeNull();
    await until(() => conn.confirmed!.agenda.length === before + 45, 5000, 'frames');
    expect(conn.confirmed!.agenda.slice(before).map((a) => a.title)).toEqual(titles);
    expect(conn.view).toBe(conn.confirmed); // nothing pending: no optimistic copy
    expect((await serverTitles(server, s)).slice(before)).toEqual(titles);
  });

  it('a server that rate-limits harder (4/s): RATE_LIMITED is retried, nothing is lost or rejected', async () => {
    const server = await serve({ socketRate: 4 });
    const s = await createSession(server.url);
    const conn = await asFacilitator(server, s);
    const before = conn.confirmed!.agenda.length;
    const titles = Array.from({ length: 24 }, (_, i) => `r${i + 1}`);
    for (const t of titles) conn.send(card(t));
    await until(() => conn.pending === 0, 25_000, 'outbox empty');
    expect(conn.notice).toBeNull();
    expect(conn.queue.rate).toBeLessThan(15);
    const onServer = (await serverTitles(server, s)).slice(before);
    expect([...onServer].sort()).toEqual([...titles].sort()); // each exactly once
  });

  it('a dropped link: unacked commands go again with the same ids, applied once and in order', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const conn = await asFacilitator(server, s);
    const before = conn.confirmed!.agenda.length;
    const titles = Array.from({ length: 30 }, (_, i) => `d${i + 1}`);
    for (const t of titles) conn.send(card(t));
    // Drop the link under the commands in flight; Socket.IO reconnects by itself.
    conn.transport.socket!.io.engine.close();
    await until(() => conn.status !== 'connected', 2000, 'link down');
    await until(() => conn.status === 'connected' && conn.pending === 0, 20_000, 'resent');
    expect(conn.queue.sent).toBeGreaterThan(30); // some went twice…
    expect((await serverTitles(server, s)).slice(before)).toEqual(titles); // …applied once
    await until(() => conn.confirmed!.agenda.length === before + 30, 5000, 'frames');
    expect(conn.confirmed!.agenda.slice(before).map((a) => a.title)).toEqual(titles);
  });
});

describe('a phone', () => {
  it('R-OUTBOX: offline, the change is kept and shown; back online it is sent once and confirmed', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const cardId = f.view!.agenda[0].id;
    await f.cmd('agenda.update', {
      activityId: cardId,
      activity: { kind: 'info', title: 'Huisregels', config: { body: '', agreeable: true } },
    });
    await f.cmd('agenda.goto', { activityId: cardId });

    const phone = open(server, { role: 'participant', code: s.code, name: 'Amina' });
    await until(() => phone.status === 'connected' && phone.current?.id === cardId, 10_000, 'phone joined');
    const shownBefore = phone.view!;
    const pid = phone.participantId!;
    expect(pid).toBeTruthy();

    phone.transport.socket!.disconnect(); // as when the Wi-Fi drops
    await until(() => phone.status !== 'connected', 2000, 'offline');
    const id = phone.send({ type: 'info.agree', activityId: cardId, agree: true } as never, `info.agree:${cardId}`);
    // Kept in localStorage under this participant, and shown at once.
    expect(JSON.parse(store.get(`kring.outbox.${s.sessionId}.${pid}`)!)).toMatchObject([{ cmd: { id } }]);
    expect(phone.pending).toBe(1);
    expect(phone.current!.state).toEqual({ agreed: { [pid]: true }, count: 1 });
    expect(phone.confirmed!.agenda[0].state).toEqual({ agreed: {}, count: 0 });
    expect(phone.view!.agenda.slice(1)).toEqual(shownBefore.agenda.slice(1));

    phone.transport.socket!.connect();
    await until(() => phone.pending === 0 && phone.saved, 10_000, 'sent');
    expect(phone.participantId).toBe(pid); // came back as the same person (token kept)
    expect(store.has(`kring.outbox.${s.sessionId}.${pid}`)).toBe(false);
    await until(() => (phone.confirmed!.agenda[0].state as { count: number }).count === 1, 5000, 'confirmed');
    await f.until((v) => (v.agenda[0].state as { count: number }).count === 1);
    expect(f.view!.agenda[0].state).toEqual({ agreed: { [pid]: true }, count: 1 });
    expect(phone.outbox.tagState(`info.agree:${cardId}`)).toBe('saved');
  });

  it('a command the server refuses leaves the outbox and shows a notice', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const phone = open(server, { role: 'participant', code: s.code });
    await until(() => phone.status === 'connected' && phone.confirmed, 10_000, 'phone joined');
    phone.send({ type: 'agenda.goto', activityId: null } as never);
    await until(() => phone.notice, 5000, 'notice');
    expect(phone.notice!.code).toBe('NOT_ALLOWED');
    expect(phone.pending).toBe(0);
  });
});
