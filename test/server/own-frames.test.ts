/**
 * R-OWN-FRAME (issue 13): in a burst, every phone gets the room's one shared frame (the
 * same bytes for all) and, just before it, a small frame of its own with only its own
 * events, in its own projection; not a full copy of the shared frame per actor. A phone
 * never receives another participant's id, and ends with every post-it, its own as its own.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { brainstormDraft } from '../helpers/drafts.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const PHONES = 30;

describe('own frames (issue 13)', () => {
  it("R-OWN-FRAME: 30 phones add a post-it at once; each gets the shared frames everyone gets plus its own events alone, and nobody else's id", async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < PHONES; i++) phones.push(track(await participant(server.url, s)));
    await ok(f, 'agenda.add', { activity: brainstormDraft() });
    const wall = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: wall });
    await Promise.all(phones.map((p) => p.until((v) => v.currentId === wall)));
    const before = phones.map((p) => p.wire.length);

    const acks = await Promise.all(
      phones.map((p, i) => p.cmd('brainstorm.add', { activityId: wall, text: `idee ${i}`, column: null, showName: false })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const last = Math.max(...acks.map((a) => (a as { seq: number }).seq));
    await Promise.all(phones.map((p) => p.until((v) => v.seq >= last)));

    const pids = phones.map((p) => (p.hello as { participantId: string }).participantId);
    const sharedOf = (i: number) =>
      phones[i].wire
        .slice(before[i])
        .filter(([e, fr]) => e === 'frame' && !(fr as Frame).own)
        .map(([, fr]) => JSON.stringify(fr));
    const shared0 = sharedOf(0);
    expect(shared0.length).toBeGreaterThan(0);
    phones.forEach((p, i) => {
      // The same shared frames, byte for byte, for every phone.
      expect(sharedOf(i), `phone ${i}`).toEqual(shared0);
      // Its own frames: its own post-it only, with its id.
      const own = p.wire
        .slice(before[i])
        .filter(([e, fr]) => e === 'frame' && (fr as Frame).own)
        .flatMap(([, fr]) => (fr as Frame).events);
      expect(own.map((e) => e.seq)).toEqual([(acks[i] as { seq: number }).seq]);
      expect(own[0].pid).toBe(pids[i]);
      // Nobody else's id, anywhere.
      const text = p.wireText();
      for (const other of pids) if (other !== pids[i]) expect(text.includes(other)).toBe(false);
      // The view has all 30, and knows which one is its own.
      const items = (p.view!.agenda.find((a) => a.id === wall)!.state as { items: { text: string; pid?: string }[] }).items;
      expect(items.length).toBe(PHONES);
      expect(items.filter((it) => it.pid).map((it) => [it.text, it.pid])).toEqual([[`idee ${i}`, pids[i]]]);
      expect(p.issues).toEqual([]);
    });
  });
});
