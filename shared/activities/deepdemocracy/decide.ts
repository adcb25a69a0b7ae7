/**
 * Deciding a Deep Democracy command: the events it makes, or a rejection with a `reason`
 * (the views map reasons to their own words). Rule ids: test/SPEC.md (R-DD-*).
 */
import type { ErrorCode } from '../../constants.ts';
import { accept, reject, type Activity, type Actor, type Context, type Decision } from '../../model.ts';
import type { KindRoom } from '../kind.ts';
import { ABSTAIN, DD_MAX_ROUNDS, DD_PER_PERSON } from './constants.ts';
import {
  allowedSteps,
  amendRefusal,
  ballotOf,
  decideRefusal,
  directionRound,
  finalRefusal,
  lastRound,
  tallyRound,
  voteOpen,
} from './helpers.ts';
import { tagOf, whose } from './pseudonyms.ts';
import type {
  DdAlternative,
  DdNeed,
  DeepDemocracyCommand,
  DeepDemocracyConfig,
  DeepDemocracyEvent,
  DeepDemocracyState,
  FinalAnswer,
} from './schema.ts';

/** Accept these events (typed: each must fit its schema). */
const emit = (...events: DeepDemocracyEvent[]): Decision => accept(...events);
const no = (code: ErrorCode, reason: string, message: string): Decision => reject(code, message, reason);

const DECIDE_REFUSED = {
  noDirection: 'there is no majority direction yet',
  askFirst: 'the minority has not been asked yet',
  unhandled: 'every need must be handled first',
} as const;

/** Commands that still count once the decision is final: the undercurrent goes on, and the decision can be amended. */
const AFTER_DECISION: ReadonlySet<string> = new Set([
  'deepdemocracy.unsaid',
  'deepdemocracy.slider',
  'deepdemocracy.sliderOpen',
  'deepdemocracy.amend',
]);

const AMEND_REFUSED = {
  notFinal: ['NOT_ALLOWED', 'the decision can be amended in the final step'],
  amendMissing: ['INVALID', 'an amendment that takes in needs has a text'],
  noNeed: ['NOT_FOUND', 'link each need of the minority once'],
  notAdapted: ['NOT_ALLOWED', 'only needs marked adapted are taken into an amendment'],
} as const;

