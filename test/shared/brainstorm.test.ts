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
  BRAINSTORM_ITEMS_MAX,
  BrainstormState,
  events,
  postitRefusal,
  type BrainstormConfig,
  type Postit,
} from '../../shared/activities/brainstorm/index.ts';
import type { Actor, StoredEvent, Viewer } from '../../shared/model.ts';
import { decide } from '../../shared/reduce.ts';
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

  it('every projected event fits the schemas, and no one else’s id reaches a phone or the board', () => {
    const { s } = played();
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

  it('a view kept from projected events equals the projection of the state, for every viewer', () => {
    const { s, id, start, from } = played();
    const byId = (items: Postit[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
    for (const viewer of viewers) {
      const kept = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state as BrainstormState;
      const projected = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as BrainstormState;
      const who = `${viewer.role} ${viewer.participantId ?? ''}`;
      expect(byId(kept.items), who).toEqual(byId(projected.items));
      expect(kept.clusters, who).toEqual(projected.clusters);
      expect(kept.revealed, who).toBe(projected.revealed);
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
