/**
 * Group work's shapes (valibot): config, draft, commands, every event it emits (as stored,
 * and as projected to viewers) and its state. Types are inferred from them. The phone never
 * loads this file: it imports types only (see rules.ts).
 */
import * as v from 'valibot';
import { ActivityId, command, draft, ItemSchema } from '../../schema.ts';
import {
  GROUPWORK_ANSWER_MAX,
  GROUPWORK_ANSWERS_MAX,
  GROUPWORK_GROUPS_MAX,
  GROUPWORK_ITEMS_MAX,
  GROUPWORK_QUESTION_MAX,
  GROUPWORK_QUESTIONS_MAX,
} from './constants.ts';

const Id = ActivityId;
const Int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const Items = v.pipe(v.array(ItemSchema), v.maxLength(GROUPWORK_ITEMS_MAX));
const Question = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(GROUPWORK_QUESTION_MAX));
const QuestionIndex = Int(0, GROUPWORK_QUESTIONS_MAX - 1);
const AnswerText = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(GROUPWORK_ANSWER_MAX));
const Assignment = v.picklist(['random', 'choose']);

export const GroupworkConfig = v.strictObject({
  /** Take the items from this dot vote (its carried items) or brainstorm. */
  sourceId: v.nullable(Id),
  items: Items,
  questions: v.pipe(v.array(Question), v.minLength(1), v.maxLength(GROUPWORK_QUESTIONS_MAX)),
});
export type GroupworkConfig = v.InferOutput<typeof GroupworkConfig>;
export const GroupworkDraft = draft('groupwork', GroupworkConfig);

const base = { activityId: Id };
export const groupworkCommands = [
  command('groupwork.form', { ...base, by: v.picklist(['count', 'size']), value: Int(1, GROUPWORK_GROUPS_MAX), assignment: Assignment }),
  command('groupwork.join', { ...base, groupId: Id }),
  command('groupwork.move', { ...base, participantId: Id, groupId: Id }),
  command('groupwork.placeLate', { ...base, participantId: Id }),
  command('groupwork.rebalance', base),
  command('groupwork.assign', { ...base, groupId: Id, itemId: v.nullable(Id) }),
  command('groupwork.answer', { ...base, groupId: Id, question: QuestionIndex, text: AnswerText }),
  command('groupwork.editAnswer', { ...base, answerId: Id, text: AnswerText }),
  command('groupwork.deleteAnswer', { ...base, answerId: Id }),
  command('groupwork.load', { ...base, sourceId: Id }),
] as const;
export type GroupworkCommand = v.InferOutput<(typeof groupworkCommands)[number]>;

export const Group = v.strictObject({
  id: Id,
  /** 1, 2, 3…: the UI says "Group 2". */
  n: Int(1, GROUPWORK_GROUPS_MAX),
  itemId: v.nullable(Id),
  /** Facilitators see everyone; a phone only itself (if it is in this group); the board nobody. */
  members: v.array(Id),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type Group = v.InferOutput<typeof Group>;
export const GroupAnswer = v.strictObject({
  id: Id,
  groupId: Id,
  question: QuestionIndex,
  text: AnswerText,
  /** The author: only facilitators and the author see it. Absent for the facilitator's own. */
  pid: v.optional(Id),
});
export type GroupAnswer = v.InferOutput<typeof GroupAnswer>;

/** An event: its type, its activity and its fields (the stored one also has `seq` and `at`). */
const event = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ type: v.literal(type), activityId: Id, ...entries });
/** The participant an event concerns: only facilitators and that participant get it. */
const Pid = v.optional(Id);

export const GroupworkLoaded = event('groupwork.loaded', { items: Items });
/** The groups, empty for phones and the board (each phone then gets its own `placed`). */
export const GroupworkFormed = event('groupwork.formed', {
  assignment: Assignment,
  groups: v.pipe(v.array(Group), v.maxLength(GROUPWORK_GROUPS_MAX)),
});
/** Someone went into `groupId` (from `fromId`, or from no group); others do not learn who. */
export const GroupworkPlaced = event('groupwork.placed', { pid: Pid, groupId: Id, fromId: v.nullable(Id) });
export const GroupworkAssigned = event('groupwork.assigned', { groupId: Id, itemId: v.nullable(Id) });
export const GroupworkAnswered = event('groupwork.answered', { pid: Pid, answer: GroupAnswer });
export const GroupworkAnswerEdited = event('groupwork.answerEdited', { pid: Pid, answerId: Id, text: AnswerText });
export const GroupworkAnswerDeleted = event('groupwork.answerDeleted', { pid: Pid, answerId: Id });

export const events = [
  GroupworkLoaded,
  GroupworkFormed,
  GroupworkPlaced,
  GroupworkAssigned,
  GroupworkAnswered,
  GroupworkAnswerEdited,
  GroupworkAnswerDeleted,
] as const;
export type GroupworkEvent = v.InferOutput<(typeof events)[number]>;
export type StoredGroupworkEvent = GroupworkEvent & { seq: number; at: number };

/** The state as stored and exported; a viewer's projection has the same shape, with fewer members and authors. */
export const GroupworkState = v.strictObject({
  items: Items,
  groups: v.pipe(v.array(Group), v.maxLength(GROUPWORK_GROUPS_MAX)),
  assignment: v.nullable(Assignment),
  answers: v.pipe(v.array(GroupAnswer), v.maxLength(GROUPWORK_ANSWERS_MAX)),
});
export type GroupworkState = v.InferOutput<typeof GroupworkState>;
