/** Table-driven tests of the session-flow kinds (check-in, brainstorm, dot vote) and the timer. */
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { CheckinState } from '../../shared/activities/checkin/index.ts';
import { ranking, type DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { Viewer } from '../../shared/model.ts';
import { B, F, P, Script } from '../helpers/script.ts';

const brainstormDraft = (over: Record<string, unknown> = {}) => ({
  kind: 'brainstorm',
  title: 'Engagementen',
  config: { prompt: 'Welke engagementen?', columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: false, ...over },
});
const voteDraft = (over: Record<string, unknown> = {}) => ({
  kind: 'dotvote',
  title: 'Stemmen',
  config: {
    prompt: '',
    sourceId: null,
    items: [{ id: 'item1', text: 'A' }, { id: 'item2', text: 'B' }, { id: 'item3', text: 'C' }],
    budget: 5,
    stacking: true,
    capPerItem: null,
    ...over,
  },
});

function open(s: Script, id: string) {
  s.ok(F, { type: 'agenda.goto', activityId: id });
}

describe('check-in (R-CHECKIN-*)', () => {
  const setup = () => {
    const s = new Script();
    const id = s.add({ kind: 'checkin', title: 'Check-in', config: { mode: 'checkin', prompts: ['Hoe kom je binnen?'] } });
    open(s, id);
    return { s, id, st: () => s.activity<CheckinState>(id).state };
  };

  it('R-CHECKIN-RESPOND: answer, pass, and answer again replaces', () => {
    const { s, id, st } = setup();
    s.ok(P(1), { type: 'checkin.respond', activityId: id, answer: 'Moe maar blij', passed: false });
    s.ok(P(2), { type: 'checkin.respond', activityId: id, answer: '', passed: true });
    s.ok(P(1), { type: 'checkin.respond', activityId: id, answer: 'Blij', passed: false });
    const rs = Object.values(st().responses);
    expect(rs).toHaveLength(2);
    expect(rs.find((r) => r.pid === 'pid1')!.answer).toBe('Blij');
    expect(rs.find((r) => r.pid === 'pid2')!.passed).toBe(true);
    expect(s.run(F, { type: 'checkin.respond', activityId: id, answer: 'x', passed: false })).toBe('NOT_ALLOWED');
  });

  it('R-CHECKIN-QUEUE: ask to speak, leave, and the facilitator marks who has spoken', () => {
    const { s, id, st } = setup();
    s.ok(P(1), { type: 'checkin.speak', activityId: id, want: true });
    s.ok(P(2), { type: 'checkin.speak', activityId: id, want: true });
    s.ok(P(1), { type: 'checkin.speak', activityId: id, want: true }); // twice: still once
    expect(st().queue.map((e) => e.pid)).toEqual(['pid1', 'pid2']);
    expect(st().queue[0].name).toBe('Name1');
    expect(s.run(P(2), { type: 'checkin.spoken', activityId: id, entryId: st().queue[0].id })).toBe('NOT_ALLOWED');
    s.ok(F, { type: 'checkin.spoken', activityId: id, entryId: st().queue[0].id });
    s.ok(P(2), { type: 'checkin.speak', activityId: id, want: false });
    expect(st().queue).toEqual([]);
  });

  it('R-CHECKIN-SHOW: answers reach the board only when shown, never with names; phones never get them', () => {
    const { s, id } = setup();
    s.ok(P(1), { type: 'checkin.respond', activityId: id, answer: 'Geheim antwoord', passed: false });
    s.ok(P(1), { type: 'checkin.speak', activityId: id, want: true });
    const board = () => projectState(s.state, { role: 'board' }).agenda.find((a) => a.id === id)!.state as CheckinState;
    expect(JSON.stringify(board())).not.toContain('Geheim antwoord');
    expect(s.wire({ role: 'board' })).not.toContain('Geheim antwoord');
    s.ok(F, { type: 'checkin.show', activityId: id, show: true });
    s.ok(P(2), { type: 'checkin.respond', activityId: id, answer: 'Later antwoord', passed: false });
    expect(Object.values(board().responses).map((r) => r.answer).sort()).toEqual(['Geheim antwoord', 'Later antwoord']);
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid3' }] as Viewer[]) {
      const wire = s.wire(viewer) + JSON.stringify(projectState(s.state, viewer));
      expect(wire).not.toMatch(/pid1|pid2|Name1|Name2/);
    }
    expect(s.wire({ role: 'participant', participantId: 'pid3' })).not.toContain('antwoord');
    s.ok(F, { type: 'checkin.show', activityId: id, show: false });
    expect(JSON.stringify(board())).not.toContain('antwoord');
  });
});

