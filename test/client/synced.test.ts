/**
 * The synced (confirmed) view: frames apply in order, copy-on-write (untouched parts keep
 * their identity, earlier versions are never written), catch-up after a reconnect, and the
 * `beforeApply` hook that lets activity rules load lazily without reordering frames.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/constants.ts';
import type { Activity, RoomView, StoredEvent } from '../../shared/model.ts';
import { emptyState } from '../../shared/reduce.ts';
import { loadRules } from '../../shared/activities/registry.ts';
import { SyncedView } from '../../client/src/lib/sync/synced.svelte.ts';
import { kindsTouched } from '../../client/src/lib/sync/kinds.ts';

const ev = (seq: number, type: string, fields: Record<string, unknown> = {}): StoredEvent => ({ seq, at: 1000 + seq, type, ...fields });
const frame = (...events: StoredEvent[]): Frame => ({ seq: events.at(-1)?.seq ?? 0, events });

const info = (id: string): Activity => ({
  id,
  kind: 'info',
  title: id,
  config: { body: '', agreeable: true },
  state: { agreed: {}, count: 0 },
  locked: false,
  opened: true,
});
const dotvote = (id: string): Activity => ({
  id,
  kind: 'dotvote',
  title: id,
  config: {},
  state: { items: [{ id: 'i1', text: 'x' }], dots: {}, voters: 0, revealed: false, tally: null, carried: [] },
  locked: false,
  opened: true,
});

/** A snapshot at seq 10: two cards and a vote, the first card current. */
function snapshot(): RoomView {
  return {
    ...emptyState(),
    sessionId: 's1',
    code: 'ACDEFG',
    title: 'T',
    seq: 10,
    agenda: [info('a1'), dotvote('v1'), info('a2')],
    currentId: 'a1',
  };
}
const agree = (seq: number, activityId: string, pid = 'p1') => ev(seq, 'info.agreed', { activityId, pid, agree: true });

/** A view joined with a snapshot (hook: load the rules it is asked for). */
function joined(hook: (kinds: Set<string>) => void | Promise<void> = () => {}) {
  const s = new SyncedView(hook);
  s.expectHello();
  s.hello({ snapshot: snapshot(), seq: 10 });
  return s;
}

