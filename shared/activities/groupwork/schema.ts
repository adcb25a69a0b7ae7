/**
 * Group work's shapes (valibot): config, draft, commands, every event it emits (as stored,
 * and as projected to viewers) and its state. Types are inferred from them. The phone never
 * loads this file: it imports types only (see rules.ts).
 */
import * as v from 'valibot';
import { isCleanName } from '../../clean.ts';
import { ActivityId, command, draft, ItemSchema } from '../../schema.ts';
import {
  GROUPWORK_ANSWER_MAX,
  GROUPWORK_ANSWERS_MAX,
  GROUPWORK_GROUPS_MAX,
  GROUPWORK_ITEMS_MAX,
  GROUPWORK_NAME_MAX,
  GROUPWORK_PEOPLE_MAX,
  GROUPWORK_PERSON_MAX,
  GROUPWORK_PLACE_MAX,
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
/** A group's name or place as typed (empty: none) and as stored (never empty). */
const Typed = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const Stored = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const GroupName = Stored(GROUPWORK_NAME_MAX);
const GroupPlace = Stored(GROUPWORK_PLACE_MAX);
/** A participant's display name, as they chose to show it to their group. */
const PersonName = v.pipe(Stored(GROUPWORK_PERSON_MAX), v.check(isCleanName, 'a name as cleanName leaves it (R-TEXT-CLEAN)'));

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
  /** The facilitator names a group and says where it sits (empty: none). R-GROUP-PLACE */
  command('groupwork.label', { ...base, groupId: Id, name: Typed(GROUPWORK_NAME_MAX), place: Typed(GROUPWORK_PLACE_MAX) }),
  /**
   * Who writes for the group (null: everyone). The facilitator names any member; a member
   * takes it themself (their own id) while nobody has it, or gives it back. R-GROUP-SCRIBE
   */
  command('groupwork.scribe', { ...base, groupId: Id, participantId: v.nullable(Id) }),
  /** A participant shows their display name to their group (and on the board), or stops. R-GROUP-NAMES */
  command('groupwork.showName', { ...base, show: v.boolean() }),
] as const;
export type GroupworkCommand = v.InferOutput<(typeof groupworkCommands)[number]>;

/** One member who shows their name; `scribe`: they write for the group. */
export const GroupPerson = v.strictObject({ name: PersonName, scribe: v.optional(v.literal(true)) });
export type GroupPerson = v.InferOutput<typeof GroupPerson>;
const People = v.pipe(v.array(GroupPerson), v.maxLength(GROUPWORK_PEOPLE_MAX));

export const Group = v.strictObject({
  id: Id,
  /** 1, 2, 3…: the UI says "Group 2". */
  n: Int(1, GROUPWORK_GROUPS_MAX),
  itemId: v.nullable(Id),
  /** Facilitators see everyone; a phone only itself (if it is in this group); the board nobody. */
  members: v.array(Id),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Its own name, set by the facilitator (else "Group n"). Everyone sees it. */
  name: v.optional(GroupName),
  /** Where it sits ("table 3"). Everyone sees it. */
  place: v.optional(GroupPlace),
  /** Its scribe: facilitators see who; a phone only itself; the board nobody. */
  scribe: v.optional(Id),
  /** Whether it has a scribe (then only the scribe writes its answers). Everyone sees it. */
  hasScribe: v.optional(v.boolean()),
  /** The members who show their name, as facilitators and the board see them (phones: absent; see `team`). */
  people: v.optional(People),
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
/** A group's name and place (absent: none). Everyone. */
export const GroupworkLabelled = event('groupwork.labelled', { groupId: Id, name: v.optional(GroupName), place: v.optional(GroupPlace) });
/** A group has a scribe (`pid`: who, for facilitators and that person) or none. */
export const GroupworkScribeSet = event('groupwork.scribeSet', { pid: Pid, groupId: Id, hasScribe: v.boolean() });
/** A participant shows their name (null: no longer). Only facilitators and that participant. */
export const GroupworkNameShown = event('groupwork.nameShown', { pid: Id, name: v.nullable(PersonName) });
/** The members of a group who show their name: for facilitators and the board. */
export const GroupworkRoster = event('groupwork.roster', { groupId: Id, people: People });
/** What one member sees of their group: the others who show their name. Only facilitators and that member. */
export const GroupworkTeam = event('groupwork.team', { pid: Id, people: People });

export const events = [
  GroupworkLoaded,
  GroupworkFormed,
  GroupworkPlaced,
  GroupworkAssigned,
  GroupworkAnswered,
  GroupworkAnswerEdited,
  GroupworkAnswerDeleted,
  GroupworkLabelled,
  GroupworkScribeSet,
  GroupworkNameShown,
  GroupworkRoster,
  GroupworkTeam,
] as const;
export type GroupworkEvent = v.InferOutput<(typeof events)[number]>;
export type StoredGroupworkEvent = GroupworkEvent & { seq: number; at: number };

/** The state as stored and exported; a viewer's projection has the same shape, with fewer members and authors. */
export const GroupworkState = v.strictObject({
  items: Items,
  groups: v.pipe(v.array(Group), v.maxLength(GROUPWORK_GROUPS_MAX)),
  assignment: v.nullable(Assignment),
  answers: v.pipe(v.array(GroupAnswer), v.maxLength(GROUPWORK_ANSWERS_MAX)),
  /** Who shows their name, and which: facilitators see everyone's, a phone only its own, the board none. */
  shown: v.optional(v.record(Id, PersonName)),
  /** Per member, the others in their group who show their name: each phone holds only its own. */
  team: v.optional(v.record(Id, People)),
});
export type GroupworkState = v.InferOutput<typeof GroupworkState>;
