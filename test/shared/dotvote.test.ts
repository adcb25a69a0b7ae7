/**
 * The dot vote's schemas and rules (SPEC: R-DOT-BUDGET, R-DOT-STACK, R-DOT-CAP,
 * R-DOT-TAKEBACK, R-DOT-HIDDEN): the phone's "why not" is the rule decide applies (same
 * helper, same reason); others learn of a dot only as `dotvote.counted` / `dotvote.tallied`;
 * the schemas are exact; an exported state from f0c342d still fits; views load no schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { dotRefusal, DotvoteState, events, type DotvoteConfig } from '../../shared/activities/dotvote/index.ts';
import type { Actor, StoredEvent, Viewer } from '../../shared/model.ts';
import { apply, decide } from '../../shared/reduce.ts';
import { F, P, Script } from '../helpers/script.ts';

const Event = v.variant('type', events);
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const fits = (schema: v.GenericSchema, x: unknown) => v.safeParse(schema, x).issues?.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);

const config = (over: Partial<DotvoteConfig> = {}): DotvoteConfig => ({
  prompt: '',
  sourceId: null,
  items: [
    { id: 'item1', text: 'A' },
    { id: 'item2', text: 'B' },
    { id: 'item3', text: 'C' },
  ],
  budget: 4,
  stacking: true,
  capPerItem: null,
  ...over,
});

function vote(over: Partial<DotvoteConfig> = {}, participants = 3) {
  const s = new Script(participants);
  const id = s.add({ kind: 'dotvote', title: 'Stemmen', config: config(over) });
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const st = () => s.activity<DotvoteState>(id).state;
  /** decide's answer: 'ok', or the code and the rule's reason. */
  const tryIt = (actor: Actor, type: 'dotvote.place' | 'dotvote.unplace', itemId: string) => {
    const d = decide(s.state, { id: 'cmd0000001', type, activityId: id, itemId }, actor, { now: s.now, newId: () => 'genxxid' });
    return d.ok ? 'ok' : `${d.error.code}:${d.error.reason ?? ''}`;
  };
  return { s, id, st, tryIt };
}

describe('dot vote: the phone says why not with the rule decide applies (R-DOT-BUDGET, R-DOT-STACK, R-DOT-CAP, R-DOT-TAKEBACK)', () => {
  it.each([
    ['stacking, no cap', {}],
    ['spread (one per item)', { stacking: false }],
    ['stacking with a cap of 2', { capPerItem: 2 }],
    ['a budget of 1', { budget: 1 }],
  ] as const)('%s: for every press, dotRefusal on the phone’s view = decide on the server', (_n, over) => {
    const { s, st, tryIt } = vote(over);
    const c = config(over);
    // A fixed walk of presses (+ and −) over the items, long enough to hit every limit.
    const presses: ['dotvote.place' | 'dotvote.unplace', string][] = [];
    for (let i = 0; i < 24; i++) presses.push([i % 5 === 4 ? 'dotvote.unplace' : 'dotvote.place', `item${(i * 7) % 3 === 0 ? 1 : (i % 3) + 1}`]);
    const seen = new Set<string>();
    for (const [type, itemId] of presses) {
      // What the phone holds: its own projection.
      const phone = projectState(s.state, { role: 'participant', participantId: 'pid1' }).agenda.at(-1)!.state as DotvoteState;
      const why = dotRefusal(c, phone.dots.pid1, itemId, type === 'dotvote.place' ? 1 : -1);
      const server = tryIt(P(1), type, itemId);
      seen.add(server);
      if (why === null) expect(server).toBe('ok');
      else expect(server).toBe(`${why === 'takeback' ? 'NOT_FOUND' : 'LIMIT_REACHED'}:${why}`);
      if (server === 'ok') s.ok(P(1), { type, activityId: s.state.agenda.at(-1)!.id, itemId });
    }
    expect([...seen].some((x) => x !== 'ok'), 'the walk meets a limit').toBe(true);
    expect(Object.values(st().dots.pid1 ?? {}).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(c.budget);
  });

  it('each refusal names its rule', () => {
    const { s, id, tryIt } = vote({ budget: 3, capPerItem: 2 });
    expect(tryIt(P(1), 'dotvote.unplace', 'item1')).toBe('NOT_FOUND:takeback');
    s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: 'item1' });
    s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: 'item1' });
    expect(tryIt(P(1), 'dotvote.place', 'item1')).toBe('LIMIT_REACHED:cap');
    s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: 'item2' });
    expect(tryIt(P(1), 'dotvote.place', 'item3')).toBe('LIMIT_REACHED:budget');
    const spread = vote({ stacking: false });
    spread.s.ok(P(2), { type: 'dotvote.place', activityId: spread.id, itemId: 'item2' });
    expect(spread.tryIt(P(2), 'dotvote.place', 'item2')).toBe('LIMIT_REACHED:stack');
  });
});

