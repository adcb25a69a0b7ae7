/**
 * The shapes of a Deep Democracy round (valibot; the types are inferred): its config and
 * draft, every command, every event as the reducer emits it and as each viewer receives it
 * (a participant id only to that participant, R-DD-NONAMES: those fields are optional), and
 * the activity state, full and projected. Views never load this file (the phone must not
 * load valibot): they take types from here with `import type`, values from rules.ts.
 */
import * as v from 'valibot';
import { ActivityId, command, draft } from '../../schema.ts';
import {
  ABSTAIN,
  DD_FINAL_ANSWERS,
  DD_MINORITY_ANSWERS,
  DD_NEED_STATUSES,
  DD_OUTCOMES,
  DD_AMEND_NEEDS_MAX,
  DD_PROPOSAL_MAX,
  DD_RECOGNITIONS,
  DD_SLIDER_MAX,
  DD_SLIDER_MIN,
  DD_STEPS,
  DD_TEXT_MAX,
} from './constants.ts';

// ---- leaves ---------------------------------------------------------------------------

/** A text as typed: trimmed, 1–280 characters. */
const Text = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(DD_TEXT_MAX));
/** A text as stored and sent (its command trimmed it already). */
const StoredText = v.pipe(v.string(), v.minLength(1), v.maxLength(DD_TEXT_MAX));
const Id = ActivityId;
/** A participant id (only ever on its owner's phone, and on the server). */
const Pid = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
/**
 * A voter's pseudonym in one activity (R-DD-PSEUDONYM): stored instead of the participant id
 * on ballots, recognitions, the minority's answers, final answers, slider positions and
 * "unsaid" presses. Never sent to anyone.
 */
const Voter = v.pipe(v.string(), v.regex(/^[0-9a-f]{16,64}$/));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A count as the board and the phones get it: with small-group safety 1–2 is `few` (R-DD-COARSE). */
const ShownCount = v.union([Count, v.literal('few')]);
const RoundNumber = v.pipe(v.number(), v.integer(), v.minValue(1));
const SliderValue = v.pipe(v.number(), v.integer(), v.minValue(DD_SLIDER_MIN), v.maxValue(DD_SLIDER_MAX));
/** A ballot option: the proposal, an alternative's id, or abstain. */
const OptionId = v.union([Id, v.literal(ABSTAIN)]);
const Step = v.picklist(DD_STEPS);
const RecognitionLevel = v.picklist(DD_RECOGNITIONS);
const MinorityChoice = v.picklist(DD_MINORITY_ANSWERS);
const NeedState = v.picklist(DD_NEED_STATUSES);
const FinalChoice = v.picklist(DD_FINAL_ANSWERS);
const Outcome = v.picklist(DD_OUTCOMES);

// ---- config and draft -----------------------------------------------------------------

export const DeepDemocracyConfig = v.strictObject({
  proposal: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(DD_PROPOSAL_MAX)),
  /** Show counts of 1–2 as "a few". */
  smallGroupSafety: v.boolean(),
});
export type DeepDemocracyConfig = v.InferOutput<typeof DeepDemocracyConfig>;
export const DeepDemocracyDraft = draft('deepdemocracy', DeepDemocracyConfig);

// ---- state ----------------------------------------------------------------------------

export const DdView = v.strictObject({
  id: Id,
  text: StoredText,
  /** How many said it (merges add up). */
  count: v.pipe(Count, v.minValue(1)),
  /** Only on the author's own phone. */
  pid: v.optional(Pid),
});
export const DdAlternative = v.strictObject({
  id: Id,
  text: StoredText,
  onBallot: v.boolean(),
  pid: v.optional(Pid),
  /** Per level; exact for the facilitator (left at 0 for the board and the phones). */
  recognition: v.strictObject({ fully: Count, partly: Count, not: Count }),
  /** How many recognise it at least partly, as the board and the phones get it (R-DD-COARSE). */
  recognised: v.optional(ShownCount),
});
/** Votes per option id and `abstain` (the board and the phones: `few` for 1–2 with small-group safety, R-DD-COARSE). */
const Tally = v.record(OptionId, ShownCount);
export const DdRound = v.strictObject({
  n: RoundNumber,
  open: v.boolean(),
  /** Ballots cast so far (progress, not a tally). */
  cast: Count,
  /** Set when the round closes. */
  tally: v.nullable(Tally),
  /** The option with the most votes, if any. */
  majority: v.nullable(Id),
  outcome: v.nullable(Outcome),
});
export const DdNeed = v.strictObject({
  id: Id,
  answer: MinorityChoice,
  need: v.optional(StoredText),
  status: v.optional(NeedState),
  reason: v.optional(StoredText),
  pid: v.optional(Pid),
  /** Whose it is, as stored (R-DD-PSEUDONYM); its owner gets `pid` instead, nobody else either. */
  voter: v.optional(Voter),
});
const FinalTally = v.strictObject({ yes: ShownCount, reservations: ShownCount, no: ShownCount });
const MinorityCounts = v.strictObject({ asIs: ShownCount, cannot: ShownCount });
/** A decision's text as typed (empty: withdraw the amendment) and as stored. */
const ProposalText = v.pipe(v.string(), v.minLength(1), v.maxLength(DD_PROPOSAL_MAX));
/**
 * The decision as the facilitator amended it in the final step, and the adapted needs it takes
 * in (R-DD-AMEND). Everyone sees it: it is the decision.
 */
