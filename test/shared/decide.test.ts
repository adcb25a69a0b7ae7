/** Deep Democracy round and group work: reducer rules (issue 4). Rule ids: test/SPEC.md. */
import { describe, expect, it } from 'vitest';
import { projectState } from '../../shared/audiences.ts';
import { allowedSteps, safeCount, type DeepDemocracyState } from '../../shared/activities/deepdemocracy/index.ts';
import { groupOf, type GroupworkState } from '../../shared/activities/groupwork/index.ts';
import type { Viewer } from '../../shared/model.ts';
import { B, F, P, Script } from '../helpers/script.ts';

const ddDraft = { kind: 'deepdemocracy', title: 'Besluit', config: { proposal: 'We starten met ervaringsdeskundigen', smallGroupSafety: true } };

function round(n = 6) {
  const s = new Script(n);
  const id = s.add(ddDraft);
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const dd = () => s.activity<DeepDemocracyState>(id).state;
  const step = (to: string) => s.ok(F, { type: 'deepdemocracy.step', activityId: id, step: to });
  const cmd = (actor: ReturnType<typeof P>, type: string, extra: Record<string, unknown> = {}) => s.run(actor, { type: `deepdemocracy.${type}`, activityId: id, ...extra });
  return { s, id, dd, step, cmd };
}

/** Views → find the no (one alternative on the ballot) → spread → vote open. */
function toVote(n = 6) {
  const r = round(n);
  r.cmd(P(1), 'view', { text: 'Goed idee' });
  r.step('findNo');
  r.cmd(P(2), 'alternative', { text: 'Eerst met de eigen dienst' });
  const alt = r.dd().alternatives[0].id;
  r.s.ok(F, { type: 'deepdemocracy.rephrase', activityId: r.id, alternativeId: alt, text: 'Eerst intern starten', onBallot: true });
  r.step('spreadNo');
  r.step('vote');
  return { ...r, alt };
}

