/**
 * KRING_WORKERS (issue 14; test/SPEC.md R-WORKERS): `server/main.ts` with KRING_WORKERS=2 is
 * one port in front of two worker processes on one SQLite folder, without Redis. Phones on
 * WebSocket and on HTTP long-polling (whose requests must all reach one worker) take part
 * in one session; when the worker running it is killed, the primary starts another, and
 * the session goes on from the log with every acknowledged command once.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/constants.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { createSession, Peer } from '../helpers/client.ts';
import { voteDraft } from '../helpers/drafts.ts';
import { Phone } from '../helpers/outbox-phone.ts';
import { killed, spawnServer, type ChildServer } from '../helpers/spawn.ts';

let server: ChildServer;
let dataDir: string;
const peers: Peer[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-workers-'));
  server = await spawnServer({
    KRING_DATA_DIR: dataDir,
    KRING_WORKERS: '2',
    KRING_JOINS_PER_MINUTE: '100000',
    KRING_SOCKETS_PER_ADDRESS: '100000',
  });
}, 60_000);

afterAll(async () => {
  for (const p of peers) p.close();
  // The primary stops its workers.
  if (server) await killed(server.child, 'SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The worker processes of the primary (not the helpers it may have, such as esbuild's). */
const workers = () =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(server.child.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('server/main.ts'))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((n) => n > 0);

describe('KRING_WORKERS', () => {
  it('R-WORKERS: two workers behind one port; WebSocket and polling phones take part; a killed worker is replaced and the session goes on', async () => {
    expect(workers()).toHaveLength(2);
    const s = await createSession(server.url, 'Twee kernen');
    const f = new Peer(server.url);
    peers.push(f);
    expect(await f.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey })).toMatchObject({ ok: true });
    expect(await f.cmd('agenda.add', { activity: voteDraft() })).toMatchObject({ ok: true });
    const vote = f.view!.agenda.at(-1)!.id;
    expect(await f.cmd('agenda.goto', { activityId: vote })).toMatchObject({ ok: true });

    // A phone on HTTP long-polling: its handshake, hello and commands all reach one worker.
    const polling = connect(server.url, { transports: ['polling'], forceNew: true, reconnection: false });
    const frames: unknown[] = [];
    polling.on('frame', (fr) => frames.push(fr));
    const hello = await polling.timeout(10_000).emitWithAck('hello', { v: PROTOCOL_VERSION, role: 'participant', code: s.code });
    expect(hello).toMatchObject({ ok: true });
    const dot = await polling
      .timeout(10_000)
      .emitWithAck('cmd', { id: 'polling-dot-0001', type: 'dotvote.place', activityId: vote, itemId: 'item1' });
    expect(dot).toMatchObject({ ok: true });
    polling.close();

    // 20 WebSocket phones; the primary spreads the connections over both workers.
    const phones = Array.from({ length: 20 }, (_, i) => new Phone(() => [server.url], i, s.code, s.sessionId, peers));
    await Promise.all(phones.map((p) => p.connect()));
    for (const p of phones) await p.send('dotvote.place', { activityId: vote, itemId: 'item2' });

    // The worker that runs the session goes; the primary starts another.
    const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true });
    const owner = (db.prepare('SELECT owner FROM room_leases WHERE session_id = ?').get(s.sessionId) as { owner: string }).owner;
    const ownerPid = Number(owner.split(':')[1]);
    expect(workers()).toContain(ownerPid);
    process.kill(ownerPid, 'SIGKILL');
    for (let i = 0; i < 200 && (workers().includes(ownerPid) || workers().length < 2); i++) await new Promise((r) => setTimeout(r, 50));
    expect(workers()).not.toContain(ownerPid);
    expect(workers()).toHaveLength(2);

    // Every phone places its second dot (resending what got no answer, as the app does).
    await Promise.all(phones.map((p) => p.send('dotvote.place', { activityId: vote, itemId: 'item3' })));
    expect(phones.some((p) => p.reconnects > 0)).toBe(true);

    let f2: Peer | undefined;
    for (let i = 0; !f2 && i < 50; i++) {
      const p = new Peer(server.url);
      peers.push(p);
      // As the app does: a connection that got no answer is made again.
      const joined = await p.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey }).catch(() => undefined);
      if (joined?.ok) f2 = p;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const st = f2!.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState;
    expect(st.voters).toBe(21);
    for (const p of phones) expect(st.dots[p.participantId!]).toEqual({ item2: 1, item3: 1 });
    const n = (
      db.prepare("SELECT count(*) AS n FROM events WHERE session_id = ? AND type = 'dotvote.dotted'").get(s.sessionId) as { n: number }
    ).n;
    expect(n).toBe(41);
    db.close();
  }, 120_000);

  it('R-WORKERS: the organiser logs in once and is known by every worker', async () => {
    // A server of its own, so that both workers start with no connection: the primary hands
    // a connection to the worker with the fewest, the first one on a tie.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-workers-admin-'));
    const own = await spawnServer({ KRING_DATA_DIR: dir, KRING_WORKERS: '2', KRING_ADMIN_PASSWORD: 'organiser-secret' });
    try {
      const login = await fetch(`${own.url}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'organiser-secret' }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const list = () => fetch(`${own.url}/api/admin/sessions`, { headers: { authorization: `Bearer ${token}` } });
      // A socket on the first worker: the next request goes to the second, then they alternate.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const p = new Peer(own.url);
        peers.push(p);
        await p.connected();
        statuses.push((await list()).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
      // Logged out on one worker: refused on every worker.
      expect((await fetch(`${own.url}/api/admin/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(
        204,
      );
      for (let i = 0; i < 2; i++) {
        const p = new Peer(own.url);
        peers.push(p);
        await p.connected();
        expect((await list()).status).toBe(403);
      }
    } finally {
      await killed(own.child, 'SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