describe('dot vote: what others learn of a dot (R-DOT-HIDDEN)', () => {
  const others: Viewer[] = [{ role: 'board' }, { role: 'participant' }, { role: 'participant', participantId: 'pid2' }];

  it('before the reveal only `dotvote.counted` when the number of voters changes; after it `dotvote.tallied`, never an id', () => {
    const { s, id } = vote();
    const dot = (n: number, type: string, itemId: string) => s.ok(P(n), { type, activityId: id, itemId });
    dot(1, 'dotvote.place', 'item1'); // voters 0 → 1
    dot(1, 'dotvote.place', 'item2'); // still 1
    dot(1, 'dotvote.unplace', 'item2');
    dot(1, 'dotvote.unplace', 'item1'); // 1 → 0
    s.ok(F, { type: 'dotvote.reveal', activityId: id, revealed: true });
    dot(1, 'dotvote.place', 'item3');
    const dotted = s.events.filter((e) => e.type === 'dotvote.dotted');
    for (const viewer of others) {
      const seen = dotted.map((e) => projectEvent(e, viewer));
      expect(seen.map((e) => e && bare(e)), viewer.role).toEqual([
        { type: 'dotvote.counted', activityId: id, voterDelta: 1 },
        null,
        null,
        { type: 'dotvote.counted', activityId: id, voterDelta: -1 },
        { type: 'dotvote.tallied', activityId: id, itemId: 'item3', delta: 1, voterDelta: 1 },
      ]);
    }
    // The voter and the facilitator get the dot itself.
    for (const viewer of [{ role: 'facilitator' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      expect(dotted.map((e) => projectEvent(e, viewer)!.type)).toEqual(Array(5).fill('dotvote.dotted'));
    }
  });

  it('a view kept from projected events equals the projection of the state, for every viewer', () => {
    const { s, id } = vote({}, 4);
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const plan: [number, string, string][] = [
      [1, 'place', 'item1'], [2, 'place', 'item1'], [2, 'place', 'item2'], [3, 'place', 'item3'], [2, 'unplace', 'item1'],
    ];
    for (const [n, verb, itemId] of plan) s.ok(P(n), { type: `dotvote.${verb}`, activityId: id, itemId });
    s.ok(F, { type: 'dotvote.reveal', activityId: id, revealed: true });
    for (const [n, verb, itemId] of plan) s.ok(P(n), { type: `dotvote.${verb}`, activityId: id, itemId });
    s.ok(P(4), { type: 'dotvote.place', activityId: id, itemId: 'item3' });
    s.ok(F, { type: 'dotvote.carry', activityId: id, itemIds: ['item1'] });
    for (const viewer of [{ role: 'facilitator' }, ...others, { role: 'participant', participantId: 'pid4' }] as Viewer[]) {
      const kept = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state;
      const projected = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state;
      expect(kept, `${viewer.role} ${viewer.participantId ?? ''}`).toEqual(projected);
    }
  });
});

describe('dot vote schemas', () => {
  it('are exact: a wrong or missing field, or one too many, is refused', () => {
    const dotted = { type: 'dotvote.dotted', activityId: 'vote1', pid: 'pid1', itemId: 'item1', delta: 1, voterDelta: 1, revealed: false };
    expect(fits(Event, dotted)).toBeUndefined();
    expect(fits(Event, { ...dotted, delta: 2 })).toBeDefined();
    expect(fits(Event, { ...dotted, tally: {} })).toBeDefined();
    const { pid: _pid, ...noPid } = dotted;
    expect(fits(Event, noPid), 'a dot is stored with its voter').toBeDefined();
    expect(fits(Event, { type: 'dotvote.counted', activityId: 'vote1', voterDelta: 0 }), 'counted only when it changes').toBeDefined();
    expect(fits(Event, { type: 'dotvote.counted', activityId: 'vote1', voterDelta: 1, itemId: 'item1' })).toBeDefined();
    expect(fits(Event, { type: 'dotvote.revealed', activityId: 'vote1', revealed: true }), 'a reveal carries the tally').toBeDefined();
    expect(fits(Event, { type: 'dotvote.revealed', activityId: 'vote1', revealed: false, tally: {} }), 'hiding carries none').toBeDefined();
    expect(fits(Event, { type: 'dotvote.revealed', activityId: 'vote1', revealed: true, tally: { item1: 3 } })).toBeUndefined();
    const state = { items: [{ id: 'item1', text: 'A' }], dots: { pid1: { item1: 2 } }, voters: 1, revealed: false, tally: null, carried: [] };
    expect(fits(DotvoteState, state)).toBeUndefined();
    expect(fits(DotvoteState, { ...state, dots: { pid1: { item1: 0 } } }), 'no empty stacks').toBeDefined();
    expect(fits(DotvoteState, { ...state, voters: -1 })).toBeDefined();
    expect(fits(DotvoteState, { ...state, extra: true })).toBeDefined();
  });

  it('the dot vote of a session exported by f0c342d fits DotvoteState', () => {
    const exported = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/f0c342d/session1.json'), 'utf8')) as { agenda: { kind: string; state: unknown }[] };
    const votes = exported.agenda.filter((a) => a.kind === 'dotvote');
    expect(votes.length).toBeGreaterThan(0);
    for (const a of votes) expect(fits(DotvoteState, a.state)).toBeUndefined();
  });

  it('applying a projected event to a projected state keeps it fitting DotvoteState', () => {
    const { s, id } = vote();
    s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: 'item1' });
    s.ok(F, { type: 'dotvote.reveal', activityId: id, revealed: true });
    s.ok(P(2), { type: 'dotvote.place', activityId: id, itemId: 'item2' });
    const board = projectState(s.state, { role: 'board' });
    for (const e of s.events.slice(-1)) apply(board, projectEvent(e, { role: 'board' })!);
    expect(fits(DotvoteState, board.agenda.find((a) => a.id === id)!.state)).toBeUndefined();
  });
});

describe('dot vote views load the rules, not the schemas', () => {
  it('no file in client/src/activities/dotvote imports schema.ts or index.ts at run time', () => {
    const dir = path.resolve('client/src/activities/dotvote');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        if (!m[1] && /activities\/dotvote\/(schema|index)\.ts$/.test(m[2])) throw new Error(`${f} loads ${m[2]} at run time`);
      }
    }
  });
});
