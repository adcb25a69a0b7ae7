/**
 * R-FRAME-CHUNK (issue 13): a big room's shared frame goes out a chunk of sockets per turn
 * of the event loop (KRING_FRAME_CHUNK, 500; 7 here, so that 24 phones make four chunks),
 * and what a room must keep holds all the same: every phone gets every post-it once, in
 * order (the frame-order check of test/helpers/client.ts runs on every frame), its own as
 * its own, and nobody else's id.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { brainstormDraft } from '../helpers/drafts.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const PHONES = 24;
const EACH = 3;

describe('frames in chunks (issue 13)', () => {
  it('R-FRAME-CHUNK: 24 phones in chunks of 7 each get all 72 post-its once, in order, their own as their own', async () => {
    const server = await serve({ frameChunk: 7 });
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < PHONES; i++) phones.push(track(await participant(server.url, s)));
    await ok(f, 'agenda.add', { activity: brainstormDraft({ maxPerPerson: EACH }) });
    const wall = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: wall });
    await Promise.all(phones.map((p) => p.until((v) => v.currentId === wall)));
    const before = phones.map((p) => p.wire.length);

    // Every phone adds its post-its, one after another, all phones at once.
    const acks = await Promise.all(
      phones.map(async (p, i) => {
        const mine = [];
        for (let k = 0; k < EACH; k++)
          mine.push(await p.cmd('brainstorm.add', { activityId: wall, text: `idee ${i}.${k}`, column: null, showName: false }));
        return mine;
      }),
    );
    expect(acks.flat().every((a) => a.ok)).toBe(true);
    const last = Math.max(...acks.flat().map((a) => (a as { seq: number }).seq));
    await Promise.all(phones.map((p) => p.until((v) => v.seq >= last)));

    const pids = phones.map((p) => (p.hello as { participantId: string }).participantId);
    phones.forEach((p, i) => {
      const items = (p.view!.agenda.find((a) => a.id === wall)!.state as { items: { text: string; pid?: string }[] }).items;
      expect(items.length).toBe(PHONES * EACH);
      expect(new Set(items.map((it) => it.text)).size).toBe(PHONES * EACH);
      expect(items.filter((it) => it.pid).map((it) => it.pid)).toEqual(Array(EACH).fill(pids[i]));
      // Each post-it reached this phone in exactly one shared frame.
      const seqs = p.wire
        .slice(before[i])
        .filter(([e, fr]) => e === 'frame' && !(fr as Frame).own)
        .flatMap(([, fr]) => (fr as Frame).events.filter((ev) => ev.type === 'brainstorm.added').map((ev) => ev.seq));
      expect(seqs.length).toBe(PHONES * EACH);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      const text = p.wireText();
      for (const other of pids) if (other !== pids[i]) expect(text.includes(other)).toBe(false);
      expect(p.issues).toEqual([]);
    });
  });
});
