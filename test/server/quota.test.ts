/**
 * R-QUOTA: one participant stores at most `writeQuota` writes in one activity (renames and
 * other session-level writes have an allowance of their own of the same size); past it,
 * commands get QUOTA and change nothing. The counts come from the log, so a restart does
 * not reset them. A real server on port 0, real sockets, a real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import type { CommandAck } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, Peer } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const QUOTA = 6;

const seqOf = (ack: CommandAck) => (ack.ok ? ack.seq : -1);

describe('R-QUOTA', () => {
  it('R-QUOTA: past the quota a participant gets QUOTA and nothing changes; others, the session allowance and the facilitator are not held back', async () => {
    const server = await serve({ writeQuota: QUOTA });
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const card = f.view!.agenda[0].id;
    await f.cmd('agenda.goto', { activityId: card });
    const p = track(await participant(server.url, s, { name: 'Amina' }));
    const other = track(await participant(server.url, s, { name: 'Youssef' }));
    const pid = (p.hello as { participantId: string }).participantId;

    // Toggling "I agree" QUOTA times is fine (each toggle is a stored write)…
    for (let i = 0; i < QUOTA; i++) {
      expect(await p.cmd('info.agree', { activityId: card, agree: i % 2 === 0 })).toMatchObject({ ok: true });
    }
    await f.until((v) => (v.agenda[0].state as { count: number }).count === 0);
    const seq = f.view!.seq;
    // …one more is refused, and changes nothing.
    expect(await p.cmd('info.agree', { activityId: card, agree: true })).toMatchObject({ ok: false, error: { code: 'QUOTA' } });
    // Renames draw on the session's allowance, not the card's.
    const renamed = await p.cmd('participant.rename', { name: 'Amina B.' });
    expect(renamed).toMatchObject({ ok: true, seq: seq + 1 });
    await f.until((v) => v.seq === seqOf(renamed));
    expect(f.view!.participants[pid].name).toBe('Amina B.');
    expect(f.view!.agenda[0].state).toEqual({ agreed: {}, count: 0 });
    // Another participant has an allowance of their own; the facilitator is not counted.
    expect(await other.cmd('info.agree', { activityId: card, agree: true })).toMatchObject({ ok: true });
    for (let i = 0; i < QUOTA + 2; i++) {
      expect(await f.cmd('session.meta', { place: `Zaal ${i}` })).toMatchObject({ ok: true });
    }
  });

  it('R-QUOTA: renames count too, and a restart does not reset the counts', async () => {
    const first = await serve({ writeQuota: QUOTA });
    const s = await createSession(first.url);
    const p = track(await participant(first.url, s, { name: 'Amina' }));
    const { participantId, token } = p.hello as { participantId: string; token: string };
    for (let i = 0; i < QUOTA - 1; i++) {
      expect(await p.cmd('participant.rename', { name: `Amina ${i}` })).toMatchObject({ ok: true });
    }
    p.close();
    const dataDir = first.dataDir;
    await first.close();

    const second = await serve({ writeQuota: QUOTA, dataDir });
    const again = track(new Peer(second.url));
    expect(await again.join({ role: 'participant', sessionId: s.sessionId, token })).toMatchObject({ ok: true, participantId });
    // One write left after the restart, then QUOTA.
    expect(await again.cmd('participant.rename', { name: 'Amina last' })).toMatchObject({ ok: true });
    expect(await again.cmd('participant.rename', { name: 'Amina over' })).toMatchObject({ ok: false, error: { code: 'QUOTA' } });
    const f = track(await facilitator(second.url, s));
    expect(f.view!.participants[participantId].name).toBe('Amina last');
  });

  it('R-QUOTA: a repeated command id is not a new write (an outbox replay past the quota still gets its ack)', async () => {
    const server = await serve({ writeQuota: 2 });
    const s = await createSession(server.url);
    const p = track(await participant(server.url, s));
    const a = await p.cmd('participant.rename', { name: 'A' }, 'rename-a');
    expect(await p.cmd('participant.rename', { name: 'B' }, 'rename-b')).toMatchObject({ ok: true });
    expect(await p.cmd('participant.rename', { name: 'C' }, 'rename-c')).toMatchObject({ ok: false, error: { code: 'QUOTA' } });
    expect(await p.cmd('participant.rename', { name: 'A' }, 'rename-a')).toEqual({ ...a, duplicate: true });
  });
});
