/**
 * Group work's schemas and rules (SPEC: R-GROUP-FORM, R-GROUP-CHOOSE, R-GROUP-MOVE,
 * R-GROUP-BALANCE, R-GROUP-LATE, R-GROUP-ANSWER, R-GROUP-PLACE, R-GROUP-SCRIBE, R-GROUP-NAMES):
 * refusals name their rule; the console's "nothing to rebalance" is the rule decide applies;
 * who is in which group reaches only the facilitator and that person; the schemas are exact;
 * an exported state from f0c342d fits; and each rule on its own: forming, choosing, late
 * joiners, moving, answering, a group's name and place, its scribe, names shown by choice.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import {
  answerRefusal,
  balanced,
  editRefusal,
  events,
  groupOf,
  GroupworkState,
  rebalanceMoves,
  type Group,
} from '../../shared/activities/groupwork/index.ts';
import type { Actor, StoredEvent, Viewer } from '../../shared/model.ts';
import { decide } from '../../shared/reduce.ts';
import { B, F, P, Script } from '../helpers/script.ts';

const Event = v.variant('type', events);
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const fits = (schema: v.GenericSchema, x: unknown) => v.safeParse(schema, x).issues?.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);
const as = (participantId: string): Actor => ({ role: 'participant', participantId });

function seeded() {
  let x = 7;
  return () => (x = (x * 16807) % 2147483647) / 2147483647;
}

function groupwork(participants = 6) {
  const s = new Script(participants);
  const id = s.add({
    kind: 'groupwork',
    title: 'Groepswerk',
    config: {
      sourceId: null,
      items: [
        { id: 'itemA', text: 'Ervaringsdeskundigen' },
        { id: 'itemB', text: 'Vormingen' },
      ],
      questions: ['Wat?', 'Hoe?'],
    },
  });
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const st = () => s.activity<GroupworkState>(id).state;
  const cmd = (actor: Actor, type: string, payload: Record<string, unknown> = {}, extra = {}) =>
    s.runWith(extra, actor, { type, activityId: id, ...payload });
  /** decide's answer: 'ok', or the code and the rule's reason. */
  const tryIt = (actor: Actor, type: string, payload: Record<string, unknown> = {}) => {
    const d = decide(s.state, { id: 'cmd0000001', type, activityId: id, ...payload }, actor, { now: s.now, newId: () => 'genxxid' });
    return d.ok ? 'ok' : `${d.error.code}:${d.error.reason ?? ''}`;
  };
  return { s, id, st, cmd, tryIt };
}

describe('group work: refusals name their rule', () => {
  it('join in random mode, answering for another group, editing another’s answer, re-forming after answers, a phone forming', () => {
    const { st, cmd, tryIt } = groupwork();
    expect(cmd(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'random' }, { random: seeded() })).toBe('ok');
    const [g1, g2] = st().groups;
    const [a, b] = [g1.members[0], g2.members[0]];
    expect(tryIt(as(a), 'groupwork.join', { groupId: g2.id })).toBe('NOT_ALLOWED:assigned');
    expect(tryIt(as(a), 'groupwork.answer', { groupId: g2.id, question: 0, text: 'Niet van mij' })).toBe('NOT_ALLOWED:member');
    expect(cmd(as(b), 'groupwork.answer', { groupId: g2.id, question: 0, text: 'Van b' })).toBe('ok');
    const answer = st().answers[0].id;
    expect(tryIt(as(g2.members[1]), 'groupwork.editAnswer', { answerId: answer, text: 'Toch van mij' })).toBe('NOT_ALLOWED:own');
    expect(tryIt(as(a), 'groupwork.deleteAnswer', { answerId: answer })).toBe('NOT_ALLOWED:own');
    expect(tryIt(F, 'groupwork.form', { by: 'count', value: 3, assignment: 'random' })).toBe('NOT_ALLOWED:answers');
    expect(tryIt(as(a), 'groupwork.form', { by: 'count', value: 3, assignment: 'random' })).toBe('NOT_ALLOWED:facilitator');
    expect(tryIt(F, 'groupwork.form', { by: 'size', value: 1, assignment: 'random' })).toBe('NOT_ALLOWED:answers');
  });

  it('more than 50 groups by size is refused with the reason `groups`', () => {
    const { tryIt } = groupwork(51);
    expect(tryIt(F, 'groupwork.form', { by: 'size', value: 1, assignment: 'choose' })).toBe('LIMIT_REACHED:groups');
  });
});

