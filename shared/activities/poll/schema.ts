/**
 * The quick poll's schemas: its config, its commands, every event (as stored and as each
 * viewer receives it) and its state (as stored, exported and projected).
 */
import * as v from 'valibot';
import { ActivityId, command, draft } from '../../schema.ts';
import {
  POLL_LABEL_MAX,
  POLL_MODES,
  POLL_OPTION_MAX,
  POLL_OPTIONS_MAX,
  POLL_OPTIONS_MIN,
  POLL_QUESTION_MAX,
  SCALE_VALUES,
} from './rules.ts';

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Label = v.pipe(v.string(), v.trim(), v.maxLength(POLL_LABEL_MAX));

export const PollMode = v.picklist(POLL_MODES);
export type PollMode = v.InferOutput<typeof PollMode>;

export const PollOption = v.strictObject({
  id: ActivityId,
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(POLL_OPTION_MAX)),
});
export type PollOption = v.InferOutput<typeof PollOption>;

export const PollConfig = v.pipe(
  v.strictObject({
    question: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(POLL_QUESTION_MAX)),
    mode: PollMode,
    /** The choices (single or multiple choice); empty for a scale. */
    options: v.pipe(v.array(PollOption), v.maxLength(POLL_OPTIONS_MAX)),
    /** Multiple choice: at most this many per person (null: as many as there are options). */
    maxChoices: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(POLL_OPTIONS_MAX))),
    /** A scale's end labels (what 1 and 5 mean); may stay empty. */
    scaleLow: Label,
    scaleHigh: Label,
  }),
  v.forward(
    v.partialCheck(
      [['mode'], ['options']],
      (c) => c.mode === 'scale' || c.options.length >= POLL_OPTIONS_MIN,
      `a poll offers ${POLL_OPTIONS_MIN} to ${POLL_OPTIONS_MAX} options`,
    ),
    ['options'],
  ),
  v.forward(
    v.partialCheck([['options']], (c) => new Set(c.options.map((o) => o.id)).size === c.options.length, 'option ids must differ'),
    ['options'],
  ),
  v.forward(
    v.partialCheck(
      [['mode'], ['options'], ['maxChoices']],
      (c) => c.maxChoices === null || (c.mode === 'multiple' && c.maxChoices <= c.options.length),
      'at most as many choices as there are options, and only for multiple choice',
    ),
    ['maxChoices'],
  ),
);
export type PollConfig = v.InferOutput<typeof PollConfig>;

export const PollDraft = draft('poll', PollConfig);

/** What can be answered: an option's id, or a scale value '1'…'5'. */
export const AnswerKey = v.union([v.picklist(SCALE_VALUES), ActivityId]);
/** One participant's answer: one key (single choice, scale) or several (multiple choice). */
export const PollAnswer = v.pipe(v.array(AnswerKey), v.minLength(1), v.maxLength(POLL_OPTIONS_MAX));
export type PollAnswer = v.InferOutput<typeof PollAnswer>;
/** How many people gave each key, every key present. */
export const PollTally = v.record(AnswerKey, Count);
export type PollTally = v.InferOutput<typeof PollTally>;

// ---- Commands --------------------------------------------------------------------------

export const PollAnswerCmd = command('poll.answer', { activityId: ActivityId, answer: PollAnswer });
export const PollWithdrawCmd = command('poll.withdraw', { activityId: ActivityId });
export const PollRevealCmd = command('poll.reveal', { activityId: ActivityId, revealed: v.boolean() });
export const commands = [PollAnswerCmd, PollWithdrawCmd, PollRevealCmd] as const;
export type PollCommand = v.InferOutput<(typeof commands)[number]>;

// ---- Events ------------------------------------------------------------------------------

/**
 * A participant answered or changed their answer. Stored, and sent only to facilitators
 * and that participant; others get `poll.counted` or `poll.shifted`.
 */
export const PollAnswered = v.strictObject({
  type: v.literal('poll.answered'),
  activityId: ActivityId,
  pid: ActivityId,
  answer: PollAnswer,
  /** Their answer before, or null for a first answer. */
  previous: v.nullable(PollAnswer),
  /** The results were showing: the tally moves with it. */
  revealed: v.boolean(),
});
/** A participant took their answer back (multiple choice: unticked the last box). Same audience. */
export const PollWithdrawn = v.strictObject({
  type: v.literal('poll.withdrawn'),
  activityId: ActivityId,
  pid: ActivityId,
  previous: PollAnswer,
  revealed: v.boolean(),
});
/** The facilitator shows the results (with the tally) or hides them again (without). To everyone. */
export const PollRevealed = v.variant('revealed', [
  v.strictObject({ type: v.literal('poll.revealed'), activityId: ActivityId, revealed: v.literal(true), tally: PollTally }),
  v.strictObject({ type: v.literal('poll.revealed'), activityId: ActivityId, revealed: v.literal(false) }),
]);
/** Projected only: what the board and other phones learn of an answer before the reveal (how many answered). */
export const PollCounted = v.strictObject({
  type: v.literal('poll.counted'),
  activityId: ActivityId,
  delta: v.picklist([-1, 1]),
});
/** Projected only: what the board and other phones learn of an answer after the reveal (no one's id). */
export const PollShifted = v.strictObject({
  type: v.literal('poll.shifted'),
  activityId: ActivityId,
  delta: v.picklist([-1, 0, 1]),
  from: v.nullable(PollAnswer),
  to: v.nullable(PollAnswer),
});
export const events = [PollAnswered, PollWithdrawn, PollRevealed, PollCounted, PollShifted] as const;
export type PollEvent = v.InferOutput<(typeof events)[number]>;

// ---- State -------------------------------------------------------------------------------

export const PollState = v.strictObject({
  /** What people answer on: the config's mode and options, fixed from the first answer on. */
  mode: PollMode,
  options: v.pipe(v.array(PollOption), v.maxLength(POLL_OPTIONS_MAX)),
  /** participant → answer. Facilitators see all; a phone only its own; the board none. */
  answers: v.record(ActivityId, PollAnswer),
  /** How many people have an answer (progress, not a result). */
  respondents: Count,
  revealed: v.boolean(),
  /** Per key: sent to phones and the board only once revealed. */
  tally: v.nullable(PollTally),
});
export type PollState = v.InferOutput<typeof PollState>;
