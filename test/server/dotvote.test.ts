/** The dot vote on real sockets: nothing of the tally before the reveal (rule ids: test/SPEC.md). */
import { describe, expect, it } from 'vitest';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { tick, type Peer } from '../helpers/client.ts';
import { rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { learningNetwork } = rooms(lifecycle());

const frames = (p: Peer) => p.wire.filter(([e]) => e === 'frame').flatMap(([, f]) => (f as { events: Record<string, unknown>[] }).events);

describe('dot vote on the wire', () => {
  it('R-DOT-HIDDEN: before the reveal no phone and not the board receives a tally or another participant’s dots', async () => {
    const { f, b, phones, ids, pids } = await learningNetwork();
    const [eng, vote] = [ids[4], ids[5]];
    await f.cmd('agenda.goto', { activityId: eng });
    for (const [i, p] of phones.entries()) await p.cmd('brainstorm.add', { activityId: eng, text: `E${i}`, column: null, showName: false });
    await f.cmd('agenda.goto', { activityId: vote });
    await phones[0].until((v) => (v.agenda[5].state as DotvoteState).items.length === 4);
    const items = (phones[0].view!.agenda[5].state as DotvoteState).items;
    for (const [i, p] of phones.entries()) {
      for (let d = 0; d < 5; d++)
        expect(await p.cmd('dotvote.place', { activityId: vote, itemId: items[(i + d) % 2].id })).toMatchObject({ ok: true });
    }
    expect(await phones[0].cmd('dotvote.place', { activityId: vote, itemId: items[3].id })).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_REACHED' },
    });
    await b.until((v) => (v.agenda[5].state as DotvoteState).voters === 4);
    await tick(100);
    const checkHidden = (viewer: Peer, own?: string) => {
      // Every dot vote event, whatever its type (others' dots reach a viewer as dotvote.counted).
      const dots = frames(viewer).filter((e) => String(e.type).startsWith('dotvote.'));
      expect(dots.filter((e) => e.itemId !== undefined && e.pid !== own)).toEqual([]);
      expect(JSON.stringify(viewer.wire)).not.toMatch(/"tally":\{/);
      const st = viewer.view!.agenda[5].state as DotvoteState;
      expect(st.tally).toBeNull();
      expect(Object.keys(st.dots).filter((p) => p !== own)).toEqual([]);
    };
    checkHidden(b);
    phones.forEach((p, i) => checkHidden(p, pids[i]));
    // The facilitator may peek; then the reveal reaches everyone with counts.
    await f.until((v) => Object.keys((v.agenda[5].state as DotvoteState).dots).length === 4);
    await f.cmd('dotvote.reveal', { activityId: vote, revealed: true });
    await b.until((v) => (v.agenda[5].state as DotvoteState).tally !== null);
    const tally = (b.view!.agenda[5].state as DotvoteState).tally!;
    expect(Object.values(tally).reduce((a, c) => a + c, 0)).toBe(20);
    expect([tally[items[0].id], tally[items[1].id]]).toEqual([10, 10]); // 3+2+3+2 each
  });
});