describe('brainstorm (R-BRAIN-*)', () => {
  it.each([
    ['R-BRAIN-CAP: a fourth post-it is refused', {}, ['a', 'b', 'c', 'd'], ['ok', 'ok', 'ok', 'LIMIT_REACHED']],
    ['R-BRAIN-CAP: the cap follows the config', { maxPerPerson: 1 }, ['a', 'b'], ['ok', 'LIMIT_REACHED']],
    ['R-BRAIN-LENGTH: longer than the maximum', { maxLength: 10 }, ['0123456789', '0123456789x'], ['ok', 'INVALID']],
  ] as const)('%s', (_n, over, texts, expected) => {
    const s = new Script();
    const id = s.add(brainstormDraft(over));
    open(s, id);
    expect(texts.map((text) => s.run(P(1), { type: 'brainstorm.add', activityId: id, text, column: null, showName: false }))).toEqual(expected);
  });

  it('R-BRAIN-CAP: deleting one frees a place; the facilitator has no cap', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ maxPerPerson: 1 }));
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: null, showName: false });
    const item = s.activity<BrainstormState>(id).state.items[0].id;
    s.ok(P(1), { type: 'brainstorm.delete', activityId: id, itemId: item });
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'b', column: null, showName: false });
    for (let i = 0; i < 5; i++) s.ok(F, { type: 'brainstorm.add', activityId: id, text: `f${i}`, column: null, showName: false });
  });

  it('R-BRAIN-COLUMN: columns must exist', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ columns: ['Racisme', 'Stereotypen', 'Dekolonisering'] }));
    open(s, id);
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: 2, showName: false })).toBe('ok');
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: 3, showName: false })).toBe('INVALID');
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: null, showName: false })).toBe('INVALID');
  });

  it('R-BRAIN-OWN: who may edit or delete', () => {
    const s = new Script();
    const id = s.add(brainstormDraft());
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Mijn idee', column: null, showName: false });
    const item = s.activity<BrainstormState>(id).state.items[0].id;
    const cases: [ReturnType<typeof P>, string, Record<string, unknown>, string][] = [
      [P(2), 'brainstorm.edit', { text: 'x' }, 'NOT_ALLOWED'],
      [P(2), 'brainstorm.delete', {}, 'NOT_ALLOWED'],
      [B, 'brainstorm.edit', { text: 'x' }, 'NOT_ALLOWED'],
      [P(1), 'brainstorm.edit', { text: 'Mijn idee!' }, 'ok'],
      [F, 'brainstorm.edit', { text: 'Mijn idee (typo fixed)' }, 'ok'],
      [F, 'brainstorm.delete', {}, 'NOT_ALLOWED'],
      [P(2), 'brainstorm.hide', { hidden: true }, 'NOT_ALLOWED'],
      [P(1), 'brainstorm.delete', {}, 'ok'],
    ];
    for (const [actor, type, extra, expected] of cases) {
      expect([type, s.run(actor, { type, activityId: id, itemId: item, ...extra })]).toEqual([type, expected]);
    }
  });

  it('R-BRAIN-HIDE: a hidden post-it reaches only the facilitator and its author, and can be restored', () => {
    const s = new Script();
    const id = s.add(brainstormDraft());
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Haatspraak hier', column: null, showName: false });
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const item = s.activity<BrainstormState>(id).state.items[0].id;
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: item, hidden: true });
    const items = (v: Viewer) => (projectState(s.state, v).agenda.find((a) => a.id === id)!.state as BrainstormState).items;
    expect(items({ role: 'board' })).toEqual([]);
    expect(items({ role: 'participant', participantId: 'pid2' })).toEqual([]);
    expect(items({ role: 'participant', participantId: 'pid1' })[0]).toMatchObject({ text: 'Haatspraak hier', hidden: true });
    expect(items({ role: 'facilitator' })[0]).toMatchObject({ hidden: true });
    // A phone that held the post-it drops it from the frame it receives.
    const other = s.viewFrom({ role: 'participant', participantId: 'pid2' }, from, start);
    expect((other.agenda.find((a) => a.id === id)!.state as BrainstormState).items).toEqual([]);
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: item, hidden: false });
    expect(items({ role: 'board' })[0]).toMatchObject({ text: 'Haatspraak hier', hidden: false });
  });

  it('R-BRAIN-ANON: an anonymous post-it never carries its author to others; a shown name only by choice', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ allowNames: true }));
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'anoniem', column: null, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'met naam', column: null, showName: true });
    const items = s.activity<BrainstormState>(id).state.items;
    s.ok(P(1), { type: 'brainstorm.edit', activityId: id, itemId: items[0].id, text: 'anoniem bewerkt' });
    s.ok(F, { type: 'brainstorm.merge', activityId: id, itemId: items[1].id, otherId: items[0].id });
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid3' }] as Viewer[]) {
      const seen = s.wire(viewer) + JSON.stringify(projectState(s.state, viewer));
      expect(seen).not.toMatch(/pid1|pid2|Name1/);
      expect(seen).toContain('Name2'); // chosen by its author
    }
  });

  it('R-BRAIN-PRIVATE: each phone sees only its own post-its until the reveal', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ privateUntilReveal: true }));
    open(s, id);
    const start = structuredClone(s.state);
    const from = s.state.seq;
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'eerste', column: null, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'tweede', column: null, showName: false });
    const texts = (v: Viewer) => (s.viewFrom(v, from, start).agenda.find((a) => a.id === id)!.state as BrainstormState).items.map((i) => i.text ?? '·');
    expect(texts({ role: 'participant', participantId: 'pid1' })).toEqual(['eerste', '·']);
    expect(texts({ role: 'board' })).toEqual(['·', '·']);
    expect(s.wire({ role: 'board' })).not.toContain('eerste');
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: true });
    expect(texts({ role: 'board' })).toEqual(['eerste', 'tweede']);
    expect(texts({ role: 'participant', participantId: 'pid1' })).toEqual(['eerste', 'tweede']);
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: false });
    expect(texts({ role: 'participant', participantId: 'pid1' })).toEqual(['eerste', '·']);
    expect(texts({ role: 'facilitator' })).toEqual(['eerste', 'tweede']);
  });

  it('R-BRAIN-MERGE: merging keeps both texts; move and cluster', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ columns: ['A', 'B'] }));
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Vormingen volgen', column: 0, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'Vorming volgen', column: 0, showName: false });
    const [a, b] = s.activity<BrainstormState>(id).state.items;
    s.ok(F, { type: 'brainstorm.merge', activityId: id, itemId: a.id, otherId: b.id });
    s.ok(F, { type: 'brainstorm.move', activityId: id, itemId: a.id, column: 1 });
    s.ok(F, { type: 'brainstorm.clusterAdd', activityId: id, title: 'Leren' });
    const cluster = s.activity<BrainstormState>(id).state.clusters[0].id;
    s.ok(F, { type: 'brainstorm.cluster', activityId: id, itemId: a.id, clusterId: cluster });
    const st = s.activity<BrainstormState>(id).state;
    expect(st.items).toHaveLength(1);
    expect(st.items[0]).toMatchObject({ text: 'Vormingen volgen', merged: ['Vorming volgen'], column: 1, clusterId: cluster });
    expect(s.run(F, { type: 'brainstorm.merge', activityId: id, itemId: a.id, otherId: a.id })).toBe('INVALID');
  });
});