describe('group work: rebalancing (R-GROUP-BALANCE)', () => {
  it('the console’s “balanced” is exactly “rebalance has nothing to move”, and after a rebalance sizes differ by at most one', () => {
    const { st, cmd } = groupwork(7);
    expect(cmd(F, 'groupwork.rebalance')).toBe('ok'); // no groups yet: nothing to do (it used to throw)
    expect(cmd(F, 'groupwork.form', { by: 'count', value: 3, assignment: 'random' }, { random: seeded() })).toBe('ok');
    expect(balanced(st().groups)).toBe(true);
    expect(rebalanceMoves(st().groups)).toEqual([]);
    const [g1, g2, g3] = st().groups;
    for (const p of [...g2.members, ...g3.members.slice(1)]) cmd(F, 'groupwork.move', { participantId: p, groupId: g1.id });
    expect(balanced(st().groups)).toBe(false);
    expect(rebalanceMoves(st().groups).length).toBeGreaterThan(0);
    const before = st()
      .groups.map((g) => g.members.length)
      .reduce((x, y) => x + y);
    expect(cmd(F, 'groupwork.rebalance')).toBe('ok');
    const sizes = st().groups.map((g) => g.size);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((x, y) => x + y)).toBe(before);
    expect(st().groups.map((g) => g.members.length)).toEqual(sizes);
    expect(balanced(st().groups)).toBe(true);
    expect(rebalanceMoves(st().groups)).toEqual([]);
  });
});

describe('group work: what each viewer receives', () => {
  function played() {
    const w = groupwork(5);
    const start = structuredClone(w.s.state);
    const from = w.s.state.seq;
    const { s, st, cmd } = w;
    cmd(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'choose' });
    cmd(P(1), 'groupwork.join', { groupId: st().groups[0].id });
    cmd(P(2), 'groupwork.join', { groupId: st().groups[1].id });
    cmd(P(1), 'groupwork.join', { groupId: st().groups[1].id });
    cmd(F, 'groupwork.form', { by: 'size', value: 2, assignment: 'random' }, { random: seeded() });
    cmd(F, 'groupwork.assign', { groupId: st().groups[0].id, itemId: 'itemB' });
    s.addParticipant('pid9');
    s.arrive('pid9');
    const g = st().groups[0];
    cmd(as(g.members[0]), 'groupwork.answer', { groupId: g.id, question: 1, text: 'Samen' });
    cmd(as(g.members[0]), 'groupwork.editAnswer', { answerId: st().answers[0].id, text: 'Samen verder' });
    cmd(F, 'groupwork.answer', { groupId: g.id, question: 0, text: 'Van de begeleider' });
    cmd(as(g.members[0]), 'groupwork.deleteAnswer', { answerId: st().answers[0].id });
    return { ...w, start, from };
  }
  const viewersOf = (s: Script): Viewer[] => [
    { role: 'facilitator' },
    { role: 'board' },
    { role: 'participant' },
    ...Object.keys(s.state.participants).map((participantId) => ({ role: 'participant' as const, participantId })),
  ];

  it('every projected event fits the schemas, and no one else’s id reaches a phone or the board', () => {
    const { s } = played();
    for (const ev of s.events.filter((e) => e.type.startsWith('groupwork.'))) {
      for (const viewer of viewersOf(s)) {
        const seen = projectEvent(ev, viewer);
        if (!seen) continue;
        const who = `${ev.seq} ${ev.type} for ${viewer.role} ${viewer.participantId ?? ''}`;
        expect(fits(Event, bare(seen)), who).toBeUndefined();
        if (viewer.role === 'facilitator') continue;
        const ids = JSON.stringify(seen).match(/pid\d/g) ?? [];
        expect(
          ids.filter((p) => p !== viewer.participantId),
          who,
        ).toEqual([]);
      }
    }
  });

  it('a view kept from projected events equals the projection of the state (a phone knows its own group)', () => {
    const { s, id, start, from } = played();
    for (const viewer of viewersOf(s)) {
      const kept = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state as GroupworkState;
      const projected = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as GroupworkState;
      expect(kept, `${viewer.role} ${viewer.participantId ?? ''}`).toEqual(projected);
      expect(fits(GroupworkState, kept)).toBeUndefined();
    }
    const late = projectState(s.state, { role: 'participant', participantId: 'pid9' }).agenda.find((a) => a.id === id)!
      .state as GroupworkState;
    expect(late.groups.filter((g: Group) => g.members.includes('pid9')).length, 'the late joiner is placed').toBe(1);
  });
});

