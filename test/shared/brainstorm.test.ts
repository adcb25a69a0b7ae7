/**
 * The brainstorm's schemas and rules (SPEC: R-BRAIN-CAP, R-BRAIN-LENGTH, R-BRAIN-OWN,
 * R-BRAIN-HIDE, R-BRAIN-PRIVATE, R-BRAIN-ANON): the phone's "why not" is the rule decide
 * applies (same helper, same reason); hidden, shown again, sealed and revealed post-its reach
 * each viewer as they should and fit the schemas; an exported state from f0c342d still fits;
 * and the rules themselves (R-BRAIN-*, R-BRAIN-COLUMN and R-BRAIN-MERGE too) as tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import {
  BRAINSTORM_CLUSTERS_MAX,
  BRAINSTORM_ITEMS_MAX,
  brainstormCommands,
  BrainstormState,
  events,
  postitRefusal,
  rules,
  type BrainstormConfig,
  type Postit,
} from '../../shared/activities/brainstorm/index.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Actor, StoredEvent, Viewer } from '../../shared/model.ts';
import { decide } from '../../shared/reduce.ts';
import {
  pack,
  pageIndex,
  spacing,
  tracks,
  wall as sectionsOf,
  WALL_EM,
  type Heights,
  type Track,
} from '../../client/src/activities/brainstorm/wall.ts';
import { brainstormDraft, open } from '../helpers/drafts.ts';
import { B, F, P, Script } from '../helpers/script.ts';

const Event = v.variant('type', events);
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const fits = (schema: v.GenericSchema, x: unknown) => v.safeParse(schema, x).issues?.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);

const config = (over: Partial<BrainstormConfig> = {}): BrainstormConfig => ({
  prompt: 'Welke woorden?',
  columns: [],
  maxPerPerson: 2,
  maxLength: 20,
  allowNames: false,
  privateUntilReveal: false,
  ...over,
});

function wall(over: Partial<BrainstormConfig> = {}, participants = 3) {
  const s = new Script(participants);
  const id = s.add({ kind: 'brainstorm', title: 'Woorden', config: config(over) });
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const st = () => s.activity<BrainstormState>(id).state;
  const itemOf = (text: string) => st().items.find((i) => i.text === text)!.id;
  /** decide's answer: 'ok', or the code and the rule's reason. */
  const tryIt = (actor: Actor, cmd: { type: string; [k: string]: unknown }) => {
    const d = decide(s.state, { id: 'cmd0000001', activityId: id, ...cmd }, actor, { now: s.now, newId: () => 'genxxid' });
    return d.ok ? 'ok' : `${d.error.code}:${d.error.reason ?? ''}`;
  };
  return { s, id, st, itemOf, tryIt };
}

describe('brainstorm: the phone says why not with the rule decide applies (R-BRAIN-CAP, R-BRAIN-LENGTH)', () => {
  it('postitRefusal on the phone’s view = decide on the server, post-it after post-it', () => {
    const { s, id, tryIt } = wall();
    const c = config();
    const texts = ['Kort', 'Een heel erg lange post-it tekst', 'Tweede', 'Derde', 'Nog een'];
    const answers: string[] = [];
    for (const text of texts) {
      const phone = projectState(s.state, { role: 'participant', participantId: 'pid1' }).agenda.at(-1)!.state as BrainstormState;
      const why = postitRefusal(c, phone, 'pid1', text);
      const server = tryIt(P(1), { type: 'brainstorm.add', text, column: null, showName: false });
      answers.push(server);
      expect(server).toBe(why === null ? 'ok' : `${why === 'length' ? 'INVALID' : 'LIMIT_REACHED'}:${why}`);
      if (server === 'ok') s.ok(P(1), { type: 'brainstorm.add', activityId: id, text, column: null, showName: false });
    }
    expect(answers).toEqual(['ok', 'INVALID:length', 'ok', 'LIMIT_REACHED:cap', 'LIMIT_REACHED:cap']);
    // An empty text asks whether any post-it may be added: the phone's "full" notice.
    expect(postitRefusal(c, s.activity<BrainstormState>(id).state, 'pid1', '')).toBe('cap');
    expect(postitRefusal(c, s.activity<BrainstormState>(id).state, 'pid2', '')).toBeNull();
  });

  it('a full wall refuses everyone, the facilitator too, with the reason `wall`', () => {
    const { st, tryIt } = wall({ maxPerPerson: 50 });
    st().items = Array.from({ length: BRAINSTORM_ITEMS_MAX }, (_, n): Postit => ({
      id: `seed${n}`,
      text: `${n}`,
      column: null,
      clusterId: null,
      hidden: false,
      merged: [],
      at: 0,
    }));
    expect(postitRefusal(config({ maxPerPerson: 50 }), st(), 'pid1', 'x')).toBe('wall');
    expect(tryIt(P(1), { type: 'brainstorm.add', text: 'x', column: null, showName: false })).toBe('LIMIT_REACHED:wall');
    expect(tryIt(F, { type: 'brainstorm.add', text: 'x', column: null, showName: false })).toBe('LIMIT_REACHED:wall');
  });

  it('other refusals name their rule too (own, facilitator, column)', () => {
    const { s, id, itemOf, tryIt } = wall({ columns: ['Gevoel', 'Feit'] });
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Van één', column: 0, showName: false });
    expect(tryIt(P(2), { type: 'brainstorm.edit', itemId: itemOf('Van één'), text: 'Van twee' })).toBe('NOT_ALLOWED:own');
    expect(tryIt(P(2), { type: 'brainstorm.delete', itemId: itemOf('Van één') })).toBe('NOT_ALLOWED:own');
    expect(tryIt(P(2), { type: 'brainstorm.hide', itemId: itemOf('Van één'), hidden: true })).toBe('NOT_ALLOWED:facilitator');
    expect(tryIt(P(2), { type: 'brainstorm.add', text: 'Zonder kolom', column: null, showName: false })).toBe('INVALID:column');
  });
});