describe('Deep Democracy round (R-DD-*)', () => {
  it('R-DD-STEPS: the facilitator moves through the steps in order', () => {
    const { s, id, dd, cmd } = round();
    const go = (to: string) => s.run(F, { type: 'deepdemocracy.step', activityId: id, step: to });
    expect(go('vote')).toBe('NOT_ALLOWED');
    expect(go('minority')).toBe('NOT_ALLOWED');
    expect(cmd(P(1), 'step', { step: 'findNo' })).toBe('NOT_ALLOWED');
    expect(go('findNo')).toBe('ok');
    expect(go('spreadNo')).toBe('ok');
    expect(go('vote')).toBe('ok');
    expect(dd().rounds).toHaveLength(1);
    expect(go('minority')).toBe('NOT_ALLOWED'); // the vote is still open
    expect(go('final')).toBe('NOT_ALLOWED');
  });

  it('R-DD-VIEWS: views are anonymous, several per person, only in their step; merges keep the count', () => {
    const { s, id, dd, cmd, step } = round();
    expect(cmd(P(1), 'view', { text: 'Meer tijd' })).toBe('ok');
    expect(cmd(P(1), 'view', { text: 'Meer tijd nodig' })).toBe('ok');
    expect(cmd(P(2), 'view', { text: 'Budget?' })).toBe('ok');
    const [a, b] = dd().views;
    s.ok(F, { type: 'deepdemocracy.mergeViews', activityId: id, viewId: a.id, otherId: b.id });
    expect(dd().views.map((v) => [v.text, v.count])).toEqual([['Meer tijd', 2], ['Budget?', 1]]);
    step('findNo');
    expect(cmd(P(1), 'view', { text: 'Te laat' })).toBe('NOT_ALLOWED');
  });

  it('R-DD-RECOGNISE: recognition counts fully / partly / not, one answer per person', () => {
    const { s, id, dd, cmd, step } = round();
    step('findNo');
    cmd(P(1), 'alternative', { text: 'Niet nu' });
    const alt = dd().alternatives[0].id;
    expect(cmd(P(2), 'recognise', { alternativeId: alt, level: 'fully' })).toBe('NOT_ALLOWED'); // not yet
    step('spreadNo');
    cmd(P(2), 'recognise', { alternativeId: alt, level: 'fully' });
    cmd(P(3), 'recognise', { alternativeId: alt, level: 'partly' });
    cmd(P(3), 'recognise', { alternativeId: alt, level: 'not' });
    cmd(P(4), 'recognise', { alternativeId: alt, level: 'partly' });
    expect(dd().alternatives[0].recognition).toEqual({ fully: 1, partly: 1, not: 1 });
    const board = projectState(s.state, { role: 'board' }).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
    expect(board.alternatives[0].recognition).toEqual({ fully: 1, partly: 1, not: 1 });
    expect(board.recognitions).toEqual({});
  });

  it('R-DD-SECRET: ballots stay secret until the facilitator closes the round, then show the majority direction', () => {
    const { s, id, dd, cmd, alt } = toVote();
    const start = structuredClone(s.state);
    const from = s.state.seq;
    for (const n of [1, 2, 3, 4]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(5), 'vote', { optionId: alt });
    cmd(P(6), 'vote', { optionId: 'abstain' });
    cmd(P(5), 'vote', { optionId: 'abstain' }); // changing one's mind before the close is fine
    cmd(P(5), 'vote', { optionId: alt });
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      const st = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
      expect(st.rounds[0]).toMatchObject({ open: true, cast: 6, tally: null, majority: null });
      const votes = (JSON.parse(s.wire(viewer)) as { type: string; pid?: string; optionId?: string }[]).filter((e) => e.type === 'deepdemocracy.voted');
      expect(votes.filter((e) => e.optionId !== undefined && e.pid !== viewer.participantId)).toEqual([]);
    }
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    expect(dd().rounds[0]).toMatchObject({ open: false, majority: 'proposal', outcome: 'majority', tally: { proposal: 4, [alt]: 1, abstain: 1 } });
    expect(cmd(P(1), 'vote', { optionId: alt })).toBe('NOT_ALLOWED');
  });

  it('R-DD-MINORITY: exactly those who voted otherwise or abstained get the question', () => {
    const { s, id, dd, cmd, step, alt } = toVote();
    for (const n of [1, 2, 3, 4]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(5), 'vote', { optionId: alt });
    cmd(P(6), 'vote', { optionId: 'abstain' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    step('minority');
    expect(Object.keys(dd().asked).sort()).toEqual(['pid5', 'pid6']);
    const askedOn = (n: number) => (projectState(s.state, { role: 'participant', participantId: `pid${n}` }).agenda.find((a) => a.id === id)!.state as DeepDemocracyState).asked;
    expect(askedOn(5)).toEqual({ pid5: true });
    expect(askedOn(1)).toEqual({});
    expect(cmd(P(1), 'minority', { answer: 'asIs' })).toBe('NOT_ALLOWED');
    expect(cmd(P(5), 'minority', { answer: 'need' })).toBe('INVALID'); // say what
    expect(cmd(P(5), 'minority', { answer: 'need', need: 'Een evaluatie na drie maanden' })).toBe('ok');
    expect(cmd(P(6), 'minority', { answer: 'asIs' })).toBe('ok');
    expect(dd().needs.map((x) => x.answer)).toEqual(['need', 'asIs']);
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      const dd = (JSON.parse(s.wire(viewer)) as { type: string }[]).filter((e) => e.type.startsWith('deepdemocracy.'));
      const seen = JSON.stringify(dd) + JSON.stringify(projectState(s.state, viewer).agenda.find((a) => a.id === id));
      expect(seen).not.toMatch(/pid5|pid6/);
    }
  });

  it('R-DD-FINAL: the decision cannot be final while a need is unhandled (unless unanimous)', () => {
    const { s, id, cmd, step, alt, dd } = toVote();
    for (const n of [1, 2, 3, 4]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(5), 'vote', { optionId: alt });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    const decide = () => s.run(F, { type: 'deepdemocracy.decide', activityId: id });
    expect(decide()).toBe('NOT_ALLOWED'); // the minority has not been asked
    step('minority');
    cmd(P(5), 'minority', { answer: 'need', need: 'Vorming vooraf' });
    expect(decide()).toBe('NOT_ALLOWED'); // unhandled need
    const need = dd().needs[0].id;
    expect(s.run(F, { type: 'deepdemocracy.handleNeed', activityId: id, needId: need, status: 'notFeasible' })).toBe('INVALID'); // reason needed
    s.ok(F, { type: 'deepdemocracy.handleNeed', activityId: id, needId: need, status: 'adapted' });
    step('final');
    for (const [n, a] of [[1, 'yes'], [2, 'yes'], [5, 'reservations']] as const) cmd(P(n), 'final', { answer: a });
    s.ok(F, { type: 'deepdemocracy.closeFinal', activityId: id });
    expect(dd().final.tally).toEqual({ yes: 2, reservations: 1, no: 0 });
    expect(decide()).toBe('ok');
    expect(dd().decided).toBe(true);
    expect(cmd(P(1), 'view', { text: 'x' })).toBe('LOCKED');
  });

  it('R-DD-FINAL: a unanimous vote skips the minority step', () => {
    const { s, id, cmd, dd } = toVote(3);
    for (const n of [1, 2, 3]) cmd(P(n), 'vote', { optionId: 'proposal' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    expect(dd().rounds[0].outcome).toBe('unanimous');
    expect(allowedSteps(dd())).toEqual(['final']);
    expect(s.run(F, { type: 'deepdemocracy.decide', activityId: id })).toBe('ok');
  });

  it('R-DD-ROUNDS: a split vote can be held again, up to 3 rounds; then the undercurrent is offered', () => {
    const { s, id, cmd, dd, alt } = toVote(4);
    for (let r = 1; r <= 3; r++) {
      cmd(P(1), 'vote', { optionId: 'proposal' });
      cmd(P(2), 'vote', { optionId: 'proposal' });
      cmd(P(3), 'vote', { optionId: alt });
      cmd(P(4), 'vote', { optionId: alt });
      s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
      expect(dd().rounds[r - 1].outcome).toBe('split');
      if (r < 3) {
        expect(allowedSteps(dd())).toEqual([]);
        s.ok(F, { type: 'deepdemocracy.revote', activityId: id });
        expect(dd().rounds[r]).toMatchObject({ n: r + 1, open: true, cast: 0 });
      }
    }
    expect(s.run(F, { type: 'deepdemocracy.revote', activityId: id })).toBe('LIMIT_REACHED');
    expect(allowedSteps(dd())).toEqual(['undercurrent']);
    s.ok(F, { type: 'deepdemocracy.step', activityId: id, step: 'undercurrent' });
  });

  it('R-DD-SLIDER: positions reach the board as a cloud without ids; a phone only sees its own', () => {
    const { s, id, cmd } = round();
    expect(cmd(P(1), 'slider', { value: 10 })).toBe('NOT_ALLOWED');
    s.ok(F, { type: 'deepdemocracy.sliderOpen', activityId: id, statement: 'We moeten dit nu beslissen', open: true });
    cmd(P(1), 'slider', { value: 10 });
    cmd(P(2), 'slider', { value: 90 });
    cmd(P(1), 'slider', { value: 20 });
    const st = (v: Viewer) => projectState(s.state, v).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
    expect(st({ role: 'board' }).slider.values).toEqual([20, 90]);
    expect(st({ role: 'participant', participantId: 'pid1' }).sliders).toEqual({ pid1: 20 });
    expect(st({ role: 'participant', participantId: 'pid1' }).slider.values).toEqual([]);
    expect(s.wire({ role: 'board' })).not.toMatch(/pid1|pid2/);
  });

  it('R-DD-UNSAID: “something isn’t being said” is counted once per person, for the facilitator only', () => {
    const { s, id, cmd } = round();
    const start = structuredClone(s.state);
    const from = s.state.seq;
    cmd(P(1), 'unsaid');
    cmd(P(1), 'unsaid');
    cmd(P(2), 'unsaid');
    const seen = (v: Viewer) => (s.viewFrom(v, from, start).agenda.find((a) => a.id === id)!.state as DeepDemocracyState).unsaid;
    expect(seen({ role: 'facilitator' })).toBe(2);
    expect(seen({ role: 'board' })).toBe(0);
    expect(seen({ role: 'participant', participantId: 'pid1' })).toBe(0);
    expect(s.wire({ role: 'board' })).not.toContain('unsaidPressed');
    expect(s.wire({ role: 'participant', participantId: 'pid3' })).not.toContain('unsaidPressed');
  });

  it('R-DD-FEW: small-group safety shows 1–2 as “a few”', () => {
    expect([0, 1, 2, 3].map((n) => safeCount(n, true))).toEqual([0, 'few', 'few', 3]);
    expect(safeCount(1, false)).toBe(1);
  });

  it('R-DD-NONAMES: a whole round never shows a stance with an id to anyone but its owner', () => {
    const { s, id, cmd, step, alt } = toVote(5);
    const start = structuredClone(s.state);
    for (const n of [1, 2, 3]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(4), 'vote', { optionId: alt });
    cmd(P(5), 'vote', { optionId: 'abstain' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    step('minority');
    cmd(P(4), 'minority', { answer: 'need', need: 'Meer uitleg' });
    cmd(P(5), 'minority', { answer: 'cannot' });
    step('final');
    cmd(P(4), 'final', { answer: 'no' });
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, ...[1, 2, 3, 4, 5].map((n) => ({ role: 'participant', participantId: `pid${n}` }))] as Viewer[]) {
      const seen = JSON.parse(s.wire(viewer)) as { type: string; pid?: string }[];
      const others = seen.filter((e) => e.type.startsWith('deepdemocracy.') && e.pid !== undefined && e.pid !== viewer.participantId);
      expect(others, viewer.role).toEqual([]);
      const view = s.viewFrom(viewer, 0, start);
      expect(JSON.stringify(view.agenda.find((a) => a.id === id)), viewer.role).not.toMatch(new RegExp([1, 2, 3, 4, 5].map((n) => `pid${n}`).filter((p) => p !== viewer.participantId).join('|')));
    }
  });
});

describe('group work (R-GROUP-*)', () => {
  const gwDraft = (items = [{ id: 'itemA', text: 'Ervaringsdeskundigen' }, { id: 'itemB', text: 'Vormingen' }]) => ({
    kind: 'groupwork',
    title: 'Groepswerk',
    config: { sourceId: null, items, questions: ['Wat is anders?', 'Waar schuurt het?', 'Eerste stap?', 'Wat heb je nodig?'] },
  });
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

  function setup(n: number, present?: string[]) {
    const s = new Script(n);
    const id = s.add(gwDraft());
    s.ok(F, { type: 'agenda.goto', activityId: id });
    const gw = () => s.activity<GroupworkState>(id).state;
    const form = (by: 'count' | 'size', value: number, assignment: 'random' | 'choose' = 'random') => {
      // The server passes who is here and its randomness in the context.
      return s.runWith({ present, random }, F, { type: 'groupwork.form', activityId: id, by, value, assignment });
    };
    return { s, id, gw, form };
  }

  it.each([
    ['7 people in 2 groups', 7, 'count', 2, [4, 3]],
    ['7 people in groups of 3', 7, 'size', 3, [3, 2, 2]],
    ['10 people in groups of 5', 10, 'size', 5, [5, 5]],
    ['2 people in 3 groups', 2, 'count', 3, [1, 1, 0]],
  ] as const)('R-GROUP-FORM: %s', (_n, people, by, value, sizes) => {
    const { gw, form } = setup(people);
    expect(form(by, value)).toBe('ok');
    expect(gw().groups.map((g) => g.size)).toEqual(sizes);
    expect(gw().groups.flatMap((g) => g.members).sort()).toEqual(Array.from({ length: people }, (_, i) => `pid${i + 1}`).sort());
    expect(gw().groups.map((g) => g.itemId)).toEqual(gw().groups.map((_, i) => ['itemA', 'itemB'][i % 2]));
  });

  it('R-GROUP-FORM: only the participants who are here are split', () => {
    const { gw, form } = setup(6, ['pid1', 'pid2', 'pid3', 'pid4']);
    form('count', 2);
    expect(gw().groups.flatMap((g) => g.members).sort()).toEqual(['pid1', 'pid2', 'pid3', 'pid4']);
  });

  it('R-GROUP-LATE: a late joiner is placed in the smallest group', () => {
    const { s, id, gw, form } = setup(5);
    form('count', 2);
    s.addParticipant('pid9');
    s.arrive('pid9');
    const g = groupOf(gw(), 'pid9')!;
    expect(g.size).toBe(3);
    expect(gw().groups.map((x) => x.size)).toEqual([3, 3]);
    s.arrive('pid9'); // coming back changes nothing
    expect(gw().groups.map((x) => x.size)).toEqual([3, 3]);
    expect(s.activity(id)).toBeTruthy();
  });

  it('R-GROUP-MOVE, R-GROUP-BALANCE: the facilitator moves people and rebalances', () => {
    const { s, id, gw, form } = setup(6);
    form('count', 2);
    const [g1, g2] = gw().groups;
    for (const p of [...g2.members]) s.ok(F, { type: 'groupwork.move', activityId: id, participantId: p, groupId: g1.id });
    expect(gw().groups.map((g) => g.size)).toEqual([6, 0]);
    expect(s.run(P(1), { type: 'groupwork.move', activityId: id, participantId: 'pid1', groupId: g2.id })).toBe('NOT_ALLOWED');
    s.ok(F, { type: 'groupwork.rebalance', activityId: id });
    expect(gw().groups.map((g) => g.size)).toEqual([3, 3]);
  });

  it('R-GROUP-CHOOSE: people choose their group when the facilitator lets them', () => {
    const { s, id, gw, form } = setup(3);
    form('count', 2, 'choose');
    expect(gw().groups.map((g) => g.size)).toEqual([0, 0]);
    s.ok(P(1), { type: 'groupwork.join', activityId: id, groupId: gw().groups[1].id });
    s.ok(P(1), { type: 'groupwork.join', activityId: id, groupId: gw().groups[0].id });
    expect(gw().groups.map((g) => g.members)).toEqual([['pid1'], []]);
  });

  it('R-GROUP-ANSWER: members answer for their group; the group sees it live, without authors', () => {
    const { s, id, gw, form } = setup(4);
    form('count', 2);
    const [g1, g2] = gw().groups;
    const member = g1.members[0];
    const outsider = g2.members[0];
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const actor = (pid: string) => ({ role: 'participant' as const, participantId: pid });
    expect(s.run(actor(member), { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 0, text: 'Meer empathie' })).toBe('ok');
    expect(s.run(actor(outsider), { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 0, text: 'x' })).toBe('NOT_ALLOWED');
    expect(s.run(actor(member), { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 4, text: 'x' })).toBe('NOT_FOUND');
    const mate = s.viewFrom({ role: 'participant', participantId: g1.members[1] }, from, start).agenda.find((a) => a.id === id)!.state as GroupworkState;
    expect(mate.answers).toEqual([{ id: expect.any(String), groupId: g1.id, question: 0, text: 'Meer empathie' }]);
    expect(s.wire({ role: 'board' })).not.toContain(member);
    expect(s.run(actor(g1.members[1]), { type: 'groupwork.deleteAnswer', activityId: id, answerId: gw().answers[0].id })).toBe('NOT_ALLOWED');
    expect(s.run(B, { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 0, text: 'x' })).toBe('NOT_ALLOWED');
  });

  it('takes the carried items of the vote it follows', () => {
    const s = new Script(2);
    s.ok(F, { type: 'agenda.template', template: 'learningNetwork' });
    const [, , , , eng, vote, gw] = s.state.agenda.map((a) => a.id);
    s.ok(F, { type: 'agenda.goto', activityId: eng });
    s.ok(P(1), { type: 'brainstorm.add', activityId: eng, text: 'Ik durf met ervaringsdeskundigen aan de slag te gaan', column: null, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: eng, text: 'Vormingen organiseren', column: null, showName: false });
    s.ok(F, { type: 'agenda.goto', activityId: vote });
    const items = s.activity<{ items: { id: string }[] }>(vote).state.items;
    s.ok(F, { type: 'dotvote.carry', activityId: vote, itemIds: items.map((i) => i.id) });
    s.ok(F, { type: 'agenda.goto', activityId: gw });
    expect(s.activity<GroupworkState>(gw).state.items.map((i) => i.text)).toEqual(['Ik durf met ervaringsdeskundigen aan de slag te gaan', 'Vormingen organiseren']);
  });
});
