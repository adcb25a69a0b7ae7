/**
 * Group work on real sockets: groups and late joiners, live on every phone; a group's place,
 * its scribe, and names shown only by choice, only to the group and the board (rule ids:
 * test/SPEC.md).
 */
import { describe, expect, it } from 'vitest';
import type { GroupworkState } from '../../shared/activities/groupwork/index.ts';
import { participant, type Peer } from '../helpers/client.ts';
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

describe('group work on the wire: places, a scribe and names shown by choice (R-GROUP-PLACE, R-GROUP-SCRIBE, R-GROUP-NAMES)', () => {
  it('names reach only the phones of the same group and the board, and only of those who chose; an unnamed member is counted', async () => {
    const { server, s, f, b, phones: named, pids } = await room(6);
    const unnamed = track(await participant(server.url, s));
    const unnamedPid = (unnamed.hello as { participantId: string }).participantId;
    await ok(f, 'agenda.add', {
      activity: { kind: 'groupwork', title: 'Groepswerk', config: { sourceId: null, items: [], questions: ['Wat?', 'Hoe?'] } },
    });
    await f.until((v) => v.agenda.at(-1)!.kind === 'groupwork');
    const id = f.view!.agenda.at(-1)!.id;
    const gw = (p: Peer) => p.view!.agenda.find((a) => a.id === id)!.state as GroupworkState;
    await ok(f, 'agenda.goto', { activityId: id });
    await ok(f, 'groupwork.form', { activityId: id, by: 'count', value: 2, assignment: 'choose' });
    await f.until(() => gw(f).groups.length === 2);
    const [g1, g2] = gw(f).groups;
    // Group 1: Persoon0, Persoon1, Persoon2 and someone without a name; group 2: Persoon3–5.
    const ones = [...named.slice(0, 3), unnamed];
    const twos = named.slice(3);
    for (const p of ones) await ok(p, 'groupwork.join', { activityId: id, groupId: g1.id });
    for (const p of twos) await ok(p, 'groupwork.join', { activityId: id, groupId: g2.id });
    await ok(f, 'groupwork.label', { activityId: id, groupId: g1.id, name: 'De Zwanen', place: 'tafel 3' });
    await ok(f, 'groupwork.label', { activityId: id, groupId: g2.id, name: '', place: 'bij het raam' });

    // Persoon0 and Persoon3 choose to show their name; Persoon1, 2, 4 and 5 do not.
    await ok(named[0], 'groupwork.showName', { activityId: id, show: true });
    await ok(named[3], 'groupwork.showName', { activityId: id, show: true });
    expect(await unnamed.cmd('groupwork.showName', { activityId: id, show: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED', reason: 'noName' },
    });
    // Persoon2 writes for group 1: the others read along, and cannot write.
    await ok(named[2], 'groupwork.scribe', { activityId: id, groupId: g1.id, participantId: pids[2] });
    expect(await named[1].cmd('groupwork.answer', { activityId: id, groupId: g1.id, question: 0, text: 'Van mij' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED', reason: 'scribe' },
    });
    await ok(named[2], 'groupwork.answer', { activityId: id, groupId: g1.id, question: 0, text: 'Genoteerd voor de groep' });

    await b.until(
      () =>
        gw(b)
          .groups.map((g) => (g.people ?? []).map((x) => x.name).join())
          .join('|') === 'Persoon0|Persoon3',
    );
    for (const p of ones.filter((x) => x !== named[0])) {
      await p.until(() => gw(p).answers.length === 1);
      const mine = gw(p).groups.find((g) => g.id === g1.id)!;
      expect(mine).toMatchObject({ name: 'De Zwanen', place: 'tafel 3', size: 4, hasScribe: true });
      expect(Object.values(gw(p).team ?? {})).toEqual([[{ name: 'Persoon0' }]]);
    }
    for (const p of twos.slice(1)) await p.until(() => Object.values(gw(p).team ?? {}).flat().length === 1);
    expect(gw(b).groups.map((g) => [g.name, g.place, g.size, g.hasScribe])).toEqual([
      ['De Zwanen', 'tafel 3', 4, true],
      [undefined, 'bij het raam', 3, undefined],
    ]);

    // What reached each socket.
    const text = (p: Peer) => p.wireText();
    for (const p of ones) expect(text(p)).not.toContain('Persoon3');
    for (const p of twos) expect(text(p)).not.toContain('Persoon0');
    for (const [i, p] of [...named, unnamed].entries()) {
      for (const hidden of ['Persoon1', 'Persoon2', 'Persoon4', 'Persoon5'].filter((n) => n !== `Persoon${i}`)) {
        expect(text(p), `phone ${i} learns ${hidden}`).not.toContain(hidden);
      }
      for (const pid of [...pids, unnamedPid].filter((x) => x !== (p.hello as { participantId: string }).participantId)) {
        expect(text(p), `phone ${i} learns an id`).not.toContain(pid);
      }
    }
    const board = text(b);
    for (const shownName of ['Persoon0', 'Persoon3']) expect(board).toContain(shownName);
    for (const hidden of ['Persoon1', 'Persoon2', 'Persoon4', 'Persoon5'])
      expect(board, `the board learns ${hidden}`).not.toContain(hidden);
    for (const pid of [...pids, unnamedPid]) expect(board).not.toContain(pid);
  });
});