describe('brainstorm: what each viewer receives (R-BRAIN-HIDE, R-BRAIN-PRIVATE, R-BRAIN-ANON)', () => {
  const viewers: Viewer[] = [
    { role: 'facilitator' },
    { role: 'board' },
    { role: 'participant' },
    ...[1, 2, 3].map((n) => ({ role: 'participant' as const, participantId: `pid${n}` })),
  ];

  /** A sealed wall: added, edited, hidden, shown again, merged, revealed, sealed again. */
  function played() {
    const w = wall({ privateUntilReveal: true, allowNames: true, maxPerPerson: 3 });
    const { s, id, itemOf } = w;
    const start = structuredClone(s.state);
    const from = s.state.seq;
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Micro-agressie', column: null, showName: true });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'Vooroordelen', column: null, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'Kwetsend', column: null, showName: false });
    s.ok(F, { type: 'brainstorm.add', activityId: id, text: 'Van de begeleider', column: null, showName: false });
    s.ok(P(1), { type: 'brainstorm.edit', activityId: id, itemId: itemOf('Micro-agressie'), text: 'Microagressie' });
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: itemOf('Kwetsend'), hidden: true });
    s.ok(F, { type: 'brainstorm.merge', activityId: id, itemId: itemOf('Microagressie'), otherId: itemOf('Van de begeleider') });
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: true });
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: itemOf('Kwetsend'), hidden: false });
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: itemOf('Vooroordelen'), hidden: true });
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: false });
    s.ok(P(3), { type: 'brainstorm.add', activityId: id, text: 'Na het verbergen', column: null, showName: false });
    s.ok(F, { type: 'brainstorm.clusterAdd', activityId: id, title: 'Thema' });
    s.ok(F, { type: 'brainstorm.cluster', activityId: id, itemId: itemOf('Microagressie'), clusterId: w.st().clusters[0].id });
    s.ok(F, { type: 'brainstorm.clusterRemove', activityId: id, clusterId: w.st().clusters[0].id });
    return { ...w, start, from };
  }

  /**
   * A room-sized wall (R-BRAIN-BULK, R-BRAIN-SPOTLIGHT, R-BRAIN-PAGES, R-BRAIN-FOLLOWUP): a
   * follow-up while sealed, then revealed, paged, spotlit, clustered, hidden and shown in
   * bulk, merged and moved in bulk, sealed again.
   */
  function playedRoom() {
    const w = wall({ privateUntilReveal: true, allowNames: true, maxPerPerson: 5, columns: ['Gevoel', 'Feit'] });
    const { s, id, itemOf } = w;
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const add = (n: number, text: string, column: number, showName = false) =>
      s.ok(P(n), { type: 'brainstorm.add', activityId: id, text, column, showName });
    const bulk = (itemIds: string[], action: Record<string, unknown>) =>
      s.ok(F, { type: 'brainstorm.bulk', activityId: id, itemIds, ...action });
    const spot = (itemId: string | null, clusterId: string | null = null) =>
      s.ok(F, { type: 'brainstorm.spotlight', activityId: id, itemId, clusterId });
    add(1, 'Een', 0, true);
    add(1, 'Twee', 0);
    add(2, 'Drie', 1);
    add(2, 'Vier', 1);
    add(3, 'Vijf', 0);
    s.ok(F, { type: 'brainstorm.followUp', activityId: id, itemId: itemOf('Een'), owner: 'Dienst Welzijn', due: '2026-05-12' });
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: true });
    s.ok(F, { type: 'brainstorm.page', activityId: id, page: 2, auto: false });
    spot(itemOf('Drie'));
    bulk([itemOf('Een'), itemOf('Twee'), itemOf('Drie')], { action: 'newCluster', title: 'Samen' });
    spot(null, w.st().clusters[0].id);
    bulk([itemOf('Twee'), itemOf('Vier')], { action: 'hide' });
    s.ok(F, { type: 'brainstorm.followUp', activityId: id, itemId: itemOf('Twee'), owner: 'Jan', due: '' });
    bulk([itemOf('Twee')], { action: 'show' });
    spot(itemOf('Vijf'));
    bulk([itemOf('Vijf'), itemOf('Drie')], { action: 'merge', into: itemOf('Een') });
    bulk([itemOf('Een')], { action: 'move', column: 1 });
    s.ok(F, { type: 'brainstorm.followUp', activityId: id, itemId: itemOf('Een'), owner: '', due: '2026-06-01' });
    spot(itemOf('Een'));
    s.ok(F, { type: 'brainstorm.page', activityId: id, page: -1, auto: true });
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: false });
    bulk([itemOf('Een')], { action: 'cluster', clusterId: null });
    return { ...w, start, from };
  }

  it.each([
    ['played', played],
    ['playedRoom', playedRoom],
  ])('every projected event fits the schemas, and no one else’s id reaches a phone or the board (%s)', (_n, play) => {
    const { s } = play();
    for (const ev of s.events.filter((e) => e.type.startsWith('brainstorm.'))) {
      for (const viewer of viewers) {
        const seen = projectEvent(ev, viewer);
        if (!seen) continue;
        expect(fits(Event, bare(seen)), `${ev.type} for ${viewer.role}${viewer.participantId ?? ''}`).toBeUndefined();
        if (viewer.role === 'facilitator') continue;
        const ids = JSON.stringify(seen).match(/pid\d/g) ?? [];
        expect(
          ids.filter((p) => p !== viewer.participantId),
          `${ev.type} for ${viewer.role}${viewer.participantId ?? ''}`,
        ).toEqual([]);
      }
    }
  });

  it('hiding reaches others as `brainstorm.gone`, showing again as `brainstorm.added` (a placeholder while sealed)', () => {
    const { s } = played();
    const hidden = s.events.filter((e) => e.type === 'brainstorm.hidden');
    const board = hidden.map((e) => projectEvent(e, { role: 'board' }));
    expect(board.map((e) => e?.type)).toEqual(['brainstorm.gone', 'brainstorm.added', 'brainstorm.gone']);
    // Shown again after the reveal: with its text, without its author.
    expect((board[1] as unknown as { item: Postit }).item).toMatchObject({ text: 'Kwetsend' });
    expect((board[1] as unknown as { item: Postit }).item.pid).toBeUndefined();
    // The author keeps seeing it, marked.
    expect(hidden.map((e) => projectEvent(e, { role: 'participant', participantId: 'pid2' })?.type)).toEqual(
      Array(3).fill('brainstorm.hidden'),
    );
  });

  it.each([
    ['played', played],
    ['playedRoom', playedRoom],
  ])('a view kept from projected events equals the projection of the state, for every viewer (%s)', (_n, play) => {
    const { s, id, start, from } = play();
    const byId = (items: Postit[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
    for (const viewer of viewers) {
      const kept = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state as BrainstormState;
      const projected = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as BrainstormState;
      const who = `${viewer.role} ${viewer.participantId ?? ''}`;
      expect(byId(kept.items), who).toEqual(byId(projected.items));
      expect(kept.clusters, who).toEqual(projected.clusters);
      expect(kept.revealed, who).toBe(projected.revealed);
      expect(kept.spotlight, who).toEqual(projected.spotlight);
      expect(kept.paging, who).toEqual(projected.paging);
      expect(fits(BrainstormState, kept), who).toBeUndefined();
    }
  });
});