describe('dot vote (R-DOT-*)', () => {
  const place = (itemId: string) => ({ type: 'dotvote.place', itemId });
  const take = (itemId: string) => ({ type: 'dotvote.unplace', itemId });
  it.each([
    ['R-DOT-BUDGET: 5 dots, the sixth refused', {}, [...Array(5).fill(place('item1')), place('item2')], ['ok', 'ok', 'ok', 'ok', 'ok', 'LIMIT_REACHED']],
    ['R-DOT-BUDGET: a budget of 2', { budget: 2 }, [place('item1'), place('item2'), place('item3')], ['ok', 'ok', 'LIMIT_REACHED']],
    ['R-DOT-STACK: stacking off allows one per item', { stacking: false }, [place('item1'), place('item1'), place('item2')], ['ok', 'LIMIT_REACHED', 'ok']],
    ['R-DOT-CAP: at most 2 on one item', { capPerItem: 2 }, [place('item1'), place('item1'), place('item1'), place('item2')], ['ok', 'ok', 'LIMIT_REACHED', 'ok']],
    ['R-DOT-TAKEBACK: take one back and spend it again', {}, [...Array(5).fill(place('item1')), take('item1'), place('item2')], ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']],
    ['R-DOT-TAKEBACK: cannot take back what is not there', {}, [take('item1')], ['NOT_FOUND']],
    ['an unknown item', {}, [place('nope0')], ['NOT_FOUND']],
  ] as const)('%s', (_n, over, cmds, expected) => {
    const s = new Script();
    const id = s.add(voteDraft(over));
    open(s, id);
    expect(cmds.map((c) => s.run(P(1), { ...c, activityId: id }))).toEqual(expected);
  });

  it('R-DOT-HIDDEN: before the reveal no phone and not the board gets a tally or others’ dots', () => {
    const s = new Script();
    const id = s.add(voteDraft());
    open(s, id);
    const start = structuredClone(s.state);
    const from = s.state.seq;
    for (const n of [1, 2, 3]) for (let i = 0; i < 5; i++) s.ok(P(n), { type: 'dotvote.place', activityId: id, itemId: i < n ? 'item2' : 'item1' });
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      const wire = s.wire(viewer);
      const dots = (JSON.parse(wire) as { type: string; pid?: string; itemId?: string }[]).filter((e) => e.type === 'dotvote.dotted');
      // No dot of anyone else, not even which item it went to.
      expect(dots.filter((e) => e.itemId !== undefined && e.pid !== viewer.participantId)).toEqual([]);
      expect(wire).not.toMatch(/pid2|pid3/);
      const st = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as DotvoteState;
      expect(st.tally).toBeNull();
      expect(Object.keys(st.dots).filter((p) => p !== 'pid1')).toEqual([]);
      expect(st.voters).toBe(3); // progress only
    }
    const mine = s.viewFrom({ role: 'participant', participantId: 'pid1' }, from, start).agenda.find((a) => a.id === id)!.state as DotvoteState;
    expect(mine.dots).toEqual({ pid1: { item1: 4, item2: 1 } });
    // The facilitator may peek.
    expect((projectState(s.state, { role: 'facilitator' }).agenda.find((a) => a.id === id)!.state as DotvoteState).dots.pid3).toEqual({ item2: 3, item1: 2 });
    s.ok(F, { type: 'dotvote.reveal', activityId: id, revealed: true });
    const board = s.viewFrom({ role: 'board' }, from, start).agenda.find((a) => a.id === id)!.state as DotvoteState;
    expect(board.tally).toEqual({ item1: 9, item2: 6, item3: 0 });
    expect(s.run(P(1), { type: 'dotvote.reveal', activityId: id, revealed: false })).toBe('NOT_ALLOWED');
  });

  it('R-DOT-RANK: a ranking with counts; ties share a rank', () => {
    const items = ['a', 'b', 'c', 'd'].map((x) => ({ id: `id-${x}`, text: x }));
    const r = ranking(items, { 'id-a': 3, 'id-b': 6, 'id-c': 3, 'id-d': 1 });
    expect(r.map((x) => [x.item.text, x.votes, x.rank, x.tied])).toEqual([
      ['b', 6, 1, false],
      ['a', 3, 2, true],
      ['c', 3, 2, true],
      ['d', 1, 4, false],
    ]);
  });

  it('R-DOT-LOAD, R-DOT-CARRY: a vote takes the brainstorm’s visible post-its; the top items carry forward', () => {
    const s = new Script();
    const b = s.add(brainstormDraft());
    open(s, b);
    for (const [n, t] of [[1, 'Ervaringsdeskundigen'], [2, 'Vormingen'], [3, 'Verborgen']] as const) s.ok(P(n), { type: 'brainstorm.add', activityId: b, text: t, column: null, showName: false });
    s.ok(F, { type: 'brainstorm.hide', activityId: b, itemId: s.activity<BrainstormState>(b).state.items[2].id, hidden: true });
    const v = s.add(voteDraft({ items: [], sourceId: b }));
    open(s, v);
    const vs = () => s.activity<DotvoteState>(v).state;
    expect(vs().items.map((i) => i.text)).toEqual(['Ervaringsdeskundigen', 'Vormingen']);
    s.ok(P(1), { type: 'dotvote.place', activityId: v, itemId: vs().items[1].id });
    expect(s.run(F, { type: 'dotvote.load', activityId: v, sourceId: b })).toBe('NOT_ALLOWED'); // votes cast
    s.ok(F, { type: 'dotvote.carry', activityId: v, itemIds: [vs().items[1].id] });
    const next = s.add(voteDraft({ items: [], sourceId: v }));
    open(s, next);
    expect(s.activity<DotvoteState>(next).state.items.map((i) => i.text)).toEqual(['Vormingen']);
  });
});