describe('group work schemas', () => {
  it('are exact: shapes that never occur are refused', () => {
    const answer = { id: 'ans1', groupId: 'grp1', question: 0, text: 'Samen' };
    expect(fits(Event, { type: 'groupwork.answered', activityId: 'gw01', answer })).toBeUndefined();
    expect(fits(Event, { type: 'groupwork.answered', activityId: 'gw01', answer: { ...answer, question: 8 } })).toBeDefined();
    expect(fits(Event, { type: 'groupwork.answered', activityId: 'gw01', answer: { ...answer, text: '' } })).toBeDefined();
    expect(fits(Event, { type: 'groupwork.placed', activityId: 'gw01', groupId: 'grp1', fromId: null })).toBeUndefined();
    expect(fits(Event, { type: 'groupwork.placed', activityId: 'gw01', groupId: 'grp1' }), 'fromId is always said').toBeDefined();
    expect(
      fits(Event, {
        type: 'groupwork.formed',
        activityId: 'gw01',
        assignment: 'random',
        groups: [{ id: 'grp1', n: 0, itemId: null, members: [], size: 0 }],
      }),
    ).toBeDefined();
    const state = { items: [], groups: [], assignment: null, answers: [] };
    expect(fits(GroupworkState, state)).toBeUndefined();
    expect(fits(GroupworkState, { ...state, assignment: 'later' })).toBeDefined();
  });

  it('the group work of a session exported by f0c342d fits GroupworkState', () => {
    const exported = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/f0c342d/session1.json'), 'utf8')) as {
      agenda: { kind: string; state: unknown }[];
    };
    const gw = exported.agenda.filter((a) => a.kind === 'groupwork');
    expect(gw.length).toBe(1);
    for (const a of gw) expect(fits(GroupworkState, a.state)).toBeUndefined();
  });
});

describe('group work views load the rules, not the schemas', () => {
  it('no file in client/src/activities/groupwork imports schema.ts or index.ts at run time', () => {
    const dir = path.resolve('client/src/activities/groupwork');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        if (!m[1] && /activities\/groupwork\/(schema|index)\.ts$/.test(m[2])) throw new Error(`${f} loads ${m[2]} at run time`);
      }
    }
  });
});

