/**
 * Deep Democracy as a kind module (R-DD-*, R-EVENT-SCHEMA, R-KIND-CONTRACT): a long round
 * with every path (re-answers, a split revote, the undercurrent and a new round, a need
 * replaced, the slider after the decision) checked against the schemas as stored and as
 * each viewer receives it; a viewer's state built from its events equals its projection;
 * every refusal names its rule (`reason`) for the views' "why not"; the views take their
 * runtime values from rules.ts only; and each rule of a round (R-DD-*) on its own, the
 * amended decision (R-DD-AMEND) with its report included.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { allowedSteps, amendRefusal, decisionText, safeCount } from '../../shared/activities/deepdemocracy/index.ts';
import { deepDemocracyCarryOver, deepDemocracyReport } from '../../shared/activities/deepdemocracy/report.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Block } from '../../shared/report/model.ts';
import kind from '../../shared/activities/deepdemocracy/kind.ts';
import { rules } from '../../shared/activities/deepdemocracy/rules.ts';
import { DeepDemocracyState, events, type DeepDemocracyState as State } from '../../shared/activities/deepdemocracy/schema.ts';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { validateEvent } from '../../shared/events.ts';
import type { Actor, RoomState, Viewer } from '../../shared/model.ts';
import { decide } from '../../shared/reduce.ts';
import { F, P, Script } from '../helpers/script.ts';

const draft = (smallGroupSafety = true) => ({
  kind: 'deepdemocracy',
  title: 'Besluit',
  config: { proposal: 'We starten met ervaringsdeskundigen', smallGroupSafety },
});

function room(n = 6) {
  const s = new Script(n);
  const start = structuredClone(s.state);
  const id = s.add(draft());
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const dd = () => s.activity<State>(id).state;
  const ok = (actor: Actor, type: string, extra: Record<string, unknown> = {}) =>
    s.ok(actor, { type: `deepdemocracy.${type}`, activityId: id, ...extra });
  /** The refusal's reason (or 'ok') of a command, as decide gives it. */
  const why = (actor: Actor, type: string, extra: Record<string, unknown> = {}) => {
    const d = decide(s.state, { id: 'probe0001', type: `deepdemocracy.${type}`, activityId: id, ...extra }, actor, {
      now: s.now,
      newId: () => 'probe1',
    });
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
  ok(F, 'amend', { text: 'We starten met ervaringsdeskundigen en een externe moderator', needIds: [n6.id] });
  ok(P(1), 'final', { answer: 'no' });
  ok(P(1), 'final', { answer: 'yes' });
  ok(P(5), 'final', { answer: 'reservations' });
  ok(P(6), 'final', { answer: 'no' });
  ok(F, 'closeFinal');
  ok(F, 'decide');
  ok(F, 'amend', { text: 'We starten met ervaringsdeskundigen en een moderator van buiten', needIds: [n6.id] });
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
  expect(dd().rounds.map((x) => [x.n, x.open])).toEqual([
    [1, false],
    [2, false],
    [3, false],
    [4, true],
  ]);
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
        if (seen)
          expect(validateEvent(seen, { viewer }), `${e.type} for ${viewer.role} ${viewer.participantId ?? ''}`).toEqual({ ok: true });
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
  ] as const)(
    'after %s the state, and every viewer’s projection, fit the state schema; a viewer’s events rebuild its projection',
    (_name, play, n) => {
      const { s, start, id } = play();
      expect(issues(DeepDemocracyState, s.activity(id).state)).toBeUndefined();
      for (const viewer of viewers(n)) {
        const projected = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state;
        expect(issues(DeepDemocracyState, projected), viewer.role).toBeUndefined();
        const rebuilt = s.viewFrom(viewer, start.seq, start as RoomState).agenda.find((a) => a.id === id)!.state;
        expect(rebuilt, `${viewer.role} ${viewer.participantId ?? ''}`).toEqual(projected);
      }
    },
  );

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
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? listed(path.join(dir, e.name)) : [path.join(dir, e.name)]));
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
    const long = [...shared, ...views, ...ui]
      .map((f) => [path.relative(process.cwd(), f), fs.readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });
});

const ddDraft = {
  kind: 'deepdemocracy',
  title: 'Besluit',
  config: { proposal: 'We starten met ervaringsdeskundigen', smallGroupSafety: true },
};