describe('brainstorm schemas', () => {
  const item: Postit = { id: 'item1', text: 'Tekst', column: null, clusterId: null, hidden: false, merged: [], at: 1 };

  it('are exact: shapes that never occur are refused', () => {
    expect(fits(Event, { type: 'brainstorm.hidden', activityId: 'wall1', itemId: 'item1', hidden: true })).toBeUndefined();
    expect(
      fits(Event, { type: 'brainstorm.hidden', activityId: 'wall1', itemId: 'item1', hidden: false }),
      'shown again: with the post-it',
    ).toBeDefined();
    expect(
      fits(Event, { type: 'brainstorm.hidden', activityId: 'wall1', itemId: 'item1', hidden: false, item, sealed: false }),
    ).toBeUndefined();
    expect(
      fits(Event, { type: 'brainstorm.revealed', activityId: 'wall1', revealed: true }),
      'a reveal carries the post-its',
    ).toBeDefined();
    expect(fits(Event, { type: 'brainstorm.revealed', activityId: 'wall1', revealed: false, seal: true })).toBeUndefined();
    expect(fits(Event, { type: 'brainstorm.revealed', activityId: 'wall1', revealed: false, seal: true, items: [] })).toBeDefined();
    expect(fits(Event, { type: 'brainstorm.added', activityId: 'wall1', item, sealed: false })).toBeUndefined();
    expect(fits(Event, { type: 'brainstorm.added', activityId: 'wall1', item: { ...item, author: 'x' }, sealed: false })).toBeDefined();
    expect(fits(Event, { type: 'brainstorm.gone', activityId: 'wall1', itemId: 'item1', pid: 'pid1' })).toBeDefined();
    expect(fits(BrainstormState, { items: [item], clusters: [], revealed: false })).toBeUndefined();
    expect(fits(BrainstormState, { items: [{ ...item, column: 6 }], clusters: [], revealed: false })).toBeDefined();
  });

  it('the brainstorms of a session exported by f0c342d fit BrainstormState', () => {
    const exported = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/f0c342d/session1.json'), 'utf8')) as {
      agenda: { kind: string; state: unknown }[];
    };
    const walls = exported.agenda.filter((a) => a.kind === 'brainstorm');
    expect(walls.length).toBe(3);
    for (const a of walls) expect(fits(BrainstormState, a.state)).toBeUndefined();
  });
});

describe('brainstorm views load the rules, not the schemas', () => {
  it('no file in client/src/activities/brainstorm imports schema.ts or index.ts at run time', () => {
    const dir = path.resolve('client/src/activities/brainstorm');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        if (!m[1] && /activities\/brainstorm\/(schema|index)\.ts$/.test(m[2])) throw new Error(`${f} loads ${m[2]} at run time`);
      }
    }
  });
});