describe('group work (R-GROUP-*)', () => {
  const gwDraft = (
    items = [
      { id: 'itemA', text: 'Ervaringsdeskundigen' },
      { id: 'itemB', text: 'Vormingen' },
    ],
  ) => ({
    kind: 'groupwork',
    title: 'Groepswerk',
    config: { sourceId: null, items, questions: ['Wat is anders?', 'Waar schuurt het?', 'Eerste stap?', 'Wat heb je nodig?'] },
  });
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

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
    expect(
      gw()
        .groups.flatMap((g) => g.members)
        .sort(),
    ).toEqual(Array.from({ length: people }, (_, i) => `pid${i + 1}`).sort());
    expect(gw().groups.map((g) => g.itemId)).toEqual(gw().groups.map((_, i) => ['itemA', 'itemB'][i % 2]));
  });

  it('R-GROUP-FORM: only the participants who are here are split', () => {
    const { gw, form } = setup(6, ['pid1', 'pid2', 'pid3', 'pid4']);
    form('count', 2);
    expect(
      gw()
        .groups.flatMap((g) => g.members)
        .sort(),
    ).toEqual(['pid1', 'pid2', 'pid3', 'pid4']);
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
    expect(s.run(actor(member), { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 0, text: 'Meer empathie' })).toBe(
      'ok',
    );
    expect(s.run(actor(outsider), { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 0, text: 'x' })).toBe(
      'NOT_ALLOWED',
    );
    expect(s.run(actor(member), { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 4, text: 'x' })).toBe('NOT_FOUND');
    const mate = s.viewFrom({ role: 'participant', participantId: g1.members[1] }, from, start).agenda.find((a) => a.id === id)!
      .state as GroupworkState;
    expect(mate.answers).toEqual([{ id: expect.any(String), groupId: g1.id, question: 0, text: 'Meer empathie' }]);
    expect(s.wire({ role: 'board' })).not.toContain(member);
    expect(s.run(actor(g1.members[1]), { type: 'groupwork.deleteAnswer', activityId: id, answerId: gw().answers[0].id })).toBe(
      'NOT_ALLOWED',
    );
    expect(s.run(B, { type: 'groupwork.answer', activityId: id, groupId: g1.id, question: 0, text: 'x' })).toBe('NOT_ALLOWED');
  });

  it('takes the carried items of the vote it follows', () => {
    const s = new Script(2);
    s.ok(F, { type: 'agenda.template', template: 'learningNetwork' });
    const [, , , , eng, vote, gw] = s.state.agenda.map((a) => a.id);
    s.ok(F, { type: 'agenda.goto', activityId: eng });
    s.ok(P(1), {
      type: 'brainstorm.add',
      activityId: eng,
      text: 'Ik durf met ervaringsdeskundigen aan de slag te gaan',
      column: null,
      showName: false,
    });
    s.ok(P(2), { type: 'brainstorm.add', activityId: eng, text: 'Vormingen organiseren', column: null, showName: false });
    s.ok(F, { type: 'agenda.goto', activityId: vote });
    const items = s.activity<{ items: { id: string }[] }>(vote).state.items;
    s.ok(F, { type: 'dotvote.carry', activityId: vote, itemIds: items.map((i) => i.id) });
    s.ok(F, { type: 'agenda.goto', activityId: gw });
    expect(s.activity<GroupworkState>(gw).state.items.map((i) => i.text)).toEqual([
      'Ik durf met ervaringsdeskundigen aan de slag te gaan',
      'Vormingen organiseren',
    ]);
  });
});

// ---- Issue 10: groups people can find, a scribe, names shown by choice ----------------

/** Group work with `named` participants pid1…pidN (names Name1…) and `unnamed` more without a name. */
function people(named: number, unnamed = 0) {
  const w = groupwork(named);
  for (let i = 1; i <= unnamed; i++) w.s.addParticipant(`pid${named + i}`);
  return w;
}
const stateFor = (s: Script, id: string, viewer: Viewer) =>
  projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as GroupworkState;

describe('R-GROUP-PLACE: a group has a name and a place, set by the facilitator', () => {
  it('only the facilitator labels; an empty field clears; every viewer sees it; forming again keeps the labels by number', () => {
    const { s, id, st, cmd, tryIt } = people(4);
    cmd(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'random' }, { random: seeded() });
    const [g1, g2] = st().groups;
    const label = (g: Group, name: string, place: string) => ({ groupId: g.id, name, place });
    expect(tryIt(as(g1.members[0]), 'groupwork.label', label(g1, 'De Zwanen', 'tafel 3'))).toBe('NOT_ALLOWED:facilitator');
    expect(tryIt(B, 'groupwork.label', label(g1, 'De Zwanen', 'tafel 3'))).toBe('NOT_ALLOWED:');
    expect(tryIt(F, 'groupwork.label', { ...label(g1, 'x', 'y'), groupId: 'nogroup' })).toBe('NOT_FOUND:');
    expect(cmd(F, 'groupwork.label', label(g1, 'De Zwanen', 'tafel 3'))).toBe('ok');
    expect(cmd(F, 'groupwork.label', label(g2, '', 'bij het raam'))).toBe('ok');
    const seq = s.state.seq;
    expect(cmd(F, 'groupwork.label', label(g2, '', 'bij het raam'))).toBe('ok');
    expect(s.state.seq, 'the same label again changes nothing').toBe(seq);
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: g2.members[0] }, { role: 'participant' }] as Viewer[]) {
      const seen = stateFor(s, id, viewer).groups.map((g) => [g.n, g.name, g.place]);
      expect(seen, viewer.role).toEqual([
        [1, 'De Zwanen', 'tafel 3'],
        [2, undefined, 'bij het raam'],
      ]);
    }
    expect(cmd(F, 'groupwork.label', label(g1, 'De Zwanen', ''))).toBe('ok');
    expect(st().groups[0].place).toBeUndefined();
    // The tables in the room stay put: forming again keeps group n's name and place.
    expect(cmd(F, 'groupwork.form', { by: 'count', value: 3, assignment: 'random' }, { random: seeded() })).toBe('ok');
    expect(st().groups.map((g) => [g.n, g.name, g.place])).toEqual([
      [1, 'De Zwanen', undefined],
      [2, undefined, 'bij het raam'],
      [3, undefined, undefined],
    ]);
  });
});

