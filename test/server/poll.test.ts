/** The quick poll on real sockets: what reaches each phone and the board (rule ids: test/SPEC.md). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { events, type PollState } from '../../shared/activities/poll/schema.ts';
import { translate } from '../../shared/i18n/index.ts';
import { board, createSession, facilitator, participant, Peer, tick } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();

type Ev = Record<string, unknown> & { type: string };
const frames = (p: Peer): Ev[] => p.wire.filter(([e]) => e === 'frame').flatMap(([, f]) => (f as { events: Ev[] }).events);
const pollFrames = (p: Peer) => frames(p).filter((e) => e.type.startsWith('poll.'));
const EVENT = v.union([...events]);

async function room() {
  const server = await serve();
  const s = await createSession(server.url, 'Peiling op de draad');
  const f = track(await facilitator(server.url, s));
  const b = track(await board(server.url, s));
  const phones: Peer[] = [];
  for (let i = 0; i < 3; i++) phones.push(track(await participant(server.url, s, { name: `Deelnemer Naam${i}` })));
  const pids = phones.map((p) => (p.hello as { participantId: string }).participantId);
  const config = {
    question: 'Welke dag past?',
    mode: 'multiple',
    options: [
      { id: 'optMaandag', text: 'Maandag' },
      { id: 'optDinsdag', text: 'Dinsdag' },
      { id: 'optWoensdag', text: 'Woensdag' },
    ],
    maxChoices: 2,
    scaleLow: '',
    scaleHigh: '',
  };
  expect(await f.cmd('agenda.add', { activity: { kind: 'poll', title: 'Vergaderdag', config } })).toMatchObject({ ok: true });
  const id = f.view!.agenda.at(-1)!.id;
  const index = f.view!.agenda.length - 1;
  expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });
  const st = (p: Peer) => p.view!.agenda[index].state as PollState;
  return { server, s, f, b, phones, pids, id, st };
}

describe('quick poll on the wire', () => {
  it('R-POLL-HIDDEN: before the reveal no phone and not the board receives a tally or another’s answer; after it, counts but never whose', async () => {
    const { f, b, phones, pids, id, st } = await room();
    const answer = (p: Peer, ...keys: string[]) => p.cmd('poll.answer', { activityId: id, answer: keys });
    expect(await answer(phones[0], 'optMaandag', 'optDinsdag')).toMatchObject({ ok: true });
    expect(await answer(phones[1], 'optDinsdag')).toMatchObject({ ok: true });
    expect(await answer(phones[2], 'optWoensdag')).toMatchObject({ ok: true });
    expect(await answer(phones[1], 'optMaandag', 'optWoensdag')).toMatchObject({ ok: true }); // a change
    // R-POLL-ONE: the limit of two choices holds on the wire too.
    expect(await answer(phones[2], 'optMaandag', 'optDinsdag', 'optWoensdag')).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_REACHED' },
    });
    await b.until((v) => (v.agenda.at(-1)!.state as PollState).respondents === 3);
    await f.until((v) => Object.keys((v.agenda.at(-1)!.state as PollState).answers).length === 3);
    await tick(100);

    const hidden = (viewer: Peer, own?: string) => {
      const polls = pollFrames(viewer);
      const mine = polls.filter((e) => e.pid !== undefined);
      expect(mine.every((e) => e.pid === own)).toBe(true);
      // Others' answers: at most "one more answered".
      expect(polls.filter((e) => e.pid === undefined).map((e) => e.type)).toEqual(
        polls.filter((e) => e.pid === undefined).map(() => 'poll.counted'),
      );
      const text = viewer.wireText() + JSON.stringify(viewer.hello);
      expect(text).not.toMatch(/"tally":\{/);
      for (const pid of pids.filter((p) => p !== own)) expect(text).not.toContain(pid);
      expect(st(viewer).tally).toBeNull();
      expect(Object.keys(st(viewer).answers)).toEqual(own ? [own] : []);
      expect(st(viewer).respondents).toBe(3);
    };
    hidden(b);
    phones.forEach((p, i) => hidden(p, pids[i]));
    expect(st(phones[1]).answers[pids[1]]).toEqual(['optMaandag', 'optWoensdag']);
    // The facilitator sees every answer, live.
    expect(st(f).answers).toEqual({
      [pids[0]]: ['optMaandag', 'optDinsdag'],
      [pids[1]]: ['optMaandag', 'optWoensdag'],
      [pids[2]]: ['optWoensdag'],
    });

    // A phone cannot reveal; the facilitator can, and the counts reach everyone.
    expect(await phones[0].cmd('poll.reveal', { activityId: id, revealed: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(await f.cmd('poll.reveal', { activityId: id, revealed: true })).toMatchObject({ ok: true });
    for (const p of [b, ...phones]) await p.until(() => st(p).tally !== null);
    for (const p of [b, ...phones]) expect(st(p).tally).toEqual({ optMaandag: 2, optDinsdag: 1, optWoensdag: 2 });
    // After the reveal a change moves the counts for everyone, still without an id.
    expect(await answer(phones[2], 'optDinsdag')).toMatchObject({ ok: true });
    for (const p of [b, ...phones]) await p.until(() => st(p).tally?.optDinsdag === 2);
    expect(st(b).tally).toEqual({ optMaandag: 2, optDinsdag: 2, optWoensdag: 1 });
    expect(pollFrames(b).at(-1)).toMatchObject({ type: 'poll.shifted', delta: 0, from: ['optWoensdag'], to: ['optDinsdag'] });
    for (const [i, p] of [b, ...phones].entries()) {
      const own = i ? pids[i - 1] : undefined;
      for (const pid of pids.filter((x) => x !== own)) expect(p.wireText(), `viewer ${i}`).not.toContain(pid);
      expect(Object.keys(st(p).answers)).toEqual(own ? [own] : []);
    }
    // Every poll event any socket received fits the kind's schemas exactly.
    for (const p of [f, b, ...phones]) {
      for (const { seq: _s, at: _a, ...e } of pollFrames(p)) expect(v.safeParse(EVENT, e).issues, JSON.stringify(e)).toBeUndefined();
    }
  });

  it('R-POLL-ONE: closing input freezes answers on the wire; R-POLL-REPORT: the markdown report holds the poll', async () => {
    const { server, s, f, phones, id, st } = await room();
    expect(await phones[0].cmd('poll.answer', { activityId: id, answer: ['optMaandag'] })).toMatchObject({ ok: true });
    expect(await phones[1].cmd('poll.answer', { activityId: id, answer: ['optMaandag', 'optDinsdag'] })).toMatchObject({ ok: true });
    expect(await f.cmd('activity.lock', { activityId: id, locked: true })).toMatchObject({ ok: true });
    expect(await phones[0].cmd('poll.answer', { activityId: id, answer: ['optDinsdag'] })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    expect(await phones[2].cmd('poll.answer', { activityId: id, answer: ['optDinsdag'] })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    await f.until(() => st(f).respondents === 2);
    const res = await fetch(`${server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    expect(res.status).toBe(200);
    const md = await res.text();
    const nl = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);
    expect(md).toContain('## Vergaderdag');
    expect(md).toContain('**Welke dag past?**');
    expect(md).toContain(nl('poll.report.respondentsMultiple', { count: 2 }));
    expect(md).toContain(`| ${nl('poll.report.answer')} | ${nl('poll.report.count')} | ${nl('poll.report.percent')} |`);
    expect(md).toContain('| Maandag | 2 | 100% |');
    expect(md).toContain('| Dinsdag | 1 | 50% |');
    expect(md).toContain('| Woensdag | 0 | 0% |');
    const csv = await (
      await fetch(`${server.url}/api/sessions/${s.sessionId}/report/csv`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } })
    ).text();
    expect(csv).toContain('Vergaderdag,poll,,,Maandag,2');
  });
});
