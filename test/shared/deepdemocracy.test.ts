/**
 * Deep Democracy as a kind module (R-DD-*, R-EVENT-SCHEMA, R-KIND-CONTRACT): a long round
 * with every path (re-answers, a split revote, the undercurrent and a new round, a need
 * replaced, the slider after the decision) checked against the schemas as stored and as
 * each viewer receives it; a viewer's state built from its events equals its projection;
 * every refusal names its rule (`reason`) for the views' "why not"; the views take their
 * runtime values from rules.ts only.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import kind from '../../shared/activities/deepdemocracy/kind.ts';
import { rules } from '../../shared/activities/deepdemocracy/rules.ts';
import { DeepDemocracyState, events, type DeepDemocracyState as State } from '../../shared/activities/deepdemocracy/schema.ts';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { validateEvent } from '../../shared/events.ts';
import type { Actor, RoomState, Viewer } from '../../shared/model.ts';
import { decide } from '../../shared/reduce.ts';
import { F, P, Script } from '../helpers/script.ts';

const draft = (smallGroupSafety = true) => ({ kind: 'deepdemocracy', title: 'Besluit', config: { proposal: 'We starten met ervaringsdeskundigen', smallGroupSafety } });

function room(n = 6) {
  const s = new Script(n);
  const start = structuredClone(s.state);
  const id = s.add(draft());
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const dd = () => s.activity<State>(id).state;
  const ok = (actor: Actor, type: string, extra: Record<string, unknown> = {}) => s.ok(actor, { type: `deepdemocracy.${type}`, activityId: id, ...extra });
  /** The refusal's reason (or 'ok') of a command, as decide gives it. */
  const why = (actor: Actor, type: string, extra: Record<string, unknown> = {}) => {
    const d = decide(s.state, { id: 'probe0001', type: `deepdemocracy.${type}`, activityId: id, ...extra }, actor, { now: s.now, newId: () => 'probe1' });
    return d.ok ? 'ok' : d.error.reason;
  };
  return { s, start, id, dd, ok, why };
}

/** Every path of a round, ending decided, with the undercurrent used after it. */
function longRound() {
  const r = room(6);
  const { ok, dd } = r;
  const step = (to: string) => ok(F, 'step', { step: to });
  ok(P(1), 'unsaid');
  ok(P(1), 'unsaid');
  ok(P(1), 'view', { text: 'Meer tijd' });
  ok(P(2), 'view', { text: 'Meer tijd nodig' });
  ok(F, 'view', { text: 'Budget?' });
  const [a, b] = dd().views;
  ok(F, 'mergeViews', { viewId: a.id, otherId: b.id });
  step('findNo');
  ok(P(3), 'alternative', { text: 'Eerst met de eigen dienst' });
  ok(F, 'alternative', { text: 'Niet nu' });
  const alt = dd().alternatives[0].id;
  ok(F, 'rephrase', { alternativeId: alt, text: 'Eerst intern starten', onBallot: true });
  step('spreadNo');
  ok(P(1), 'recognise', { alternativeId: alt, level: 'fully' });
  ok(P(1), 'recognise', { alternativeId: alt, level: 'not' });
  ok(P(2), 'recognise', { alternativeId: alt, level: 'partly' });
  step('vote');
  // Round 1: split; round 2 after a revote: a majority.
  for (const n of [1, 2, 3]) ok(P(n), 'vote', { optionId: 'proposal' });
  for (const n of [4, 5, 6]) ok(P(n), 'vote', { optionId: alt });
  ok(P(6), 'vote', { optionId: 'abstain' });
  ok(P(6), 'vote', { optionId: alt });
  ok(F, 'closeVote');
  ok(F, 'revote');
  for (const n of [1, 2, 3, 4]) ok(P(n), 'vote', { optionId: 'proposal' });
  ok(P(5), 'vote', { optionId: alt });
  ok(P(6), 'vote', { optionId: 'abstain' });
  ok(F, 'closeVote');
  step('minority');
  ok(P(5), 'minority', { answer: 'asIs' });
  ok(P(5), 'minority', { answer: 'need', need: 'Een evaluatie na drie maanden' });
  ok(P(6), 'minority', { answer: 'need', need: 'Een externe moderator' });
  const [n5, n6] = dd().needs;
  ok(F, 'handleNeed', { needId: n5.id, status: 'added' });
  ok(F, 'handleNeed', { needId: n6.id, status: 'notFeasible', reason: 'Geen budget' });
  ok(F, 'handleNeed', { needId: n6.id, status: 'adapted' });
  step('final');
  ok(P(1), 'final', { answer: 'no' });
  ok(P(1), 'final', { answer: 'yes' });
  ok(P(5), 'final', { answer: 'reservations' });
  ok(P(6), 'final', { answer: 'no' });
  ok(F, 'closeFinal');
  ok(F, 'decide');
  // The undercurrent goes on after the decision: the slider, "something isn't being said".
  ok(F, 'sliderOpen', { statement: 'Hoe veilig voelt dit?', open: true });
  ok(P(1), 'slider', { value: 10 });
  ok(P(2), 'slider', { value: 90 });
  ok(P(1), 'slider', { value: 20 });
  ok(P(3), 'unsaid');
  ok(F, 'sliderOpen', { statement: 'Hoe veilig voelt dit?', open: false });
  return r;
}