describe('R-GROUP-SCRIBE: with a scribe, only the scribe writes the group’s answers', () => {
  function scribed() {
    const w = people(6);
    w.cmd(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'random' }, { random: seeded() });
    const [g1, g2] = w.st().groups;
    return { ...w, g1, g2, a: g1.members[0], b: g1.members[1], c: g1.members[2], out: g2.members[0] };
  }

  type Row = [string, (x: Ctx) => [Actor, Record<string, unknown>], string];
  const rows: Row[] = [
    ['a member takes it for themself', (x) => [as(x.a), { groupId: x.g1.id, participantId: x.a }], 'ok'],
    ['a member names another member', (x) => [as(x.a), { groupId: x.g1.id, participantId: x.b }], 'NOT_ALLOWED:facilitator'],
    ['someone from another group takes it', (x) => [as(x.out), { groupId: x.g1.id, participantId: x.out }], 'NOT_ALLOWED:member'],
    ['the facilitator names someone outside the group', (x) => [F, { groupId: x.g1.id, participantId: x.out }], 'NOT_ALLOWED:member'],
    ['the facilitator names a member', (x) => [F, { groupId: x.g1.id, participantId: x.b }], 'ok'],
    ['the facilitator clears it', (x) => [F, { groupId: x.g1.id, participantId: null }], 'ok'],
    ['an unknown group', (x) => [F, { groupId: 'nogroup', participantId: x.a }], 'NOT_FOUND:'],
    ['the board', (x) => [B, { groupId: x.g1.id, participantId: x.a }], 'NOT_ALLOWED:'],
  ];
  it.each(rows)('who may set the scribe: %s', (_name, make, expected) => {
    const x = scribed();
    const [actor, payload] = make(x);
    expect(x.tryIt(actor, 'groupwork.scribe', payload)).toBe(expected);
  });

  it('taken: another member cannot take it or give it back; the scribe gives it back; the facilitator takes it over', () => {
    const { cmd, tryIt, st, g1, a, b } = scribed();
    expect(cmd(as(a), 'groupwork.scribe', { groupId: g1.id, participantId: a })).toBe('ok');
    expect(tryIt(as(b), 'groupwork.scribe', { groupId: g1.id, participantId: b })).toBe('NOT_ALLOWED:scribeTaken');
    expect(tryIt(as(b), 'groupwork.scribe', { groupId: g1.id, participantId: null })).toBe('NOT_ALLOWED:facilitator');
    expect(cmd(F, 'groupwork.scribe', { groupId: g1.id, participantId: b })).toBe('ok');
    expect([st().groups[0].scribe, st().groups[0].hasScribe]).toEqual([b, true]);
    expect(tryIt(as(a), 'groupwork.scribe', { groupId: g1.id, participantId: null })).toBe('NOT_ALLOWED:facilitator');
    expect(cmd(as(b), 'groupwork.scribe', { groupId: g1.id, participantId: null })).toBe('ok');
    expect([st().groups[0].scribe, st().groups[0].hasScribe]).toEqual([undefined, false]);
  });

  it('only the scribe adds, edits and deletes; the others read; the facilitator still writes; without a scribe everyone writes again', () => {
    const { s, id, cmd, tryIt, st, g1, a, b, c } = scribed();
    expect(cmd(as(b), 'groupwork.answer', { groupId: g1.id, question: 0, text: 'Van b, vooraf' })).toBe('ok');
    const early = st().answers[0].id;
    expect(cmd(F, 'groupwork.scribe', { groupId: g1.id, participantId: a })).toBe('ok');
    expect(tryIt(as(b), 'groupwork.answer', { groupId: g1.id, question: 0, text: 'Nog van b' })).toBe('NOT_ALLOWED:scribe');
    expect(tryIt(as(b), 'groupwork.editAnswer', { answerId: early, text: 'Van b, aangepast' })).toBe('NOT_ALLOWED:scribe');
    expect(tryIt(as(b), 'groupwork.deleteAnswer', { answerId: early })).toBe('NOT_ALLOWED:scribe');
    expect(cmd(as(a), 'groupwork.answer', { groupId: g1.id, question: 1, text: 'Genoteerd door a' })).toBe('ok');
    expect(cmd(as(a), 'groupwork.editAnswer', { answerId: early, text: 'Van b, genoteerd door a' })).toBe('ok');
    expect(cmd(F, 'groupwork.answer', { groupId: g1.id, question: 0, text: 'Van de begeleider' })).toBe('ok');
    // The others see the scribe's answers live, without an author.
    const mate = stateFor(s, id, { role: 'participant', participantId: c });
    expect(mate.answers.map((x) => [x.text, x.pid])).toEqual([
      ['Van b, genoteerd door a', undefined],
      ['Genoteerd door a', undefined],
      ['Van de begeleider', undefined],
    ]);
    expect(mate.groups[0]).toMatchObject({ hasScribe: true, members: [c] });
    expect(mate.groups[0].scribe, 'a phone does not learn who the scribe is by id').toBeUndefined();
    expect(stateFor(s, id, { role: 'participant', participantId: a }).groups[0].scribe).toBe(a);
    // The scribe moves to another group: the group has no scribe, everyone writes again.
    expect(cmd(F, 'groupwork.move', { participantId: a, groupId: st().groups[1].id })).toBe('ok');
    expect(st().groups[0]).toMatchObject({ hasScribe: false });
    expect(st().groups[0].scribe).toBeUndefined();
    expect(cmd(as(b), 'groupwork.answer', { groupId: g1.id, question: 0, text: 'Weer van b' })).toBe('ok');
  });

  it('a phone asks answerRefusal of its own projection and gets the server’s answer', () => {
    const { s, id, cmd, g1, a, b } = scribed();
    cmd(as(a), 'groupwork.scribe', { groupId: g1.id, participantId: a });
    for (const [pid, expected] of [
      [a, null],
      [b, 'scribe'],
    ] as const) {
      const mine = groupOf(stateFor(s, id, { role: 'participant', participantId: pid }), pid)!;
      expect(answerRefusal(mine, pid), pid).toBe(expected);
      expect(editRefusal(mine, { pid }, pid), pid).toBe(expected);
    }
  });
});

