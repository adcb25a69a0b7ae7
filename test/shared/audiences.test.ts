/**
 * What each viewer receives (shared/audiences.ts) across every kind at once (R-AUDIENCE;
 * rule ids: test/SPEC.md). Each kind's own projections are tested in its file.
 */
import { describe, expect, it } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import type { Viewer } from '../../shared/model.ts';
import { open } from '../helpers/drafts.ts';
import { F, P, Script } from '../helpers/script.ts';

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
    s.ok(F, {
      type: 'agenda.update',
      activityId: eng,
      activity: {
        kind: 'brainstorm',
        title: 'Engagementen',
        config: { prompt: 'p', columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: true },
      },
    });
    for (const n of [1, 2, 3, 4])
      s.ok(P(n), { type: 'brainstorm.add', activityId: eng, text: `Engagement ${n}`, column: null, showName: false });
    s.ok(F, { type: 'brainstorm.reveal', activityId: eng, revealed: true });
    const engItems = s.activity<BrainstormState>(eng).state.items;
    s.ok(F, { type: 'brainstorm.hide', activityId: eng, itemId: engItems[3].id, hidden: true });
    s.ok(F, { type: 'brainstorm.merge', activityId: eng, itemId: engItems[0].id, otherId: engItems[1].id });
    s.ok(P(3), { type: 'brainstorm.edit', activityId: eng, itemId: engItems[2].id, text: 'Engagement drie' });
    open(s, vote);
    const items = s.activity<DotvoteState>(vote).state.items;
    for (const n of [1, 2, 3])
      for (let i = 0; i < 5; i++) s.ok(P(n), { type: 'dotvote.place', activityId: vote, itemId: items[i % items.length].id });
    s.ok(P(1), { type: 'dotvote.unplace', activityId: vote, itemId: items[0].id });
    s.ok(F, { type: 'dotvote.reveal', activityId: vote, revealed: true });
    s.ok(P(4), { type: 'dotvote.place', activityId: vote, itemId: items[1].id });
    s.ok(F, { type: 'dotvote.carry', activityId: vote, itemIds: [items[1].id] });
    s.ok(F, { type: 'timer.start', seconds: 300, activityId: vote, lockAtZero: false });
    const gw = s.state.agenda[6].id;
    open(s, gw);
    s.runWith({ random: () => 0.42 }, F, { type: 'groupwork.form', activityId: gw, by: 'count', value: 2, assignment: 'random' });
    const viewers: Viewer[] = [
      { role: 'facilitator' },
      { role: 'board' },
      ...[1, 2, 3, 4, 5].map((n) => ({ role: 'participant' as const, participantId: `pid${n}` })),
    ];
    // The server sends an event without `pid` once to all phones: its projection must not
    // depend on which phone is looking (this caught a per-phone reveal and group forming).
    for (const ev of s.events.filter((e) => !e.pid)) {
      const seen = [undefined, 'pid1', 'pid2', 'pid5'].map((participantId) => projectEvent(ev, { role: 'participant', participantId }));
      expect(seen.slice(1), ev.type).toEqual([seen[0], seen[0], seen[0]]);
    }
    for (const viewer of viewers) {
      const view = s.viewFrom(viewer, from, start);
      expect({ ...view, participantCount: 0 }, viewer.role + viewer.participantId).toEqual({
        ...projectState(s.state, viewer),
        participantCount: 0,
      });
    }
  });
});