export const DdAmendment = v.strictObject({
  text: ProposalText,
  needIds: v.pipe(v.array(Id), v.maxLength(DD_AMEND_NEEDS_MAX)),
});

/**
 * The state as stored and exported; a projection has the same shape with everyone else's
 * records left empty and the ids of others' items left out.
 */
export const DeepDemocracyState = v.strictObject({
  step: Step,
  views: v.array(DdView),
  alternatives: v.array(DdAlternative),
  rounds: v.array(DdRound),
  needs: v.array(DdNeed),
  /** Final check: answers per kind, shown when the facilitator closes it. */
  final: v.strictObject({ open: v.boolean(), cast: Count, tally: v.nullable(FinalTally) }),
  decided: v.boolean(),
  /** The decision as amended in the final step (absent: the majority's option as it was). */
  amendment: v.optional(DdAmendment),
  /**
   * R-DD-COARSE: with small-group safety the board and the phones get how many of the
   * minority go along as is or cannot, coarse, instead of those answers one by one.
   */
  minorityCounts: v.optional(MinorityCounts),
  /** The soft-shoe slider; `values` (no ids) only for the board and the facilitator. */
  slider: v.strictObject({ statement: v.pipe(v.string(), v.maxLength(DD_TEXT_MAX)), open: v.boolean(), values: v.array(SliderValue) }),
  /** "Something isn't being said": only the facilitator gets the count. */
  unsaid: Count,
  // Per voter (a pseudonym; a participant id in data of earlier releases); each viewer holds
  // at most its own entry, under its own participant id.
  /** Their ballot in the open round. */
  ballots: v.record(Pid, OptionId),
  /** Their recognition per alternative. */
  recognitions: v.record(Pid, v.record(Id, RecognitionLevel)),
  /** Asked the minority question: they voted otherwise or abstained. */
  asked: v.record(Pid, v.literal(true)),
  finals: v.record(Pid, FinalChoice),
  sliders: v.record(Pid, SliderValue),
  unsaidBy: v.record(Pid, v.literal(true)),
});
export type DeepDemocracyState = v.InferOutput<typeof DeepDemocracyState>;
export type DdStep = DeepDemocracyState['step'];
export type DdView = v.InferOutput<typeof DdView>;
export type DdAlternative = v.InferOutput<typeof DdAlternative>;
export type DdRound = v.InferOutput<typeof DdRound>;
export type DdNeed = v.InferOutput<typeof DdNeed>;
export type DdAmendment = v.InferOutput<typeof DdAmendment>;
export type Recognition = v.InferOutput<typeof RecognitionLevel>;
export type MinorityAnswer = v.InferOutput<typeof MinorityChoice>;
export type NeedStatus = v.InferOutput<typeof NeedState>;
export type FinalAnswer = v.InferOutput<typeof FinalChoice>;

// ---- commands -------------------------------------------------------------------------

const base = { activityId: ActivityId };
export const deepDemocracyCommands = [
  command('deepdemocracy.step', { ...base, step: Step }),
  command('deepdemocracy.view', { ...base, text: Text }),
  command('deepdemocracy.mergeViews', { ...base, viewId: Id, otherId: Id }),
  command('deepdemocracy.alternative', { ...base, text: Text }),
  command('deepdemocracy.rephrase', { ...base, alternativeId: Id, text: Text, onBallot: v.boolean() }),
  command('deepdemocracy.recognise', { ...base, alternativeId: Id, level: RecognitionLevel }),
  command('deepdemocracy.vote', { ...base, optionId: OptionId }),
  command('deepdemocracy.closeVote', base),
  command('deepdemocracy.revote', base),
  command('deepdemocracy.minority', { ...base, answer: MinorityChoice, need: v.optional(Text) }),
  command('deepdemocracy.handleNeed', { ...base, needId: Id, status: NeedState, reason: v.optional(Text) }),
  command('deepdemocracy.final', { ...base, answer: FinalChoice }),
  command('deepdemocracy.closeFinal', base),
  command('deepdemocracy.decide', base),
  command('deepdemocracy.slider', { ...base, value: SliderValue }),
  command('deepdemocracy.sliderOpen', { ...base, statement: v.pipe(v.string(), v.trim(), v.maxLength(DD_TEXT_MAX)), open: v.boolean() }),
  command('deepdemocracy.unsaid', base),
  /** The facilitator amends the decision (empty text: back to the option as voted) and links the adapted needs it takes in. */
  command('deepdemocracy.amend', {
    ...base,
    text: v.pipe(v.string(), v.trim(), v.maxLength(DD_PROPOSAL_MAX)),
    needIds: v.pipe(v.array(Id), v.maxLength(DD_AMEND_NEEDS_MAX)),
  }),
] as const;
export type DeepDemocracyCommand = v.InferOutput<(typeof deepDemocracyCommands)[number]>;

