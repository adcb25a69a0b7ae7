/** The brainstorm on real sockets: what reaches other phones and the board (rule ids: test/SPEC.md). */
import { describe, expect, it } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import { rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { learningNetwork } = rooms(lifecycle());

describe('brainstorm on the wire', () => {
  it('R-BRAIN-ANON: an anonymous post-it never carries its author to other phones or the board', async () => {
    const { f, b, phones, ids, pids } = await learningNetwork();
    const eng = ids[4];
    await f.cmd('agenda.goto', { activityId: eng });
    for (const [i, p] of phones.entries()) {
      expect(await p.cmd('brainstorm.add', { activityId: eng, text: `Engagement van ${i}`, column: null, showName: false })).toMatchObject({
        ok: true,
      });
    }
    await f.until((v) => (v.agenda[4].state as BrainstormState).items.length === 4);
    const items = (f.view!.agenda[4].state as BrainstormState).items;
    expect(items.map((i) => i.pid)).toEqual(pids); // the facilitator knows
    await phones[0].cmd('brainstorm.edit', { activityId: eng, itemId: items[0].id, text: 'Bewerkt engagement' });
    await f.cmd('brainstorm.merge', { activityId: eng, itemId: items[1].id, otherId: items[2].id });
    await b.until((v) => (v.agenda[4].state as BrainstormState).items.length === 3);
    await phones[3].until((v) => (v.agenda[4].state as BrainstormState).items.some((i) => i.text === 'Bewerkt engagement'));
    for (const [i, viewer] of [b, ...phones].entries()) {
      const wire = viewer.wireText() + JSON.stringify(viewer.hello);
      for (const [j, pid] of pids.entries()) {
        if (viewer === phones[j]) continue;
        expect(wire, `viewer ${i} sees author ${j}`).not.toContain(pid);
        expect(wire).not.toContain(`Naam${j}`);
      }
    }
    // The author does see which post-it is theirs.
    expect((phones[0].view!.agenda[4].state as BrainstormState).items.find((i) => i.pid === pids[0])?.text).toBe('Bewerkt engagement');
  });
});
