/**
 * R-CATCHUP-RING (issue 13): a rejoining view's missed events come from the room's memory
 * of its latest events, not from SQLite, and are the same: the same rejoin answered by a
 * room that has been running (the ring) and by a fresh process on the same database (the
 * log) gives identical events, for a participant (its own events in its own projection,
 * never another's), the facilitator and the board.
 */
import { describe, expect, it } from 'vitest';
import type { HelloAck } from '../../shared/protocol.ts';
import { board, createSession, facilitator, participant, Peer } from '../helpers/client.ts';
import { brainstormDraft } from '../helpers/drafts.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle, startServer } from '../helpers/server.ts';

const { serve, track } = lifecycle();

/** A fresh socket's hello answer (then closed). */
async function rejoin(url: string, hello: Record<string, unknown>): Promise<HelloAck> {
  const p = new Peer(url);
  try {
    return await p.join(hello);
  } finally {
    p.close();
  }
}

describe('catch-up from memory (issue 13)', () => {
  it('R-CATCHUP-RING: a rejoin answered from the ring equals one answered from SQLite', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const amina = track(await participant(server.url, s, { name: 'Amina' }));
    const bert = track(await participant(server.url, s, { name: 'Bert' }));
    const token = (amina.hello as { token: string }).token;
    const pidAmina = (amina.hello as { participantId: string }).participantId;
    const pidBert = (bert.hello as { participantId: string }).participantId;
    await ok(f, 'agenda.add', { activity: brainstormDraft() });
    const id = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: id });
    await f.until((v) => v.currentId === id);
    const since = f.view!.seq;
    // After `since`: post-its from both, one of them anonymous, a rename, a hidden post-it.
    await ok(amina, 'brainstorm.add', { activityId: id, text: 'Tolken via de stad', column: null, showName: true });
    await ok(bert, 'brainstorm.add', { activityId: id, text: 'Een vaste contactpersoon', column: null, showName: false });
    await ok(amina, 'participant.rename', { name: 'Amina B.' });
    await ok(bert, 'brainstorm.add', { activityId: id, text: 'Iets kwetsends', column: null, showName: false });
    await f.until((v) => (v.agenda.at(-1)!.state as { items: unknown[] }).items.length === 3);
    const hidden = (f.view!.agenda.at(-1)!.state as { items: { id: string; text?: string }[] }).items.find(
      (i) => i.text === 'Iets kwetsends',
    )!;
    await ok(f, 'brainstorm.hide', { activityId: id, itemId: hidden.id, hidden: true });
    await f.until((v) => v.seq >= since + 5);

    const hellos = {
      participant: { role: 'participant', code: s.code, token, since },
      facilitator: { role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey, since },
      board: { role: 'board', sessionId: s.sessionId, key: s.boardKey, since },
    };
    const fromRing: Record<string, HelloAck> = {};
    for (const [role, hello] of Object.entries(hellos)) fromRing[role] = await rejoin(server.url, hello);
    for (const p of [f, b, amina, bert]) p.close();
    await server.close();

    // A new process on the same database: its room has no memory yet, so SQLite answers.
    const again = await startServer({ dataDir: server.dataDir });
    try {
      for (const [role, hello] of Object.entries(hellos)) {
        const fromLog = await rejoin(again.url, hello);
        const ring = fromRing[role] as { ok: true; events?: unknown[]; seq: number };
        const log = fromLog as { ok: true; events?: unknown[]; seq: number };
        expect(ring.ok && log.ok, role).toBe(true);
        expect(ring.events, role).toBeDefined(); // events, not a snapshot
        expect(ring.events!.length, role).toBeGreaterThanOrEqual(3);
        expect(log.seq, role).toBeGreaterThanOrEqual(ring.seq);
        // The log may hold later events (the rejoins themselves); up to the ring's seq they agree.
        const upTo = (log.events as { seq: number }[]).filter((e) => e.seq <= ring.seq);
        expect(upTo, role).toEqual(ring.events);
      }
      // The participant's own projection: Amina's own events name her; Bert's never reach her with his id.
      const mine = JSON.stringify((fromRing.participant as { events: unknown[] }).events);
      expect(mine).toContain(pidAmina);
      expect(mine).not.toContain(pidBert);
    } finally {
      await again.close();
    }
  });
});
