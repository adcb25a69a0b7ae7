/**
 * The dot vote's schemas and rules (SPEC: R-DOT-BUDGET, R-DOT-STACK, R-DOT-CAP,
 * R-DOT-TAKEBACK, R-DOT-HIDDEN): the phone's "why not" is the rule decide applies (same
 * helper, same reason); others learn of a dot only as `dotvote.counted` / `dotvote.tallied`;
 * the schemas are exact; an exported state from f0c342d still fits; views load no schema;
 * and the rules themselves (R-DOT-*, with R-DOT-RANK, R-DOT-LOAD and R-DOT-CARRY) as tables.
 * R-DOT-UNIT: a vote on a brainstorm's clusters (config, normalise, schema, load, tally);
 * R-DOT-RANK: the rows with dots, the first places, ties in words in the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import { builder } from '../../shared/activities/dotvote/builder.ts';
import {
  dotRefusal,
  dotvoteCommands,
  DotvoteDraft,
  DotvoteState,
  events,
  ranking,
  rules,
  tallyOf,
  topCount,
  withDots,
  type DotvoteConfig,
} from '../../shared/activities/dotvote/index.ts';
import { dotvoteReport } from '../../shared/activities/dotvote/report.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Block } from '../../shared/report/model.ts';
import type { Actor, StoredEvent, Viewer } from '../../shared/model.ts';
import { apply, decide } from '../../shared/reduce.ts';
import { brainstormDraft, open, voteDraft } from '../helpers/drafts.ts';
import { F, P, Script } from '../helpers/script.ts';

const Event = v.variant('type', events);
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const fits = (schema: v.GenericSchema, x: unknown) => v.safeParse(schema, x).issues?.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);

/** The shared test draft's config, with a budget of 4. */
const config = (over: Partial<DotvoteConfig> = {}): DotvoteConfig => voteDraft({ budget: 4, ...over }).config as DotvoteConfig;

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
    for (let i = 0; i < 24; i++)
      presses.push([i % 5 === 4 ? 'dotvote.unplace' : 'dotvote.place', `item${(i * 7) % 3 === 0 ? 1 : (i % 3) + 1}`]);
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
    expect(
      [...seen].some((x) => x !== 'ok'),
      'the walk meets a limit',
    ).toBe(true);
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
      expect(
        seen.map((e) => e && bare(e)),
        viewer.role,
      ).toEqual([
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
      [1, 'place', 'item1'],
      [2, 'place', 'item1'],
      [2, 'place', 'item2'],
      [3, 'place', 'item3'],
      [2, 'unplace', 'item1'],
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
    const state = {
      items: [{ id: 'item1', text: 'A' }],
      dots: { pid1: { item1: 2 } },
      voters: 1,
      revealed: false,
      tally: null,
      carried: [],
    };
    expect(fits(DotvoteState, state)).toBeUndefined();
    expect(fits(DotvoteState, { ...state, dots: { pid1: { item1: 0 } } }), 'no empty stacks').toBeDefined();
    expect(fits(DotvoteState, { ...state, voters: -1 })).toBeDefined();
    expect(fits(DotvoteState, { ...state, extra: true })).toBeDefined();
  });

  it('the dot vote of a session exported by f0c342d fits DotvoteState', () => {
    const exported = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/f0c342d/session1.json'), 'utf8')) as {
      agenda: { kind: string; state: unknown }[];
    };
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

describe('dot vote (R-DOT-*)', () => {
  const place = (itemId: string) => ({ type: 'dotvote.place', itemId });
  const take = (itemId: string) => ({ type: 'dotvote.unplace', itemId });
  it.each([
    [
      'R-DOT-BUDGET: 5 dots, the sixth refused',
      {},
      [...Array(5).fill(place('item1')), place('item2')],
      ['ok', 'ok', 'ok', 'ok', 'ok', 'LIMIT_REACHED'],
    ],
    ['R-DOT-BUDGET: a budget of 2', { budget: 2 }, [place('item1'), place('item2'), place('item3')], ['ok', 'ok', 'LIMIT_REACHED']],
    [
      'R-DOT-STACK: stacking off allows one per item',
      { stacking: false },
      [place('item1'), place('item1'), place('item2')],
      ['ok', 'LIMIT_REACHED', 'ok'],
    ],
    [
      'R-DOT-CAP: at most 2 on one item',
      { capPerItem: 2 },
      [place('item1'), place('item1'), place('item1'), place('item2')],
      ['ok', 'ok', 'LIMIT_REACHED', 'ok'],
    ],
    [
      'R-DOT-TAKEBACK: take one back and spend it again',
      {},
      [...Array(5).fill(place('item1')), take('item1'), place('item2')],
      ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    ],
    ['R-DOT-TAKEBACK: cannot take back what is not there', {}, [take('item1')], ['NOT_FOUND']],
    ['an unknown item', {}, [place('nope0')], ['NOT_FOUND']],
  ] as const)('%s', (_n, over, cmds, expected) => {
    const s = new Script();
    const id = s.add(voteDraft(over));
    open(s, id);
    expect(cmds.map((c) => s.run(P(1), { ...c, activityId: id }))).toEqual(expected);
  });

  it('R-DOT-HIDDEN: before the reveal no phone and not the board gets a tally or others’ dots', () => {
    const s = new Script();
    const id = s.add(voteDraft());
    open(s, id);
    const start = structuredClone(s.state);
    const from = s.state.seq;
    for (const n of [1, 2, 3])
      for (let i = 0; i < 5; i++) s.ok(P(n), { type: 'dotvote.place', activityId: id, itemId: i < n ? 'item2' : 'item1' });
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      const wire = s.wire(viewer);
      const dots = (JSON.parse(wire) as { type: string; pid?: string; itemId?: string }[]).filter((e) => e.type.startsWith('dotvote.'));
      // No dot of anyone else (whatever event type carries it), not even which item it went to.
      expect(dots.filter((e) => e.itemId !== undefined && e.pid !== viewer.participantId)).toEqual([]);
      expect(wire).not.toMatch(/pid2|pid3/);
      const st = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as DotvoteState;
      expect(st.tally).toBeNull();
      expect(Object.keys(st.dots).filter((p) => p !== 'pid1')).toEqual([]);
      expect(st.voters).toBe(3); // progress only
    }
    const mine = s.viewFrom({ role: 'participant', participantId: 'pid1' }, from, start).agenda.find((a) => a.id === id)!
      .state as DotvoteState;
    expect(mine.dots).toEqual({ pid1: { item1: 4, item2: 1 } });
    // The facilitator may peek.
    expect((projectState(s.state, { role: 'facilitator' }).agenda.find((a) => a.id === id)!.state as DotvoteState).dots.pid3).toEqual({
      item2: 3,
      item1: 2,
    });
    s.ok(F, { type: 'dotvote.reveal', activityId: id, revealed: true });
    const board = s.viewFrom({ role: 'board' }, from, start).agenda.find((a) => a.id === id)!.state as DotvoteState;
    expect(board.tally).toEqual({ item1: 9, item2: 6, item3: 0 });
    expect(s.run(P(1), { type: 'dotvote.reveal', activityId: id, revealed: false })).toBe('NOT_ALLOWED');
  });

  it('R-DOT-RANK: a ranking with counts; ties share a rank', () => {
    const items = ['a', 'b', 'c', 'd'].map((x) => ({ id: `id-${x}`, text: x }));
    const r = ranking(items, { 'id-a': 3, 'id-b': 6, 'id-c': 3, 'id-d': 1 });
    expect(r.map((x) => [x.item.text, x.votes, x.rank, x.tied])).toEqual([
      ['b', 6, 1, false],
      ['a', 3, 2, true],
      ['c', 3, 2, true],
      ['d', 1, 4, false],
    ]);
  });

  it('R-DOT-LOAD, R-DOT-CARRY: a vote takes the brainstorm’s visible post-its; the top items carry forward', () => {
    const s = new Script();
    const b = s.add(brainstormDraft());
    open(s, b);
    for (const [n, t] of [
      [1, 'Ervaringsdeskundigen'],
      [2, 'Vormingen'],
      [3, 'Verborgen'],
    ] as const)
      s.ok(P(n), { type: 'brainstorm.add', activityId: b, text: t, column: null, showName: false });
    s.ok(F, { type: 'brainstorm.hide', activityId: b, itemId: s.activity<BrainstormState>(b).state.items[2].id, hidden: true });
    const v = s.add(voteDraft({ items: [], sourceId: b }));
    open(s, v);
    const vs = () => s.activity<DotvoteState>(v).state;
    expect(vs().items.map((i) => i.text)).toEqual(['Ervaringsdeskundigen', 'Vormingen']);
    s.ok(P(1), { type: 'dotvote.place', activityId: v, itemId: vs().items[1].id });
    expect(s.run(F, { type: 'dotvote.load', activityId: v, sourceId: b })).toBe('NOT_ALLOWED'); // votes cast
    s.ok(F, { type: 'dotvote.carry', activityId: v, itemIds: [vs().items[1].id] });
    const next = s.add(voteDraft({ items: [], sourceId: v }));
    open(s, next);
    expect(s.activity<DotvoteState>(next).state.items.map((i) => i.text)).toEqual(['Vormingen']);
  });
});