type Ctx = ReturnType<typeof groupwork> & { g1: Group; g2: Group; a: string; b: string; c: string; out: string };

describe('R-GROUP-NAMES: a name is shown only by choice, to the group and on the board', () => {
  function named() {
    // pid1–pid4 have names; pid5 and pid6 have none.
    const w = people(4, 2);
    w.cmd(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'choose' });
    const [g1, g2] = w.st().groups;
    for (const p of ['pid1', 'pid2', 'pid5']) w.cmd(as(p), 'groupwork.join', { groupId: g1.id });
    for (const p of ['pid3', 'pid4', 'pid6']) w.cmd(as(p), 'groupwork.join', { groupId: g2.id });
    return { ...w, g1, g2 };
  }
  const team = (s: Script, id: string, pid: string) => stateFor(s, id, { role: 'participant', participantId: pid }).team;
  const board = (s: Script, id: string) => stateFor(s, id, { role: 'board' }).groups.map((g) => g.people ?? []);

  it('nobody is named until they choose; without a name there is nothing to show', () => {
    const { s, id, tryIt } = named();
    expect(board(s, id)).toEqual([[], []]);
    expect(team(s, id, 'pid2')).toEqual({});
    expect(tryIt(as('pid5'), 'groupwork.showName', { show: true })).toBe('NOT_ALLOWED:noName');
    expect(tryIt(F, 'groupwork.showName', { show: true })).toBe('NOT_ALLOWED:participant');
    expect(tryIt(B, 'groupwork.showName', { show: true })).toBe('NOT_ALLOWED:');
  });

  it('the group’s phones and the board name those who chose; a phone of another group never gets the name', () => {
    const { s, id, cmd, st } = named();
    const start = structuredClone(s.state);
    const from = s.state.seq;
    expect(cmd(as('pid1'), 'groupwork.showName', { show: true })).toBe('ok');
    expect(cmd(as('pid3'), 'groupwork.showName', { show: true })).toBe('ok');
    expect(board(s, id)).toEqual([[{ name: 'Name1' }], [{ name: 'Name3' }]]);
    expect(team(s, id, 'pid2')).toEqual({ pid2: [{ name: 'Name1' }] });
    expect(team(s, id, 'pid5'), 'a member without a name still sees who shows theirs').toEqual({ pid5: [{ name: 'Name1' }] });
    expect(team(s, id, 'pid1'), 'my own name is not in my list of the others').toEqual({});
    expect(team(s, id, 'pid4')).toEqual({ pid4: [{ name: 'Name3' }] });
    expect(stateFor(s, id, { role: 'participant', participantId: 'pid1' }).shown).toEqual({ pid1: 'Name1' });
    expect(stateFor(s, id, { role: 'participant', participantId: 'pid2' }).shown).toEqual({});
    expect(st().shown).toEqual({ pid1: 'Name1', pid3: 'Name3' });
    // What reached each phone: its group's names only; never another's id; the unnamed are counted.
    for (const [pid, own, other] of [
      ['pid2', 'Name1', 'Name3'],
      ['pid4', 'Name3', 'Name1'],
      ['pid6', 'Name3', 'Name1'],
    ]) {
      const wire = s.wire({ role: 'participant', participantId: pid });
      expect(wire, pid).toContain(own);
      expect(wire, pid).not.toContain(other);
      expect(s.viewFrom({ role: 'participant', participantId: pid }, from, start).agenda.find((a) => a.id === id)!.state).toEqual(
        stateFor(s, id, { role: 'participant', participantId: pid }),
      );
    }
    expect(s.wire({ role: 'participant' })).not.toMatch(/Name1|Name3/);
    expect(s.wire({ role: 'board' })).not.toMatch(/pid\d|Name2|Name4/);
    expect(stateFor(s, id, { role: 'board' }).groups.map((g) => g.size)).toEqual([3, 3]);
  });

  it('moving, the scribe, a new name and taking it back keep everyone’s list right', () => {
    const { s, id, cmd, st, g1, g2 } = named();
    cmd(as('pid1'), 'groupwork.showName', { show: true });
    cmd(as('pid2'), 'groupwork.showName', { show: true });
    cmd(F, 'groupwork.scribe', { groupId: g1.id, participantId: 'pid2' });
    expect(board(s, id)[0]).toEqual([{ name: 'Name1' }, { name: 'Name2', scribe: true }]);
    expect(team(s, id, 'pid5')).toEqual({ pid5: [{ name: 'Name1' }, { name: 'Name2', scribe: true }] });
    // pid1 moves to group 2: group 1 no longer names them; group 2 does.
    cmd(F, 'groupwork.move', { participantId: 'pid1', groupId: g2.id });
    expect(board(s, id)).toEqual([[{ name: 'Name2', scribe: true }], [{ name: 'Name1' }]]);
    expect(team(s, id, 'pid5')).toEqual({ pid5: [{ name: 'Name2', scribe: true }] });
    expect(team(s, id, 'pid3')).toEqual({ pid3: [{ name: 'Name1' }] });
    expect(team(s, id, 'pid1'), 'the mover no longer holds group 1’s names').toEqual({});
    // A new name is shown once the phone says so again (it does so itself when the name changes).
    s.ok(as('pid2'), { type: 'participant.rename', name: 'Jonas' });
    expect(board(s, id)[0]).toEqual([{ name: 'Name2', scribe: true }]);
    cmd(as('pid2'), 'groupwork.showName', { show: true });
    expect(board(s, id)[0]).toEqual([{ name: 'Jonas', scribe: true }]);
    cmd(as('pid2'), 'groupwork.showName', { show: false });
    expect(board(s, id)[0]).toEqual([]);
    expect(team(s, id, 'pid5')).toEqual({});
    expect(st().shown).toEqual({ pid1: 'Name1' });
  });
});

