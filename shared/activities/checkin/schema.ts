/**
 * The check-in's schemas: config, commands, every event (as stored and as each viewer
 * receives it) and the state (as stored, exported and projected).
 */
import * as v from 'valibot';
import { isCleanName } from '../../clean.ts';
import { ActivityId, command, draft } from '../../schema.ts';
import { CHECKIN_ANSWER_MAX, CHECKIN_PROMPT_MAX, CHECKIN_PROMPTS_MAX } from './rules.ts';

const Prompt = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(CHECKIN_PROMPT_MAX));
export const CheckinConfig = v.strictObject({
  mode: v.picklist(['checkin', 'checkout']),
  prompts: v.pipe(v.array(Prompt), v.minLength(1), v.maxLength(CHECKIN_PROMPTS_MAX)),
});
export type CheckinConfig = v.InferOutput<typeof CheckinConfig>;

export const CheckinDraft = draft('checkin', CheckinConfig);

// ---- Commands --------------------------------------------------------------------------

const Answer = v.pipe(v.string(), v.trim(), v.maxLength(CHECKIN_ANSWER_MAX));
export const CheckinRespond = command('checkin.respond', { activityId: ActivityId, answer: Answer, passed: v.boolean() });
export const CheckinSpeak = command('checkin.speak', { activityId: ActivityId, want: v.boolean() });
export const CheckinSpoken = command('checkin.spoken', { activityId: ActivityId, entryId: ActivityId });
export const CheckinShow = command('checkin.show', { activityId: ActivityId, show: v.boolean() });
/** R-CHECKIN-REPORT: the facilitator puts every written answer in the report (or takes that back). */
export const CheckinReport = command('checkin.report', { activityId: ActivityId, include: v.boolean() });
export const commands = [CheckinRespond, CheckinSpeak, CheckinSpoken, CheckinShow, CheckinReport] as const;
export type CheckinCommand = v.InferOutput<(typeof commands)[number]>;

// ---- Events ------------------------------------------------------------------------------

/** A written answer as stored (trimmed; empty when passed or left blank). */
const Written = v.pipe(v.string(), v.maxLength(CHECKIN_ANSWER_MAX));
/** A written answer someone sees: never empty. */
const Text = v.pipe(v.string(), v.minLength(1), v.maxLength(CHECKIN_ANSWER_MAX));
/** A display name, as participants may choose one (see participant.rename). */
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(40), v.check(isCleanName, 'a name as cleanName leaves it (R-TEXT-CLEAN)'));

/** A participant checked in (or passed), or changed their answer. */
export const CheckinResponded = v.strictObject({
  type: v.literal('checkin.responded'),
  activityId: ActivityId,
  rid: ActivityId,
  /** Only for facilitators and the participant themself. */
  pid: v.optional(ActivityId),
  /** Only for the author, facilitators and, when answers are shown, the board. */
  answer: v.optional(Written),
  passed: v.boolean(),
  /** The board was showing answers when this came in. */
  shown: v.boolean(),
  /** Facilitators only: the board showed this answer, so it may go into the report. */
  seen: v.optional(v.literal(true)),
});
/** A participant asked to speak. */
export const CheckinQueued = v.strictObject({
  type: v.literal('checkin.queued'),
  activityId: ActivityId,
  entryId: ActivityId,
  /** Only for facilitators and the participant themself, as is the name. */
  pid: v.optional(ActivityId),
  name: v.optional(Name),
});
/** A participant left the queue (`spoken: false`) or the facilitator marked them as heard. */
export const CheckinDequeued = v.strictObject({
  type: v.literal('checkin.dequeued'),
  activityId: ActivityId,
  entryId: ActivityId,
  pid: v.optional(ActivityId),
  spoken: v.boolean(),
});
/** The facilitator shows the written answers on the board, or hides them. */
export const CheckinShown = v.strictObject({
  type: v.literal('checkin.shown'),
  activityId: ActivityId,
  show: v.boolean(),
  /** The answers to show: for facilitators, and for the board when shown. */
  answers: v.optional(v.array(v.strictObject({ rid: ActivityId, answer: Text }))),
  /** To a viewer that may no longer see them: drop the answers that are not its own. */
  hide: v.optional(v.literal(true)),
  /** Facilitators only: the responses whose answers the board now shows (they may go into the report). */
  seenIds: v.optional(v.array(ActivityId)),
});
/** Every written answer goes into the report, or only those the board showed. Facilitators only. */
export const CheckinReported = v.strictObject({
  type: v.literal('checkin.reported'),
  activityId: ActivityId,
  include: v.boolean(),
});
export const events = [CheckinResponded, CheckinQueued, CheckinDequeued, CheckinShown, CheckinReported] as const;
export type CheckinEvent = v.InferOutput<(typeof events)[number]>;

// ---- State -------------------------------------------------------------------------------

export const CheckinResponse = v.strictObject({
  id: ActivityId,
  /** Only facilitators and the participant themself see who answered. */
  pid: v.optional(ActivityId),
  /** Only the author, facilitators and (when shown) the board see the text. */
  answer: v.optional(Text),
  passed: v.boolean(),
  /** The board showed it (facilitators only): it may go into the report. */
  seen: v.optional(v.literal(true)),
});
export type CheckinResponse = v.InferOutput<typeof CheckinResponse>;

export const QueueEntry = v.strictObject({
  id: ActivityId,
  pid: v.optional(ActivityId),
  /** The display name at the time, for the facilitator to call on. */
  name: v.optional(Name),
});
export type QueueEntry = v.InferOutput<typeof QueueEntry>;

export const CheckinState = v.strictObject({
  responses: v.record(ActivityId, CheckinResponse),
  queue: v.array(QueueEntry),
  /** The board shows written answers (without names). */
  showAnswers: v.boolean(),
  /**
   * Facilitators only. Every written answer goes into the report (true), or only those the
   * board showed (false, the default of a new check-in). Absent in sessions made before
   * this choice existed, whose reports keep every answer, as they always did.
   */
  inReport: v.optional(v.boolean()),
});
export type CheckinState = v.InferOutput<typeof CheckinState>;
