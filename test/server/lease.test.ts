/**
 * Rooms' leases on one data folder (issue 14; test/SPEC.md R-LEASE-ROOM, R-LEASE-FENCE):
 * two Kring servers on the same SQLite file, as two processes behind one address would
 * be. A room is run by one of them at a time; the other answers BUSY (the phone tries
 * again) until the first lets the room go; and a server that lost a room's lease (paused
 * past it, another took the room) can never store a write for it again: the write is
 * refused, nothing of it is stored, and the room leaves that server.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, facilitator, participant, Peer } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();

const card = (title: string) => ({ kind: 'info', title, config: { body: title, agreeable: false } });

describe('a room is run by one process at a time', () => {
  it('R-LEASE-ROOM: a second server on the same data answers BUSY while the first runs the room, and takes it over once it let go', async () => {
    const a = await serve();
    const b = await serve({ dataDir: a.dataDir });
    const s = await createSession(a.url, 'Twee processen');
    const f = track(await facilitator(a.url, s));
    expect(await f.cmd('agenda.add', { activity: card('Op A') })).toMatchObject({ ok: true });

    // On B: a hello is BUSY (typed, retried), and nothing is written.
    const phone = track(new Peer(b.url));
    expect(await phone.join({ role: 'participant', code: s.code })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    // Reading it (a report) works there, from the log, without taking the session.
    const res = await fetch(`${b.url}/api/sessions/${s.sessionId}/report/md`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Op A');
    expect(b.app.rooms.isLoaded(s.sessionId)).toBe(false);
    f.close();

    // A stops (its leases are let go): B takes the room, with what A stored.
    await a.close();
    const onB = track(await participant(b.url, s, { name: 'Bo' }));
    expect(onB.view!.agenda.map((x) => x.title)).toContain('Op A');
    const f2 = track(await facilitator(b.url, s));
    expect(await f2.cmd('agenda.add', { activity: card('Op B') })).toMatchObject({ ok: true });
  });

  it('R-LEASE-FENCE: a server whose lease was taken over cannot store a write any more; the room leaves it and its sockets reconnect', async () => {
    const a = await serve();
    const b = await serve({ dataDir: a.dataDir });
    const s = await createSession(a.url, 'Overname');
    const f = track(await facilitator(a.url, s));
    expect(await f.cmd('agenda.add', { activity: card('Voor de pauze') })).toMatchObject({ ok: true });

    // A "pauses" past its lease: it runs out (as if A had not renewed it), and B takes the room.
    const raw = new Database(path.join(a.dataDir, 'kring.db'));
    raw.prepare('UPDATE room_leases SET expires_at = 1 WHERE session_id = ?').run(s.sessionId);
    const fb = track(await facilitator(b.url, s));
    const epochs = raw.prepare('SELECT owner, epoch FROM room_leases WHERE session_id = ?').get(s.sessionId) as {
      owner: string;
      epoch: number;
    };
    expect(epochs.owner).toBe(b.app.rooms.nodeId);
    const events = () => (raw.prepare('SELECT count(*) AS n FROM events WHERE session_id = ?').get(s.sessionId) as { n: number }).n;
    const before = events();

    // A wakes and takes a command: refused (BUSY), nothing stored; A drops the room and
    // closes the console's connection so that it reconnects.
    const closed = new Promise((resolve) => f.socket.once('disconnect', resolve));
    expect(await f.cmd('agenda.add', { activity: card('Na de pauze, op A') })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(events()).toBe(before);
    await closed;
    expect(a.app.rooms.isLoaded(s.sessionId)).toBe(false);

    // B runs the room: its writes go, after what A stored before the pause.
    expect(await fb.cmd('agenda.add', { activity: card('Op B') })).toMatchObject({ ok: true });
    expect(events()).toBe(before + 1);
    expect(fb.view!.agenda.map((x) => x.title)).toEqual(expect.arrayContaining(['Voor de pauze', 'Op B']));
    expect(fb.view!.agenda.map((x) => x.title)).not.toContain('Na de pauze, op A');
    raw.close();
  });

  it('R-LEASE-FENCE: a server finds out at its next renewal that it lost a room, and lets it go', async () => {
    const a = await serve();
    const b = await serve({ dataDir: a.dataDir });
    const s = await createSession(a.url, 'Verlenging');
    const f = track(await facilitator(a.url, s));
    const raw = new Database(path.join(a.dataDir, 'kring.db'));
    raw.prepare('UPDATE room_leases SET expires_at = 1 WHERE session_id = ?').run(s.sessionId);
    track(await facilitator(b.url, s));
    const closed = new Promise((resolve) => f.socket.once('disconnect', resolve));
    a.app.rooms.renew();
    await closed;
    expect(a.app.rooms.isLoaded(s.sessionId)).toBe(false);
    // A's own renewal of a lease that ran out while nobody took it keeps it (same epoch).
    const s2 = await createSession(a.url, 'Deksel dicht');
    track(await facilitator(a.url, s2));
    const held = () =>
      raw.prepare('SELECT owner, epoch, expires_at FROM room_leases WHERE session_id = ?').get(s2.sessionId) as {
        owner: string;
        epoch: number;
        expires_at: number;
      };
    const first = held();
    raw.prepare('UPDATE room_leases SET expires_at = 1 WHERE session_id = ?').run(s2.sessionId);
    a.app.rooms.renew();
    expect(a.app.rooms.isLoaded(s2.sessionId)).toBe(true);
    expect(held()).toMatchObject({ owner: first.owner, epoch: first.epoch });
    expect(held().expires_at).toBeGreaterThan(Date.now());
    raw.close();
  });

  it('R-LEASE-ROOM: a lease left by a crashed process on this machine is taken over at once, not after the lease’s time', async () => {
    const a = await serve();
    const s = await createSession(a.url, 'Na de crash');
    const raw = new Database(path.join(a.dataDir, 'kring.db'));
    // A process that ran here and is gone (its pid no longer exists) held the room for another minute.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const put = (owner: string) =>
      raw
        .prepare('INSERT OR REPLACE INTO room_leases (session_id, owner, epoch, expires_at) VALUES (?, ?, 7, ?)')
        .run(s.sessionId, owner, Date.now() + 60_000);
    const host = a.app.rooms.nodeId.split(':')[0]; // this machine (and pid namespace)
    put(`${host}:${gone}:oldtag:x`);
    const f = track(await facilitator(a.url, s));
    expect(await f.cmd('agenda.add', { activity: card('Verder') })).toMatchObject({ ok: true });
    expect(raw.prepare('SELECT owner, epoch FROM room_leases WHERE session_id = ?').get(s.sessionId)).toEqual({
      owner: a.app.rooms.nodeId,
      epoch: 8,
    });
    f.close();
    await a.close();

    // A process that is still running (this one's parent, say) keeps its lease: BUSY.
    const b = await serve({ dataDir: a.dataDir });
    put(`${host}:${process.ppid}:othertag:x`);
    const phone = track(new Peer(b.url));
    expect(await phone.join({ role: 'participant', code: s.code })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    raw.close();
  });

  it('R-LEASE: a room let go stays let go (a renewal does not take it back), and a stale owner writes no snapshot', async () => {
    const a = await serve();
    const b = await serve({ dataDir: a.dataDir });
    const raw = new Database(path.join(a.dataDir, 'kring.db'));
    const lease = (id: string) =>
      raw.prepare('SELECT owner, epoch, expires_at FROM room_leases WHERE session_id = ?').get(id) as
        { owner: string; epoch: number; expires_at: number } | undefined;

    // A loads a session and lets it go when its last screen leaves; its next renewal leaves it so.
    const s = await createSession(a.url, 'Losgelaten');
    const f = track(await facilitator(a.url, s));
    f.close();
    for (let i = 0; i < 100 && a.app.rooms.get(s.sessionId)!.socketCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    a.app.rooms.unload(s.sessionId);
    expect(lease(s.sessionId)!.expires_at).toBe(0);
    a.app.rooms.renew();
    expect(lease(s.sessionId)!.expires_at).toBe(0);
    track(await facilitator(b.url, s)); // B takes it at once
    expect(lease(s.sessionId)!.owner).toBe(b.app.rooms.nodeId);

    // A runs another session, B takes it over; A's snapshot of it is refused and A drops it.
    const s2 = await createSession(a.url, 'Momentopname');
    const f2 = track(await facilitator(a.url, s2));
    expect(await f2.cmd('agenda.add', { activity: card('Een') })).toMatchObject({ ok: true });
    const snapshot = () => raw.prepare('SELECT seq FROM snapshots WHERE session_id = ?').get(s2.sessionId) as { seq: number } | undefined;
    const before = snapshot();
    raw.prepare('UPDATE room_leases SET expires_at = 1 WHERE session_id = ?').run(s2.sessionId);
    track(await facilitator(b.url, s2));
    const room = a.app.rooms.get(s2.sessionId)!; // still loaded on A: it has not noticed yet
    room.snapshot();
    expect(snapshot()).toEqual(before);
    for (let i = 0; i < 100 && a.app.rooms.isLoaded(s2.sessionId); i++) await new Promise((r) => setTimeout(r, 10));
    expect(a.app.rooms.isLoaded(s2.sessionId)).toBe(false);
    raw.close();
  });
});
