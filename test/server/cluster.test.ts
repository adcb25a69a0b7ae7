/**
 * Several nodes (issue 14; test/SPEC.md R-CLUSTER-FORWARD): two Kring servers sharing one
 * data folder and a real Redis (test/helpers/redis.ts), with the Redis Streams adapter. The
 * first node that gets a hello for a session runs it (it holds the lease); phones on the
 * other node are served through it: their hello and commands are forwarded and answered
 * with the owner's answers, and frames reach them through the adapter, each audience
 * with its own projection.
 */
import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { board, createSession, facilitator, participant, Peer } from '../helpers/client.ts';
import { startRedis, type Redis } from '../helpers/redis.ts';
import { lifecycle } from '../helpers/server.ts';
import { killed, spawnServer } from '../helpers/spawn.ts';

const { serve, track } = lifecycle();
let redis: Redis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const wall = {
  kind: 'brainstorm',
  title: 'Wat neem je mee?',
  config: { prompt: 'Wat neem je mee?', columns: [], maxPerPerson: 5, maxLength: 280, allowNames: false, privateUntilReveal: false },
};

const postits = (p: Peer, id: string) =>
  ((p.view!.agenda.find((a) => a.id === id)!.state as { items: { text: string }[] }).items ?? []).map((i) => i.text).sort();