describe('group work with places, scribes and names: what each viewer receives', () => {
  function playedNamed() {
    const w = groupwork(5);
    w.s.addParticipant('pid7');
    const start = structuredClone(w.s.state);
    const from = w.s.state.seq;
    const { s, st, cmd } = w;
    cmd(as('pid1'), 'groupwork.showName', { show: true });
    cmd(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'random' }, { random: seeded() });
    const [g1, g2] = st().groups;
    cmd(F, 'groupwork.label', { groupId: g1.id, name: 'De Zwanen', place: 'tafel 3' });
    cmd(F, 'groupwork.label', { groupId: g2.id, name: '', place: 'bij het raam' });
    for (const p of ['pid2', 'pid3', 'pid4']) cmd(as(p), 'groupwork.showName', { show: true });
    cmd(as(g1.members[0]), 'groupwork.scribe', { groupId: g1.id, participantId: g1.members[0] });
    cmd(F, 'groupwork.scribe', { groupId: g2.id, participantId: g2.members[1] });
    cmd(as(g1.members[0]), 'groupwork.answer', { groupId: g1.id, question: 0, text: 'Door de schrijver' });
    cmd(F, 'groupwork.rebalance');
    cmd(F, 'groupwork.move', { participantId: g1.members[0], groupId: g2.id });
    s.addParticipant('pid9');
    s.arrive('pid9');
    cmd(as('pid3'), 'groupwork.showName', { show: false });
    cmd(F, 'groupwork.scribe', { groupId: g2.id, participantId: null });
    return { ...w, start, from };
  }
  const viewersOf = (s: Script): Viewer[] => [
    { role: 'facilitator' },
    { role: 'board' },
    { role: 'participant' },
    ...Object.keys(s.state.participants).map((participantId) => ({ role: 'participant' as const, participantId })),
  ];

  it('every event fits its schema as each viewer receives it; no one else’s id reaches a phone or the board; views rebuild their projection', () => {
    const { s, id, start, from } = playedNamed();
    const types = new Set(s.events.map((e) => e.type));
    for (const t of ['groupwork.labelled', 'groupwork.scribeSet', 'groupwork.nameShown', 'groupwork.roster', 'groupwork.team'])
      expect(types, t).toContain(t);
    for (const ev of s.events.filter((e) => e.type.startsWith('groupwork.'))) {
      for (const viewer of viewersOf(s)) {
        const seen = projectEvent(ev, viewer);
        if (!seen) continue;
        const who = `${ev.seq} ${ev.type} for ${viewer.role} ${viewer.participantId ?? ''}`;
        expect(fits(Event, bare(seen)), who).toBeUndefined();
        if (viewer.role === 'facilitator') continue;
        expect(
          (JSON.stringify(seen).match(/pid\d/g) ?? []).filter((p) => p !== viewer.participantId),
          who,
        ).toEqual([]);
      }
    }
    for (const viewer of viewersOf(s)) {
      const kept = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state as GroupworkState;
      expect(kept, `${viewer.role} ${viewer.participantId ?? ''}`).toEqual(stateFor(s, id, viewer));
      expect(fits(GroupworkState, kept)).toBeUndefined();
    }
    expect(fits(GroupworkState, s.activity(id).state)).toBeUndefined();
  });
});
