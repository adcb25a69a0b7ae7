/**
 * Quick poll: one question, answered with one option (single choice), a set of options
 * (multiple choice) or a value on a 1–5 scale. Each participant has one answer and may
 * change it until the facilitator closes input (the activity lock). Nobody but the
 * facilitator sees a count or anyone else's answer until the reveal; then bars with counts
 * and percentages (a scale: its distribution and mean).
 *
 * The phone loads this file: no valibot here (types only, from schema.ts).
 */
import { accept, reject, type Rejection, type StoredEvent, type Viewer } from '../../model.ts';
import type { KindRules } from '../kind.ts';
import type { PollAnswer, PollCommand, PollConfig, PollEvent, PollState, PollTally } from './schema.ts';

export const POLL_QUESTION_MAX = 280;
export const POLL_OPTION_MAX = 120;
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 10;
/** A scale's end labels ("disagree", "agree"). */
export const POLL_LABEL_MAX = 40;
export const POLL_MODES = ['single', 'multiple', 'scale'] as const;
export const SCALE_VALUES = ['1', '2', '3', '4', '5'] as const;

type Stored = PollEvent & { seq: number; at: number };

/** What can be answered: the option ids in their order, or the scale's values. */
export const answerKeys = (s: Pick<PollState, 'mode' | 'options'>): string[] =>
  s.mode === 'scale' ? [...SCALE_VALUES] : s.options.map((o) => o.id);

/** Why a poll refuses an answer (the `reason` of the rejection; the phone words it). */
export type PollRefusal = 'empty' | 'duplicate' | 'unknown' | 'one' | 'max';

/** The reason this answer cannot be given, or null when it can. The phone asks before sending. */
export function whyNot(
  answer: readonly string[],
  s: Pick<PollState, 'mode' | 'options'>,
  c: Pick<PollConfig, 'maxChoices'>,
): PollRefusal | null {
  if (!answer.length) return 'empty';
  if (new Set(answer).size !== answer.length) return 'duplicate';
  const keys = answerKeys(s);
  if (!answer.every((k) => keys.includes(k))) return 'unknown';
  if (s.mode !== 'multiple') return answer.length === 1 ? null : 'one';
  return c.maxChoices !== null && answer.length > c.maxChoices ? 'max' : null;
}

const REFUSED: Record<PollRefusal, Pick<Rejection, 'code' | 'message'>> = {
  empty: { code: 'INVALID', message: 'an answer needs at least one choice' },
  duplicate: { code: 'INVALID', message: 'a choice given twice' },
  unknown: { code: 'NOT_FOUND', message: 'no such option' },
  one: { code: 'INVALID', message: 'this poll takes one answer' },
  max: { code: 'LIMIT_REACHED', message: 'more choices than this poll allows' },
};

/** The same answer, in the order of the keys (options as listed, scale values ascending). */
const inOrder = (answer: readonly string[], s: Pick<PollState, 'mode' | 'options'>): PollAnswer =>
  answerKeys(s).filter((k) => answer.includes(k));

const sameAnswer = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k) => b.includes(k));

/** Every key at zero. */
const zeros = (s: Pick<PollState, 'mode' | 'options'>): PollTally => Object.fromEntries(answerKeys(s).map((k) => [k, 0]));

/** How many people gave each key (from the answers: the facilitator's state). */
export function tallyOf(s: PollState): PollTally {
  const t = zeros(s);
  for (const answer of Object.values(s.answers)) for (const k of answer) if (k in t) t[k] += 1;
  return t;
}

function shift(t: PollTally, answer: readonly string[] | null, by: number) {
  for (const k of answer ?? []) t[k] = Math.max(0, (t[k] ?? 0) + by);
}

export interface PollRow {
  key: string;
  count: number;
  /** Share of the people who answered, 0–100, rounded (multiple choice: may add up past 100). */
  percent: number;
}
export interface PollResults {
  rows: PollRow[];
  respondents: number;
  /** A scale's mean (1–5), or null (no answers, or not a scale). */
  mean: number | null;
}

/** Counts and percentages per key, in order, from a tally. */
export function resultsOf(s: PollState, tally: PollTally): PollResults {
  const keys = answerKeys(s);
  const respondents = s.respondents;
  const rows = keys.map((key) => {
    const count = tally[key] ?? 0;
    return { key, count, percent: respondents ? Math.round((count / respondents) * 100) : 0 };
  });
  const given = rows.reduce((n, r) => n + r.count, 0);
  const mean = s.mode === 'scale' && given ? rows.reduce((n, r) => n + Number(r.key) * r.count, 0) / given : null;
  return { rows, respondents, mean };
}

/** The results a viewer may show: the facilitator always (live), others once revealed. */
export function visibleResults(s: PollState, viewer: Viewer['role']): PollResults | null {
  if (viewer === 'facilitator') return resultsOf(s, s.revealed && s.tally ? s.tally : tallyOf(s));
  return s.revealed && s.tally ? resultsOf(s, s.tally) : null;
}

/** What a key stands for: an option's text, or a scale value with its end label ("1", "Disagree"). */
export function keyLabel(
  s: Pick<PollState, 'mode' | 'options'>,
  c: Pick<PollConfig, 'scaleLow' | 'scaleHigh'>,
  key: string,
): { text: string; end: string } {
  if (s.mode !== 'scale') return { text: s.options.find((o) => o.id === key)?.text ?? key, end: '' };
  return { text: key, end: key === '1' ? c.scaleLow : key === '5' ? c.scaleHigh : '' };
}

