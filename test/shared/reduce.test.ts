/** Table-driven tests of the pure reducer: decide + apply, no server. */
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import type { Actor, StoredEvent } from '../../shared/model.ts';
import type { Command } from '../../shared/protocol.ts';
import { MAX_ACTIVITIES, apply, decide } from '../../shared/reduce.ts';
import { agree, B, ctx, F, goto, infoDraft, P1, P2, room, run } from '../helpers/cards.ts';

describe('roles (R-ROLE-FACILITATOR, R-ROLE-BOARD, R-AGENDA-GOTO)', () => {
  const cases: [string, Actor, Partial<Command> & { type: string }, string][] = [
    ['facilitator moves the agenda', F, goto('card1'), 'ok'],
    ['participant cannot move the agenda', P1, goto('card1'), 'NOT_ALLOWED'],
    ['board cannot move the agenda', B, goto('card1'), 'NOT_ALLOWED'],
    ['participant cannot add', P1, { type: 'agenda.add', activity: infoDraft }, 'NOT_ALLOWED'],
    ['participant cannot remove', P1, { type: 'agenda.remove', activityId: 'card1' }, 'NOT_ALLOWED'],
    ['participant cannot lock', P1, { type: 'activity.lock', activityId: 'card1', locked: true }, 'NOT_ALLOWED'],
    ['participant cannot edit', P1, { type: 'agenda.update', activityId: 'card1', activity: infoDraft }, 'NOT_ALLOWED'],
    ['participant cannot reorder', P1, { type: 'agenda.move', activityId: 'card1', toIndex: 1 }, 'NOT_ALLOWED'],
    ['goto an unknown activity', F, goto('nope'), 'NOT_FOUND'],
    ['board cannot agree', B, agree('card1'), 'NOT_ALLOWED'],
    ['facilitator renames nobody', F, { type: 'participant.rename', name: 'x' }, 'NOT_ALLOWED'],
  ];
  it.each(cases)('%s', (_name, actor, cmd, expected) => {
    const s = room();
    if (cmd.type === 'info.agree') run(s, [[F, goto('card1')]]);
    expect(run(s, [[actor, cmd]])).toEqual([expected]);
  });

  it('goto sets the current activity and opens it', () => {
    const s = room();
    run(s, [[F, goto('card2')]]);
    expect(s.currentId).toBe('card2');
    expect(s.agenda[1].opened).toBe(true);
    run(s, [[F, goto(null)]]);
    expect(s.currentId).toBe(null);
  });
});

describe('agenda (R-AGENDA-LIMIT)', () => {
  it('add, move, update, remove', () => {
    const s = room();
    expect(run(s, [[F, { type: 'agenda.add', activity: infoDraft, index: 0 }]])).toEqual(['ok']);
    expect(s.agenda.map((a) => a.title)).toEqual(['X', 'card1', 'card2']);
    run(s, [[F, { type: 'agenda.move', activityId: s.agenda[0].id, toIndex: 99 }]]);
    expect(s.agenda.map((a) => a.title)).toEqual(['card1', 'card2', 'X']);
    run(s, [[F, { type: 'agenda.update', activityId: 'card1', activity: { ...infoDraft, title: 'Huisregels' } }]]);
    expect(s.agenda[0].title).toBe('Huisregels');
    run(s, [
      [F, goto('card1')],
      [F, { type: 'agenda.remove', activityId: 'card1' }],
    ]);
    expect(s.agenda.map((a) => a.id)).not.toContain('card1');
    expect(s.currentId).toBe(null);
  });

  it(`holds at most ${MAX_ACTIVITIES} activities`, () => {
    const s = room();
    const adds = Array.from({ length: MAX_ACTIVITIES }, () => [F, { type: 'agenda.add', activity: infoDraft }] as [Actor, any]);
    const results = run(s, adds);
    expect(results.filter((r) => r === 'ok')).toHaveLength(MAX_ACTIVITIES - 2);
    expect(results.at(-1)).toBe('LIMIT_REACHED');
    expect(s.agenda).toHaveLength(MAX_ACTIVITIES);
  });
});

describe('projections (R-AUDIENCE)', () => {
  function played() {
    const s = room();
    run(s, [
      [F, goto('card1')],
      [P1, agree('card1')],
      [P2, agree('card1')],
    ]);
    return s;
  }

  it('a phone sees only itself and its own agreement; the board only counts', () => {
    const s = played();
    const p1 = projectState(s, { role: 'participant', participantId: 'p1' });
    expect(Object.keys(p1.participants)).toEqual(['p1']);
    expect(p1.agenda[0].state).toEqual({ agreed: { p1: true }, count: 2 });
    const b = projectState(s, { role: 'board' });
    expect(b.participants).toEqual({});
    expect(JSON.stringify(b)).not.toMatch(/p1|p2|Sara/);
    const f = projectState(s, { role: 'facilitator' });
    expect(f.agenda[0].state).toEqual({ agreed: { p1: true, p2: true }, count: 2 });
  });

  it('snapshot + projected events equals the projection of the final state, for every viewer', () => {
    const viewers = [
      { role: 'facilitator' },
      { role: 'board' },
      { role: 'participant', participantId: 'p1' },
      { role: 'participant', participantId: 'p2' },
      { role: 'participant', participantId: 'p3' },
    ] as const;
    const events: StoredEvent[] = [];
    const s = room();
    const start = structuredClone(s);
    const steps: [Actor, any][] = [
      [F, goto('card1')],
      [P1, agree('card1')],
      [P2, agree('card1')],
      [P1, agree('card1', false)],
      [F, { type: 'agenda.add', activity: infoDraft }],
      [P2, { type: 'participant.rename', name: 'S' }],
    ];
    for (const [actor, c] of steps) {
      const d = decide(s, { id: 'cmd-000001', ...c }, actor, ctx());
      if (!d.ok) throw new Error(d.error.message);
      for (const e of d.events) {
        const ev = { ...e, seq: s.seq + 1, at: 3 } as StoredEvent;
        events.push(ev);
        apply(s, ev);
      }
    }
    for (const viewer of viewers) {
      const view = projectState(start, viewer);
      for (const ev of events) {
        const p = projectEvent(ev, viewer);
        if (p) apply(view, p);
      }
      const expected = projectState(s, viewer);
      // participantCount is only a hint for phones (they do not get others' joins).
      expect({ ...view, participantCount: 0, seq: 0 }).toEqual({ ...expected, participantCount: 0, seq: 0 });
    }
  });
});