describe('applying frames', () => {
  it('is synchronous when the hook returns nothing, and copies only what a frame touches', async () => {
    await loadRules(['info']);
    const s = joined();
    const v0 = s.view!;
    expect(v0.seq).toBe(10);
    s.frame(frame(agree(11, 'a2')));
    expect(s.busy).toBe(false);
    const v1 = s.view!;
    expect(v1).not.toBe(v0);
    expect(v1.seq).toBe(11);
    expect(v1.agenda[2].state).toEqual({ agreed: { p1: true }, count: 1 });
    // Untouched parts are the same objects; the touched activity is new.
    expect(v1.agenda[0]).toBe(v0.agenda[0]);
    expect(v1.agenda[1]).toBe(v0.agenda[1]);
    expect(v1.participants).toBe(v0.participants);
    expect(v1.meta).toBe(v0.meta);
    expect(v1.agenda[2]).not.toBe(v0.agenda[2]);
    // The previous version was not written.
    expect(v0.agenda[2].state).toEqual({ agreed: {}, count: 0 });
    expect(v0.seq).toBe(10);
  });

  it('a core event copies its own part only (a rename: that participant, not the agenda)', () => {
    const s = joined();
    s.frame(frame(ev(11, 'participant.joined', { pid: 'p1', name: 'A' }), ev(12, 'participant.joined', { pid: 'p2' })));
    const v1 = s.view!;
    s.frame(frame(ev(13, 'participant.renamed', { pid: 'p1', name: 'B' })));
    const v2 = s.view!;
    expect(v2.participants.p1.name).toBe('B');
    expect(v1.participants.p1.name).toBe('A');
    expect(v2.participants.p2).toBe(v1.participants.p2);
    expect(v2.agenda).toBe(v1.agenda);
    s.frame(frame(ev(14, 'agenda.current', { activityId: 'a2' })));
    const v3 = s.view!;
    expect(v3.currentId).toBe('a2');
    expect(v3.agenda[0]).toBe(v2.agenda[0]);
    expect(v3.agenda[1]).toBe(v2.agenda[1]);
    expect(v3.participants).toBe(v2.participants);
  });

  it('a frame with nothing new makes no new version', async () => {
    await loadRules(['info']);
    const s = joined();
    s.frame(frame(agree(11, 'a1')));
    const v = s.view;
    const n = s.versions;
    s.frame(frame(agree(11, 'a1')));
    s.frame({ seq: 9, events: [] });
    expect(s.view).toBe(v);
    expect(s.versions).toBe(n);
    expect(s.view!.agenda[0].state).toEqual({ agreed: { p1: true }, count: 1 });
  });

  it('waits for beforeApply (lazy rules) and keeps frames strictly in order behind it', async () => {
    await loadRules(['info']);
    const asked: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = joined((kinds) => {
      asked.push([...kinds].sort());
      if (kinds.has('dotvote')) return gate.then(() => loadRules(kinds));
    });
    const start = s.view!;
    s.frame(frame(ev(11, 'dotvote.dotted', { activityId: 'v1', pid: 'p1', itemId: 'i1', delta: 1, voterDelta: 1 })));
    // A later frame that needs nothing loaded still waits its turn.
    s.frame(frame(agree(12, 'a1')));
    s.frame(frame(ev(13, 'agenda.updated', { activityId: 'a2', title: 'A2', config: { body: 'b', agreeable: true } })));
    await Promise.resolve();
    expect(s.busy).toBe(true);
    expect(s.view).toBe(start);
    release();
    await s.settled();
    const v = s.view!;
    expect(v.seq).toBe(13);
    expect((v.agenda[1].state as { voters: number }).voters).toBe(1);
    expect(v.agenda[0].state).toEqual({ agreed: { p1: true }, count: 1 });
    expect(v.agenda[2].title).toBe('A2');
    expect(s.stale).toBe(false);
    // The snapshot asked for its current activity's kind; each frame for the kinds it touches.
    expect(asked).toEqual([['info'], ['dotvote'], ['info'], ['info']]);
    expect(s.busy).toBe(false);
  });

  it('a hook that fails: what can be applied is, and the next hello asks for a snapshot', async () => {
    const s = joined((kinds) => (kinds.has('nosuchkind') ? Promise.reject(new Error('offline')) : undefined));
    s.frame(frame(ev(11, 'nosuchkind.done', { activityId: 'a1' })));
    await s.settled();
    expect(s.stale).toBe(true);
    expect(s.since).toBeUndefined();
    s.expectHello();
    s.hello({ snapshot: { ...snapshot(), seq: 20 }, seq: 20 });
    await s.settled();
    expect(s.stale).toBe(false);
    expect(s.since).toBe(20);
  });
  it('an event whose rules are missing is skipped (view stale), later frames still apply', () => {
    const s = joined();
    s.expectHello();
    s.hello({ snapshot: { ...snapshot(), agenda: [{ ...info('g1'), kind: 'ghost' }, info('a1')] }, seq: 10 });
    s.frame(frame(ev(11, 'ghost.moved', { activityId: 'g1' })));
    expect(s.stale).toBe(true);
    s.frame(frame(agree(12, 'a1')));
    expect(s.view!.seq).toBe(12);
    expect(s.view!.agenda[1].state).toEqual({ agreed: { p1: true }, count: 1 });
  });
});

