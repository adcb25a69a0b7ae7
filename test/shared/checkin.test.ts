/**
 * The check-in's schemas against what its rules do (SPEC: R-CHECKIN-RESPOND,
 * R-CHECKIN-QUEUE, R-CHECKIN-SHOW): every event it emits, and every viewer's projection of
 * it, fits `events`; every state and projection fits `CheckinState`; refusals say which
 * rule said no; the builder's decks are in every language; and the rules themselves as a
 * table: answering and passing, the speak queue, what reaches the board and other phones.
 */
import fs from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { builder } from '../../shared/activities/checkin/builder.ts';
import {
  CHECKIN_ANSWER_MAX,
  CHECKIN_DECK,
  CHECKIN_PROMPT_MAX,
  CHECKOUT_DECK,
  CheckinDraft,
  CheckinState,
  events,
  queuePlace,
  responseOf,
  rules,
  writtenAnswers,
} from '../../shared/activities/checkin/index.ts';
import { CATALOGUES, LANGUAGES } from '../../shared/i18n/index.ts';
import type { StoredEvent, Viewer } from '../../shared/model.ts';
import { apply, emptyState, kindRoom } from '../../shared/reduce.ts';
import { open } from '../helpers/drafts.ts';
import { F, P, Script } from '../helpers/script.ts';

const Event = v.variant('type', events);
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const VIEWERS: Viewer[] = [
  { role: 'facilitator' },
  { role: 'board' },
  { role: 'participant' },
  ...[1, 2, 3, 4].map((n) => ({ role: 'participant' as const, participantId: `pid${n}` })),
];
const draft = (config: Record<string, unknown>) => ({ kind: 'checkin', title: 'Check-in', config });

/** A round that uses every command: answers, a pass, the queue, showing and hiding. */
function played() {
  const s = new Script(4);
  const id = s.add(draft({ mode: 'checkin', prompts: ['Hoe kom je binnen?', 'Wat neem je mee?'] }));
  const st = () => s.activity<CheckinState>(id).state;
  s.ok(F, { type: 'agenda.goto', activityId: id });
  s.ok(P(1), { type: 'checkin.respond', activityId: id, answer: 'Moe maar blij', passed: false });
  s.ok(P(2), { type: 'checkin.respond', activityId: id, answer: '', passed: true });
  s.ok(P(3), { type: 'checkin.speak', activityId: id, want: true });
  s.ok(P(4), { type: 'checkin.speak', activityId: id, want: true });
  s.ok(P(4), { type: 'checkin.speak', activityId: id, want: false });
  s.ok(F, { type: 'checkin.show', activityId: id, show: true });
  s.ok(P(3), { type: 'checkin.respond', activityId: id, answer: 'Benieuwd', passed: false });
  s.ok(P(1), { type: 'checkin.respond', activityId: id, answer: 'Blij', passed: false });
  s.ok(F, { type: 'checkin.spoken', activityId: id, entryId: st().queue[0].id });
  s.ok(P(2), { type: 'checkin.speak', activityId: id, want: true });
  s.ok(F, { type: 'checkin.show', activityId: id, show: false });
  s.ok(P(4), { type: 'checkin.respond', activityId: id, answer: '', passed: false });
  return { s, id, st };
}

describe('check-in schemas (R-CHECKIN-RESPOND, R-CHECKIN-QUEUE, R-CHECKIN-SHOW)', () => {
  it('every event, as stored and as each viewer receives it, fits the event schemas', () => {
    const { s } = played();
    const mine = s.events.filter((e) => e.type.startsWith('checkin.'));
    expect(new Set(mine.map((e) => e.type))).toEqual(new Set(['checkin.responded', 'checkin.queued', 'checkin.dequeued', 'checkin.shown']));
    for (const ev of mine) {
      expect(v.safeParse(Event, bare(ev)).issues, ev.type).toBeUndefined();
      for (const viewer of VIEWERS) {
        const seen = projectEvent(ev, viewer);
        if (seen)
          expect(v.safeParse(Event, bare(seen)).issues, `${ev.type} for ${viewer.role}${viewer.participantId ?? ''}`).toBeUndefined();
      }
    }
  });

  it('the state, and what each viewer sees of it, fits CheckinState, at every step', () => {
    const { s, id } = played();
    const replay = emptyState();
    for (const ev of s.events) {
      apply(replay, ev);
      const a = replay.agenda.find((x) => x.id === id);
      if (!a) continue;
      expect(v.safeParse(CheckinState, a.state).issues, `after ${ev.seq} ${ev.type}`).toBeUndefined();
      for (const viewer of VIEWERS) {
        const seen = projectState(replay, viewer).agenda.find((x) => x.id === id)!.state;
        expect(
          v.safeParse(CheckinState, seen).issues,
          `after ${ev.seq} ${ev.type}, ${viewer.role}${viewer.participantId ?? ''}`,
        ).toBeUndefined();
      }
    }
    expect(replay).toEqual(s.state);
    expect(v.safeParse(CheckinState, rules.init({ mode: 'checkout', prompts: ['x'] })).issues).toBeUndefined();
  });

  it('is exact: unknown fields, empty shown answers and names on entries that are too long are refused', () => {
    const responded = { type: 'checkin.responded', activityId: 'act1', rid: 'rid1', answer: 'x', passed: false, shown: false };
    expect(v.safeParse(Event, responded).success).toBe(true);
    expect(v.safeParse(Event, { ...responded, name: 'Sara' }).success).toBe(false);
    expect(v.safeParse(Event, { ...responded, answer: 'x'.repeat(CHECKIN_ANSWER_MAX + 1) }).success).toBe(false);
    expect(
      v.safeParse(Event, { type: 'checkin.shown', activityId: 'act1', show: true, answers: [{ rid: 'rid1', answer: '' }] }).success,
    ).toBe(false);
    expect(v.safeParse(Event, { type: 'checkin.queued', activityId: 'act1', entryId: 'ent1', name: 'x'.repeat(41) }).success).toBe(false);
    expect(v.safeParse(CheckinState, { responses: {}, queue: [], showAnswers: false, extra: true }).success).toBe(false);
    expect(
      v.safeParse(CheckinState, { responses: { rid1: { id: 'rid1', passed: false, answer: '' } }, queue: [], showAnswers: false }).success,
    ).toBe(false);
  });

  it('the exported sessions of an earlier version import against CheckinState', () => {
    const dir = 'test/fixtures/f0c342d';
    const states = ['session1.json', 'session2.json', 'session3.json'].flatMap((f) =>
      (JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) as { agenda: { kind: string; state: unknown }[] }).agenda.filter(
        (a) => a.kind === 'checkin',
      ),
    );
    expect(states.length).toBeGreaterThan(0);
    for (const a of states) expect(v.safeParse(CheckinState, a.state).issues).toBeUndefined();
  });
});