describe('dot vote on clusters: the config (R-DOT-UNIT)', () => {
  const Draft = (config: Record<string, unknown>) => fits(DotvoteDraft, { kind: 'dotvote', title: 'Stemmen', config });
  const Load = v.variant('type', dotvoteCommands);
  const t = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);

  it('a new vote votes on items; normalise keeps clusters only with a source', () => {
    const fresh = builder.defaults(t);
    expect(fresh.unit).toBe('items');
    expect(Draft(fresh)).toBeUndefined();
    const norm = builder.normalise!;
    expect(norm({ ...fresh, sourceId: 'brain1', unit: 'clusters' }).unit).toBe('clusters');
    expect(norm({ ...fresh, sourceId: null, unit: 'clusters' }).unit, 'no source: nothing to cluster').toBe('items');
    expect(norm({ ...fresh, sourceId: 'brain1', unit: undefined }).unit, 'an older config').toBe('items');
    expect(norm({ ...fresh, sourceId: 'brain1', unit: 'items' }).unit).toBe('items');
  });

  it.each([
    ['items', 'items', undefined],
    ['clusters', 'clusters', undefined],
    ['absent (a session from before)', undefined, undefined],
    ['a word it does not know', 'groups', ['config.unit']],
    ['a number', 1, ['config.unit']],
  ] as const)('the schema takes unit %s', (_n, unit, issues) => {
    const c: Record<string, unknown> = { ...voteDraft({ sourceId: 'brain1', items: [] }).config, unit };
    if (unit === undefined) delete c.unit;
    const found = Draft(c);
    if (!issues) expect(found).toBeUndefined();
    else expect(found?.map((x) => x.split(':')[0])).toEqual(issues);
  });

  it('dotvote.load takes a unit or none, and no other', () => {
    const load = { id: 'cmd0000001', type: 'dotvote.load', activityId: 'vote1', sourceId: 'brain1' };
    expect(fits(Load, load)).toBeUndefined();
    expect(fits(Load, { ...load, unit: 'clusters' })).toBeUndefined();
    expect(fits(Load, { ...load, unit: 'postits' })).toBeDefined();
  });

  it('the summary line says a vote will take clusters, until it has them', () => {
    const s = new Script();
    const b = s.add(brainstormDraft());
    const id = s.add(voteDraft({ items: [], sourceId: b, unit: 'clusters' }));
    const a = s.state.agenda.find((x) => x.id === id)!;
    expect(builder.summary(a as never, t, s.state.agenda)).toBe(
      `${t('builder.summary.source', { title: 'Engagementen' })} ${t('dotvote.builder.summaryClusters')}`,
    );
  });
});