describe('timer (R-TIMER)', () => {
  it('start, pause, resume, extend, and close input at zero', () => {
    const s = new Script();
    const id = s.add(brainstormDraft());
    open(s, id);
    expect(s.run(P(1), { type: 'timer.start', seconds: 60, activityId: id, lockAtZero: true })).toBe('NOT_ALLOWED');
    s.ok(F, { type: 'timer.start', seconds: 60, activityId: id, lockAtZero: true });
    expect(s.state.timer).toMatchObject({ endsAt: s.now + 60_000, lockAtZero: true });
    s.now += 10_000;
    s.ok(F, { type: 'timer.pause' });
    expect(s.state.timer).toMatchObject({ endsAt: null, remainingMs: 50_000 });
    s.now += 99_000;
    s.ok(F, { type: 'timer.resume' });
    s.ok(F, { type: 'timer.extend', seconds: 30 });
    expect(s.state.timer!.endsAt).toBe(s.now + 80_000);
    s.ok(F, { type: 'timer.expire' }); // too early: nothing happens
    expect(s.state.timer!.expired).toBe(false);
    s.now += 80_000;
    s.ok(F, { type: 'timer.expire' });
    expect(s.state.timer!.expired).toBe(true);
    expect(s.activity(id).locked).toBe(true);
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'te laat', column: null, showName: false })).toBe('LOCKED');
    s.ok(F, { type: 'timer.stop' });
    expect(s.state.timer).toBeNull();
  });
});

