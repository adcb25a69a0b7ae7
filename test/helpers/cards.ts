/**
 * A room built straight from events, for the reducer's table tests: participants p1 and p2
 * (named Sara), two info cards (card1 agreeable, card2 not), nothing shown yet. `run`
 * takes commands in order through decide + apply and returns each answer.
 */
import type { Actor, DomainEvent, RoomState, StoredEvent } from '../../shared/model.ts';
import type { Command } from '../../shared/protocol.ts';
import { apply, decide, emptyState } from '../../shared/reduce.ts';

export const F: Actor = { role: 'facilitator' };
export const B: Actor = { role: 'board' };
export const P1: Actor = { role: 'participant', participantId: 'p1' };
export const P2: Actor = { role: 'participant', participantId: 'p2' };

let ids = 0;
export const ctx = () => ({ now: 1000, newId: () => `id${++ids}xx` });

export function room(): RoomState {
  const s = emptyState();
  let seq = 0;
  const add = (e: DomainEvent) => apply(s, { ...e, seq: ++seq, at: 1 } as StoredEvent);
  add({ type: 'session.created', sessionId: 's1', code: 'ACDEFG', title: 'T', lang: 'nl' });
  add({ type: 'participant.joined', pid: 'p1' });
  add({ type: 'participant.joined', pid: 'p2', name: 'Sara' });
  for (const [id, agreeable] of [
    ['card1', true],
    ['card2', false],
  ] as const) {
    add({
      type: 'agenda.added',
      index: s.agenda.length,
      activity: {
        id,
        kind: 'info',
        title: id,
        config: { body: 'b', agreeable },
        state: { agreed: {}, count: 0 },
        locked: false,
        opened: false,
      },
    });
  }
  return s;
}

/** Run commands in order; returns the final state and every decision. */
export function run(s: RoomState, steps: [Actor, Partial<Command> & { type: string }][]) {
  const results = [];
  for (const [actor, c] of steps) {
    const d = decide(s, { id: 'cmd-000001', ...c } as Command, actor, ctx());
    if (d.ok) for (const e of d.events) apply(s, { ...e, seq: s.seq + 1, at: 2 } as StoredEvent);
    results.push(d.ok ? 'ok' : d.error.code);
  }
  return results;
}

export const goto = (activityId: string | null) => ({ type: 'agenda.goto', activityId }) as const;
export const agree = (activityId: string, a = true) => ({ type: 'info.agree', activityId, agree: a }) as const;
export const infoDraft = { kind: 'info', title: 'X', config: { body: '', agreeable: true } } as const;