const locale = (lang: string) => (lang === 'nl' ? 'nl-BE' : lang);
/** 40 → "40%", in the way of the language. */
export const formatPercent = (percent: number, lang: string): string =>
  new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
/** A scale's mean with one decimal ("3,4" in Dutch). */
export const formatMean = (mean: number, lang: string): string =>
  new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mean);

export const rules: KindRules<PollConfig, PollState> = {
  kind: 'poll',
  texts: (c) => [c.question, ...c.options.map((o) => o.text), c.scaleLow, c.scaleHigh],

  init: (c) => ({ mode: c.mode, options: structuredClone(c.options), answers: {}, respondents: 0, revealed: false, tally: null }),

  // What people answer on follows the config until the first answer, then stays put: an
  // answer never points at an option that went away. Every viewer's state knows
  // `respondents`, so each one reconfigures alike.
  reconfigure(s, c) {
    if (s.respondents > 0) return s;
    s.mode = c.mode;
    s.options = structuredClone(c.options);
    if (s.tally) s.tally = zeros(s);
    return s;
  },

  decide(cmd: PollCommand, a, actor) {
    const s = a.state;
    const pid = actor.role === 'participant' ? actor.participantId : undefined;
    const emit = (...events: PollEvent[]) => accept(...events);
    switch (cmd.type) {
      case 'poll.answer': {
        if (!pid) return reject('NOT_ALLOWED', 'only participants answer', 'participantsOnly');
        const why = whyNot(cmd.answer, s, a.config); // R-POLL-ONE
        if (why) return reject(REFUSED[why].code, REFUSED[why].message, why);
        const answer = inOrder(cmd.answer, s);
        const previous = s.answers[pid] ?? null;
        if (previous && sameAnswer(previous, answer)) return accept();
        return emit({ type: 'poll.answered', activityId: a.id, pid, answer, previous, revealed: s.revealed });
      }
      case 'poll.withdraw': {
        if (!pid) return reject('NOT_ALLOWED', 'only participants answer', 'participantsOnly');
        const previous = s.answers[pid];
        if (!previous) return accept();
        return emit({ type: 'poll.withdrawn', activityId: a.id, pid, previous, revealed: s.revealed });
      }
      case 'poll.reveal': {
        if (actor.role !== 'facilitator') return reject('NOT_ALLOWED', 'the facilitator reveals', 'facilitatorOnly'); // R-POLL-HIDDEN
        if (s.revealed === cmd.revealed) return accept();
        return emit(
          cmd.revealed
            ? { type: 'poll.revealed', activityId: a.id, revealed: true, tally: tallyOf(s) }
            : { type: 'poll.revealed', activityId: a.id, revealed: false },
        );
      }
    }
  },

  apply(s, ev: Stored) {
    switch (ev.type) {
      case 'poll.answered':
        s.answers[ev.pid] = [...ev.answer];
        if (ev.previous === null) s.respondents += 1;
        if (s.tally && ev.revealed) {
          shift(s.tally, ev.previous, -1);
          shift(s.tally, ev.answer, 1);
        }
        return;
      case 'poll.withdrawn':
        delete s.answers[ev.pid];
        s.respondents = Math.max(0, s.respondents - 1);
        if (s.tally && ev.revealed) shift(s.tally, ev.previous, -1);
        return;
      case 'poll.revealed':
        s.revealed = ev.revealed;
        s.tally = ev.revealed ? { ...ev.tally } : null;
        return;
      case 'poll.counted':
        s.respondents = Math.max(0, s.respondents + ev.delta);
        return;
      case 'poll.shifted':
        s.respondents = Math.max(0, s.respondents + ev.delta);
        if (s.tally) {
          shift(s.tally, ev.from, -1);
          shift(s.tally, ev.to, 1);
        }
        return;
    }
  },

  // R-POLL-HIDDEN: a phone holds only its own answer, the board none; neither holds a
  // tally before the reveal.
  projectState(s, viewer) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    return {
      mode: s.mode,
      options: structuredClone(s.options),
      answers: me && s.answers[me] ? { [me]: [...s.answers[me]] } : {},
      respondents: s.respondents,
      revealed: s.revealed,
      tally: s.revealed && s.tally ? { ...s.tally } : null,
    };
  },

  projectEvent(ev: Stored, viewer: Viewer): StoredEvent | null {
    if (viewer.role === 'facilitator') return ev;
    if (ev.type !== 'poll.answered' && ev.type !== 'poll.withdrawn') return ev;
    if (viewer.role === 'participant' && viewer.participantId === ev.pid) return ev;
    const to = ev.type === 'poll.answered' ? ev.answer : null;
    const delta: -1 | 0 | 1 = ev.type === 'poll.withdrawn' ? -1 : ev.previous === null ? 1 : 0;
    const { activityId, seq, at } = ev;
    // Others learn how many answered; after the reveal also how the counts moved, never whose.
    if (ev.revealed) return { type: 'poll.shifted', activityId, delta, from: ev.previous, to, seq, at } satisfies Stored;
    return delta ? ({ type: 'poll.counted', activityId, delta, seq, at } satisfies Stored) : null;
  },
};