export function decide(
  cmd: DeepDemocracyCommand,
  a: Activity<DeepDemocracyConfig, DeepDemocracyState>,
  actor: Actor,
  ctx: Context,
  room?: KindRoom,
): Decision {
  const s = a.state;
  const fac = actor.role === 'facilitator';
  const pid = actor.participantId;
  const id = a.id;
  const onlyFacilitator = () => no('NOT_ALLOWED', 'facilitator', `${cmd.type} is for the facilitator`);
  const onlyParticipant = () => no('NOT_ALLOWED', 'participant', `${cmd.type} is for participants`);
  const wrongStep = () => no('NOT_ALLOWED', 'step', `not during the ${s.step} step`);
  if (s.decided && !AFTER_DECISION.has(cmd.type)) return no('LOCKED', 'decided', 'the decision is final');
  switch (cmd.type) {
    case 'deepdemocracy.step': {
      if (!fac) return onlyFacilitator(); // R-DD-STEPS
      if (cmd.step === s.step) return accept();
      if (!allowedSteps(s).includes(cmd.step)) return no('NOT_ALLOWED', 'stepOrder', `cannot go from ${s.step} to ${cmd.step}`);
      const round = lastRound(s);
      const events: DeepDemocracyEvent[] = [{ type: 'deepdemocracy.stepped', activityId: id, step: cmd.step }];
      // Entering the vote opens the first round (or a new one after an undercurrent).
      if (cmd.step === 'vote' && (!round || (s.step === 'undercurrent' && !round.open))) {
        events.push({ type: 'deepdemocracy.roundOpened', activityId: id, n: s.rounds.length + 1 });
      }
      if (cmd.step === 'final' && !s.final.open && !s.final.tally) events.push({ type: 'deepdemocracy.finalOpened', activityId: id });
      return emit(...events);
    }
    case 'deepdemocracy.view': {
      if (!fac && !pid) return onlyParticipant();
      if (s.step !== 'views') return wrongStep();
      if (pid && s.views.filter((x) => x.pid === pid).length >= DD_PER_PERSON)
        return no('LIMIT_REACHED', 'perPerson', `at most ${DD_PER_PERSON} views each`);
      const own = pid ? { pid } : {};
      return emit({ type: 'deepdemocracy.viewAdded', activityId: id, ...own, view: { id: ctx.newId(), text: cmd.text, count: 1, ...own } });
    }
    case 'deepdemocracy.mergeViews': {
      if (!fac) return onlyFacilitator();
      const keep = s.views.find((x) => x.id === cmd.viewId);
      const gone = s.views.find((x) => x.id === cmd.otherId);
      if (!keep || !gone || keep === gone) return no('NOT_FOUND', 'merge', 'merge two different views');
      return emit({ type: 'deepdemocracy.viewsMerged', activityId: id, viewId: keep.id, otherId: gone.id, count: keep.count + gone.count });
    }
    case 'deepdemocracy.alternative': {
      if (!fac && !pid) return onlyParticipant();
      if (s.step !== 'findNo') return wrongStep();
      if (pid && s.alternatives.filter((x) => x.pid === pid).length >= DD_PER_PERSON) {
        return no('LIMIT_REACHED', 'perPerson', `at most ${DD_PER_PERSON} alternatives each`);
      }
      const own = pid ? { pid } : {};
      const alternative: DdAlternative = {
        id: ctx.newId(),
        text: cmd.text,
        onBallot: fac,
        recognition: { fully: 0, partly: 0, not: 0 },
        ...own,
      };
      return emit({ type: 'deepdemocracy.alternativeAdded', activityId: id, ...own, alternative });
    }
    case 'deepdemocracy.rephrase': {
      if (!fac) return onlyFacilitator();
      const alt = s.alternatives.find((x) => x.id === cmd.alternativeId);
      if (!alt) return no('NOT_FOUND', 'noAlternative', 'no such alternative');
      if (voteOpen(s)) return no('NOT_ALLOWED', 'ballotFrozen', 'the ballot cannot change during a vote');
      return emit({ type: 'deepdemocracy.rephrased', activityId: id, alternativeId: alt.id, text: cmd.text, onBallot: cmd.onBallot });
    }
    case 'deepdemocracy.recognise': {
      if (!pid) return onlyParticipant();
      if (s.step !== 'spreadNo') return wrongStep();
      const alt = s.alternatives.find((x) => x.id === cmd.alternativeId);
      if (!alt) return no('NOT_FOUND', 'noAlternative', 'no such alternative');
      const w = whose(s.recognitions, id, pid, ctx); // R-DD-PSEUDONYM
      const before = s.recognitions[w.key]?.[cmd.alternativeId];
      if (before === cmd.level) return accept();
      const some = (l: string | undefined) => (l === 'fully' || l === 'partly' ? 1 : 0);
      return emit({
        type: 'deepdemocracy.recognised',
        activityId: id,
        ...w.tag,
        alternativeId: cmd.alternativeId,
        level: cmd.level,
        ...(before ? { before } : {}),
        // For the board and the phones, coarse (R-DD-COARSE).
        atLeastPartly: alt.recognition.fully + alt.recognition.partly - some(before) + some(cmd.level),
        safety: a.config.smallGroupSafety,
      });
    }
    case 'deepdemocracy.vote': {
      if (!pid) return onlyParticipant();
      if (s.step !== 'vote' || !voteOpen(s)) return no('NOT_ALLOWED', 'voteNotOpen', 'no vote is open');
      if (cmd.optionId !== ABSTAIN && !ballotOf(a.config, s).some((o) => o.id === cmd.optionId))
        return no('NOT_FOUND', 'notOnBallot', 'not on the ballot');
      const w = whose(s.ballots, id, pid, ctx); // R-DD-PSEUDONYM
      if (s.ballots[w.key] === cmd.optionId) return accept();
      return emit({ type: 'deepdemocracy.voted', activityId: id, ...w.tag, optionId: cmd.optionId, first: s.ballots[w.key] === undefined });
    }
    case 'deepdemocracy.closeVote': {
      if (!fac) return onlyFacilitator();
      const round = lastRound(s);
      if (!round?.open) return no('NOT_ALLOWED', 'voteNotOpen', 'no vote is open');
      const result = tallyRound(s.ballots, ballotOf(a.config, s));
      // R-DD-MINORITY: asked are those who voted otherwise or abstained.
      const asked =
        result.outcome === 'majority'
          ? Object.entries(s.ballots)
              .filter(([, c]) => c !== result.majority)
              .map(([p]) => p)
          : [];
      const participants = room?.state.participants ?? {};
      return emit(
        { type: 'deepdemocracy.roundClosed', activityId: id, n: round.n, ...result, safety: a.config.smallGroupSafety },
        ...asked.map((p): DeepDemocracyEvent => ({ type: 'deepdemocracy.asked', activityId: id, ...tagOf(p, participants) })),
      );
    }
    case 'deepdemocracy.revote': {
      if (!fac) return onlyFacilitator(); // R-DD-ROUNDS
      if (s.step !== 'vote' || !lastRound(s) || voteOpen(s)) return no('NOT_ALLOWED', 'voteStillOpen', 'close the current round first');
      if (s.rounds.length >= DD_MAX_ROUNDS)
        return no('LIMIT_REACHED', 'maxRounds', `at most ${DD_MAX_ROUNDS} rounds; try the undercurrent step`);
      return emit({ type: 'deepdemocracy.roundOpened', activityId: id, n: s.rounds.length + 1 });
    }
    case 'deepdemocracy.minority': {
      if (!pid) return onlyParticipant();
      if (s.step !== 'minority') return wrongStep();
      const w = whose(s.asked, id, pid, ctx); // R-DD-PSEUDONYM
      if (!s.asked[w.key]) return no('NOT_ALLOWED', 'notAsked', 'the minority question is for those who voted otherwise');
      if (cmd.answer === 'need' && !cmd.need) return no('INVALID', 'needMissing', 'say what you need');
      const existing = s.needs.find((x) => (x.voter ?? x.pid) === w.key);
      const need: DdNeed = {
        id: existing?.id ?? ctx.newId(),
        answer: cmd.answer,
        ...(cmd.answer === 'need' ? { need: cmd.need } : {}),
        ...w.tag,
      };
      // R-DD-COARSE: the counts after this answer, for the board's and phones' coarse copy.
      const others = s.needs.filter((x) => x.id !== need.id);
      const counts = {
        asIs: others.filter((x) => x.answer === 'asIs').length + (need.answer === 'asIs' ? 1 : 0),
        cannot: others.filter((x) => x.answer === 'cannot').length + (need.answer === 'cannot' ? 1 : 0),
      };
      const safety = a.config.smallGroupSafety;
      return emit({
        type: 'deepdemocracy.needed',
        activityId: id,
        ...w.tag,
        need,
        safety,
        counts,
        ...(existing?.answer === 'need' ? { wasNeed: true } : {}),
      });
    }
    case 'deepdemocracy.handleNeed': {
      if (!fac) return onlyFacilitator();
      const need = s.needs.find((x) => x.id === cmd.needId);
      if (!need || need.answer !== 'need') return no('NOT_FOUND', 'noNeed', 'no such need');
      if (cmd.status === 'notFeasible' && !cmd.reason) return no('INVALID', 'reasonMissing', 'give a reason when a need is not feasible');
      return emit({
        type: 'deepdemocracy.needHandled',
        activityId: id,
        needId: need.id,
        status: cmd.status,
        ...(cmd.reason ? { reason: cmd.reason } : {}),
      });
    }
    case 'deepdemocracy.final': {
      if (!pid) return onlyParticipant();
      const refusal = finalRefusal(s); // R-DD-FINALCHECK
      if (refusal) return no('NOT_ALLOWED', refusal, 'the final check is not open');
      const w = whose(s.finals, id, pid, ctx); // R-DD-PSEUDONYM
      if (s.finals[w.key] === cmd.answer) return accept();
      return emit({
        type: 'deepdemocracy.finalAnswered',
        activityId: id,
        ...w.tag,
        answer: cmd.answer,
        first: s.finals[w.key] === undefined,
      });
    }
    case 'deepdemocracy.closeFinal': {
      if (!fac) return onlyFacilitator();
      if (!s.final.open) return no('NOT_ALLOWED', 'finalNotOpen', 'the final check is not open');
      const tally: Record<FinalAnswer, number> = { yes: 0, reservations: 0, no: 0 };
      for (const x of Object.values(s.finals)) tally[x]++;
      return emit({ type: 'deepdemocracy.finalClosed', activityId: id, tally, safety: a.config.smallGroupSafety });
    }
    case 'deepdemocracy.decide': {
      if (!fac) return onlyFacilitator(); // R-DD-FINAL
      const refusal = decideRefusal(s);
      const majority = directionRound(s)?.majority;
      if (refusal || !majority) return no('NOT_ALLOWED', refusal ?? 'noDirection', DECIDE_REFUSED[refusal ?? 'noDirection']);
      return emit({ type: 'deepdemocracy.decided', activityId: id, optionId: majority });
    }
    case 'deepdemocracy.slider': {
      if (!pid) return onlyParticipant();
      if (!s.slider.open) return no('NOT_ALLOWED', 'sliderClosed', 'the slider is closed');
      const w = whose(s.sliders, id, pid, ctx); // R-DD-PSEUDONYM
      const sliders = { ...s.sliders, [w.key]: cmd.value };
      return emit({
        type: 'deepdemocracy.slid',
        activityId: id,
        ...w.tag,
        value: cmd.value,
        values: Object.values(sliders).sort((x, y) => x - y),
      });
    }
    case 'deepdemocracy.sliderOpen':
      if (!fac) return onlyFacilitator();
      return emit({ type: 'deepdemocracy.sliderSet', activityId: id, statement: cmd.statement, open: cmd.open });
    case 'deepdemocracy.unsaid': {
      if (!pid) return onlyParticipant();
      const w = whose(s.unsaidBy, id, pid, ctx); // R-DD-PSEUDONYM
      if (s.unsaidBy[w.key]) return accept(); // once per person: a signal, not a vote
      return emit({ type: 'deepdemocracy.unsaidPressed', activityId: id, ...w.tag, counted: true });
    }
    case 'deepdemocracy.amend': {
      if (!fac) return onlyFacilitator(); // R-DD-AMEND
      const refusal = amendRefusal(s, cmd);
      if (refusal) return no(AMEND_REFUSED[refusal][0], refusal, AMEND_REFUSED[refusal][1]);
      const was = s.amendment;
      if (!cmd.text) return was ? emit({ type: 'deepdemocracy.amended', activityId: id, text: null, needIds: [] }) : accept();
      if (was && was.text === cmd.text && was.needIds.join() === cmd.needIds.join()) return accept();
      return emit({ type: 'deepdemocracy.amended', activityId: id, text: cmd.text, needIds: [...cmd.needIds] });
    }
  }
}
