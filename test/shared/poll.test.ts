/** The quick poll's rules, as tables (R-POLL-*; rule ids: test/SPEC.md). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { builder } from '../../shared/activities/poll/builder.ts';
import { answerKeys, resultsOf, tallyOf, whyNot } from '../../shared/activities/poll/rules.ts';
import { events, PollConfig, PollDraft, PollState, type PollState as State } from '../../shared/activities/poll/schema.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Actor, Viewer } from '../../shared/model.ts';
import { decide } from '../../shared/reduce.ts';
import { buildReport, buildRows } from '../../shared/report/build.ts';
import { B, F, P, Script } from '../helpers/script.ts';

const OPTIONS = [
  { id: 'optA', text: 'Ja' },
  { id: 'optB', text: 'Nee' },
  { id: 'optC', text: 'Weet niet' },
];
type Over = Partial<{
  mode: 'single' | 'multiple' | 'scale';
  options: typeof OPTIONS;
  maxChoices: number | null;
  scaleLow: string;
  scaleHigh: string;
}>;
const pollDraft = (over: Over = {}) => ({
  kind: 'poll',
  title: 'Peiling',
  config: { question: 'Gaan we door?', mode: 'single', options: OPTIONS, maxChoices: null, scaleLow: '', scaleHigh: '', ...over },
});

/** A poll, opened (current), with `n` participants. */
function poll(over: Over = {}, n = 3) {
  const s = new Script(n);
  const id = s.add(pollDraft(over));
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const st = () => s.activity<State>(id).state;
  const answer = (actor: Actor, ...keys: string[]) => s.run(actor, { type: 'poll.answer', activityId: id, answer: keys });
  const withdraw = (actor: Actor) => s.run(actor, { type: 'poll.withdraw', activityId: id });
  const reveal = (actor: Actor, revealed = true) => s.run(actor, { type: 'poll.reveal', activityId: id, revealed });
  return { s, id, st, answer, withdraw, reveal };
}

const viewers: Viewer[] = [{ role: 'board' }, { role: 'participant', participantId: 'pid1' }, { role: 'participant' }];
const stateFor = (s: Script, id: string, viewer: Viewer) => projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state as State;