// ---- events ---------------------------------------------------------------------------

/** Build an event schema: `{ type, activityId, ...fields }` (without the `seq`/`at` storage adds). */
function event<T extends string, E extends v.ObjectEntries>(type: T, entries: E) {
  return v.strictObject({ type: v.literal(type), activityId: Id, ...entries });
}

/**
 * Every event, as emitted and as projected. Optional here are the fields a projection
 * strips: `pid` (kept only for its owner; the stored events of this release carry `voter`,
 * a pseudonym, instead, R-DD-PSEUDONYM), a ballot's or final answer's choice (others learn
 * only that one was cast: `first`), a slider position (others get the cloud `values`, its
 * owner only its `value`).
 */
export const events = [
  event('deepdemocracy.stepped', { step: Step }),
  event('deepdemocracy.viewAdded', { pid: v.optional(Pid), view: DdView }),
  event('deepdemocracy.viewsMerged', { viewId: Id, otherId: Id, count: v.pipe(Count, v.minValue(1)) }),
  event('deepdemocracy.alternativeAdded', { pid: v.optional(Pid), alternative: DdAlternative }),
  event('deepdemocracy.rephrased', { alternativeId: Id, text: StoredText, onBallot: v.boolean() }),
  event('deepdemocracy.recognised', {
    pid: v.optional(Pid),
    voter: v.optional(Voter),
    alternativeId: Id,
    /** The level chosen and the one it replaces (facilitator and owner). */
    level: v.optional(RecognitionLevel),
    before: v.optional(RecognitionLevel),
    /** Stored: how many recognise it at least partly now, and whether small-group safety was on. */
    atLeastPartly: v.optional(Count),
    safety: v.optional(v.boolean()),
    /** The board and the phones: `atLeastPartly`, coarse (R-DD-COARSE). */
    recognised: v.optional(ShownCount),
  }),
  event('deepdemocracy.roundOpened', { n: RoundNumber }),
  event('deepdemocracy.voted', { pid: v.optional(Pid), voter: v.optional(Voter), optionId: v.optional(OptionId), first: v.boolean() }),
  /** `safety`: small-group safety was on (stored; the board and the phones get the tally coarse). */
  event('deepdemocracy.roundClosed', {
    n: RoundNumber,
    tally: Tally,
    majority: v.nullable(Id),
    outcome: Outcome,
    safety: v.optional(v.boolean()),
  }),
  event('deepdemocracy.asked', { pid: v.optional(Pid), voter: v.optional(Voter) }),
  /**
   * `safety`, `counts` (the minority's "as is" and "cannot" answers after this one) and
   * `wasNeed` (this person's earlier answer was a need) are stored for the projection
   * (R-DD-COARSE); the board and the phones get `counts` coarse.
   */
  event('deepdemocracy.needed', {
    pid: v.optional(Pid),
    voter: v.optional(Voter),
    need: DdNeed,
    safety: v.optional(v.boolean()),
    counts: v.optional(MinorityCounts),
    wasNeed: v.optional(v.boolean()),
  }),
  /** Projected only (R-DD-COARSE): an "as is" or "cannot" answer as others learn it: the counts, coarse. */
  event('deepdemocracy.minorityCounted', { counts: MinorityCounts, removed: v.optional(Id) }),
  event('deepdemocracy.needHandled', { needId: Id, status: NeedState, reason: v.optional(StoredText) }),
  event('deepdemocracy.finalOpened', {}),
  event('deepdemocracy.finalAnswered', {
    pid: v.optional(Pid),
    voter: v.optional(Voter),
    answer: v.optional(FinalChoice),
    first: v.boolean(),
  }),
  event('deepdemocracy.finalClosed', { tally: FinalTally, safety: v.optional(v.boolean()) }),
  event('deepdemocracy.decided', { optionId: Id }),
  event('deepdemocracy.slid', {
    pid: v.optional(Pid),
    voter: v.optional(Voter),
    value: v.optional(SliderValue),
    values: v.optional(v.array(SliderValue)),
  }),
  event('deepdemocracy.sliderSet', { statement: v.pipe(v.string(), v.maxLength(DD_TEXT_MAX)), open: v.boolean() }),
  /** `counted`: whether the count went up (its presser is told false: only that it arrived). */
  event('deepdemocracy.unsaidPressed', { pid: v.optional(Pid), voter: v.optional(Voter), counted: v.boolean() }),
  /** The decision amended (`text` null: the amendment withdrawn). */
  event('deepdemocracy.amended', { text: v.nullable(ProposalText), needIds: v.pipe(v.array(Id), v.maxLength(DD_AMEND_NEEDS_MAX)) }),
] as const;

/** An event as the reducer emits it (and as a viewer receives it, projected). */
export type DeepDemocracyEvent = v.InferOutput<(typeof events)[number]>;
/** An event as stored and sent: numbered and timed. */
export type StoredDeepDemocracyEvent = DeepDemocracyEvent & { seq: number; at: number };