describe('brainstorm (R-BRAIN-*)', () => {
  it.each([
    ['R-BRAIN-CAP: a fourth post-it is refused', {}, ['a', 'b', 'c', 'd'], ['ok', 'ok', 'ok', 'LIMIT_REACHED']],
    ['R-BRAIN-CAP: the cap follows the config', { maxPerPerson: 1 }, ['a', 'b'], ['ok', 'LIMIT_REACHED']],
    ['R-BRAIN-LENGTH: longer than the maximum', { maxLength: 10 }, ['0123456789', '0123456789x'], ['ok', 'INVALID']],
  ] as const)('%s', (_n, over, texts, expected) => {
    const s = new Script();
    const id = s.add(brainstormDraft(over));
    open(s, id);
    expect(texts.map((text) => s.run(P(1), { type: 'brainstorm.add', activityId: id, text, column: null, showName: false }))).toEqual(
      expected,
    );
  });

  it('R-BRAIN-CAP: deleting one frees a place; the facilitator has no cap', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ maxPerPerson: 1 }));
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: null, showName: false });
    const item = s.activity<BrainstormState>(id).state.items[0].id;
    s.ok(P(1), { type: 'brainstorm.delete', activityId: id, itemId: item });
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'b', column: null, showName: false });
    for (let i = 0; i < 5; i++) s.ok(F, { type: 'brainstorm.add', activityId: id, text: `f${i}`, column: null, showName: false });
  });

  it('R-BRAIN-COLUMN: columns must exist', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ columns: ['Racisme', 'Stereotypen', 'Dekolonisering'] }));
    open(s, id);
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: 2, showName: false })).toBe('ok');
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: 3, showName: false })).toBe('INVALID');
    expect(s.run(P(1), { type: 'brainstorm.add', activityId: id, text: 'a', column: null, showName: false })).toBe('INVALID');
  });

  it('R-BRAIN-OWN: who may edit or delete', () => {
    const s = new Script();
    const id = s.add(brainstormDraft());
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Mijn idee', column: null, showName: false });
    const item = s.activity<BrainstormState>(id).state.items[0].id;
    const cases: [ReturnType<typeof P>, string, Record<string, unknown>, string][] = [
      [P(2), 'brainstorm.edit', { text: 'x' }, 'NOT_ALLOWED'],
      [P(2), 'brainstorm.delete', {}, 'NOT_ALLOWED'],
      [B, 'brainstorm.edit', { text: 'x' }, 'NOT_ALLOWED'],
      [P(1), 'brainstorm.edit', { text: 'Mijn idee!' }, 'ok'],
      [F, 'brainstorm.edit', { text: 'Mijn idee (typo fixed)' }, 'ok'],
      [F, 'brainstorm.delete', {}, 'NOT_ALLOWED'],
      [P(2), 'brainstorm.hide', { hidden: true }, 'NOT_ALLOWED'],
      [P(1), 'brainstorm.delete', {}, 'ok'],
    ];
    for (const [actor, type, extra, expected] of cases) {
      expect([type, s.run(actor, { type, activityId: id, itemId: item, ...extra })]).toEqual([type, expected]);
    }
  });

  it('R-BRAIN-HIDE: a hidden post-it reaches only the facilitator and its author, and can be restored', () => {
    const s = new Script();
    const id = s.add(brainstormDraft());
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Haatspraak hier', column: null, showName: false });
    const start = structuredClone(s.state);
    const from = s.state.seq;
    const item = s.activity<BrainstormState>(id).state.items[0].id;
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: item, hidden: true });
    const items = (v: Viewer) => (projectState(s.state, v).agenda.find((a) => a.id === id)!.state as BrainstormState).items;
    expect(items({ role: 'board' })).toEqual([]);
    expect(items({ role: 'participant', participantId: 'pid2' })).toEqual([]);
    expect(items({ role: 'participant', participantId: 'pid1' })[0]).toMatchObject({ text: 'Haatspraak hier', hidden: true });
    expect(items({ role: 'facilitator' })[0]).toMatchObject({ hidden: true });
    // A phone that held the post-it drops it from the frame it receives.
    const other = s.viewFrom({ role: 'participant', participantId: 'pid2' }, from, start);
    expect((other.agenda.find((a) => a.id === id)!.state as BrainstormState).items).toEqual([]);
    s.ok(F, { type: 'brainstorm.hide', activityId: id, itemId: item, hidden: false });
    expect(items({ role: 'board' })[0]).toMatchObject({ text: 'Haatspraak hier', hidden: false });
  });

  it('R-BRAIN-ANON: an anonymous post-it never carries its author to others; a shown name only by choice', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ allowNames: true }));
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'anoniem', column: null, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'met naam', column: null, showName: true });
    const items = s.activity<BrainstormState>(id).state.items;
    s.ok(P(1), { type: 'brainstorm.edit', activityId: id, itemId: items[0].id, text: 'anoniem bewerkt' });
    s.ok(F, { type: 'brainstorm.merge', activityId: id, itemId: items[1].id, otherId: items[0].id });
    for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid3' }] as Viewer[]) {
      const seen = s.wire(viewer) + JSON.stringify(projectState(s.state, viewer));
      expect(seen).not.toMatch(/pid1|pid2|Name1/);
      expect(seen).toContain('Name2'); // chosen by its author
    }
  });

  it('R-BRAIN-PRIVATE: each phone sees only its own post-its until the reveal', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ privateUntilReveal: true }));
    open(s, id);
    const start = structuredClone(s.state);
    const from = s.state.seq;
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'eerste', column: null, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'tweede', column: null, showName: false });
    const texts = (v: Viewer) =>
      (s.viewFrom(v, from, start).agenda.find((a) => a.id === id)!.state as BrainstormState).items.map((i) => i.text ?? '·');
    expect(texts({ role: 'participant', participantId: 'pid1' })).toEqual(['eerste', '·']);
    expect(texts({ role: 'board' })).toEqual(['·', '·']);
    expect(s.wire({ role: 'board' })).not.toContain('eerste');
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: true });
    expect(texts({ role: 'board' })).toEqual(['eerste', 'tweede']);
    expect(texts({ role: 'participant', participantId: 'pid1' })).toEqual(['eerste', 'tweede']);
    s.ok(F, { type: 'brainstorm.reveal', activityId: id, revealed: false });
    expect(texts({ role: 'participant', participantId: 'pid1' })).toEqual(['eerste', '·']);
    expect(texts({ role: 'facilitator' })).toEqual(['eerste', 'tweede']);
  });

  it('R-BRAIN-MERGE: merging keeps both texts; move and cluster', () => {
    const s = new Script();
    const id = s.add(brainstormDraft({ columns: ['A', 'B'] }));
    open(s, id);
    s.ok(P(1), { type: 'brainstorm.add', activityId: id, text: 'Vormingen volgen', column: 0, showName: false });
    s.ok(P(2), { type: 'brainstorm.add', activityId: id, text: 'Vorming volgen', column: 0, showName: false });
    const [a, b] = s.activity<BrainstormState>(id).state.items;
    s.ok(F, { type: 'brainstorm.merge', activityId: id, itemId: a.id, otherId: b.id });
    s.ok(F, { type: 'brainstorm.move', activityId: id, itemId: a.id, column: 1 });
    s.ok(F, { type: 'brainstorm.clusterAdd', activityId: id, title: 'Leren' });
    const cluster = s.activity<BrainstormState>(id).state.clusters[0].id;
    s.ok(F, { type: 'brainstorm.cluster', activityId: id, itemId: a.id, clusterId: cluster });
    const st = s.activity<BrainstormState>(id).state;
    expect(st.items).toHaveLength(1);
    expect(st.items[0]).toMatchObject({ text: 'Vormingen volgen', merged: ['Vorming volgen'], column: 1, clusterId: cluster });
    expect(s.run(F, { type: 'brainstorm.merge', activityId: id, itemId: a.id, otherId: a.id })).toBe('INVALID');
  });
});

