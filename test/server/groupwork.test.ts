/** Group work on real sockets: groups and late joiners, live on every phone (rule ids: test/SPEC.md). */
import { describe, expect, it } from 'vitest';
import type { GroupworkState } from '../../shared/activities/groupwork/index.ts';
import { participant } from '../helpers/client.ts';
import { ok, rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const { room } = rooms({ serve, track });

describe('group work on the wire (R-GROUP-LATE)', () => {
  it('a late joiner is placed automatically in the smallest group', async () => {
    const { server, s, f, phones, pids } = await room(5);
    await ok(f, 'agenda.add', {
      activity: {
        kind: 'groupwork',
        title: 'Groepswerk',
        config: {
          sourceId: null,
          items: [
            { id: 'itemA', text: 'Ervaringsdeskundigen' },
            { id: 'itemB', text: 'Vormingen' },
          ],
          questions: ['Wat is anders?', 'Eerste stap?'],
        },
      },
    });
    await f.until((v) => v.agenda.at(-1)!.kind === 'groupwork'); // the frame follows the ack
    const id = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: id });
    await ok(f, 'groupwork.form', { activityId: id, by: 'count', value: 2, assignment: 'random' });
    const gw = () => f.view!.agenda.find((a) => a.id === id)!.state as GroupworkState;
    await f.until(() => gw().groups.reduce((n, g) => n + g.size, 0) === 5); // the frame follows the ack
    expect(
      gw()
        .groups.map((g) => g.size)
        .sort(),
    ).toEqual([2, 3]);
    // R-GROUP-FORM: every phone learns its own group live, without a reload.
    for (const [i, p] of phones.entries()) {
      await p.until((v) => (v.agenda.find((a) => a.id === id)!.state as GroupworkState).groups.some((g) => g.members.includes(pids[i])));
    }
    const late = track(await participant(server.url, s, { name: 'Laatkomer' }));
    const latePid = (late.hello as { participantId: string }).participantId;
    await f.until(() => gw().groups.every((g) => g.size === 3));
    await late.until((v) => (v.agenda.find((a) => a.id === id)!.state as GroupworkState).groups.some((g) => g.members.includes(latePid)));
    // Members answer; everyone sees it live.
    const mine = (late.view!.agenda.find((a) => a.id === id)!.state as GroupworkState).groups.find((g) => g.members.includes(latePid))!;
    await ok(late, 'groupwork.answer', { activityId: id, groupId: mine.id, question: 0, text: 'Meer empathie' });
    await phones[0].until((v) => (v.agenda.find((a) => a.id === id)!.state as GroupworkState).answers.length === 1);
    expect(JSON.stringify(phones[0].wire)).not.toContain(latePid);
  });
});