describe('own frames (issue 13)', () => {
  it("R-OWN-FRAME: a phone's own events wait for the shared frame and take their seq's place in it, in order", async () => {
    await loadRules(['info']);
    const s = joined();
    const n = s.versions;
    // Seq 12 is this phone's (the shared frame leaves it out); seq 13 is in both, the own copy wins.
    s.frame({ seq: 13, events: [agree(12, 'a1', 'me'), agree(13, 'a2', 'me')], own: true });
    expect(s.versions).toBe(n); // nothing applied on its own
    s.frame({
      seq: 14,
      events: [agree(11, 'a2'), ev(13, 'info.agreed', { activityId: 'a2', pid: 'someone', agree: true }), agree(14, 'a2', 'p2')],
    });
    const v = s.view!;
    expect(v.seq).toBe(14);
    expect(v.agenda[0].state).toEqual({ agreed: { me: true }, count: 1 });
    expect(v.agenda[2].state).toEqual({ agreed: { p1: true, me: true, p2: true }, count: 3 });
    expect(s.versions).toBe(n + 1);
  });

  it('an own frame left over from before a reconnect is dropped with the hello', async () => {
    await loadRules(['info']);
    const s = joined();
    s.frame({ seq: 11, events: [agree(11, 'a1', 'me')], own: true });
    s.expectHello();
    s.hello({ events: [], seq: 10 });
    s.frame(frame(agree(11, 'a2')));
    expect(s.view!.agenda[0].state).toEqual({ agreed: {}, count: 0 });
    expect(s.view!.agenda[2].state).toEqual({ agreed: { p1: true }, count: 1 });
  });
});

describe('catching up', () => {
  it('after a reconnect: the missed events, then frames that came before the answer, once each', async () => {
    await loadRules(['info']);
    const s = joined();
    s.frame(frame(agree(11, 'a1', 'p1')));
    expect(s.since).toBe(11);
    const before = s.view!;
    // The link drops and comes back: a hello with since=11 is on its way.
    s.expectHello();
    s.frame(frame(agree(13, 'a1', 'p3'))); // pushed before the hello's answer: held
    expect(s.view).toBe(before);
    s.hello({ events: [agree(12, 'a1', 'p2'), agree(13, 'a1', 'p3')], seq: 13 });
    const v = s.view!;
    expect(v.seq).toBe(13);
    expect(v.agenda[0].state).toEqual({ agreed: { p1: true, p2: true, p3: true }, count: 3 });
    expect(v.agenda[1]).toBe(before.agenda[1]); // catch-up is copy-on-write too
    s.frame(frame(agree(13, 'a1', 'p3'))); // a repeat: ignored
    expect(s.view).toBe(v);
  });

  it('a snapshot replaces the view; reset() forgets it and drops queued work', async () => {
    const s = joined();
    s.expectHello();
    s.hello({ snapshot: { ...snapshot(), title: 'New', seq: 30 }, seq: 31 });
    expect(s.view!.title).toBe('New');
    expect(s.view!.seq).toBe(31);
    let release!: () => void;
    s.beforeApply = () => new Promise<void>((r) => (release = r));
    s.frame(frame(ev(32, 'session.metaSet', { title: 'Late' })));
    s.reset();
    release();
    await s.settled();
    expect(s.view).toBeNull();
    expect(s.since).toBeUndefined();
  });
});

describe('kindsTouched', () => {
  it('names the kinds of kind events, of updated and current activities, and of a snapshot', () => {
    const v = snapshot();
    expect([...kindsTouched(v, [], true)]).toEqual(['info']);
    expect([...kindsTouched(v, [])]).toEqual([]);
    expect([...kindsTouched(v, [ev(11, 'dotvote.dotted', { activityId: 'v1' })])]).toEqual(['dotvote']);
    expect([...kindsTouched(v, [ev(11, 'agenda.updated', { activityId: 'v1' })])]).toEqual(['dotvote']);
    expect([...kindsTouched(v, [ev(11, 'agenda.current', { activityId: 'a2' })])]).toEqual(['info']);
    const added = { ...dotvote('n1'), kind: 'brainstorm' };
    expect([
      ...kindsTouched(v, [ev(11, 'agenda.added', { activity: added, index: 0 }), ev(12, 'agenda.current', { activityId: 'n1' })]),
    ]).toEqual(['brainstorm']);
    expect([...kindsTouched(v, [ev(11, 'timer.started'), ev(12, 'participant.joined')])]).toEqual([]);
  });
});
