/** Wire tests for the session flow on real sockets (issue 3). Rule ids: test/SPEC.md. */
import { describe, expect, it } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { board, facilitator, participant, Peer, tick } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const { serve, track } = lifecycle();

async function learningNetwork() {
  server = await serve();
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Lerend netwerk', lang: 'nl', template: 'learningNetwork' }),
  });
  const s = (await res.json()) as CreatedSession;
  const f = track(await facilitator(server.url, s));
  const b = track(await board(server.url, s));
  const phones: Peer[] = [];
  for (let i = 0; i < 4; i++) phones.push(track(await participant(server.url, s, { name: `Deelnemer Naam${i}` })));
  const ids = f.view!.agenda.map((a) => a.id);
  return { s, f, b, phones, ids, pids: phones.map((p) => (p.hello as { participantId: string }).participantId) };
}

const frames = (p: Peer) => p.wire.filter(([e]) => e === 'frame').flatMap(([, f]) => (f as { events: Record<string, unknown>[] }).events);

describe('issue 3 on the wire', () => {
  it('R-BRAIN-ANON: an anonymous post-it never carries its author to other phones or the board', async () => {
    const { f, b, phones, ids, pids } = await learningNetwork();
    const eng = ids[4];
    await f.cmd('agenda.goto', { activityId: eng });
    for (const [i, p] of phones.entries()) {
      expect(await p.cmd('brainstorm.add', { activityId: eng, text: `Engagement van ${i}`, column: null, showName: false })).toMatchObject({ ok: true });
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

  it('R-DOT-HIDDEN: before the reveal no phone and not the board receives a tally or another participant’s dots', async () => {
    const { f, b, phones, ids, pids } = await learningNetwork();
    const [eng, vote] = [ids[4], ids[5]];
    await f.cmd('agenda.goto', { activityId: eng });
    for (const [i, p] of phones.entries()) await p.cmd('brainstorm.add', { activityId: eng, text: `E${i}`, column: null, showName: false });
    await f.cmd('agenda.goto', { activityId: vote });
    await phones[0].until((v) => (v.agenda[5].state as DotvoteState).items.length === 4);
    const items = (phones[0].view!.agenda[5].state as DotvoteState).items;
    for (const [i, p] of phones.entries()) {
      for (let d = 0; d < 5; d++) expect(await p.cmd('dotvote.place', { activityId: vote, itemId: items[(i + d) % 2].id })).toMatchObject({ ok: true });
    }
    expect(await phones[0].cmd('dotvote.place', { activityId: vote, itemId: items[3].id })).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED' } });
    await b.until((v) => (v.agenda[5].state as DotvoteState).voters === 4);
    await tick(100);
    const checkHidden = (viewer: Peer, own?: string) => {
      const dots = frames(viewer).filter((e) => e.type === 'dotvote.dotted');
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

  it('R-TIMER: the server expires the countdown and closes input at zero', async () => {
    const { f, phones, ids } = await learningNetwork();
    const eng = ids[4];
    await f.cmd('agenda.goto', { activityId: eng });
    expect(await f.cmd('timer.start', { seconds: 5, activityId: eng, lockAtZero: true })).toMatchObject({ ok: true });
    expect(phones[0].hello).toMatchObject({ now: expect.any(Number) });
    await phones[0].until((v) => v.timer?.endsAt !== null && v.timer !== null);
    await phones[0].until((v) => v.timer?.expired === true && v.agenda[4].locked, 8000);
    expect(await phones[0].cmd('brainstorm.add', { activityId: eng, text: 'Te laat', column: null, showName: false })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  }, 15_000);
});