describe('quick poll: answers (R-POLL-ONE)', () => {
  type Step = [Actor, string[] | 'withdraw'];
  it.each([
    [
      'single choice: one option, changed twice',
      {},
      [
        [P(1), ['optA']],
        [P(1), ['optB']],
        [P(1), ['optC']],
      ],
      ['ok', 'ok', 'ok'],
      { pid1: ['optC'] },
    ],
    ['single choice: two options at once refused', {}, [[P(1), ['optA', 'optB']]], ['INVALID'], {}],
    ['single choice: an unknown option refused', {}, [[P(1), ['optX']]], ['NOT_FOUND'], {}],
    ['an empty answer refused', {}, [[P(1), []]], ['INVALID'], {}],
    [
      'the same answer again changes nothing',
      {},
      [
        [P(1), ['optA']],
        [P(1), ['optA']],
      ],
      ['ok', 'ok'],
      { pid1: ['optA'] },
    ],
    ['multiple choice: a set, in the options’ order', { mode: 'multiple' }, [[P(1), ['optC', 'optA']]], ['ok'], { pid1: ['optA', 'optC'] }],
    [
      'multiple choice: all options when there is no limit',
      { mode: 'multiple' },
      [[P(1), ['optA', 'optB', 'optC']]],
      ['ok'],
      { pid1: ['optA', 'optB', 'optC'] },
    ],
    [
      'multiple choice: at most 2',
      { mode: 'multiple', maxChoices: 2 },
      [
        [P(1), ['optA', 'optB', 'optC']],
        [P(1), ['optA', 'optB']],
      ],
      ['LIMIT_REACHED', 'ok'],
      { pid1: ['optA', 'optB'] },
    ],
    ['multiple choice: a choice twice refused', { mode: 'multiple' }, [[P(1), ['optA', 'optA']]], ['INVALID'], {}],
    [
      'multiple choice: unticking the last box takes the answer back',
      { mode: 'multiple' },
      [
        [P(1), ['optA']],
        [P(1), 'withdraw'],
        [P(1), 'withdraw'],
      ],
      ['ok', 'ok', 'ok'],
      {},
    ],
    [
      'scale: one value 1–5, changed',
      { mode: 'scale', options: [] },
      [
        [P(1), ['4']],
        [P(1), ['2']],
      ],
      ['ok', 'ok'],
      { pid1: ['2'] },
    ],
    ['scale: two values refused', { mode: 'scale', options: [] }, [[P(1), ['2', '3']]], ['INVALID'], {}],
    ['scale: 6 is not on it', { mode: 'scale', options: [] }, [[P(1), ['6']]], ['NOT_FOUND'], {}],
    [
      'the facilitator and the board do not answer',
      {},
      [
        [F, ['optA']],
        [B, ['optA']],
        [F, 'withdraw'],
      ],
      ['NOT_ALLOWED', 'NOT_ALLOWED', 'NOT_ALLOWED'],
      {},
    ],
  ] as [string, Over, Step[], string[], Record<string, string[]>][])('R-POLL-ONE: %s', (_name, over, steps, expected, answers) => {
    const { st, answer, withdraw } = poll(over);
    expect(steps.map(([actor, a]) => (a === 'withdraw' ? withdraw(actor) : answer(actor, ...a)))).toEqual(expected);
    expect(st().answers).toEqual(answers);
    expect(st().respondents).toBe(Object.keys(answers).length);
  });

  it('R-POLL-ONE: one answer per participant, however often it changes; counts follow', () => {
    const { st, answer, withdraw } = poll({}, 4);
    answer(P(1), 'optA');
    answer(P(2), 'optA');
    answer(P(3), 'optB');
    answer(P(1), 'optB'); // changed
    answer(P(1), 'optC'); // and again
    answer(P(4), 'optA');
    withdraw(P(4));
    expect(st().respondents).toBe(3);
    expect(tallyOf(st())).toEqual({ optA: 1, optB: 1, optC: 1 });
    expect(resultsOf(st(), tallyOf(st()))).toEqual({
      rows: [
        { key: 'optA', count: 1, percent: 33 },
        { key: 'optB', count: 1, percent: 33 },
        { key: 'optC', count: 1, percent: 33 },
      ],
      respondents: 3,
      mean: null,
    });
  });

  it('R-POLL-ONE, R-INPUT-LOCKED: closing input freezes answers; the facilitator can still reveal', () => {
    const { s, id, st, answer, withdraw, reveal } = poll();
    answer(P(1), 'optA');
    s.ok(F, { type: 'activity.lock', activityId: id, locked: true });
    expect([answer(P(1), 'optB'), answer(P(2), 'optA'), withdraw(P(1))]).toEqual(['LOCKED', 'LOCKED', 'LOCKED']);
    expect(st().answers).toEqual({ pid1: ['optA'] });
    expect(reveal(F)).toBe('ok');
    s.ok(F, { type: 'activity.lock', activityId: id, locked: false });
    expect(answer(P(1), 'optB')).toBe('ok');
  });

  it('R-INPUT-OPENED: nobody answers a poll that has not been shown', () => {
    const s = new Script();
    const id = s.add(pollDraft());
    expect(s.run(P(1), { type: 'poll.answer', activityId: id, answer: ['optA'] })).toBe('NOT_ALLOWED');
  });

  it.each([
    ['single', ['optA'], null],
    ['single', ['optA', 'optB'], 'one'],
    ['multiple', ['optA', 'optB', 'optC'], 'max'],
    ['multiple', ['optA', 'optB'], null],
    ['multiple', [], 'empty'],
    ['multiple', ['optA', 'optA'], 'duplicate'],
    ['scale', ['5'], null],
    ['scale', ['0'], 'unknown'],
  ] as const)('the phone’s “why not” is the rules’ own: %s %j → %s', (mode, a, reason) => {
    const s = { mode, options: mode === 'scale' ? [] : OPTIONS };
    expect(whyNot(a, s, { maxChoices: mode === 'multiple' ? 2 : null })).toBe(reason);
    // decide gives the same reason with its rejection.
    const { s: script, id } = poll({ mode, options: s.options, maxChoices: mode === 'multiple' ? 2 : null });
    const d = decide(script.state, { id: 'cmdwhynot01', type: 'poll.answer', activityId: id, answer: [...a] }, P(1), {
      now: 1,
      newId: () => 'x0001',
    });
    expect(d.ok ? null : d.error.reason).toBe(reason);
  });

  it('a scale answers with 1…5', () => {
    expect(answerKeys({ mode: 'scale', options: [] })).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('quick poll: hidden until the reveal (R-POLL-HIDDEN)', () => {
  it('R-POLL-HIDDEN: before the reveal phones and the board get no tally and no one else’s answer', () => {
    const { s, id, answer, reveal } = poll({ mode: 'multiple' });
    const start = structuredClone(s.state);
    const from = s.state.seq;
    answer(P(1), 'optA');
    answer(P(2), 'optB', 'optC');
    answer(P(3), 'optC');
    answer(P(2), 'optA'); // a change
    for (const viewer of viewers) {
      const wire = s.wire(viewer);
      const own = viewer.participantId;
      const seen = JSON.parse(wire) as { type: string; pid?: string; answer?: string[]; from?: unknown; to?: unknown }[];
      // Only one's own answers; of others only that someone answered.
      expect(seen.filter((e) => e.type.startsWith('poll.') && (e.answer || e.from || e.to) && e.pid !== own)).toEqual([]);
      expect(wire).not.toMatch(/"tally":\{/);
      for (const pid of ['pid1', 'pid2', 'pid3'].filter((p) => p !== own)) expect(wire).not.toContain(pid);
      const st = stateFor(s, id, viewer);
      expect(st.tally).toBeNull();
      expect(Object.keys(st.answers)).toEqual(own ? [own] : []);
      expect(st.respondents).toBe(3);
      // Snapshot + projected events = the projection of the full state.
      expect(s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state).toEqual(st);
    }
    expect(stateFor(s, id, { role: 'participant', participantId: 'pid2' }).answers).toEqual({ pid2: ['optA'] });
    // The facilitator sees everything, live.
    expect(stateFor(s, id, { role: 'facilitator' }).answers).toEqual({ pid1: ['optA'], pid2: ['optA'], pid3: ['optC'] });

    // Only the facilitator reveals; then everyone gets the counts (never who).
    expect(reveal(P(1))).toBe('NOT_ALLOWED');
    expect(reveal(F)).toBe('ok');
    answer(P(3), 'optB'); // after the reveal the counts move for everyone
    for (const viewer of viewers) {
      const st = stateFor(s, id, viewer);
      expect(st.tally).toEqual({ optA: 2, optB: 1, optC: 0 });
      expect(s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state).toEqual(st);
      const others = ['pid1', 'pid2', 'pid3'].filter((p) => p !== viewer.participantId);
      for (const pid of others) expect(s.wire(viewer)).not.toContain(pid);
    }
    // Hidden again: the tally leaves every phone and the board.
    expect(reveal(F, false)).toBe('ok');
    for (const viewer of viewers) {
      expect(stateFor(s, id, viewer).tally).toBeNull();
      expect(s.viewFrom(viewer, from, start).agenda.find((a) => a.id === id)!.state).toMatchObject({ tally: null, revealed: false });
    }
  });

  it('R-POLL-HIDDEN: a withdrawn answer only changes the count for others', () => {
    const { s, id, answer, withdraw } = poll({ mode: 'multiple' });
    answer(P(1), 'optA');
    const at = s.events.length;
    withdraw(P(1));
    const ev = s.events[at];
    expect(projectEvent(ev, { role: 'board' })).toEqual({ type: 'poll.counted', activityId: id, delta: -1, seq: ev.seq, at: ev.at });
    expect(projectEvent(ev, { role: 'participant', participantId: 'pid1' })).toEqual(ev);
    expect(stateFor(s, id, { role: 'board' }).respondents).toBe(0);
  });

  it('every event, as stored and as each viewer gets it, and every state fit the schemas exactly', () => {
    for (const over of [{}, { mode: 'multiple' }, { mode: 'scale', options: [], scaleLow: 'Oneens', scaleHigh: 'Eens' }] as Over[]) {
      const { s, id, answer, withdraw, reveal } = poll(over);
      const keys = over.mode === 'scale' ? ['2', '5', '4'] : ['optA', 'optB', 'optC'];
      answer(P(1), keys[0]);
      answer(P(2), keys[1]);
      answer(P(1), keys[2]);
      reveal(F);
      answer(P(3), keys[0]);
      withdraw(P(2));
      reveal(F, false);
      const schema = v.union([...events]);
      for (const viewer of [{ role: 'facilitator' }, ...viewers] as Viewer[]) {
        for (const ev of s.events.filter((e) => e.type.startsWith('poll.'))) {
          const p = projectEvent(ev, viewer);
          if (!p) continue;
          const { seq: _s, at: _a, ...plain } = p;
          expect(v.safeParse(schema, plain).issues, `${viewer.role} ${ev.type}`).toBeUndefined();
        }
        expect(v.safeParse(PollState, stateFor(s, id, viewer)).issues).toBeUndefined();
      }
    }
  });

  it('options follow the config until the first answer, then stay put (every viewer alike)', () => {
    const { s, id, st, answer } = poll();
    const update = (options: typeof OPTIONS) => s.ok(F, { type: 'agenda.update', activityId: id, activity: pollDraft({ options }) });
    update([OPTIONS[0], OPTIONS[1]]);
    expect(st().options.map((o) => o.id)).toEqual(['optA', 'optB']);
    answer(P(1), 'optA');
    update([OPTIONS[2], OPTIONS[1]]);
    expect(st().options.map((o) => o.id)).toEqual(['optA', 'optB']);
    expect(stateFor(s, id, { role: 'board' }).options).toEqual(st().options);
  });
});

describe('quick poll: builder and config', () => {
  const t = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);
  const valid = (config: unknown) => v.safeParse(PollConfig, config).success;

  it.each([
    ['single, 3 options', {}, true],
    ['one option is too few', { options: [OPTIONS[0]] }, false],
    ['eleven options are too many', { options: Array.from({ length: 11 }, (_, i) => ({ id: `opt${i}x`, text: `${i}` })) }, false],
    ['a scale needs no options', { mode: 'scale', options: [] }, true],
    ['at most 2 of 3', { mode: 'multiple', maxChoices: 2 }, true],
    ['at most 4 of 3', { mode: 'multiple', maxChoices: 4 }, false],
    ['a limit only for multiple choice', { maxChoices: 1 }, false],
  ] as [string, Over, boolean][])('%s', (_n, over, ok) => {
    expect(valid(pollDraft(over).config)).toBe(ok);
  });

  it('defaults, normalised and filled in, fit the schema; the summary reads', () => {
    const d = builder.defaults(t);
    expect(valid(d)).toBe(false); // a question and options are needed
    const filled = builder.normalise!({
      ...d,
      question: '  Koffie of thee? ',
      options: [...OPTIONS, { id: 'optD', text: '  ' }],
      scaleLow: 'x',
    });
    expect(filled).toEqual({
      question: 'Koffie of thee?',
      mode: 'single',
      options: OPTIONS,
      maxChoices: null,
      scaleLow: '',
      scaleHigh: '',
    });
    expect(v.safeParse(PollDraft, { kind: 'poll', title: 'Peiling', config: filled }).success).toBe(true);
    const scale = builder.normalise!({ ...filled, mode: 'scale', maxChoices: 3, scaleLow: ' Oneens ', scaleHigh: 'Eens' });
    expect(scale).toEqual({
      question: 'Koffie of thee?',
      mode: 'scale',
      options: [],
      maxChoices: null,
      scaleLow: 'Oneens',
      scaleHigh: 'Eens',
    });
    expect(valid(scale)).toBe(true);
    const activity = { id: 'a1234', kind: 'poll', title: 'P', config: filled, state: {} as State, locked: false, opened: false };
    expect(builder.summary(activity, t, [])).toContain('Ja · Nee · Weet niet');
    expect(builder.summary({ ...activity, config: scale }, t, [])).toContain('Oneens');
    for (const key of Object.values(builder.fieldLabels!)) expect(t(key)).not.toBe(key);
  });
});

describe('quick poll: report (R-POLL-REPORT)', () => {
  it('R-POLL-REPORT: the question, how many answered, counts and percentages per option; spreadsheet rows', () => {
    const { s, answer } = poll({ mode: 'multiple' }, 4);
    answer(P(1), 'optA', 'optB');
    answer(P(2), 'optA');
    answer(P(3), 'optA', 'optC');
    answer(P(4), 'optB');
    answer(P(4), 'optC'); // only the last answer counts
    const doc = buildReport(s.state);
    const at = doc.blocks.findIndex((b) => b.t === 'h' && b.text === 'Peiling');
    const part = doc.blocks.slice(at + 1);
    expect(part[0]).toEqual({ t: 'p', text: 'Gaan we door?', strong: true });
    expect(part[1]).toMatchObject({ t: 'p', text: translate('nl', 'poll.report.respondentsMultiple', { count: 4 }) });
    expect(part[2]).toEqual({
      t: 'table',
      head: ['poll.report.answer', 'poll.report.count', 'poll.report.percent'].map((k) => translate('nl', k)),
      rows: [
        ['Ja', '3', '75%'],
        ['Nee', '1', '25%'],
        ['Weet niet', '2', '50%'],
      ],
    });
    expect(
      buildRows(s.state)
        .filter((r) => r.kind === 'poll')
        .map((r) => [r.activity, r.text, r.votes]),
    ).toEqual([
      ['Peiling', 'Ja', '3'],
      ['Peiling', 'Nee', '1'],
      ['Peiling', 'Weet niet', '2'],
    ]);
  });

  it('R-POLL-REPORT: a scale: its distribution, end labels and mean', () => {
    const { s, answer } = poll({ mode: 'scale', options: [], scaleLow: 'Oneens', scaleHigh: 'Eens' }, 3);
    answer(P(1), '4');
    answer(P(2), '5');
    answer(P(3), '2');
    const part = buildReport(s.state).blocks.slice(-4);
    expect(part[0]).toMatchObject({ text: 'Gaan we door?' });
    expect(part[1]).toMatchObject({ text: translate('nl', 'poll.report.respondents', { count: 3 }) });
    expect(part[2]).toMatchObject({
      rows: [
        ['1 (Oneens)', '0', '0%'],
        ['2', '1', '33%'],
        ['3', '0', '0%'],
        ['4', '1', '33%'],
        ['5 (Eens)', '1', '33%'],
      ],
    });
    expect(part[3]).toEqual({ t: 'p', text: translate('nl', 'poll.report.mean', { mean: '3,7' }) });
    expect(buildRows(s.state).map((r) => r.votes)).toEqual(['0', '1', '0', '1', '1']);
  });
});