describe('brainstorm at room scale (R-BRAIN-BULK, R-BRAIN-SPOTLIGHT, R-BRAIN-PAGES, R-BRAIN-FOLLOWUP, R-BRAIN-FEED-CLUSTERS)', () => {
  const Command = v.variant('type', brainstormCommands);
  const cmd = (x: Record<string, unknown>) => fits(Command, { id: 'cmd0000001', activityId: 'wall1', ...x });

  /** A wall of `n` post-its by three participants (pid1 … pid3 in turn), shown. */
  function room(n: number, over: Partial<BrainstormConfig> = {}) {
    const w = wall({ maxPerPerson: 50, maxLength: 280, ...over });
    for (let i = 0; i < n; i++)
      w.s.ok(P((i % 3) + 1), {
        type: 'brainstorm.add',
        activityId: w.id,
        text: `Post-it ${i}`,
        column: over.columns?.length ? 0 : null,
        showName: false,
      });
    const ids = (...nums: number[]) => nums.map((i) => w.itemOf(`Post-it ${i}`));
    /** decide's answer, and whether the room changed (it must not when refused). */
    const run = (actor: Actor, c: { type: string; [k: string]: unknown }) => {
      const before = JSON.stringify(w.s.state);
      const seq = w.s.state.seq;
      const r = w.tryIt(actor, c);
      const applied = r === 'ok' ? w.s.run(actor, { activityId: w.id, ...c }) : r;
      if (r !== 'ok') expect(JSON.stringify(w.s.state), `${String(c.type)} refused but changed the room`).toBe(before);
      return { r: applied === 'ok' ? 'ok' : r, events: w.s.state.seq - seq };
    };
    return { ...w, ids, run };
  }

  describe('R-BRAIN-BULK: one command, all or nothing', () => {
    it('the schema takes 1 to 400 different ids and a known action', () => {
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `item${String(i).padStart(4, '0')}`);
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(10), action: 'hide' })).toBeUndefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(400), action: 'cluster', clusterId: null })).toBeUndefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(3), action: 'newCluster', title: 'Mobiliteit' })).toBeUndefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(3), action: 'merge', into: 'item0000' })).toBeUndefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(3), action: 'move', column: 1 })).toBeUndefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: [], action: 'hide' }), 'none').toBeDefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(401), action: 'hide' }), 'too many').toBeDefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ['item0001', 'item0001'], action: 'hide' }), 'twice').toBeDefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(2), action: 'delete' }), 'no such action').toBeDefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(2), action: 'newCluster', title: ' ' }), 'a title').toBeDefined();
      expect(cmd({ type: 'brainstorm.bulk', itemIds: ids(2), action: 'hide', clusterId: null }), 'exact').toBeDefined();
    });

    it.each([
      ['a participant', P(1), { action: 'hide' }, 'NOT_ALLOWED:facilitator'],
      ['the board (it only watches: R-ROLE-BOARD)', B, { action: 'hide' }, 'NOT_ALLOWED:'],
      ['an unknown post-it among known ones', F, { action: 'hide', extra: 'nosuchid' }, 'NOT_FOUND:'],
      ['an id twice (decide guards it too)', F, { action: 'hide', twice: true }, 'INVALID:bulk'],
      ['an unknown cluster', F, { action: 'cluster', clusterId: 'nosuchcluster' }, 'NOT_FOUND:'],
      ['into an unknown post-it', F, { action: 'merge', into: 'nosuchid' }, 'NOT_FOUND:'],
      ['a column on a wall without columns', F, { action: 'move', column: 0 }, 'INVALID:column'],
    ] as const)('refuses %s and changes nothing', (_n, actor, action, expected) => {
      const w = room(12);
      const { extra, twice, ...rest } = action as { extra?: string; twice?: boolean };
      const itemIds = [...w.ids(0, 1, 2), ...(extra ? [extra] : []), ...(twice ? w.ids(0) : [])];
      expect(w.run(actor, { type: 'brainstorm.bulk', itemIds, ...rest })).toEqual({ r: expected, events: 0 });
    });

    it('a merge with a hidden post-it among them is refused whole', () => {
      const w = room(6);
      w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: w.ids(4)[0], hidden: true });
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(1, 2, 4), action: 'merge', into: w.ids(0)[0] })).toEqual({
        r: 'INVALID:merge',
        events: 0,
      });
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(0), action: 'merge', into: w.ids(0)[0] }).r, 'only itself').toBe(
        'INVALID:merge',
      );
      expect(w.st().items).toHaveLength(6);
    });

    it('a new cluster past the limit is refused', () => {
      const w = room(3);
      for (let i = 0; i < BRAINSTORM_CLUSTERS_MAX; i++) w.s.ok(F, { type: 'brainstorm.clusterAdd', activityId: w.id, title: `K${i}` });
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(0, 1), action: 'newCluster', title: 'Eén te veel' })).toEqual({
        r: 'LIMIT_REACHED:clusters',
        events: 0,
      });
    });

    it('ten post-its into a new cluster: one command, one cluster and ten post-its in it', () => {
      const w = room(40);
      const ten = w.ids(3, 5, 7, 9, 11, 13, 15, 17, 19, 21);
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: ten, action: 'newCluster', title: 'Mobiliteit' })).toEqual({
        r: 'ok',
        events: 11,
      });
      const [k] = w.st().clusters;
      expect(k.title).toBe('Mobiliteit');
      expect(
        w
          .st()
          .items.filter((i) => i.clusterId === k.id)
          .map((i) => i.id),
      ).toEqual(ten);
      // Into the same cluster again: nothing to change; out of it: ten events.
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: ten, action: 'cluster', clusterId: k.id })).toEqual({ r: 'ok', events: 0 });
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: ten.slice(0, 4), action: 'cluster', clusterId: null })).toEqual({
        r: 'ok',
        events: 4,
      });
    });

    it('hide and show only what changes; the board loses and gets back exactly those', () => {
      const w = room(8);
      w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: w.ids(1)[0], hidden: true });
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(0, 1, 2), action: 'hide' })).toEqual({ r: 'ok', events: 2 });
      const board = () => (projectState(w.s.state, { role: 'board' }).agenda.find((a) => a.id === w.id)!.state as BrainstormState).items;
      expect(board().map((i) => i.text)).toEqual(['Post-it 3', 'Post-it 4', 'Post-it 5', 'Post-it 6', 'Post-it 7']);
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(0, 1, 3), action: 'show' })).toEqual({ r: 'ok', events: 2 });
      expect(
        board()
          .map((i) => i.text)
          .sort(),
      ).toEqual(['Post-it 0', 'Post-it 1', 'Post-it 3', 'Post-it 4', 'Post-it 5', 'Post-it 6', 'Post-it 7']);
    });

    it('merge many into one keeps every text, in order; move many to a column', () => {
      const w = room(5, { columns: ['Gevoel', 'Feit'] });
      const [keep] = w.ids(0);
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(2, 3, 0), action: 'merge', into: keep })).toEqual({ r: 'ok', events: 2 });
      expect(w.st().items.map((i) => i.text)).toEqual(['Post-it 0', 'Post-it 1', 'Post-it 4']);
      expect(w.st().items[0].merged).toEqual(['Post-it 2', 'Post-it 3']);
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(0, 1), action: 'move', column: 1 })).toEqual({ r: 'ok', events: 2 });
      expect(w.st().items.map((i) => i.column)).toEqual([1, 1, 0]);
      expect(w.run(F, { type: 'brainstorm.bulk', itemIds: w.ids(4), action: 'move', column: 2 }).r).toBe('INVALID:column');
    });
  });

  describe('R-BRAIN-SPOTLIGHT: one post-it or cluster full-screen, never a hidden one', () => {
    it.each([
      ['a participant', P(1), 'item', 'NOT_ALLOWED:facilitator'],
      ['the board (R-ROLE-BOARD)', B, 'item', 'NOT_ALLOWED:'],
      ['a hidden post-it', F, 'hidden', 'NOT_ALLOWED:hidden'],
      ['an unknown post-it', F, 'unknown', 'NOT_FOUND:'],
      ['an unknown cluster', F, 'unknownCluster', 'NOT_FOUND:'],
      ['a post-it and a cluster at once', F, 'both', 'INVALID:spotlight'],
      ['a visible post-it', F, 'item', 'ok'],
      ['a cluster', F, 'cluster', 'ok'],
    ] as const)('%s: %s', (_n, actor, what, expected) => {
      const w = room(4);
      w.s.ok(F, { type: 'brainstorm.clusterAdd', activityId: w.id, title: 'Thema' });
      const [item, hidden] = w.ids(0, 1);
      w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: hidden, hidden: true });
      const k = w.st().clusters[0].id;
      const target = {
        item: { itemId: item, clusterId: null },
        hidden: { itemId: hidden, clusterId: null },
        unknown: { itemId: 'nosuchid', clusterId: null },
        unknownCluster: { itemId: null, clusterId: 'nosuchid' },
        both: { itemId: item, clusterId: k },
        cluster: { itemId: null, clusterId: k },
      }[what];
      expect(w.run(actor, { type: 'brainstorm.spotlight', ...target }).r).toBe(expected);
    });

    it('nothing while the post-its are private; the board never holds a spotlight on a post-it it lacks', () => {
      const w = room(3, { privateUntilReveal: true });
      const [item] = w.ids(0);
      expect(w.run(F, { type: 'brainstorm.spotlight', itemId: item, clusterId: null }).r).toBe('NOT_ALLOWED:sealed');
      w.s.ok(F, { type: 'brainstorm.reveal', activityId: w.id, revealed: true });
      expect(w.run(F, { type: 'brainstorm.spotlight', itemId: item, clusterId: null }).r).toBe('ok');
      const spot = (v: Viewer) => (projectState(w.s.state, v).agenda.find((a) => a.id === w.id)!.state as BrainstormState).spotlight;
      expect(spot({ role: 'board' })).toEqual({ itemId: item });
      expect(spot({ role: 'participant', participantId: 'pid2' })).toEqual({ itemId: item });
      // Sealed again: back to the wall, for everyone.
      w.s.ok(F, { type: 'brainstorm.reveal', activityId: w.id, revealed: false });
      expect(spot({ role: 'board' })).toBeNull();
    });

    it.each([
      [
        'hidden',
        (w: ReturnType<typeof room>, item: string) => w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: item, hidden: true }),
      ],
      [
        'merged away',
        (w: ReturnType<typeof room>, item: string) =>
          w.s.ok(F, { type: 'brainstorm.merge', activityId: w.id, itemId: w.ids(2)[0], otherId: item }),
      ],
      [
        'deleted by its author',
        (w: ReturnType<typeof room>, item: string) => w.s.ok(P(1), { type: 'brainstorm.delete', activityId: w.id, itemId: item }),
      ],
      [
        'hidden in bulk',
        (w: ReturnType<typeof room>, item: string) =>
          w.s.ok(F, { type: 'brainstorm.bulk', activityId: w.id, itemIds: [item], action: 'hide' }),
      ],
    ])('a spotlit post-it that is %s leaves the board’s spotlight, on every screen', (_n, leave) => {
      const w = room(3);
      const [item] = w.ids(0); // by pid1
      const start = structuredClone(w.s.state);
      const from = w.s.state.seq;
      w.s.ok(F, { type: 'brainstorm.spotlight', activityId: w.id, itemId: item, clusterId: null });
      leave(w, item);
      expect(w.st().spotlight).toBeNull();
      for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid2' }, { role: 'facilitator' }] as Viewer[]) {
        const kept = w.s.viewFrom(viewer, from, start).agenda.find((a) => a.id === w.id)!.state as BrainstormState;
        expect(kept.spotlight, viewer.role).toBeNull();
      }
    });

    it('a removed cluster leaves the spotlight; ending it is facilitator-only and idempotent', () => {
      const w = room(2);
      w.s.ok(F, { type: 'brainstorm.clusterAdd', activityId: w.id, title: 'Thema' });
      const k = w.st().clusters[0].id;
      w.s.ok(F, { type: 'brainstorm.spotlight', activityId: w.id, itemId: null, clusterId: k });
      expect(w.st().spotlight).toEqual({ clusterId: k });
      w.s.ok(F, { type: 'brainstorm.clusterRemove', activityId: w.id, clusterId: k });
      expect(w.st().spotlight).toBeNull();
      expect(w.run(F, { type: 'brainstorm.spotlight', itemId: null, clusterId: null })).toEqual({ r: 'ok', events: 0 });
      expect(w.run(P(1), { type: 'brainstorm.spotlight', itemId: null, clusterId: null }).r).toBe('NOT_ALLOWED:facilitator');
    });
  });

  describe('R-BRAIN-PAGES: the facilitator steps the board’s pages', () => {
    it('facilitator only; the page, auto and the server’s time reach every screen', () => {
      const w = room(2);
      expect(w.run(P(1), { type: 'brainstorm.page', page: 1, auto: false }).r).toBe('NOT_ALLOWED:facilitator');
      expect(w.run(B, { type: 'brainstorm.page', page: 1, auto: false }).r).toBe('NOT_ALLOWED:'); // R-ROLE-BOARD
      expect(w.run(F, { type: 'brainstorm.page', page: 3, auto: false })).toEqual({ r: 'ok', events: 1 });
      for (const viewer of [{ role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[])
        expect((projectState(w.s.state, viewer).agenda.find((a) => a.id === w.id)!.state as BrainstormState).paging).toEqual({
          page: 3,
          auto: false,
          since: w.s.now,
        });
      expect(cmd({ type: 'brainstorm.page', page: 1.5, auto: true }), 'a whole number').toBeDefined();
      expect(cmd({ type: 'brainstorm.page', page: -2, auto: true }), 'backwards from the first page').toBeUndefined();
      expect(cmd({ type: 'brainstorm.page', page: 2_000_000, auto: true })).toBeDefined();
    });
  });

  describe('R-BRAIN-FOLLOWUP: owner and due date', () => {
    it('the facilitator sets and clears them; the schema takes a day or nothing', () => {
      const w = room(2);
      const [item] = w.ids(0);
      const follow = (actor: Actor, owner: string, due: string) =>
        w.run(actor, { type: 'brainstorm.followUp', itemId: item, owner, due }).r;
      expect(follow(P(1), 'Ik', '')).toBe('NOT_ALLOWED:facilitator');
      expect(w.run(F, { type: 'brainstorm.followUp', itemId: 'nosuchid', owner: 'X', due: '' }).r).toBe('NOT_FOUND:');
      expect(follow(F, 'Dienst Welzijn', '2026-05-12')).toBe('ok');
      expect(w.st().items[0]).toMatchObject({ owner: 'Dienst Welzijn', due: '2026-05-12' });
      expect(follow(F, '', '2026-05-12')).toBe('ok');
      expect(w.st().items[0].owner).toBeUndefined();
      expect(follow(F, '', '')).toBe('ok');
      expect(w.st().items[0]).not.toHaveProperty('due');
      expect(cmd({ type: 'brainstorm.followUp', itemId: 'item0001', owner: 'X', due: '12/05/2026' }), 'a day').toBeDefined();
      expect(cmd({ type: 'brainstorm.followUp', itemId: 'item0001', owner: 'X'.repeat(81), due: '' }), 'at most 80').toBeDefined();
      expect(cmd({ type: 'brainstorm.followUp', itemId: 'item0001', owner: '', due: '2026-05-12' })).toBeUndefined();
    });

    it('others do not hear it while the post-it is hidden; its author and the facilitator do', () => {
      const w = room(2);
      const [item] = w.ids(0); // by pid1
      w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: item, hidden: true });
      w.s.ok(F, { type: 'brainstorm.followUp', activityId: w.id, itemId: item, owner: 'Jeugddienst', due: '' });
      const ev = w.s.events.at(-1)!;
      expect(projectEvent(ev, { role: 'board' })).toBeNull();
      expect(projectEvent(ev, { role: 'participant', participantId: 'pid2' })).toBeNull();
      expect(projectEvent(ev, { role: 'participant', participantId: 'pid1' })).toMatchObject({ owner: 'Jeugddienst' });
      // Shown again: the board gets it with its owner.
      w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: item, hidden: false });
      expect(w.s.wire({ role: 'board' })).toContain('Jeugddienst');
    });

    it('the report writes "text; owner: X; by <day>"', async () => {
      const { brainstormReport } = await import('../../shared/activities/brainstorm/report.ts');
      const w = room(2);
      const [a] = w.ids(0);
      w.s.ok(F, { type: 'brainstorm.followUp', activityId: w.id, itemId: a, owner: 'Dienst Welzijn', due: '2026-05-12' });
      const ctx = {
        lang: 'nl',
        t: (key: string, params?: Record<string, string | number>) => translate('nl', key, params),
        suffix: (text: string, sep: string, suffix: string) => `${text}${sep}${suffix}`,
        votesFor: (id: string) => (id === a ? 6 : undefined),
      };
      const act = { ...w.s.state.agenda.find((x) => x.id === w.id)!, config: w.s.activity(w.id).config, state: w.st() };
      const list = brainstormReport(act, ctx).find((b) => b.t === 'ul');
      expect(list && list.t === 'ul' ? list.items.map((i) => i.text) : []).toEqual([
        `Post-it 0; ${translate('nl', 'report.votes', { count: 6 })}; ${translate('nl', 'report.brainstorm.owner', { owner: 'Dienst Welzijn' })}; ${translate('nl', 'report.brainstorm.due', { date: '12 mei 2026' })}`,
        'Post-it 1',
      ]);
    });
  });

  describe('R-BRAIN-FEED-CLUSTERS: clusters as items for a later activity', () => {
    it('each cluster: its title, and its members’ visible texts; items stay the default', () => {
      const w = room(5);
      const [a, b, c, d] = w.ids(0, 1, 2, 3);
      w.s.ok(F, { type: 'brainstorm.bulk', activityId: w.id, itemIds: [a, b, c], action: 'newCluster', title: 'Fiets' });
      w.s.ok(F, { type: 'brainstorm.clusterAdd', activityId: w.id, title: 'Leeg' });
      w.s.ok(F, { type: 'brainstorm.hide', activityId: w.id, itemId: b, hidden: true });
      w.s.ok(F, { type: 'brainstorm.merge', activityId: w.id, itemId: c, otherId: d });
      const act = { ...w.s.state.agenda.find((x) => x.id === w.id)!, config: w.s.activity(w.id).config, state: w.st() };
      const [fiets, leeg] = w.st().clusters;
      expect(rules.feeds?.(act, 'clusters')).toEqual([
        { id: fiets.id, text: 'Fiets', merged: ['Post-it 0', 'Post-it 2'] },
        { id: leeg.id, text: 'Leeg', merged: [] },
      ]);
      expect(rules.feeds?.(act)?.map((i) => i.text)).toEqual(['Post-it 0', 'Post-it 2', 'Post-it 4']);
      expect(rules.feeds?.(act, 'items')).toEqual(rules.feeds?.(act));
      expect(JSON.stringify(rules.feeds?.(act, 'clusters'))).not.toContain('Post-it 1');
    });
  });
});