function round(n = 6) {
  const s = new Script(n);
  const id = s.add(ddDraft);
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const dd = () => s.activity<DeepDemocracyState>(id).state;
  const step = (to: string) => s.ok(F, { type: 'deepdemocracy.step', activityId: id, step: to });
  const cmd = (actor: ReturnType<typeof P>, type: string, extra: Record<string, unknown> = {}) =>
    s.run(actor, { type: `deepdemocracy.${type}`, activityId: id, ...extra });
  return { s, id, dd, step, cmd };
}

/** Views → find the no (one alternative on the ballot) → spread → vote open. */
function toVote(n = 6) {
  const r = round(n);
  r.cmd(P(1), 'view', { text: 'Goed idee' });
  r.step('findNo');
  r.cmd(P(2), 'alternative', { text: 'Eerst met de eigen dienst' });
  const alt = r.dd().alternatives[0].id;
  r.s.ok(F, { type: 'deepdemocracy.rephrase', activityId: r.id, alternativeId: alt, text: 'Eerst intern starten', onBallot: true });
  r.step('spreadNo');
  r.step('vote');
  return { ...r, alt };
}

describe('Deep Democracy round (R-DD-*)', () => {
  it('R-DD-STEPS: the facilitator moves through the steps in order', () => {
    const { s, id, dd, cmd } = round();
    const go = (to: string) => s.run(F, { type: 'deepdemocracy.step', activityId: id, step: to });
    expect(go('vote')).toBe('NOT_ALLOWED');
    expect(go('minority')).toBe('NOT_ALLOWED');
    expect(cmd(P(1), 'step', { step: 'findNo' })).toBe('NOT_ALLOWED');
    expect(go('findNo')).toBe('ok');
    expect(go('spreadNo')).toBe('ok');
    expect(go('vote')).toBe('ok');
    expect(dd().rounds).toHaveLength(1);
    expect(go('minority')).toBe('NOT_ALLOWED'); // the vote is still open
    expect(go('final')).toBe('NOT_ALLOWED');
  });

  it('R-DD-VIEWS: views are anonymous, several per person, only in their step; merges keep the count', () => {
    const { s, id, dd, cmd, step } = round();
    expect(cmd(P(1), 'view', { text: 'Meer tijd' })).toBe('ok');
    expect(cmd(P(1), 'view', { text: 'Meer tijd nodig' })).toBe('ok');
    expect(cmd(P(2), 'view', { text: 'Budget?' })).toBe('ok');
    const [a, b] = dd().views;
    s.ok(F, { type: 'deepdemocracy.mergeViews', activityId: id, viewId: a.id, otherId: b.id });
    expect(dd().views.map((v) => [v.text, v.count])).toEqual([
      ['Meer tijd', 2],
      ['Budget?', 1],
    ]);
    step('findNo');
    expect(cmd(P(1), 'view', { text: 'Te laat' })).toBe('NOT_ALLOWED');
  });

  it('R-DD-RECOGNISE: recognition counts fully / partly / not, one answer per person', () => {
    const { s, id, dd, cmd, step } = round();
    step('findNo');
    cmd(P(1), 'alternative', { text: 'Niet nu' });
    const alt = dd().alternatives[0].id;
    expect(cmd(P(2), 'recognise', { alternativeId: alt, level: 'fully' })).toBe('NOT_ALLOWED'); // not yet
    step('spreadNo');
    cmd(P(2), 'recognise', { alternativeId: alt, level: 'fully' });
    cmd(P(3), 'recognise', { alternativeId: alt, level: 'partly' });
    cmd(P(3), 'recognise', { alternativeId: alt, level: 'not' });
    cmd(P(4), 'recognise', { alternativeId: alt, level: 'partly' });
    expect(dd().alternatives[0].recognition).toEqual({ fully: 1, partly: 1, not: 1 });
    const seen = (viewer: Viewer) => projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
    expect(seen(F).alternatives[0].recognition).toEqual({ fully: 1, partly: 1, not: 1 });
    // R-DD-COARSE: the board gets "at least partly" only, and with small-group safety 2 is "a few".
    const board = seen({ role: 'board' });
    expect(board.alternatives[0]).toMatchObject({ recognition: { fully: 0, partly: 0, not: 0 }, recognised: 'few' });
    expect(board.recognitions).toEqual({});
  });

  it('R-DD-SECRET: ballots stay secret until the facilitator closes the round, then show the majority direction', () => {
    const { s, id, dd, cmd, alt } = toVote();
    const start = structuredClone(s.state);
    const from = s.state.seq;
    for (const n of [1, 2, 3, 4]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(5), 'vote', { optionId: alt });
    cmd(P(6), 'vote', { optionId: 'abstain' });
    cmd(P(5), 'vote', { optionId: 'abstain' }); // changing one's mind before the close is fine
    cmd(P(5), 'vote', { optionId: alt });
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      const st = s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
      expect(st.rounds[0]).toMatchObject({ open: true, cast: 6, tally: null, majority: null });
      const votes = (JSON.parse(s.wire(viewer)) as { type: string; pid?: string; optionId?: string }[]).filter(
        (e) => e.type === 'deepdemocracy.voted',
      );
      expect(votes.filter((e) => e.optionId !== undefined && e.pid !== viewer.participantId)).toEqual([]);
    }
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    expect(dd().rounds[0]).toMatchObject({
      open: false,
      majority: 'proposal',
      outcome: 'majority',
      tally: { proposal: 4, [alt]: 1, abstain: 1 },
    });
    expect(cmd(P(1), 'vote', { optionId: alt })).toBe('NOT_ALLOWED');
  });

  it('R-DD-MINORITY: exactly those who voted otherwise or abstained get the question', () => {
    const { s, id, dd, cmd, step, alt } = toVote();
    for (const n of [1, 2, 3, 4]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(5), 'vote', { optionId: alt });
    cmd(P(6), 'vote', { optionId: 'abstain' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    step('minority');
    expect(Object.keys(dd().asked).sort()).toEqual(['pid5', 'pid6']);
    const askedOn = (n: number) =>
      (
        projectState(s.state, { role: 'participant', participantId: `pid${n}` }).agenda.find((a) => a.id === id)!
          .state as DeepDemocracyState
      ).asked;
    expect(askedOn(5)).toEqual({ pid5: true });
    expect(askedOn(1)).toEqual({});
    expect(cmd(P(1), 'minority', { answer: 'asIs' })).toBe('NOT_ALLOWED');
    expect(cmd(P(5), 'minority', { answer: 'need' })).toBe('INVALID'); // say what
    expect(cmd(P(5), 'minority', { answer: 'need', need: 'Een evaluatie na drie maanden' })).toBe('ok');
    expect(cmd(P(6), 'minority', { answer: 'asIs' })).toBe('ok');
    expect(dd().needs.map((x) => x.answer)).toEqual(['need', 'asIs']);
    for (const viewer of [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant', participantId: 'pid1' }] as Viewer[]) {
      const dd = (JSON.parse(s.wire(viewer)) as { type: string }[]).filter((e) => e.type.startsWith('deepdemocracy.'));
      const seen = JSON.stringify(dd) + JSON.stringify(projectState(s.state, viewer).agenda.find((a) => a.id === id));
      expect(seen).not.toMatch(/pid5|pid6/);
    }
  });

  it('R-DD-FINAL: the decision cannot be final while a need is unhandled (unless unanimous)', () => {
    const { s, id, cmd, step, alt, dd } = toVote();
    for (const n of [1, 2, 3, 4]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(5), 'vote', { optionId: alt });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    const decide = () => s.run(F, { type: 'deepdemocracy.decide', activityId: id });
    expect(decide()).toBe('NOT_ALLOWED'); // the minority has not been asked
    step('minority');
    cmd(P(5), 'minority', { answer: 'need', need: 'Vorming vooraf' });
    expect(decide()).toBe('NOT_ALLOWED'); // unhandled need
    const need = dd().needs[0].id;
    expect(s.run(F, { type: 'deepdemocracy.handleNeed', activityId: id, needId: need, status: 'notFeasible' })).toBe('INVALID'); // reason needed
    s.ok(F, { type: 'deepdemocracy.handleNeed', activityId: id, needId: need, status: 'adapted' });
    step('final');
    for (const [n, a] of [
      [1, 'yes'],
      [2, 'yes'],
      [5, 'reservations'],
    ] as const)
      cmd(P(n), 'final', { answer: a });
    s.ok(F, { type: 'deepdemocracy.closeFinal', activityId: id });
    expect(dd().final.tally).toEqual({ yes: 2, reservations: 1, no: 0 });
    expect(decide()).toBe('ok');
    expect(dd().decided).toBe(true);
    expect(cmd(P(1), 'view', { text: 'x' })).toBe('LOCKED');
  });

  it('R-DD-FINAL: a unanimous vote skips the minority step', () => {
    const { s, id, cmd, dd } = toVote(3);
    for (const n of [1, 2, 3]) cmd(P(n), 'vote', { optionId: 'proposal' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    expect(dd().rounds[0].outcome).toBe('unanimous');
    expect(allowedSteps(dd())).toEqual(['final']);
    expect(s.run(F, { type: 'deepdemocracy.decide', activityId: id })).toBe('ok');
  });

  it('R-DD-ROUNDS: a split vote can be held again, up to 3 rounds; then the undercurrent is offered', () => {
    const { s, id, cmd, dd, alt } = toVote(4);
    for (let r = 1; r <= 3; r++) {
      cmd(P(1), 'vote', { optionId: 'proposal' });
      cmd(P(2), 'vote', { optionId: 'proposal' });
      cmd(P(3), 'vote', { optionId: alt });
      cmd(P(4), 'vote', { optionId: alt });
      s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
      expect(dd().rounds[r - 1].outcome).toBe('split');
      if (r < 3) {
        expect(allowedSteps(dd())).toEqual([]);
        s.ok(F, { type: 'deepdemocracy.revote', activityId: id });
        expect(dd().rounds[r]).toMatchObject({ n: r + 1, open: true, cast: 0 });
      }
    }
    expect(s.run(F, { type: 'deepdemocracy.revote', activityId: id })).toBe('LIMIT_REACHED');
    expect(allowedSteps(dd())).toEqual(['undercurrent']);
    s.ok(F, { type: 'deepdemocracy.step', activityId: id, step: 'undercurrent' });
  });

  it('R-DD-SLIDER: positions reach the board as a cloud without ids; a phone only sees its own', () => {
    const { s, id, cmd } = round();
    expect(cmd(P(1), 'slider', { value: 10 })).toBe('NOT_ALLOWED');
    s.ok(F, { type: 'deepdemocracy.sliderOpen', activityId: id, statement: 'We moeten dit nu beslissen', open: true });
    cmd(P(1), 'slider', { value: 10 });
    cmd(P(2), 'slider', { value: 90 });
    cmd(P(1), 'slider', { value: 20 });
    const st = (v: Viewer) => projectState(s.state, v).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
    expect(st({ role: 'board' }).slider.values).toEqual([20, 90]);
    expect(st({ role: 'participant', participantId: 'pid1' }).sliders).toEqual({ pid1: 20 });
    expect(st({ role: 'participant', participantId: 'pid1' }).slider.values).toEqual([]);
    expect(s.wire({ role: 'board' })).not.toMatch(/pid1|pid2/);
  });

  it('R-DD-UNSAID: “something isn’t being said” is counted once per person, for the facilitator only', () => {
    const { s, id, cmd } = round();
    const start = structuredClone(s.state);
    const from = s.state.seq;
    cmd(P(1), 'unsaid');
    cmd(P(1), 'unsaid');
    cmd(P(2), 'unsaid');
    const seen = (v: Viewer) => (s.viewFrom(v, from, start).agenda.find((a) => a.id === id)!.state as DeepDemocracyState).unsaid;
    expect(seen({ role: 'facilitator' })).toBe(2);
    expect(seen({ role: 'board' })).toBe(0);
    expect(seen({ role: 'participant', participantId: 'pid1' })).toBe(0);
    expect(s.wire({ role: 'board' })).not.toContain('unsaidPressed');
    expect(s.wire({ role: 'participant', participantId: 'pid3' })).not.toContain('unsaidPressed');
  });

  it('R-DD-FEW: small-group safety shows 1–2 as “a few”', () => {
    expect([0, 1, 2, 3].map((n) => safeCount(n, true))).toEqual([0, 'few', 'few', 3]);
    expect(safeCount(1, false)).toBe(1);
  });

  it('R-DD-NONAMES: a whole round never shows a stance with an id to anyone but its owner', () => {
    const { s, id, cmd, step, alt } = toVote(5);
    const start = structuredClone(s.state);
    for (const n of [1, 2, 3]) cmd(P(n), 'vote', { optionId: 'proposal' });
    cmd(P(4), 'vote', { optionId: alt });
    cmd(P(5), 'vote', { optionId: 'abstain' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    step('minority');
    cmd(P(4), 'minority', { answer: 'need', need: 'Meer uitleg' });
    cmd(P(5), 'minority', { answer: 'cannot' });
    step('final');
    cmd(P(4), 'final', { answer: 'no' });
    for (const viewer of [
      { role: 'facilitator' },
      { role: 'board' },
      ...[1, 2, 3, 4, 5].map((n) => ({ role: 'participant', participantId: `pid${n}` })),
    ] as Viewer[]) {
      const seen = JSON.parse(s.wire(viewer)) as { type: string; pid?: string }[];
      const others = seen.filter((e) => e.type.startsWith('deepdemocracy.') && e.pid !== undefined && e.pid !== viewer.participantId);
      expect(others, viewer.role).toEqual([]);
      const view = s.viewFrom(viewer, 0, start);
      expect(JSON.stringify(view.agenda.find((a) => a.id === id)), viewer.role).not.toMatch(
        new RegExp(
          [1, 2, 3, 4, 5]
            .map((n) => `pid${n}`)
            .filter((p) => p !== viewer.participantId)
            .join('|'),
        ),
      );
    }
  });
});

describe('R-DD-AMEND: the facilitator amends the decision in the final step, taking in adapted needs', () => {
  /** A majority with three needs: one added, one adapted, one not feasible; at the minority step. */
  function needs() {
    const r = toVote(6);
    const { s, id, cmd, step, alt, dd } = r;
    for (const n of [1, 2, 3]) cmd(P(n), 'vote', { optionId: 'proposal' });
    for (const n of [4, 5, 6]) cmd(P(n), 'vote', { optionId: n === 6 ? 'abstain' : alt });
    cmd(P(1), 'vote', { optionId: 'proposal' });
    s.ok(F, { type: 'deepdemocracy.closeVote', activityId: id });
    expect(dd().rounds[0].outcome).toBe('majority');
    step('minority');
    cmd(P(4), 'minority', { answer: 'need', need: 'Een evaluatie na drie maanden' });
    cmd(P(5), 'minority', { answer: 'need', need: 'Een moderator van buiten' });
    cmd(P(6), 'minority', { answer: 'need', need: 'Een extra budget' });
    const [evaluation, moderator, budget] = dd().needs.map((x) => x.id);
    const handle = (needId: string, status: string, reason?: string) =>
      s.ok(F, { type: 'deepdemocracy.handleNeed', activityId: id, needId, status, ...(reason ? { reason } : {}) });
    handle(evaluation, 'added');
    handle(moderator, 'adapted');
    handle(budget, 'notFeasible', 'Geen budget dit jaar');
    const why = (actor: Actor, text: string, needIds: string[]) => {
      const d = decide(s.state, { id: 'probe0001', type: 'deepdemocracy.amend', activityId: id, text, needIds }, actor, {
        now: s.now,
        newId: () => 'probe1',
      });
      return d.ok ? 'ok' : `${d.error.code}:${d.error.reason}`;
    };
    const amend = (text: string, needIds: string[]) => s.ok(F, { type: 'deepdemocracy.amend', activityId: id, text, needIds });
    return { ...r, evaluation, moderator, budget, handle, why, amend };
  }
  const amended = 'We nodigen de politie uit, met een moderator van de stad';

  it.each([
    ['before the final step', 'NOT_ALLOWED:notFinal', 'minority', F, 'moderator'],
    ['by a participant', 'NOT_ALLOWED:facilitator', 'final', P(1), 'moderator'],
    ['taking in a need that was added, not adapted', 'NOT_ALLOWED:notAdapted', 'final', F, 'evaluation'],
    ['taking in a need that was not feasible', 'NOT_ALLOWED:notAdapted', 'final', F, 'budget'],
    ['taking in a need that does not exist', 'NOT_FOUND:noNeed', 'final', F, 'nosuchneed'],
    ['taking in the same need twice', 'NOT_FOUND:noNeed', 'final', F, 'twice'],
    ['without a text but with needs', 'INVALID:amendMissing', 'final', F, 'empty'],
    ['in the final step, taking in the adapted need', 'ok', 'final', F, 'moderator'],
  ] as const)('%s → %s', (_name, expected, at, actor, which) => {
    const x = needs();
    if (at === 'final') x.step('final');
    const ids =
      which === 'nosuchneed'
        ? ['nosuchneed']
        : which === 'twice'
          ? [x.moderator, x.moderator]
          : which === 'empty'
            ? [x.moderator]
            : [x[which]];
    expect(x.why(actor, which === 'empty' ? '' : amended, ids)).toBe(expected);
    // The console asks the same helper: its answer is decide's.
    const helper = amendRefusal(x.dd(), { text: which === 'empty' ? '' : amended, needIds: ids });
    if (actor === F) expect(helper ?? 'ok').toBe(expected.split(':').pop());
  });

  it('the amended decision is what everyone sees, the report says how each need was taken in, and a series carries it', () => {
    const { s, id, dd, step, amend, moderator, why } = needs();
    step('final');
    const start = structuredClone(s.state);
    const from = s.state.seq;
    amend(amended, [moderator]);
    expect(dd().amendment).toEqual({ text: amended, needIds: [moderator] });
    for (const viewer of viewers(6)) {
      const st = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
      expect(st.amendment, viewer.role).toEqual({ text: amended, needIds: [moderator] });
      expect(decisionText(s.activity(id).config, st)).toBe(amended);
      expect(s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state, viewer.role).toEqual(st);
    }
    s.ok(F, { type: 'deepdemocracy.closeFinal', activityId: id });
    s.ok(F, { type: 'deepdemocracy.decide', activityId: id });
    expect(why(F, `${amended}.`, [moderator]), 'still open to amendment once decided').toBe('ok');
    expect(why(P(4), `${amended}.`, [moderator])).toBe('NOT_ALLOWED:facilitator');
    const activity = s.state.agenda.find((a) => a.id === id)! as Parameters<typeof deepDemocracyReport>[0];
    const t = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);
    const text = (blocks: Block[]) =>
      blocks.map((b) => ('text' in b ? b.text : 'items' in b ? b.items.map((i) => i.text).join('\n') : '')).join('\n');
    const report = text(
      deepDemocracyReport(activity, { lang: 'nl', t, suffix: (a: string, sep: string, b: string) => `${a}${sep}${b}` } as never),
    );
    const lines = report.split('\n');
    const at = (line: string) => lines.indexOf(line);
    expect(at(t('report.dd.amended', { text: amended }))).toBeGreaterThan(at(t('report.dd.decision')));
    expect(at(t('report.dd.amendedFrom', { text: 'We starten met ervaringsdeskundigen' }))).toBeGreaterThan(0);
    expect(lines).toContain(t('report.dd.need.added', { need: 'Een evaluatie na drie maanden' }));
    expect(lines).toContain(t('report.dd.need.adaptedInto', { need: 'Een moderator van buiten' }));
    expect(lines).toContain(t('report.dd.need.notFeasible', { need: 'Een extra budget', reason: 'Geen budget dit jaar' }));
    expect(at(t('report.dd.need.adaptedInto', { need: 'Een moderator van buiten' }))).toBeGreaterThan(
      at(t('report.dd.amended', { text: amended })),
    );
    expect(report).not.toContain(t('report.dd.direction', { text: 'We starten met ervaringsdeskundigen' }));
    expect(deepDemocracyCarryOver(activity)).toMatchObject({
      decisions: [amended],
      decided: [{ text: amended, amendedFrom: 'We starten met ervaringsdeskundigen' }],
    });
    // Decided: the needs are settled; the amendment can still be withdrawn (the option as voted again).
    expect(s.run(F, { type: 'deepdemocracy.handleNeed', activityId: id, needId: moderator, status: 'added' })).toBe('LOCKED');
    amend('', []);
    expect(dd().amendment).toBeUndefined();
    expect(decisionText(s.activity(id).config, dd())).toBe('We starten met ervaringsdeskundigen');
  });

  it('a need no longer adapted leaves the amendment; a new round clears it', () => {
    const { s, id, dd, step, amend, handle, moderator } = needs();
    step('final');
    amend(amended, [moderator]);
    handle(moderator, 'added');
    expect(dd().amendment).toEqual({ text: amended, needIds: [] });
    // A "no" in the final check leads to the undercurrent and a new round: a new decision.
    s.ok(P(1), { type: 'deepdemocracy.final', activityId: id, answer: 'no' });
    s.ok(F, { type: 'deepdemocracy.closeFinal', activityId: id });
    step('undercurrent');
    step('vote');
    expect(dd().amendment).toBeUndefined();
  });
});