describe('two nodes, one room', () => {
  it('R-CLUSTER-FORWARD: phones on the other node join, write and see every public change; each audience keeps its projection', async () => {
    const a = await serve({ redisUrl: redis.url });
    const b = await serve({ redisUrl: redis.url, dataDir: a.dataDir });
    const s = await createSession(a.url, 'Twee knopen');
    const f = track(await facilitator(a.url, s)); // A runs the session
    expect(await f.cmd('agenda.add', { activity: wall })).toMatchObject({ ok: true });
    const id = f.view!.agenda.at(-1)!.id;
    expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });

    // Phones on both nodes, a board on B; the ones on B are answered by A.
    const onA = track(await participant(a.url, s, { name: 'Amal' }));
    const onB = track(await participant(b.url, s, { name: 'Bart', lang: 'ar' }));
    const boardB = track(await board(b.url, s));
    expect(onB.hello).toMatchObject({ ok: true, sessionId: s.sessionId, role: 'participant' });
    expect(onB.view!.agenda.map((x) => x.id)).toContain(id);
    expect(b.app.rooms.isLoaded(s.sessionId)).toBe(false);
    await f.until((v) => Object.values(v.participants).some((p) => p.name === 'Bart'));
    // The join page's code check works on B too (it reads the session without running it).
    const join = await fetch(`${b.url}/api/join/${s.code}`);
    expect(join.status).toBe(200);
    expect(await join.json()).toMatchObject({ sessionId: s.sessionId });

    // A post-it from B is decided by A, acknowledged with A's seq, and reaches everyone.
    const ack = await onB.cmd('brainstorm.add', { activityId: id, text: 'Moed', column: null, showName: false });
    expect(ack).toMatchObject({ ok: true });
    expect(await onA.cmd('brainstorm.add', { activityId: id, text: 'Rust', column: null, showName: false })).toMatchObject({ ok: true });
    for (const p of [f, onA, onB, boardB]) await p.until(() => postits(p, id).length === 2 && postits(p, id)[0] === 'Moed');
    expect(f.view!.seq).toBe(onB.view!.seq);

    // Privacy across nodes: no phone and no board learns another participant's name.
    expect(onB.wireText()).not.toContain('Amal');
    expect(onA.wireText()).not.toContain('Bart');
    expect(boardB.wireText()).not.toContain('Bart');
    expect(boardB.wireText()).not.toContain('Amal');
    for (const p of [f, onA, onB, boardB]) expect(p.issues).toEqual([]);

    // The report, asked of B (a console whose HTTP lands there): made from the log, with
    // everything A stored, and without B taking the session.
    const md = await fetch(`${b.url}/api/sessions/${s.sessionId}/report/md`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } });
    expect(md.status).toBe(200);
    const text = await md.text();
    expect(text).toContain('Moed');
    expect(text).toContain('Rust');
    expect(b.app.rooms.isLoaded(s.sessionId)).toBe(false);

    // A repeat from B is applied once; a bad command is refused by B's edge without a trip.
    const again = await onB.cmd('brainstorm.add', { activityId: id, text: 'Moed 2', column: null, showName: false });
    expect(again).toMatchObject({ ok: true });
    expect(await onB.cmd('brainstorm.add', { activityId: id, text: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID' } });

    // The phone comes back on B with its token: the same participant, the events it missed.
    const token = (onB.hello as { token?: string }).token!;
    const pid = (onB.hello as { participantId?: string }).participantId;
    const back = track(await participant(b.url, s, { sessionId: s.sessionId, token, since: onB.view!.seq - 1 }));
    expect(back.hello).toMatchObject({ ok: true, participantId: pid });
    expect(back.hello).not.toHaveProperty('token');
  });

  it('R-CLUSTER-FORWARD: when the owner stops, a phone on the other node is told to reconnect, and that node takes the session over with everything stored', async () => {
    const a = await serve({ redisUrl: redis.url });
    const b = await serve({ redisUrl: redis.url, dataDir: a.dataDir });
    const s = await createSession(a.url, 'Overname');
    const f = track(await facilitator(a.url, s));
    expect(await f.cmd('agenda.add', { activity: wall })).toMatchObject({ ok: true });
    const id = f.view!.agenda.at(-1)!.id;
    expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });
    const onB = track(await participant(b.url, s, { name: 'Bart' }));
    expect(await onB.cmd('brainstorm.add', { activityId: id, text: 'Voor', column: null, showName: false })).toMatchObject({ ok: true });

    // A stops (it lets its leases go). The phone on B: its next command is BUSY and its connection closes.
    f.close();
    await a.close();
    const closed = new Promise((resolve) => onB.socket.once('disconnect', resolve));
    expect(await onB.cmd('brainstorm.add', { activityId: id, text: 'Tijdens', column: null, showName: false })).toMatchObject({
      ok: false,
      error: { code: 'BUSY' },
    });
    await closed;

    // It comes back (its outbox would send the refused post-it again): B runs the session now.
    const token = (onB.hello as { token?: string }).token!;
    const back = track(await participant(b.url, s, { sessionId: s.sessionId, token }));
    expect(b.app.rooms.isLoaded(s.sessionId)).toBe(true);
    expect(postits(back, id)).toEqual(['Voor']);
    expect(await back.cmd('brainstorm.add', { activityId: id, text: 'Tijdens', column: null, showName: false })).toMatchObject({
      ok: true,
    });
    await back.until(() => postits(back, id).length === 2);
  });

  it(
    'R-CLUSTER-PRESENCE: a node that dies without saying its phones left: the owner counts them gone, and no one else',
    { timeout: 60_000 },
    async () => {
      const a = await serve({ redisUrl: redis.url, leaseMs: 1000, presenceGraceMs: 0 });
      // B is a process of its own, so that it can die without a word (SIGKILL).
      const b = await spawnServer({ KRING_DATA_DIR: a.dataDir, REDIS_URL: redis.url, KRING_PRESENCE_GRACE_MS: '0' });
      try {
        const s = await createSession(a.url, 'Wie is er?');
        const f = track(await facilitator(a.url, s)); // A runs the session
        const here = () => (f.wire.filter(([e]) => e === 'presence').at(-1)?.[1] as { here?: number } | undefined)?.here;
        const until = async (n: number) => {
          for (let i = 0; i < 400 && here() !== n; i++) await new Promise((r) => setTimeout(r, 100));
          expect(here()).toBe(n);
        };
        track(await participant(a.url, s, { name: 'Amal' }));
        for (const name of ['Bart', 'Chloé', 'Dirk']) track(await participant(b.url, s, { name }));
        await until(4);
        // A phone on B that leaves is counted out at once (its node tells the owner).
        const leaving = track(await participant(b.url, s, { name: 'Eva' }));
        await until(5);
        leaving.close();
        await until(4);

        await killed(b.child, 'SIGKILL');
        // B's three phones are gone; Amal, on A, is still here.
        await until(1);
      } finally {
        await killed(b.child, 'SIGKILL');
      }
    },
  );

  it(
    'R-CLUSTER-REDIS: Redis restarts during a session: nothing acknowledged is lost, and phones on both nodes catch up without a reload',
    { timeout: 40_000 },
    async () => {
      const a = await serve({ redisUrl: redis.url });
      const b = await serve({ redisUrl: redis.url, dataDir: a.dataDir });
      const s = await createSession(a.url, 'Storing');
      const f = track(await facilitator(a.url, s));
      expect(await f.cmd('agenda.add', { activity: wall })).toMatchObject({ ok: true });
      const id = f.view!.agenda.at(-1)!.id;
      expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });
      const onA = track(await participant(a.url, s, { name: 'Amal' }));
      const onB = track(await participant(b.url, s, { name: 'Bart' }));

      await redis.stopServer();
      // The owner's own room goes on: the facilitator's command is stored and acknowledged.
      expect(await f.cmd('brainstorm.add', { activityId: id, text: 'Tijdens', column: null, showName: false })).toMatchObject({ ok: true });
      // A command from the other node waits for Redis (or is refused BUSY, and then sent again).
      const fromB = onB.socket.timeout(30_000).emitWithAck('cmd', {
        id: nanoid(),
        type: 'brainstorm.add',
        activityId: id,
        text: 'Van B',
        column: null,
        showName: false,
      }) as Promise<{
        ok: boolean;
      }>;
      await new Promise((r) => setTimeout(r, 500));
      await redis.startServer();

      const ack = await fromB;
      if (!ack.ok) {
        // Refused while Redis was away (BUSY, nothing stored): the phone reconnects and sends it again.
        expect(ack).toMatchObject({ ok: false, error: { code: 'BUSY' } });
      }
      const token = (onB.hello as { token?: string }).token!;
      // As the phone does: a BUSY hello is said again a moment later (the nodes' Redis clients reconnect on their own).
      const rejoin = async () => {
        for (let i = 0; i < 60; i++) {
          const p = track(new Peer(b.url));
          const h = await p.join({ role: 'participant', code: s.code, sessionId: s.sessionId, token });
          if (h.ok) return p;
          expect(h).toMatchObject({ ok: false, error: { code: 'BUSY' } });
          p.close();
          await new Promise((r) => setTimeout(r, 250));
        }
        throw new Error('the phone on B never got back in');
      };
      const phoneB = ack.ok ? onB : await rejoin();
      if (!ack.ok)
        expect(await phoneB.cmd('brainstorm.add', { activityId: id, text: 'Van B', column: null, showName: false })).toMatchObject({
          ok: true,
        });
      for (const p of [f, onA, phoneB]) await p.until(() => postits(p, id).join() === 'Tijdens,Van B', 20_000);
      expect(onA.issues).toEqual([]);
      expect(phoneB.issues).toEqual([]);
    },
  );

  it('R-CLUSTER-FORWARD, R-ADMIN-NEWLINK: a console on another node whose link was replaced is dropped at once and cannot get back in', async () => {
    const a = await serve({ redisUrl: redis.url, adminPassword: 'een lang wachtwoord voor de test' });
    const b = await serve({ redisUrl: redis.url, dataDir: a.dataDir });
    const s = await createSession(a.url, 'Nieuwe link');
    const onA = track(await facilitator(a.url, s)); // A runs the session
    const onB = track(await facilitator(b.url, s)); // served through A
    expect(await onB.cmd('agenda.add', { activity: wall })).toMatchObject({ ok: true });
    const login = await fetch(`${a.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'een lang wachtwoord voor de test' }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${a.url}/api/admin/sessions/${s.sessionId}/facilitator-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const { facilitatorKey } = (await res.json()) as { facilitatorKey: string };
    const seq = onA.view!.seq;
    // The console on B loses its connection at once, as one on A would.
    for (let i = 0; i < 200 && onB.socket.connected; i++) await new Promise((r) => setTimeout(r, 10));
    expect(onB.socket.connected).toBe(false);
    const again = track(new Peer(b.url));
    expect(await again.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey })).toMatchObject({ ok: false });
    // Nothing it sent was stored: a console with the new link sees the same seq.
    const fresh = track(await facilitator(b.url, { ...s, facilitatorKey }));
    expect(fresh.view!.seq).toBe(seq);
  });
});