describe('check-in rules', () => {
  it('refusals carry the rule that said no', () => {
    const { s, id, st } = played();
    const a = s.state.agenda.find((x) => x.id === id)!;
    const ctx = { now: 0, newId: () => 'newid1' };
    const no = (actor: typeof F, cmd: Record<string, unknown>) => {
      const d = rules.decide({ id: 'cmd00001', activityId: id, ...cmd }, a as never, actor, ctx, kindRoom(s.state));
      return d.ok ? 'ok' : `${d.error.code}/${d.error.reason}`;
    };
    expect(no(F, { type: 'checkin.respond', answer: 'x', passed: false })).toBe('NOT_ALLOWED/participantsOnly');
    expect(no(F, { type: 'checkin.speak', want: true })).toBe('NOT_ALLOWED/participantsOnly');
    expect(no(P(1), { type: 'checkin.spoken', entryId: st().queue[0].id })).toBe('NOT_ALLOWED/facilitatorOnly');
    expect(no(P(1), { type: 'checkin.show', show: true })).toBe('NOT_ALLOWED/facilitatorOnly');
    expect(no(F, { type: 'checkin.spoken', entryId: 'gone1' })).toBe('NOT_FOUND/notQueued');
  });

  it('the helpers the phone uses are the ones decide uses', () => {
    const { st } = played();
    expect(responseOf(st(), 'pid1')).toMatchObject({ pid: 'pid1', answer: 'Blij', passed: false });
    expect(responseOf(st(), null)).toBeUndefined();
    expect(queuePlace(st(), 'pid2')).toBe(0);
    expect(queuePlace(st(), 'pid3')).toBe(-1);
    expect(
      writtenAnswers(st())
        .map((x) => x.answer)
        .sort(),
    ).toEqual(['Benieuwd', 'Blij']);
  });

  it('the builder: a fresh round asks for a prompt; one or two prompts within the limit fit', () => {
    const fresh = builder.normalise!(builder.defaults(() => ''));
    const r = v.safeParse(CheckinDraft, draft(fresh));
    expect(r.success).toBe(false);
    expect(r.issues?.map((i) => v.getDotPath(i))).toEqual(['config.prompts']);
    expect(Object.keys(builder.fieldLabels!)).toContain('config.prompts');
    const ok = (prompts: string[]) => v.safeParse(CheckinDraft, draft(builder.normalise!({ mode: 'checkin', prompts }))).success;
    expect(ok(['  Hoe kom je binnen?  ', ''])).toBe(true);
    expect(ok(['a', 'b'])).toBe(true);
    expect(ok(['a', 'b', 'c'])).toBe(false);
    expect(ok(['x'.repeat(CHECKIN_PROMPT_MAX)])).toBe(true);
    expect(ok(['x'.repeat(CHECKIN_PROMPT_MAX + 1)])).toBe(false);
  });

  it('the question decks are in every language', () => {
    expect(CHECKIN_DECK).toHaveLength(12);
    expect(CHECKOUT_DECK).toHaveLength(10);
    for (const lang of LANGUAGES) {
      for (const key of [...CHECKIN_DECK, ...CHECKOUT_DECK]) expect(CATALOGUES[lang]?.[key], `${lang}: ${key}`).toBeTruthy();
    }
  });
});

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
    expect(
      Object.values(board().responses)
        .map((r) => r.answer)
        .sort(),
    ).toEqual(['Geheim antwoord', 'Later antwoord']);
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid3' }] as Viewer[]) {
      const wire = s.wire(viewer) + JSON.stringify(projectState(s.state, viewer));
      expect(wire).not.toMatch(/pid1|pid2|Name1|Name2/);
    }
    expect(s.wire({ role: 'participant', participantId: 'pid3' })).not.toContain('antwoord');
    s.ok(F, { type: 'checkin.show', activityId: id, show: false });
    expect(JSON.stringify(board())).not.toContain('antwoord');
  });
});