describe('templates (R-TEMPLATE)', () => {
  it('the learning-network template builds the seed session’s flow, with the vote wired to the engagements', () => {
    const s = new Script();
    s.ok(F, { type: 'agenda.template', template: 'learningNetwork' });
    expect(s.state.agenda.map((a) => a.kind)).toEqual(['info', 'checkin', 'brainstorm', 'brainstorm', 'brainstorm', 'dotvote', 'groupwork', 'checkin']);
    const engagements = s.state.agenda[4];
    expect((s.state.agenda[5].config as { sourceId: string }).sourceId).toBe(engagements.id);
    expect((engagements.config as { maxPerPerson: number }).maxPerPerson).toBe(3);
    expect(s.run(P(1), { type: 'agenda.template', template: 'learningNetwork' })).toBe('NOT_ALLOWED');
  });
});

describe('every kind: snapshot + projected events = projection of the final state (R-AUDIENCE)', () => {
  it('holds for a whole scripted session, for every viewer', () => {
    const s = new Script(4);
    s.ok(F, { type: 'agenda.template', template: 'learningNetwork' });
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const [, checkin, words, , eng, vote] = s.state.agenda.map((a) => a.id);
    open(s, checkin);
    s.ok(P(1), { type: 'checkin.respond', activityId: checkin, answer: 'Goed', passed: false });
    s.ok(P(2), { type: 'checkin.respond', activityId: checkin, answer: '', passed: true });
    s.ok(P(3), { type: 'checkin.speak', activityId: checkin, want: true });
    s.ok(F, { type: 'checkin.show', activityId: checkin, show: true });
    open(s, words);
    s.ok(P(1), { type: 'brainstorm.add', activityId: words, text: 'Micro-agressie', column: 0, showName: false });
    open(s, eng);
    s.ok(F, { type: 'agenda.update', activityId: eng, activity: { kind: 'brainstorm', title: 'Engagementen', config: { prompt: 'p', columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: true } } });
    for (const n of [1, 2, 3, 4]) s.ok(P(n), { type: 'brainstorm.add', activityId: eng, text: `Engagement ${n}`, column: null, showName: false });
    s.ok(F, { type: 'brainstorm.reveal', activityId: eng, revealed: true });
    const engItems = s.activity<BrainstormState>(eng).state.items;
    s.ok(F, { type: 'brainstorm.hide', activityId: eng, itemId: engItems[3].id, hidden: true });
    s.ok(F, { type: 'brainstorm.merge', activityId: eng, itemId: engItems[0].id, otherId: engItems[1].id });
    s.ok(P(3), { type: 'brainstorm.edit', activityId: eng, itemId: engItems[2].id, text: 'Engagement drie' });
    open(s, vote);
    const items = s.activity<DotvoteState>(vote).state.items;
    for (const n of [1, 2, 3]) for (let i = 0; i < 5; i++) s.ok(P(n), { type: 'dotvote.place', activityId: vote, itemId: items[i % items.length].id });
    s.ok(P(1), { type: 'dotvote.unplace', activityId: vote, itemId: items[0].id });
    s.ok(F, { type: 'dotvote.reveal', activityId: vote, revealed: true });
    s.ok(P(4), { type: 'dotvote.place', activityId: vote, itemId: items[1].id });
    s.ok(F, { type: 'dotvote.carry', activityId: vote, itemIds: [items[1].id] });
    s.ok(F, { type: 'timer.start', seconds: 300, activityId: vote, lockAtZero: false });
    const gw = s.state.agenda[6].id;
    open(s, gw);
    s.runWith({ random: () => 0.42 }, F, { type: 'groupwork.form', activityId: gw, by: 'count', value: 2, assignment: 'random' });
    const viewers: Viewer[] = [{ role: 'facilitator' }, { role: 'board' }, ...[1, 2, 3, 4, 5].map((n) => ({ role: 'participant' as const, participantId: `pid${n}` }))];
    // The server sends an event without `pid` once to all phones: its projection must not
    // depend on which phone is looking (this caught a per-phone reveal and group forming).
    for (const ev of s.events.filter((e) => !e.pid)) {
      const seen = [undefined, 'pid1', 'pid2', 'pid5'].map((participantId) => projectEvent(ev, { role: 'participant', participantId }));
      expect(seen.slice(1), ev.type).toEqual([seen[0], seen[0], seen[0]]);
    }
    for (const viewer of viewers) {
      const view = s.viewFrom(viewer, from, start);
      expect({ ...view, participantCount: 0 }, viewer.role + viewer.participantId).toEqual({ ...projectState(s.state, viewer), participantCount: 0 });
    }
  });
});