describe('R-BRAIN-WALL: the board’s wall in pages (client/src/activities/brainstorm/wall.ts)', () => {
  const postit = (n: number, len: number, column: number | null = null, clusterId: string | null = null): Postit => ({
    id: `item${String(n).padStart(4, '0')}`,
    text: 'x'.repeat(len),
    column,
    clusterId,
    hidden: false,
    merged: [],
    at: n,
  });
  /** A card as tall as its text needs at a width: 20 characters a line of 34 px at 300 px wide, plus 20 px. */
  const heights: Heights = {
    card: (item, w) => Math.ceil((item.text?.length ?? 1) / Math.max(1, Math.floor((20 * w) / 300))) * 34 + 20,
    clusterHead: () => 34,
    columnHead: () => 34,
  };
  const sp = spacing(28, 1);

  /** Where every card ends up on its page (px from the top of the track's content). */
  function bottoms(pages: ReturnType<typeof pack>, t: Track) {
    return pages.map((page) => {
      let used = 0;
      let lowest = 0;
      for (const [n, band] of page.entries()) {
        const edge = band.cluster ? 2 * sp.kEdge : 0;
        const top =
          (n ? used + sp.gap : 0) +
          edge / 2 +
          (band.cluster ? heights.clusterHead(band.cluster, t.clusterFull, band.continued) + sp.gap : 0);
        for (const card of band.cards) lowest = Math.max(lowest, top + card.y + heights.card(card.item, card.width));
        used = top + band.height + edge / 2;
      }
      return { lowest, used };
    });
  }

  it.each([12, 40, 120, 300])('%i post-its: each on exactly one page, no page over its height, no card over another', (n) => {
    const items = Array.from({ length: n }, (_, i) => postit(i, [12, 40, 90, 250, 30][i % 5]));
    const sections = sectionsOf(items, { clusters: [] }, []);
    const {
      tracks: [t],
    } = tracks(sections, 1780, sp);
    const pages = pack(t, 720, sp, heights);
    const ids = pages.flat().flatMap((b) => b.cards.map((c) => c.item.id));
    expect([...ids].sort()).toEqual(items.map((i) => i.id));
    for (const { lowest, used } of bottoms(pages, t)) {
      expect(lowest).toBeLessThanOrEqual(720);
      expect(used).toBeLessThanOrEqual(720);
    }
    for (const page of pages)
      for (const band of page)
        for (const [a, x] of band.cards.entries())
          for (const y of band.cards.slice(a + 1)) {
            const apart =
              x.x + x.width <= y.x ||
              y.x + y.width <= x.x ||
              x.y + heights.card(x.item, x.width) <= y.y ||
              y.y + heights.card(y.item, y.width) <= x.y;
            expect(apart, `${x.item.id} and ${y.item.id} overlap`).toBe(true);
          }
    // A full page is worth its eight seconds: every page but the last holds a fair share.
    if (pages.length > 1) expect(Math.min(...pages.slice(0, -1).map((p) => p.flatMap((b) => b.cards).length))).toBeGreaterThan(8);
  });

  it('a cluster pages with its count and says so when it goes on; a card too tall for a lane takes the row; one too tall for a page gets its own', () => {
    const items = [
      ...Array.from({ length: 30 }, (_, i) => postit(i, 60, null, 'k1')),
      postit(40, 700),
      postit(41, 4000),
      ...Array.from({ length: 5 }, (_, i) => postit(50 + i, 20)),
    ];
    const sections = sectionsOf(items, { clusters: [{ id: 'k1', title: 'Fietsen' }] }, []);
    const {
      tracks: [t],
    } = tracks(sections, 1780, sp);
    const pages = pack(t, 720, sp, heights);
    const bands = pages.flat();
    const ofCluster = bands.filter((b) => b.cluster);
    expect(ofCluster.length).toBeGreaterThan(1);
    expect(ofCluster.map((b) => b.continued)).toEqual([false, ...Array(ofCluster.length - 1).fill(true)]);
    expect(ofCluster.every((b) => b.count === 30)).toBe(true);
    const placed = (id: string) => bands.flatMap((b) => b.cards).find((c) => c.item.id === id)!;
    expect(placed('item0040').width).toBe(t.full); // across the row
    const huge = pages.find((p) => p.some((b) => b.cards.some((c) => c.item.id === 'item0041')))!;
    expect(huge.flatMap((b) => b.cards).map((c) => c.item.id)[0]).toBe('item0041'); // first on its page
    expect([...bands.flatMap((b) => b.cards.map((c) => c.item.id))].sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('columns side by side: a busy column gets more lanes, every column at least one, never wider than the wall', () => {
    const items = [
      ...Array.from({ length: 34 }, (_, i) => postit(i, 30, 0)),
      ...Array.from({ length: 8 }, (_, i) => postit(40 + i, 30, 1)),
      postit(60, 30, 2),
    ];
    const sp3 = spacing(28, 3);
    const { tracks: ts } = tracks(sectionsOf(items, { clusters: [] }, ['A', 'B', 'C']), 1780, sp3);
    expect(ts.map((t) => t.lanes)).toEqual([3, 1, 1]);
    expect(ts.reduce((w, t) => w + t.width, 0) + 2 * sp3.colGap).toBeLessThanOrEqual(1780);
    const { tracks: few } = tracks(sectionsOf([postit(1, 10)], { clusters: [] }, []), 1780, sp);
    expect(few[0].lanes).toBe(1);
    expect(few[0].card).toBeLessThanOrEqual(WALL_EM.maxLane * 28);
  });

  it('the page the board shows: the facilitator’s page, turning every 8 s when by itself, wrapping both ways', () => {
    expect(pageIndex({ page: 5, auto: false, since: 0 }, 4, 99_000, 0, 8000)).toBe(1);
    expect(pageIndex({ page: -1, auto: false, since: 0 }, 4, 0, 0, 8000)).toBe(3);
    expect(pageIndex({ page: 0, auto: true, since: 1000 }, 4, 1000 + 7999, 0, 8000)).toBe(0);
    expect(pageIndex({ page: 0, auto: true, since: 1000 }, 4, 1000 + 8000, 0, 8000)).toBe(1);
    expect(pageIndex({ page: 3, auto: true, since: 1000 }, 4, 1000 + 16_000, 0, 8000)).toBe(1);
    expect(pageIndex(undefined, 3, 50_000, 50_000 - 8000, 8000)).toBe(1); // by itself from when the board showed it
  });
});
