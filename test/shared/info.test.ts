/**
 * The info card's schemas against what its rules do (SPEC: R-INFO-AGREE): every event it
 * emits, and every viewer's projection of it, fits `events`; every state and projection
 * fits `InfoState`; refusals say which rule said no; and the card's rules as a table, with
 * the input rules every kind shares (R-INPUT-OPENED, R-INPUT-LOCKED).
 */
import fs from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { builder } from '../../shared/activities/info/builder.ts';
import { events, INFO_BODY_MAX, InfoDraft, InfoState, paragraphs, rules } from '../../shared/activities/info/index.ts';
import type { Actor, StoredEvent, Viewer } from '../../shared/model.ts';
import { kindRoom } from '../../shared/reduce.ts';
import { agree, goto, P1, room, run } from '../helpers/cards.ts';
import { F, P, Script } from '../helpers/script.ts';

const Event = v.variant('type', events);
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const VIEWERS: Viewer[] = [
  { role: 'facilitator' },
  { role: 'board' },
  { role: 'participant' },
  { role: 'participant', participantId: 'pid1' },
  { role: 'participant', participantId: 'pid2' },
];
const draft = (config: Record<string, unknown>) => ({ kind: 'info', title: 'Huisregels', config });

function played() {
  const s = new Script();
  const id = s.add(draft({ body: 'Respect.\nVeiligheid.', agreeable: true }));
  s.ok(F, { type: 'agenda.goto', activityId: id });
  s.ok(P(1), { type: 'info.agree', activityId: id, agree: true });
  s.ok(P(2), { type: 'info.agree', activityId: id, agree: true });
  s.ok(P(2), { type: 'info.agree', activityId: id, agree: false });
  s.ok(P(3), { type: 'info.agree', activityId: id, agree: true });
  return { s, id };
}

describe('info schemas (R-INFO-AGREE)', () => {
  it('every event, as stored and as each viewer receives it, fits the event schemas', () => {
    const { s } = played();
    const mine = s.events.filter((e) => e.type.startsWith('info.'));
    expect(mine.map((e) => e.type)).toEqual(['info.agreed', 'info.agreed', 'info.agreed', 'info.agreed']);
    for (const ev of mine) {
      expect(v.safeParse(Event, bare(ev)).issues, ev.type).toBeUndefined();
      for (const viewer of VIEWERS) {
        const seen = projectEvent(ev, viewer);
        if (seen)
          expect(v.safeParse(Event, bare(seen)).issues, `${ev.type} for ${viewer.role}${viewer.participantId ?? ''}`).toBeUndefined();
      }
    }
  });

  it('the state, and what each viewer sees of it, fits InfoState', () => {
    const { s, id } = played();
    const a = s.state.agenda.find((x) => x.id === id)!;
    expect(v.safeParse(InfoState, a.state).issues).toBeUndefined();
    expect(a.state).toEqual({ agreed: { pid1: true, pid3: true }, count: 2 });
    for (const viewer of VIEWERS) {
      const seen = projectState(s.state, viewer).agenda.find((x) => x.id === id)!.state;
      expect(v.safeParse(InfoState, seen).issues, viewer.role).toBeUndefined();
    }
    expect(v.safeParse(InfoState, rules.init({ body: '', agreeable: true })).issues).toBeUndefined();
  });

  it('is exact: unknown fields and a wrong count are refused', () => {
    expect(v.safeParse(Event, { type: 'info.agreed', activityId: 'card1', agree: true, name: 'Sara' }).success).toBe(false);
    expect(v.safeParse(InfoState, { agreed: { pid1: false }, count: 0 }).success).toBe(false);
    expect(v.safeParse(InfoState, { agreed: {}, count: -1 }).success).toBe(false);
    expect(v.safeParse(InfoState, { agreed: {}, count: 0, extra: 1 }).success).toBe(false);
  });

  it('the exported sessions of an earlier version import against InfoState', () => {
    const dir = 'test/fixtures/f0c342d';
    const states = ['session1.json', 'session2.json', 'session3.json'].flatMap((f) =>
      (JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) as { agenda: { kind: string; state: unknown }[] }).agenda.filter(
        (a) => a.kind === 'info',
      ),
    );
    expect(states.length).toBeGreaterThan(0);
    for (const a of states) expect(v.safeParse(InfoState, a.state).issues).toBeUndefined();
  });
});