describe('dot vote on clusters: the rules (R-DOT-UNIT)', () => {
  /** A brainstorm with two clusters (one with a hidden post-it), a loose post-it, and a vote on it. */
  function clustered(unit: 'items' | 'clusters' = 'clusters') {
    const s = new Script(4);
    const b = s.add(brainstormDraft({ maxPerPerson: 5 }));
    open(s, b);
    const texts = ['Fietsen', 'Bus', 'Trein', 'Park', 'Bomen', 'Los'];
    for (const [i, text] of texts.entries())
      s.ok(P((i % 3) + 1), { type: 'brainstorm.add', activityId: b, text, column: null, showName: false });
    const bs = () => s.activity<BrainstormState>(b).state;
    const idOf = (text: string) => bs().items.find((i) => i.text === text)!.id;
    s.ok(F, { type: 'brainstorm.clusterAdd', activityId: b, title: 'Mobiliteit' });
    s.ok(F, { type: 'brainstorm.clusterAdd', activityId: b, title: 'Groen' });
    const [mob, groen] = bs().clusters.map((k) => k.id);
    for (const text of ['Fietsen', 'Bus', 'Trein'])
      s.ok(F, { type: 'brainstorm.cluster', activityId: b, itemId: idOf(text), clusterId: mob });
    for (const text of ['Park', 'Bomen']) s.ok(F, { type: 'brainstorm.cluster', activityId: b, itemId: idOf(text), clusterId: groen });
    s.ok(F, { type: 'brainstorm.hide', activityId: b, itemId: idOf('Trein'), hidden: true });
    const v = s.add(voteDraft({ items: [], sourceId: b, unit }));
    const st = () => s.activity<DotvoteState>(v).state;
    return { s, b, v, st, mob, groen };
  }

  it('opening it takes the clusters: id, title, and the visible post-its in them', () => {
    const { s, v, st, mob, groen } = clustered();
    open(s, v);
    expect(st().unit).toBe('clusters');
    expect(st().items).toEqual([
      { id: mob, text: 'Mobiliteit', merged: ['Fietsen', 'Bus'] },
      { id: groen, text: 'Groen', merged: ['Park', 'Bomen'] },
    ]);
    expect(s.events.at(-1)).toMatchObject({ type: 'dotvote.loaded', unit: 'clusters' });
    expect(fits(DotvoteState, st())).toBeUndefined();
  });

  it('on items (the default) it takes the visible post-its, as before', () => {
    const { s, v, st } = clustered('items');
    open(s, v);
    expect(st().unit).toBe('items');
    expect(st().items.map((i) => i.text)).toEqual(['Fietsen', 'Bus', 'Park', 'Bomen', 'Los']);
  });

  it('dots go on clusters and are tallied per cluster; the phones and the board get the unit', () => {
    const { s, v, st, mob, groen } = clustered();
    open(s, v);
    for (const [n, id, k] of [
      [1, mob, 3],
      [2, mob, 1],
      [2, groen, 4],
      [3, groen, 1],
    ] as const)
      for (let i = 0; i < k; i++) s.ok(P(n), { type: 'dotvote.place', activityId: v, itemId: id });
    expect(s.run(P(1), { type: 'dotvote.place', activityId: v, itemId: 'notacluster' })).toBe('NOT_FOUND');
    expect(tallyOf(st())).toEqual({ [mob]: 4, [groen]: 5 });
    s.ok(F, { type: 'dotvote.reveal', activityId: v, revealed: true });
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid4' }] as Viewer[]) {
      const seen = projectState(s.state, viewer).agenda.find((a) => a.id === v)!.state as DotvoteState;
      expect(seen.unit).toBe('clusters');
      expect(ranking(seen.items, seen.tally!).map((r) => [r.item.text, r.votes])).toEqual([
        ['Groen', 5],
        ['Mobiliteit', 4],
      ]);
    }
  });

  it('dotvote.load takes items or clusters, whatever the config says; a vote offers no clusters', () => {
    const { s, b, v, st, mob } = clustered('items');
    open(s, v);
    s.ok(F, { type: 'dotvote.load', activityId: v, sourceId: b, unit: 'clusters' });
    expect([st().unit, st().items.map((i) => i.text)]).toEqual(['clusters', ['Mobiliteit', 'Groen']]);
    s.ok(F, { type: 'dotvote.load', activityId: v, sourceId: b });
    expect([st().unit, st().items.length]).toEqual(['items', 5]);
    s.ok(F, { type: 'dotvote.load', activityId: v, sourceId: b, unit: 'clusters' });
    s.ok(P(1), { type: 'dotvote.place', activityId: v, itemId: mob });
    s.ok(F, { type: 'dotvote.carry', activityId: v, itemIds: [mob] });
    const a = s.state.agenda.find((x) => x.id === v)!;
    expect(rules.feeds!(a as never, 'items')).toEqual([{ id: mob, text: 'Mobiliteit', merged: ['Fietsen', 'Bus'] }]);
    expect(rules.feeds!(a as never, 'clusters')).toEqual([]);
  });

  it('switching between items and clusters before anyone voted drops what no longer fits, for every viewer alike', () => {
    const { s, b, v, st } = clustered('items');
    open(s, v);
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const draft = (unit: string) => ({ type: 'agenda.update', activityId: v, activity: voteDraft({ items: [], sourceId: b, unit }) });
    s.ok(F, draft('clusters'));
    expect(st().items).toEqual([]);
    s.ok(F, { type: 'dotvote.load', activityId: v, sourceId: b });
    expect(st().items.map((i) => i.text)).toEqual(['Mobiliteit', 'Groen']);
    s.ok(P(1), { type: 'dotvote.place', activityId: v, itemId: st().items[0].id });
    s.ok(F, draft('items'));
    expect(
      st().items.map((i) => i.text),
      'dots placed: the items stay',
    ).toEqual(['Mobiliteit', 'Groen']);
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant', participantId: 'pid2' }] as Viewer[]) {
      const kept = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === v)!.state;
      expect(kept, viewer.role).toEqual(projectState(s.state, viewer).agenda.find((a) => a.id === v)!.state);
    }
  });
});

