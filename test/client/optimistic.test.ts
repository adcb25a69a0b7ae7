/**
 * The optimistic view: the confirmed view with pending commands applied through the shared
 * reducer; no copy when nothing is pending; only what the commands touch is copied; a
 * command the reducer refuses, or whose kind's rules are not loaded, shows nothing early.
 */
import { describe, expect, it } from 'vitest';
import type { Activity, Actor, Command, RoomView } from '../../shared/model.ts';
import { decide, emptyState } from '../../shared/reduce.ts';
import { isPendingId, optimistic, OptimisticView } from '../../client/src/lib/sync/optimistic.svelte.ts';

const info = (id: string, opened = true): Activity => ({
  id,
  kind: 'info',
  title: id,
  config: { body: '', agreeable: true },
  state: { agreed: {}, count: 0 },
  locked: false,
  opened,
});
const base = (): RoomView => ({
  ...emptyState(),
  sessionId: 's1',
  seq: 5,
  agenda: [info('a1'), info('a2'), info('a3', false)],
  currentId: 'a1',
});
const phone: Actor = { role: 'participant', participantId: 'p1' };
const facilitator: Actor = { role: 'facilitator' };
const cmd = (c: Record<string, unknown>) => ({ cmd: { id: `c${Math.random()}`, ...c } as Command });

describe('optimistic', () => {
  it('shows the confirmed view itself (no copy) when nothing is pending', () => {
    const b = base();
    expect(optimistic(b, [], { actor: phone, now: 0, decide })).toBe(b);
    expect(optimistic(null, [cmd({ type: 'info.agree', activityId: 'a1', agree: true })], { actor: phone, now: 0, decide })).toBeNull();
  });

  it('applies pending commands, copying only what they touch and never writing the base', () => {
    const b = base();
    const v = optimistic(b, [cmd({ type: 'info.agree', activityId: 'a2', agree: true })], { actor: phone, now: 0, decide })!;
    expect(v).not.toBe(b);
    expect(v.agenda[1].state).toEqual({ agreed: { p1: true }, count: 1 });
    expect(b.agenda[1].state).toEqual({ agreed: {}, count: 0 });
    expect(v.agenda[0]).toBe(b.agenda[0]);
    expect(v.agenda[2]).toBe(b.agenda[2]);
    expect(v.participants).toBe(b.participants);
  });

  it('a command the reducer refuses changes nothing: the base is shown as it is', () => {
    const b = base();
    // a3 has not been opened yet: participants may not act on it.
    const pending = [cmd({ type: 'info.agree', activityId: 'a3', agree: true }), cmd({ type: 'agenda.goto', activityId: 'a2' })];
    expect(optimistic(b, pending, { actor: phone, now: 0, decide })).toBe(b);
  });

  it('skips commands whose kind is not loaded, and keeps applying the rest', () => {
    const b = base();
    const pending = [cmd({ type: 'info.agree', activityId: 'a1', agree: true }), cmd({ type: 'session.meta', title: 'Nieuw' })];
    const v = optimistic(b, pending, { actor: facilitator, now: 0, decide, kindLoaded: (k) => k !== 'info' })!;
    expect(v.title).toBe('Nieuw');
    expect(v.agenda).toBe(b.agenda);
    // Going to an activity of a kind that is not loaded is not shown early either.
    const goto = [cmd({ type: 'agenda.goto', activityId: 'a2' })];
    expect(optimistic(b, goto, { actor: facilitator, now: 0, decide, kindLoaded: () => false })).toBe(b);
    expect(optimistic(b, goto, { actor: facilitator, now: 0, decide, kindLoaded: () => true })!.currentId).toBe('a2');
  });

  it('a command the local reducer cannot judge (throws) is skipped', () => {
    const b = { ...base(), agenda: [{ ...info('g1'), kind: 'ghost' }, info('a1')] };
    const pending = [cmd({ type: 'ghost.boo', activityId: 'g1' }), cmd({ type: 'info.agree', activityId: 'a1', agree: true })];
    const v = optimistic(b, pending, { actor: phone, now: 0, decide })!;
    expect(v.agenda[0]).toBe(b.agenda[0]);
    expect(v.agenda[1].state).toEqual({ agreed: { p1: true }, count: 1 });
  });

  it('things the server has not created yet get pending ids', () => {
    const b = base();
    const v = optimistic(
      b,
      [cmd({ type: 'agenda.add', activity: { kind: 'info', title: 'Nieuw', config: { body: '', agreeable: false } } })],
      {
        actor: facilitator,
        now: 0,
        decide,
      },
    )!;
    expect(v.agenda).toHaveLength(4);
    expect(isPendingId(v.agenda[3].id)).toBe(true);
    expect(v.agenda[0]).toBe(b.agenda[0]);
  });

  it('OptimisticView: the shown view and its current activity', () => {
    const confirmed = base();
    const make = (b: RoomView | null, overlay: { cmd: Command }[]) =>
      new OptimisticView({ base: () => b, overlay: () => overlay, actor: () => phone, now: () => 0, decide: () => decide });
    const idle = make(confirmed, []);
    expect(idle.view).toBe(confirmed);
    expect(idle.current).toBe(confirmed.agenda[0]);
    const busy = make(confirmed, [cmd({ type: 'info.agree', activityId: 'a1', agree: true })]);
    expect(busy.current!.state).toEqual({ agreed: { p1: true }, count: 1 });
    expect(busy.view!.agenda[1]).toBe(confirmed.agenda[1]);
    const none = make(null, []);
    expect(none.view).toBeNull();
    expect(none.current).toBeUndefined();
  });
});
