/** The brainstorm on real sockets: what reaches other phones and the board (rule ids: test/SPEC.md). */
import { describe, expect, it } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import { participant, tick, type Peer } from '../helpers/client.ts';
import { ok, rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { learningNetwork, room } = rooms(lifecycle());

type Ev = Record<string, unknown> & { type: string; seq: number };
const frameEvents = (p: Peer, from = 0): Ev[] =>
  p.wire
    .slice(from)
    .filter(([e]) => e === 'frame')
    .flatMap(([, f]) => (f as { events: Ev[] }).events);

/** An empty session with a brainstorm of up to 20 post-its per person, shown; `n` phones. */
async function wall(n: number) {
  const r = await room(n);
  const config = {
    prompt: 'Wat neem je mee?',
    columns: [],
    maxPerPerson: 20,
    maxLength: 280,
    allowNames: false,
    privateUntilReveal: false,
  };
  await ok(r.f, 'agenda.add', { activity: { kind: 'brainstorm', title: 'Engagementen', config } });
  const id = r.f.view!.agenda.at(-1)!.id;
  await ok(r.f, 'agenda.goto', { activityId: id });
  const st = (p: Peer) => p.view!.agenda.find((a) => a.id === id)!.state as BrainstormState;
  const idOf = (text: string) => st(r.f).items.find((i) => i.text === text)!.id;
  return { ...r, id, st, idOf };
}

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

  it('R-BRAIN-SPOTLIGHT, R-BRAIN-PAGES: the board and phones never receive a hidden post-it through the spotlight or the pages', async () => {
    const { server, s, f, b, phones, id, st, idOf } = await wall(2);
    const secret = ['Geheim: de naam van mijn collega', 'Ook geheim: een scheldwoord'];
    for (const text of ['Fietsenstalling aan het station', 'Meer zitbanken', ...secret])
      await ok(phones[0], 'brainstorm.add', { activityId: id, text, column: null, showName: false });
    await f.until(() => st(f).items.length === 4);
    // Hidden: one alone, one in bulk. From then on nothing of them may reach the board or another phone.
    await ok(f, 'brainstorm.hide', { activityId: id, itemId: idOf(secret[0]), hidden: true });
    await ok(f, 'brainstorm.bulk', { activityId: id, itemIds: [idOf(secret[1])], action: 'hide' });
    await b.until((v) => (v.agenda.at(-1)!.state as BrainstormState).items.length === 2);
    const mark = [b, phones[1]].map((p) => p.wire.length);

    // A hidden post-it cannot be spotlit: refused, and nothing changes.
    const seq = f.view!.seq;
    expect(await f.cmd('brainstorm.spotlight', { activityId: id, itemId: idOf(secret[0]), clusterId: null })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED', reason: 'hidden' },
    });
    // Only the facilitator: a phone is refused.
    const visible = idOf('Meer zitbanken');
    expect(await phones[1].cmd('brainstorm.spotlight', { activityId: id, itemId: visible, clusterId: null })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(await b.cmd('brainstorm.page', { activityId: id, page: 1, auto: false })).toMatchObject({ ok: false });
    await tick(50);
    expect(f.view!.seq).toBe(seq);

    // A visible one: the board holds its id, shows it from what it already has.
    await ok(f, 'brainstorm.spotlight', { activityId: id, itemId: visible, clusterId: null });
    await b.until(() => JSON.stringify(st(b).spotlight) === JSON.stringify({ itemId: visible }));
    await ok(f, 'brainstorm.page', { activityId: id, page: 3, auto: false });
    await phones[1].until(() => st(phones[1]).paging?.page === 3);
    expect(st(b).paging).toMatchObject({ page: 3, auto: false });
    // Hiding the spotlit post-it sends the board back to the wall.
    await ok(f, 'brainstorm.bulk', { activityId: id, itemIds: [visible], action: 'hide' });
    await b.until(() => st(b).spotlight === null && st(b).items.length === 1);
    await ok(f, 'brainstorm.page', { activityId: id, page: 0, auto: true });
    await b.until(() => st(b).paging?.auto === true);

    for (const [n, p] of [b, phones[1]].entries()) {
      const after = JSON.stringify(p.wire.slice(mark[n]));
      for (const text of [...secret, 'Meer zitbanken']) expect(after, `${p.viewer?.role} after hiding`).not.toContain(text);
      // The spotlight and the pages carry ids and numbers, never a text.
      for (const ev of frameEvents(p, mark[n]).filter((e) => e.type === 'brainstorm.spotlit' || e.type === 'brainstorm.paged'))
        expect(Object.keys(ev).sort(), ev.type).toEqual(
          ['activityId', 'at', ev.type === 'brainstorm.spotlit' ? 'spotlight' : 'paging', 'seq', 'type'].sort(),
        );
    }
    // A phone that joins now gets the wall without them, in its snapshot too.
    const late = await participant(server.url, s, { name: 'Laat' });
    expect(JSON.stringify(late.hello)).not.toContain('geheim');
    expect(JSON.stringify(late.hello)).not.toContain('Geheim');
    late.close();
  });

  it('R-BRAIN-BULK: ten post-its into a new cluster are one command and one ack; a bad id anywhere changes nothing', async () => {
    const { f, b, phones, id, st } = await wall(2);
    for (let i = 0; i < 12; i++)
      await ok(phones[i % 2], 'brainstorm.add', { activityId: id, text: `Idee ${i}`, column: null, showName: false });
    await f.until(() => st(f).items.length === 12);
    const ten = st(f)
      .items.slice(0, 10)
      .map((i) => i.id);
    const mark = f.wire.length;
    const before = f.view!.seq;

    // All or nothing: one unknown id among ten refuses the whole command.
    expect(
      await f.cmd('brainstorm.bulk', {
        activityId: id,
        itemIds: [...ten.slice(0, 9), 'nosuchpostit'],
        action: 'newCluster',
        title: 'Mobiliteit',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // The schema on the wire: ids once each, at most 400.
    expect(await f.cmd('brainstorm.bulk', { activityId: id, itemIds: [ten[0], ten[0]], action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    });
    expect(
      await f.cmd('brainstorm.bulk', { activityId: id, itemIds: Array.from({ length: 401 }, (_, i) => `postit${i}`), action: 'hide' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    // A participant may not.
    expect(await phones[0].cmd('brainstorm.bulk', { activityId: id, itemIds: ten, action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    await tick(50);
    expect(f.view!.seq).toBe(before);
    expect(st(f).clusters).toEqual([]);

    const ack = await f.cmd('brainstorm.bulk', { activityId: id, itemIds: ten, action: 'newCluster', title: 'Mobiliteit' });
    expect(ack).toMatchObject({ ok: true, seq: before + 11 });
    await b.until(() => st(b).items.filter((i) => i.clusterId !== null).length === 10);
    const cluster = st(f).clusters[0];
    expect(cluster.title).toBe('Mobiliteit');
    expect(
      st(b)
        .items.filter((i) => i.clusterId === cluster.id)
        .map((i) => i.id),
    ).toEqual(ten);
    // What the console heard: exactly the command's events, one cluster and ten post-its in it.
    const heard = frameEvents(f, mark).filter((e) => e.type.startsWith('brainstorm.'));
    expect(heard.map((e) => e.type)).toEqual(['brainstorm.clusterAdded', ...Array(10).fill('brainstorm.clustered')]);
    expect(heard.every((e) => e.seq > before && e.seq <= before + 11)).toBe(true);
  });
});