describe('info rules', () => {
  it('R-INFO-AGREE: refusals carry the rule that said no', () => {
    const { s, id } = played();
    const a = s.state.agenda.find((x) => x.id === id)!;
    const ctx = { now: 0, newId: () => 'newid1' };
    const cmd = { id: 'cmd00001', type: 'info.agree', activityId: id, agree: true } as const;
    const no = (d: ReturnType<typeof rules.decide>) => (d.ok ? 'ok' : d.error.reason);
    expect(no(rules.decide(cmd, a as never, F, ctx, kindRoom(s.state)))).toBe('participantsOnly');
    const closed = { ...a, config: { body: '', agreeable: false } };
    expect(no(rules.decide(cmd, closed as never, P(4), ctx, kindRoom(s.state)))).toBe('notAgreeable');
    expect(no(rules.decide(cmd, a as never, P(1), ctx, kindRoom(s.state)))).toBe('ok');
  });

  it('the builder: fresh defaults fit the draft schema; the body has its limit', () => {
    expect(v.safeParse(InfoDraft, draft(builder.defaults(() => ''))).success).toBe(true);
    expect(v.safeParse(InfoDraft, draft({ body: 'x'.repeat(INFO_BODY_MAX), agreeable: false })).success).toBe(true);
    expect(v.safeParse(InfoDraft, draft({ body: 'x'.repeat(INFO_BODY_MAX + 1), agreeable: false })).success).toBe(false);
  });

  it('paragraphs: one per line, trimmed, blank lines dropped (views and report alike)', () => {
    expect(paragraphs(' Een \r\n\r\nTwee\n  \nDrie')).toEqual(['Een', 'Twee', 'Drie']);
  });
});

describe('info card (R-INFO-AGREE, R-INPUT-OPENED, R-INPUT-LOCKED)', () => {
  it.each([
    ['before the card was opened', [], [agree('card1')], ['NOT_ALLOWED'], 0],
    ['agree once', [goto('card1')], [agree('card1')], ['ok'], 1],
    ['agree twice counts once', [goto('card1')], [agree('card1'), agree('card1')], ['ok', 'ok'], 1],
    ['agree and take back', [goto('card1')], [agree('card1'), agree('card1', false)], ['ok', 'ok'], 0],
    ['take back without agreeing', [goto('card1')], [agree('card1', false)], ['ok'], 0],
    ['still allowed after the facilitator moved on', [goto('card1'), goto(null)], [agree('card1')], ['ok'], 1],
    ['locked', [goto('card1'), { type: 'activity.lock', activityId: 'card1', locked: true }], [agree('card1')], ['LOCKED'], 0],
    [
      'unlocked again',
      [
        goto('card1'),
        { type: 'activity.lock', activityId: 'card1', locked: true },
        { type: 'activity.lock', activityId: 'card1', locked: false },
      ],
      [agree('card1')],
      ['ok'],
      1,
    ],
  ] as const)('%s', (_n, setup, cmds, expected, count) => {
    const s = room();
    run(
      s,
      setup.map((c) => [F, c] as [Actor, any]),
    );
    expect(
      run(
        s,
        cmds.map((c) => [P1, c] as [Actor, any]),
      ),
    ).toEqual(expected);
    expect((s.agenda[0].state as any).count).toBe(count);
  });

  it('a card without agreement refuses it', () => {
    const s = room();
    run(s, [[F, goto('card2')]]);
    expect(run(s, [[P1, agree('card2')]])).toEqual(['NOT_ALLOWED']);
  });

  it('a command for another kind is INVALID', () => {
    const s = room();
    run(s, [[F, goto('card1')]]);
    expect(run(s, [[P1, { type: 'info.agree', activityId: 'nope', agree: true }]])).toEqual(['NOT_FOUND']);
  });
});
