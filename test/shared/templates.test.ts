/** The built-in agenda templates (shared/templates.ts) (R-TEMPLATE; rule ids: test/SPEC.md). */
import { describe, expect, it } from 'vitest';
import { F, P, Script } from '../helpers/script.ts';

describe('templates (R-TEMPLATE)', () => {
  it('the learning-network template builds the seed session’s flow, with the vote wired to the engagements', () => {
    const s = new Script();
    s.ok(F, { type: 'agenda.template', template: 'learningNetwork' });
    expect(s.state.agenda.map((a) => a.kind)).toEqual([
      'info',
      'checkin',
      'brainstorm',
      'brainstorm',
      'brainstorm',
      'dotvote',
      'groupwork',
      'checkin',
    ]);
    const engagements = s.state.agenda[4];
    expect((s.state.agenda[5].config as { sourceId: string }).sourceId).toBe(engagements.id);
    expect((engagements.config as { maxPerPerson: number }).maxPerPerson).toBe(3);
    expect(s.run(P(1), { type: 'agenda.template', template: 'learningNetwork' })).toBe('NOT_ALLOWED');
  });
});