describe('dot vote on clusters: a typed vote (or one from before units) switched to clusters (R-DOT-UNIT)', () => {
  it('drops its items before anyone voted, and takes the clusters when shown again', () => {
    const s = new Script();
    const b = s.add(brainstormDraft());
    open(s, b);
    s.ok(P(1), { type: 'brainstorm.add', activityId: b, text: 'Fietsen', column: null, showName: false });
    s.ok(F, { type: 'brainstorm.clusterAdd', activityId: b, title: 'Mobiliteit' });
    const v = s.add(voteDraft());
    open(s, v);
    const st = () => s.activity<DotvoteState>(v).state;
    expect([st().unit, st().items.length]).toEqual([undefined, 3]);
    s.ok(F, { type: 'agenda.update', activityId: v, activity: voteDraft({ items: [], sourceId: b, unit: 'clusters' }) });
    expect(st().items).toEqual([]);
    open(s, b);
    open(s, v);
    expect([st().unit, st().items.map((i) => i.text)]).toEqual(['clusters', ['Mobiliteit']]);
  });
});

describe('dot vote: the rows with dots and the first places (R-DOT-RANK, R-DOT-BOARD)', () => {
  const rank = (votes: number[]) =>
    ranking(
      votes.map((_, i) => ({ id: `item${i}`, text: `T${i}` })),
      Object.fromEntries(votes.map((n, i) => [`item${i}`, n])),
    );

  it.each([
    ['no zeros', [5, 3, 1], 3, 0],
    ['zeros are counted, not rows', [0, 4, 0, 2, 0], 2, 3],
    ['nothing yet', [0, 0], 0, 2],
  ] as const)('withDots: %s', (_n, votes, rows, none) => {
    const r = withDots(rank([...votes]));
    expect([r.rows.length, r.none]).toEqual([rows, none]);
    expect(r.rows.every((x) => x.votes > 0)).toBe(true);
  });

  it.each([
    ['the first three places', [9, 8, 7, 6, 5], 5, 3],
    ['a tie for third comes along', [9, 8, 7, 7, 5], 5, 4],
    ['no more than max: the tie that would cross it stays out', [9, 8, 7, 7, 7, 7], 5, 2],
    ['the first place alone is more than max: cut at max', [4, 4, 4, 4, 4, 4, 4], 5, 5],
    ['fewer rows than places', [3, 1], 5, 2],
    ['no rows', [], 5, 0],
  ] as const)('topCount: %s', (_n, votes, max, n) => {
    expect(topCount(rank([...votes]), max)).toBe(n);
  });

  it('the report: rows with dots only, ties in words, the items without a dot listed after one line', () => {
    const s = new Script();
    const id = s.add(voteDraft({ items: ['A', 'B', 'C', 'D'].map((x) => ({ id: `item${x}`, text: x })) }));
    open(s, id);
    for (const [n, item] of [
      [1, 'itemA'],
      [2, 'itemB'],
      [3, 'itemC'],
      [3, 'itemC'],
    ] as const)
      s.ok(P(n), { type: 'dotvote.place', activityId: id, itemId: item });
    const a = s.state.agenda.find((x) => x.id === id)!;
    const t = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);
    const blocks = dotvoteReport(a as never, { lang: 'nl', t, suffix: (x) => x, votesFor: () => undefined });
    const table = blocks.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table')!;
    expect(table.rows).toEqual([
      ['1', 'C', '2 stemmen'],
      ['2 (gedeeld)', 'A', '1 stem'],
      ['2 (gedeeld)', 'B', '1 stem'],
    ]);
    const at = blocks.findIndex((b) => b.t === 'p' && b.text === t('report.dotvote.noDots', { count: 1 }));
    expect(at).toBeGreaterThan(-1);
    expect(blocks[at + 1]).toEqual({ t: 'ul', items: [{ text: 'D' }] });
    expect(JSON.stringify(blocks)).not.toMatch(/\d=/);
  });
});

