/** The countdown (shared/timer.ts), as the reducer runs it (R-TIMER; rule ids: test/SPEC.md). */
import { describe, expect, it } from 'vitest';
import { brainstormDraft, open } from '../helpers/drafts.ts';
import { F, P, Script } from '../helpers/script.ts';

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
