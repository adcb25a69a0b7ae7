/**
 * R-CLOSE: a facilitator ends a session. Its join code lets nobody in (sockets and HTTP),
 * every command from anyone is refused with SESSION_CLOSED and changes nothing (the
 * countdown stops with it), phones that were in it come back with their tokens and see it
 * ended, and the report stays readable and the same.
 */
import { describe, expect, it } from 'vitest';
import { participant, Peer } from '../helpers/client.ts';
import { voteDraft } from '../helpers/drafts.ts';
import { rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const { room } = rooms({ serve, track });

const report = async (url: string, sessionId: string, key: string, format = 'md') => {
  const res = await fetch(`${url}/api/sessions/${sessionId}/report/${format}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: await res.text() };
};

describe('ending a session (R-CLOSE)', () => {
  it('R-CLOSE: only a facilitator ends it; afterwards nothing changes, the code lets nobody in, the report stays', async () => {
    const { server, s, f, b, phones } = await room(2);
    await f.cmd('agenda.add', { activity: voteDraft() });
    await f.until((v) => v.agenda.length > 0);
    const vote = f.view!.agenda.at(-1)!.id;
    await f.cmd('agenda.goto', { activityId: vote });
    expect(await phones[0].cmd('dotvote.place', { activityId: vote, itemId: 'item1' })).toMatchObject({ ok: true });
    expect(await f.cmd('timer.start', { seconds: 120, activityId: null, lockAtZero: false })).toMatchObject({ ok: true });
    const token = (phones[1].hello as { token: string }).token;

    // Not for participants or the board.
    expect(await phones[0].cmd('session.close')).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    const before = await report(server.url, s.sessionId, s.facilitatorKey);
    expect(before.status).toBe(200);

    expect(await f.cmd('session.close')).toMatchObject({ ok: true });
    await b.until((v) => typeof v.meta.closedAt === 'number' && v.timer === null);
    await phones[0].until((v) => typeof v.meta.closedAt === 'number');
    const seq = f.view!.seq;

    // Nothing changes, from anyone.
    for (const [peer, type, payload] of [
      [phones[0], 'dotvote.place', { activityId: vote, itemId: 'item2' }],
      [phones[1], 'participant.rename', { name: 'Laat' }],
      [f, 'agenda.goto', { activityId: null }],
      [f, 'timer.start', { seconds: 60, activityId: null, lockAtZero: false }],
      [f, 'session.meta', { place: 'Elders' }],
      [f, 'session.close', {}],
    ] as const) {
      expect(await peer.cmd(type, payload as Record<string, unknown>), type).toMatchObject({
        ok: false,
        error: { code: 'SESSION_CLOSED' },
      });
    }

    // The code lets nobody new in, over HTTP or a socket.
    const join = await fetch(`${server.url}/api/join/${s.code}`);
    expect(join.status).toBe(410);
    expect(await join.json()).toMatchObject({ error: { code: 'SESSION_CLOSED' } });
    const stranger = track(new Peer(server.url));
    expect(await stranger.join({ role: 'participant', code: s.code })).toMatchObject({ ok: false, error: { code: 'SESSION_CLOSED' } });

    // A phone that was in it comes back with its token and sees how it ended.
    phones[1].close();
    const back = track(await participant(server.url, s, { sessionId: s.sessionId, token }));
    expect(back.hello).toMatchObject({ ok: true, participantId: (phones[1].hello as { participantId: string }).participantId });
    expect(back.view!.meta.closedAt).toBe(f.view!.meta.closedAt);

    // Nothing was stored after the close; the report is the same and still readable.
    const fresh = track(new Peer(server.url));
    await fresh.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey });
    expect(fresh.view!.seq).toBe(seq);
    expect(fresh.view!.participants).toEqual(f.view!.participants);
    expect(await report(server.url, s.sessionId, s.facilitatorKey)).toEqual(before);
  });
});