/** A split third round leads to the undercurrent, and from there to a fourth round. */
function undercurrentRound() {
  const r = room(4);
  const { ok, dd } = r;
  const step = (to: string) => ok(F, 'step', { step: to });
  step('findNo');
  ok(F, 'alternative', { text: 'Niet nu' });
  const alt = dd().alternatives[0].id;
  step('spreadNo');
  step('vote');
  for (let round = 1; round <= 3; round++) {
    for (const n of [1, 2]) ok(P(n), 'vote', { optionId: 'proposal' });
    for (const n of [3, 4]) ok(P(n), 'vote', { optionId: alt });
    ok(F, 'closeVote');
    if (round < 3) ok(F, 'revote');
  }
  step('undercurrent');
  step('vote');
  expect(dd().rounds.map((x) => [x.n, x.open])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
  return r;
}

const viewers = (n: number): Viewer[] => [
  { role: 'facilitator' },
  { role: 'board' },
  ...Array.from({ length: n }, (_, i): Viewer => ({ role: 'participant', participantId: `pid${i + 1}` })),
];
const issues = (schema: v.GenericSchema, value: unknown) => {
  const r = v.safeParse(schema, value);
  return r.success ? undefined : r.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);
};

describe('Deep Democracy schemas (R-EVENT-SCHEMA)', () => {
  it.each([
    ['a long round', longRound, 6],
    ['the undercurrent and a fourth round', undercurrentRound, 4],
  ] as const)('every event of %s, as stored and as each viewer receives it, fits its schema', (_name, play, n) => {
    const { s } = play();
    const mine = s.events.filter((e) => e.type.startsWith('deepdemocracy.'));
    expect(new Set(mine.map((e) => e.type)).size).toBeGreaterThan(n === 6 ? 17 : 4);
    for (const e of mine) expect(validateEvent(e), e.type).toEqual({ ok: true });
    for (const viewer of viewers(n)) {
      for (const e of mine) {
        const seen = projectEvent(e, viewer);
        if (seen) expect(validateEvent(seen, { viewer }), `${e.type} for ${viewer.role} ${viewer.participantId ?? ''}`).toEqual({ ok: true });
      }
    }
  });

  it('lists one schema per event type, and kind.ts hands them (and the state schema) to the core', () => {
    const types = events.map((e) => e.entries.type.literal);
    expect(new Set(types).size).toBe(types.length);
    expect(kind.schemas.events).toBe(events);
    expect(kind.schemas.state).toBe(DeepDemocracyState);
    const { s } = longRound();
    const emitted = new Set(s.events.map((e) => e.type).filter((t) => t.startsWith('deepdemocracy.')));
    expect([...emitted].filter((t) => !types.includes(t as never))).toEqual([]);
  });

  it.each([
    ['a long round', longRound, 6],
    ['the undercurrent and a fourth round', undercurrentRound, 4],
  ] as const)('after %s the state, and every viewer’s projection, fit the state schema; a viewer’s events rebuild its projection', (_name, play, n) => {
    const { s, start, id } = play();
    expect(issues(DeepDemocracyState, s.activity(id).state)).toBeUndefined();
    for (const viewer of viewers(n)) {
      const projected = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state;
      expect(issues(DeepDemocracyState, projected), viewer.role).toBeUndefined();
      const rebuilt = s.viewFrom(viewer, start.seq, start as RoomState).agenda.find((a) => a.id === id)!.state;
      expect(rebuilt, `${viewer.role} ${viewer.participantId ?? ''}`).toEqual(projected);
    }
  });

  it('takes the states of an earlier version’s export (fixture f0c342d) and a fresh one', () => {
    const found: unknown[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (o.kind === 'deepdemocracy' && o.state) found.push(o.state);
        else Object.values(o).forEach(walk);
      }
    };
    for (const f of ['session1.json', 'session3.json']) walk(JSON.parse(fs.readFileSync(path.resolve('test/fixtures/f0c342d', f), 'utf8')));
    expect(found.length).toBeGreaterThan(0);
    for (const st of found) expect(issues(DeepDemocracyState, st)).toBeUndefined();
    expect(issues(DeepDemocracyState, rules.init({ proposal: 'x', smallGroupSafety: true }))).toBeUndefined();
  });
});

