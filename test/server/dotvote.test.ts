/**
 * The dot vote on real sockets: nothing of the tally before the reveal; a vote on a
 * brainstorm's clusters, tallied per cluster on the board and in the report (rule ids:
 * test/SPEC.md).
 */
import { describe, expect, it } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { translate } from '../../shared/i18n/index.ts';
import { tick, type Peer } from '../helpers/client.ts';
import { brainstormDraft, voteDraft } from '../helpers/drafts.ts';
import { ok, rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { learningNetwork, room } = rooms(lifecycle());
const nl = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);

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

describe('a dot vote on clusters on the wire (R-DOT-UNIT)', () => {
  it('the phones get the clusters as items, their dots land on cluster ids, the board and the report tally per cluster', async () => {
    const { server, s, f, b, phones } = await room(3);
    await ok(f, 'agenda.add', { activity: brainstormDraft({ maxPerPerson: 5 }) });
    const brain = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: brain });
    const texts = ['Meer fietsenstallingen', 'Een betere bus', 'Een buurtpark', 'Bomen in de straat', 'Een dorpsfeest'];
    for (const [i, text] of texts.entries())
      await ok(phones[i % 3], 'brainstorm.add', { activityId: brain, text, column: null, showName: false });
    await f.until((v) => (v.agenda.find((a) => a.id === brain)!.state as BrainstormState).items.length === 5);
    const bs = () => f.view!.agenda.find((a) => a.id === brain)!.state as BrainstormState;
    for (const title of ['Mobiliteit', 'Groen', 'Samen']) await ok(f, 'brainstorm.clusterAdd', { activityId: brain, title });
    await f.until(() => bs().clusters.length === 3);
    const [mob, groen, samen] = bs().clusters.map((k) => k.id);
    const idOf = (text: string) => bs().items.find((i) => i.text === text)!.id;
    for (const [text, k] of [
      ['Meer fietsenstallingen', mob],
      ['Een betere bus', mob],
      ['Een buurtpark', groen],
      ['Bomen in de straat', groen],
      ['Een dorpsfeest', samen],
    ] as const)
      await ok(f, 'brainstorm.cluster', { activityId: brain, itemId: idOf(text), clusterId: k });

    await ok(f, 'agenda.add', { activity: voteDraft({ items: [], sourceId: brain, unit: 'clusters', budget: 3 }) });
    const vote = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: vote });
    const onPhone = (p: Peer) => p.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState;
    await phones[0].until(() => onPhone(phones[0]).items.length === 3);
    expect(onPhone(phones[0]).unit).toBe('clusters');
    expect(onPhone(phones[0]).items).toEqual([
      { id: mob, text: 'Mobiliteit', merged: ['Meer fietsenstallingen', 'Een betere bus'] },
      { id: groen, text: 'Groen', merged: ['Een buurtpark', 'Bomen in de straat'] },
      { id: samen, text: 'Samen', merged: ['Een dorpsfeest'] },
    ]);
    // A post-it is not an item of this vote.
    expect(await phones[0].cmd('dotvote.place', { activityId: vote, itemId: idOf('Een betere bus') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Mobiliteit 3 + 1, Groen 2 + 2: a tie for the first place; Samen none.
    for (const [p, k, n] of [
      [0, mob, 3],
      [1, mob, 1],
      [1, groen, 2],
      [2, groen, 2],
    ] as const)
      for (let i = 0; i < n; i++) await ok(phones[p], 'dotvote.place', { activityId: vote, itemId: k });
    await ok(f, 'dotvote.reveal', { activityId: vote, revealed: true });
    await b.until((v) => (v.agenda.find((a) => a.id === vote)!.state as DotvoteState).tally !== null);
    expect((b.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState).tally).toEqual({ [mob]: 4, [groen]: 4, [samen]: 0 });

    const res = await fetch(`${server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    expect(res.status).toBe(200);
    const md = await res.text();
    const part = md.slice(md.indexOf('## Stemmen'));
    expect(part).toContain(nl('report.dotvote.onClusters'));
    expect(part).toContain(`| ${nl('report.dotvote.rankTied', { rank: 1 })} | Mobiliteit | ${nl('report.votes', { count: 4 })} |`);
    expect(part).toContain(`| ${nl('report.dotvote.rankTied', { rank: 1 })} | Groen | ${nl('report.votes', { count: 4 })} |`);
    expect(part).not.toMatch(/\| Samen \|/);
    expect(part).toContain(`_${nl('report.dotvote.noDots', { count: 1 })}_\n\n- Samen`);
    expect(part).not.toMatch(/\d=/);
  });
});