describe('dot vote: item ids that are also names on every object (R-DOT-ITEM-IDS)', () => {
  const ODD = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  const items = [...ODD, 'plain01'].map((id, i) => ({ id, text: `Item ${i}` }));

  it.each([
    ['stacking, a budget of 4', { stacking: true, capPerItem: null }],
    ['a cap of 2 per item', { stacking: true, capPerItem: 2 }],
    ['one dot per item', { stacking: false, capPerItem: null }],
  ] as const)('R-DOT-ITEM-IDS: %s holds on every odd id as on a plain one', (_name, over) => {
    for (const itemId of [...ODD, 'plain01']) {
      const { s, id, st, tryIt } = vote({ ...over, items });
      // Taking back a dot never placed is refused, whatever the id.
      expect(tryIt(P(1), 'dotvote.unplace', itemId), itemId).toBe('NOT_FOUND:takeback');
      let placed = 0;
      for (let i = 0; i < 6 && tryIt(P(1), 'dotvote.place', itemId) === 'ok'; i++) {
        s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId });
        placed++;
      }
      const max = over.stacking ? (over.capPerItem ?? 4) : 1;
      expect(placed, itemId).toBe(max);
      expect(tryIt(P(1), 'dotvote.place', itemId), itemId).toBe(
        max === 4 ? 'LIMIT_REACHED:budget' : over.stacking ? 'LIMIT_REACHED:cap' : 'LIMIT_REACHED:stack',
      );
      // The dots are counted as numbers, under the id as an own key.
      const mine = st().dots.pid1;
      expect(Object.hasOwn(mine, itemId) && mine[itemId], itemId).toBe(max);
      expect(Object.getPrototypeOf(mine), itemId).toBe(Object.prototype);
      expect(tallyOf(st())[itemId], itemId).toBe(max);
      expect(st().voters).toBe(1);
      // The rest of the budget still goes elsewhere, and no further.
      const others = [...ODD, 'plain01'].filter((x) => x !== itemId);
      for (let i = max; i < 4; i++) s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: others[i - max] });
      expect(tryIt(P(1), 'dotvote.place', 'valueOf')).toBe('LIMIT_REACHED:budget');
      // Taking them back empties it again.
      for (let i = 0; i < max; i++) s.ok(P(1), { type: 'dotvote.unplace', activityId: id, itemId });
      expect(Object.hasOwn(st().dots.pid1 ?? {}, itemId), itemId).toBe(false);
      expect(tryIt(P(1), 'dotvote.unplace', itemId), itemId).toBe('NOT_FOUND:takeback');
    }
  });

  it('R-DOT-ITEM-IDS: the reveal, the tally after it and every view agree, as for plain ids', () => {
    const { s, id, st } = vote({ items, budget: 5 });
    const start = structuredClone(s.state);
    const from = s.state.seq;
    for (const [n, itemId] of ODD.entries()) s.ok(P(1 + (n % 3)), { type: 'dotvote.place', activityId: id, itemId });
    s.ok(F, { type: 'dotvote.reveal', activityId: id, revealed: true });
    s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: '__proto__' });
    s.ok(P(2), { type: 'dotvote.unplace', activityId: id, itemId: '__proto__' });
    s.ok(P(1), { type: 'dotvote.place', activityId: id, itemId: 'constructor' });
    const tally = st().tally!;
    expect(Object.fromEntries(ODD.map((k) => [k, Object.hasOwn(tally, k) ? tally[k] : 'missing']))).toEqual({
      constructor: 2,
      ['__proto__']: 1,
      toString: 1,
      hasOwnProperty: 1,
      valueOf: 1,
    });
    expect(tallyOf(st())).toEqual(tally);
    expect(ranking(st().items, tally)[0]).toMatchObject({ item: { id: 'constructor' }, votes: 2, rank: 1 });
    // Every viewer's snapshot plus its projected events equals its projection of the end state.
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[])
      expect(JSON.stringify(s.viewFrom(viewer, from, start).agenda), viewer.role).toBe(
        JSON.stringify(projectState(s.state, viewer).agenda),
      );
    // And the state as exported (JSON) still fits its schema, the odd keys included.
    expect(fits(DotvoteState, JSON.parse(JSON.stringify(st())))).toBeUndefined();
  });

  it('R-DOT-ITEM-IDS: the state schema checks what sits under an odd id (valibot records skip those keys)', () => {
    const { st } = vote({ items });
    const base = JSON.parse(JSON.stringify(st()));
    const crafted = (json: string) => ({ ...base, ...JSON.parse(json) });
    expect(fits(DotvoteState, crafted('{"dots":{"pid1":{"constructor":3}}}'))).toBeUndefined();
    expect(fits(DotvoteState, crafted('{"dots":{"pid1":{"constructor":999}}}'))).toBeDefined();
    expect(fits(DotvoteState, crafted('{"dots":{"pid1":{"__proto__":"x"}}}'))).toBeDefined();
    expect(fits(DotvoteState, crafted('{"dots":{"constructor":{"item1":-4}}}'))).toBeDefined();
    expect(fits(DotvoteState, crafted('{"revealed":true,"tally":{"prototype":-1}}'))).toBeDefined();
  });
});