describe('Deep Democracy refusals name their rule (reason), for the views’ “why not”', () => {
  it('views and alternatives: at most 10 each (R-DD-VIEWS, R-DD-ALT)', () => {
    const { ok, why } = room(2);
    for (let i = 0; i < 10; i++) ok(P(1), 'view', { text: `Invalshoek ${i}` });
    expect(why(P(1), 'view', { text: 'nog een' })).toBe('perPerson');
    expect(why(P(2), 'view', { text: 'nog een' })).toBe('ok');
    expect(why(P(2), 'alternative', { text: 'x' })).toBe('step');
    expect(why(P(1), 'step', { step: 'findNo' })).toBe('facilitator');
    expect(why(F, 'step', { step: 'vote' })).toBe('stepOrder');
  });

  it('the final check: not open yet, open, closed (R-DD-FINALCHECK); the decision: direction, minority, needs (R-DD-FINAL)', () => {
    const { ok, why, dd } = room(3);
    const step = (to: string) => ok(F, 'step', { step: to });
    expect(why(P(1), 'final', { answer: 'yes' })).toBe('finalNotOpen');
    expect(why(F, 'decide')).toBe('noDirection');
    step('findNo');
    ok(F, 'alternative', { text: 'Niet nu' });
    const alt = dd().alternatives[0].id;
    step('spreadNo');
    step('vote');
    expect(why(F, 'rephrase', { alternativeId: alt, text: 'Later', onBallot: false })).toBe('ballotFrozen');
    expect(why(F, 'revote')).toBe('voteStillOpen');
    ok(P(1), 'vote', { optionId: 'proposal' });
    ok(P(2), 'vote', { optionId: 'proposal' });
    ok(P(3), 'vote', { optionId: alt });
    ok(F, 'closeVote');
    expect(why(P(1), 'vote', { optionId: alt })).toBe('voteNotOpen');
    expect(why(F, 'decide')).toBe('askFirst');
    step('minority');
    expect(why(P(1), 'minority', { answer: 'asIs' })).toBe('notAsked');
    expect(why(P(3), 'minority', { answer: 'asIs' })).toBe('ok');
    expect(why(P(3), 'minority', { answer: 'need' })).toBe('needMissing');
    ok(P(3), 'minority', { answer: 'need', need: 'Meer uitleg' });
    expect(why(F, 'decide')).toBe('unhandled');
    const need = dd().needs[0].id;
    expect(why(F, 'handleNeed', { needId: need, status: 'notFeasible' })).toBe('reasonMissing');
    ok(F, 'handleNeed', { needId: need, status: 'added' });
    expect(why(F, 'decide')).toBe('ok');
    step('final');
    expect(why(P(1), 'final', { answer: 'yes' })).toBe('ok');
    ok(F, 'closeFinal');
    expect(why(P(1), 'final', { answer: 'yes' })).toBe('finalClosed');
    ok(F, 'decide');
    expect(why(P(1), 'view', { text: 'x' })).toBe('decided');
    expect(why(P(1), 'slider', { value: 5 })).toBe('sliderClosed');
  });
});

describe('Deep Democracy files (R-KIND-CONTRACT)', () => {
  const listed = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listed(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const views = listed(path.resolve('client/src/activities/deepdemocracy')).filter((f) => /\.(ts|svelte)$/.test(f));
  const ui = listed(path.resolve('client/src/components/ui'));

  it('the views load values from rules.ts only (types from schema.ts, nothing from index.ts)', () => {
    const wrong: string[] = [];
    for (const file of views) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
        const target = m[2];
        if (!target.includes('activities/deepdemocracy/')) continue;
        if (target.endsWith('/index.ts') || (!m[1] && !target.endsWith('/rules.ts'))) wrong.push(`${path.basename(file)}: ${m[0].trim()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no file is over 300 lines', () => {
    const shared = listed(path.resolve('shared/activities/deepdemocracy'));
    const long = [...shared, ...views, ...ui].map((f) => [path.relative(process.cwd(), f), fs.readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });
});
