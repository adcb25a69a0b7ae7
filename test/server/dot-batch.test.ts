/**
 * R-DOT-BATCH (issue 13): a burst of commands from 50 phones reaches the other screens in
 * far fewer frames than commands (frames coalesce what was committed meanwhile), every
 * command is acknowledged and counted once, and each phone gets its own dots back and never
 * another's.
 */
import { describe, expect, it } from 'vitest';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { board, createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { voteDraft } from '../helpers/drafts.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const PHONES = 50;
const DOTS = 5;

describe('frames coalesce a burst (issue 13)', () => {
  it('R-DOT-BATCH: 50 phones × 5 dots at once: all acknowledged, in far fewer frames than commands', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < PHONES; i++) phones.push(track(await participant(server.url, s)));
    await ok(f, 'agenda.add', { activity: voteDraft() });
    const vote = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: vote });
    await b.until((v) => v.currentId === vote);
    const frameCount = (p: Peer) => p.wire.filter(([e]) => e === 'frame').length;
    const boardBefore = frameCount(b);
    const phoneBefore = frameCount(phones[0]);

    // Every phone sends its five dots at once, without waiting for an ack.
    const acks = await Promise.all(
      phones.flatMap((p, i) =>
        Array.from({ length: DOTS }, (_, d) => p.cmd('dotvote.place', { activityId: vote, itemId: `item${((i + d) % 3) + 1}` })),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const commands = PHONES * DOTS;
    const last = Math.max(...acks.map((a) => (a as { seq: number }).seq));
    await f.until((v) => v.seq >= last);
    const st = f.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState;
    expect(st.voters).toBe(PHONES);
    // The board hears only the number of voters: its last frame may be older than \`last\`.
    const mineLast = Math.max(...acks.slice(0, DOTS).map((a) => (a as { seq: number }).seq));
    await phones[0].until((v) => v.seq >= mineLast);
    await b.until((v) => (v.agenda.find((a) => a.id === vote)!.state as DotvoteState).voters === PHONES);
    const boardFrames = frameCount(b) - boardBefore;
    const phoneFrames = frameCount(phones[0]) - phoneBefore;
    // One frame per command would be 250; coalescing sends a handful per pacing window.
    expect(boardFrames).toBeGreaterThan(0);
    expect(boardFrames).toBeLessThanOrEqual(commands / 2);
    expect(phoneFrames).toBeLessThanOrEqual(commands / 2);
    // A phone's frames carry its own dots (with its id) and nobody else's id.
    const me = (phones[0].hello as { participantId: string }).participantId;
    const others = phones.slice(1).map((p) => (p.hello as { participantId: string }).participantId);
    const seen = JSON.stringify(phones[0].wire.filter(([e]) => e === 'frame'));
    expect(seen).toContain(me);
    for (const other of others) expect(seen).not.toContain(other);
  }, 60_000);
});
