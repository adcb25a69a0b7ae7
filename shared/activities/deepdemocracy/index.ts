/**
 * A Deep Democracy round (the Lewis Method), as in shared/docs/deep-democracy.md:
 * gain all the views → find the no → spread the no → vote (secret, up to 3 rounds) →
 * the minority's wisdom (only those who voted otherwise or abstained are asked) →
 * final check; an undercurrent step (soft-shoe slider) when that fails.
 *
 * Safety first: no view, alternative, recognition, vote, need, final answer or slider
 * position ever leaves the server with a participant id, except to that participant
 * itself. Not even the facilitator sees who: "a voice in the group", not "Sara".
 */
import * as v from 'valibot';
import { accept, reject, type Actor, type StoredEvent, type Viewer } from '../../model.ts';
import { ActivityId, command, draft } from '../../schema.ts';
import type { KindRules } from '../kind.ts';
import { withoutPid } from '../kind.ts';

export const DD_STEPS = ['views', 'findNo', 'spreadNo', 'vote', 'minority', 'final', 'undercurrent'] as const;
export type DdStep = (typeof DD_STEPS)[number];
export const DD_MAX_ROUNDS = 3;
export const DD_TEXT_MAX = 280;
/** A view or alternative per person at most this many times (no flooding). */
export const DD_PER_PERSON = 10;
export const PROPOSAL_ID = 'proposal';
export const ABSTAIN = 'abstain';

const Text = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(DD_TEXT_MAX));
export const DeepDemocracyConfig = v.strictObject({
  proposal: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
  /** Show counts of 1–2 as "a few". */
  smallGroupSafety: v.boolean(),
});
export type DeepDemocracyConfig = v.InferOutput<typeof DeepDemocracyConfig>;

export type Recognition = 'fully' | 'partly' | 'not';
export type MinorityAnswer = 'asIs' | 'need' | 'cannot';
export type NeedStatus = 'added' | 'adapted' | 'notFeasible';
export type FinalAnswer = 'yes' | 'reservations' | 'no';

export interface DdView {
  id: string;
  text: string;
  /** How many said it (merges add up). */
  count: number;
  /** Only on the author's own phone. */
  pid?: string;
}
export interface DdAlternative {
  id: string;
  text: string;
  onBallot: boolean;
  pid?: string;
  recognition: Record<Recognition, number>;
}
export interface DdRound {
  n: number;
  open: boolean;
  /** Ballots cast so far (progress, not a tally). */
  cast: number;
  /** Set when the round closes: votes per option id and `abstain`. */
  tally: Record<string, number> | null;
  /** The option with the most votes, if any. */
  majority: string | null;
  outcome: 'unanimous' | 'majority' | 'split' | null;
}
export interface DdNeed {
  id: string;
  answer: MinorityAnswer;
  need?: string;
  status?: NeedStatus;
  reason?: string;
  pid?: string;
}
export interface DeepDemocracyState {
  step: DdStep;
  views: DdView[];
  alternatives: DdAlternative[];
  rounds: DdRound[];
  needs: DdNeed[];
  /** Final check: answers per kind, shown when the facilitator closes it. */
  final: { open: boolean; cast: number; tally: Record<FinalAnswer, number> | null };
  decided: boolean;
  slider: { statement: string; open: boolean; values: number[] };
  /** "Something isn't being said": only the facilitator gets the count. */
  unsaid: number;
  // Server-side only (projected away for everyone but the person themself):
  /** participant → their ballot in the open round / their recognition per alternative / … */
  ballots: Record<string, string>;
  recognitions: Record<string, Record<string, Recognition>>;
  /** Who is asked the minority question: those who voted otherwise or abstained. */
  asked: Record<string, true>;
  finals: Record<string, FinalAnswer>;
  sliders: Record<string, number>;
  unsaidBy: Record<string, true>;
}

export const DeepDemocracyDraft = draft('deepdemocracy', DeepDemocracyConfig);
const base = { activityId: ActivityId };
export const deepDemocracyCommands = [
  command('deepdemocracy.step', { ...base, step: v.picklist(DD_STEPS) }),
  command('deepdemocracy.view', { ...base, text: Text }),
  command('deepdemocracy.mergeViews', { ...base, viewId: ActivityId, otherId: ActivityId }),
  command('deepdemocracy.alternative', { ...base, text: Text }),
  command('deepdemocracy.rephrase', { ...base, alternativeId: ActivityId, text: Text, onBallot: v.boolean() }),
  command('deepdemocracy.recognise', { ...base, alternativeId: ActivityId, level: v.picklist(['fully', 'partly', 'not']) }),
  command('deepdemocracy.vote', { ...base, optionId: v.union([ActivityId, v.literal(ABSTAIN)]) }),
  command('deepdemocracy.closeVote', base),
  command('deepdemocracy.revote', base),
  command('deepdemocracy.minority', { ...base, answer: v.picklist(['asIs', 'need', 'cannot']), need: v.optional(Text) }),
  command('deepdemocracy.handleNeed', { ...base, needId: ActivityId, status: v.picklist(['added', 'adapted', 'notFeasible']), reason: v.optional(Text) }),
  command('deepdemocracy.final', { ...base, answer: v.picklist(['yes', 'reservations', 'no']) }),
  command('deepdemocracy.closeFinal', base),
  command('deepdemocracy.decide', base),
  command('deepdemocracy.slider', { ...base, value: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)) }),
  command('deepdemocracy.sliderOpen', { ...base, statement: v.pipe(v.string(), v.trim(), v.maxLength(DD_TEXT_MAX)), open: v.boolean() }),
  command('deepdemocracy.unsaid', base),
] as const;
type Cmd = v.InferOutput<(typeof deepDemocracyCommands)[number]>;

/** The options on the ballot: the proposal, then the alternatives put on it. */
export function ballotOf(config: DeepDemocracyConfig, s: Pick<DeepDemocracyState, 'alternatives'>) {
  return [{ id: PROPOSAL_ID, text: config.proposal }, ...s.alternatives.filter((a) => a.onBallot).map((a) => ({ id: a.id, text: a.text }))];
}

/** Show 1–2 as "a few" when small-group safety is on (the UI translates `few`). */
export const safeCount = (n: number, safety: boolean): number | 'few' => (safety && n > 0 && n < 3 ? 'few' : n);

export const lastRound = (s: Pick<DeepDemocracyState, 'rounds'>) => s.rounds.at(-1);

/** Which steps may follow `from` (R-DD-STEPS). */
export function allowedSteps(s: DeepDemocracyState): DdStep[] {
  const round = lastRound(s);
  const closed = round && !round.open ? round : undefined;
  switch (s.step) {
    case 'views':
      return ['findNo'];
    case 'findNo':
      return ['views', 'spreadNo'];
    case 'spreadNo':
      return ['findNo', 'vote'];
    case 'vote': {
      if (!closed) return ['spreadNo'];
      if (closed.outcome === 'unanimous') return ['final'];
      if (closed.outcome === 'majority') return ['minority'];
      return s.rounds.length >= DD_MAX_ROUNDS ? ['undercurrent'] : [];
    }
    case 'minority':
      return ['final'];
    case 'final':
      return s.final.tally && s.final.tally.no > 0 ? ['undercurrent'] : [];
    case 'undercurrent':
      return ['views', 'vote'];
  }
}

function tallyRound(s: DeepDemocracyState, ballot: { id: string }[]): Pick<DdRound, 'tally' | 'majority' | 'outcome'> {
  const tally: Record<string, number> = Object.fromEntries([...ballot.map((o) => [o.id, 0]), [ABSTAIN, 0]]);
  for (const choice of Object.values(s.ballots)) tally[choice] = (tally[choice] ?? 0) + 1;
  const options = ballot.map((o) => [o.id, tally[o.id]] as const).sort((a, b) => b[1] - a[1]);
  const votes = options.reduce((n, [, c]) => n + c, 0);
  const [top, second] = options;
  const majority = top && top[1] > 0 && (!second || top[1] > second[1]) ? top[0] : null;
  const everyone = votes + tally[ABSTAIN];
  const outcome =
    majority && top[1] === everyone ? 'unanimous' : majority && top[1] * 2 > votes ? 'majority' : 'split';
  return { tally, majority, outcome };
}

export const deepdemocracy: KindRules<DeepDemocracyConfig, DeepDemocracyState> = {
  kind: 'deepdemocracy',
  init: () => ({
    step: 'views',
    views: [],
    alternatives: [],
    rounds: [],
    needs: [],
    final: { open: false, cast: 0, tally: null },
    decided: false,
    slider: { statement: '', open: false, values: [] },
    unsaid: 0,
    ballots: {},
    recognitions: {},
    asked: {},
    finals: {},
    sliders: {},
    unsaidBy: {},
  }),

  decide(cmd: Cmd, a, actor: Actor, ctx) {
    const s = a.state;
    const fac = actor.role === 'facilitator';
    const pid = actor.participantId;
    const id = a.id;
    const onlyFacilitator = () => reject('NOT_ALLOWED', `${cmd.type} is for the facilitator`);
    const onlyParticipant = () => reject('NOT_ALLOWED', `${cmd.type} is for participants`);
    const wrongStep = () => reject('NOT_ALLOWED', `not during the ${s.step} step`);
    if (s.decided && cmd.type !== 'deepdemocracy.unsaid' && cmd.type !== 'deepdemocracy.slider' && cmd.type !== 'deepdemocracy.sliderOpen') {
      return reject('LOCKED', 'the decision is final');
    }
    switch (cmd.type) {
      case 'deepdemocracy.step': {
        if (!fac) return onlyFacilitator(); // R-DD-STEPS
        if (cmd.step === s.step) return accept();
        if (!allowedSteps(s).includes(cmd.step)) return reject('NOT_ALLOWED', `cannot go from ${s.step} to ${cmd.step}`);
        const round = lastRound(s);
        const events: Record<string, unknown>[] = [{ type: 'deepdemocracy.stepped', activityId: id, step: cmd.step }];
        // Entering the vote opens the first round (or a new one after an undercurrent).
        if (cmd.step === 'vote' && (!round || (s.step === 'undercurrent' && !round.open))) {
          events.push({ type: 'deepdemocracy.roundOpened', activityId: id, n: s.rounds.length + 1 });
        }
        if (cmd.step === 'final' && !s.final.open && !s.final.tally) events.push({ type: 'deepdemocracy.finalOpened', activityId: id });
        return accept(...(events as { type: string }[]));
      }
      case 'deepdemocracy.view': {
        if (!fac && !pid) return onlyParticipant();
        if (s.step !== 'views') return wrongStep();
        if (pid && s.views.filter((x) => x.pid === pid).length >= DD_PER_PERSON) return reject('LIMIT_REACHED', `at most ${DD_PER_PERSON} views each`);
        return accept({ type: 'deepdemocracy.viewAdded', activityId: id, ...(pid ? { pid } : {}), view: { id: ctx.newId(), text: cmd.text, count: 1, ...(pid ? { pid } : {}) } });
      }
      case 'deepdemocracy.mergeViews': {
        if (!fac) return onlyFacilitator();
        const keep = s.views.find((x) => x.id === cmd.viewId);
        const gone = s.views.find((x) => x.id === cmd.otherId);
        if (!keep || !gone || keep === gone) return reject('NOT_FOUND', 'merge two different views');
        return accept({ type: 'deepdemocracy.viewsMerged', activityId: id, viewId: keep.id, otherId: gone.id, count: keep.count + gone.count });
      }
      case 'deepdemocracy.alternative': {
        if (!fac && !pid) return onlyParticipant();
        if (s.step !== 'findNo') return wrongStep();
        if (pid && s.alternatives.filter((x) => x.pid === pid).length >= DD_PER_PERSON) return reject('LIMIT_REACHED', `at most ${DD_PER_PERSON} alternatives each`);
        const alternative: DdAlternative = { id: ctx.newId(), text: cmd.text, onBallot: fac, recognition: { fully: 0, partly: 0, not: 0 }, ...(pid ? { pid } : {}) };
        return accept({ type: 'deepdemocracy.alternativeAdded', activityId: id, ...(pid ? { pid } : {}), alternative });
      }
      case 'deepdemocracy.rephrase': {
        if (!fac) return onlyFacilitator();
        const alt = s.alternatives.find((x) => x.id === cmd.alternativeId);
        if (!alt) return reject('NOT_FOUND', 'no such alternative');
        if (lastRound(s)?.open) return reject('NOT_ALLOWED', 'the ballot cannot change during a vote');
        return accept({ type: 'deepdemocracy.rephrased', activityId: id, alternativeId: alt.id, text: cmd.text, onBallot: cmd.onBallot });
      }
      case 'deepdemocracy.recognise': {
        if (!pid) return onlyParticipant();
        if (s.step !== 'spreadNo') return wrongStep();
        if (!s.alternatives.some((x) => x.id === cmd.alternativeId)) return reject('NOT_FOUND', 'no such alternative');
        const before = s.recognitions[pid]?.[cmd.alternativeId];
        if (before === cmd.level) return accept();
        return accept({ type: 'deepdemocracy.recognised', activityId: id, pid, alternativeId: cmd.alternativeId, level: cmd.level, ...(before ? { before } : {}) });
      }
      case 'deepdemocracy.vote': {
        if (!pid) return onlyParticipant();
        const round = lastRound(s);
        if (s.step !== 'vote' || !round?.open) return reject('NOT_ALLOWED', 'no vote is open');
        if (cmd.optionId !== ABSTAIN && !ballotOf(a.config, s).some((o) => o.id === cmd.optionId)) return reject('NOT_FOUND', 'not on the ballot');
        if (s.ballots[pid] === cmd.optionId) return accept();
        return accept({ type: 'deepdemocracy.voted', activityId: id, pid, optionId: cmd.optionId, first: s.ballots[pid] === undefined });
      }
      case 'deepdemocracy.closeVote': {
        if (!fac) return onlyFacilitator();
        const round = lastRound(s);
        if (!round?.open) return reject('NOT_ALLOWED', 'no vote is open');
        const result = tallyRound(s, ballotOf(a.config, s));
        // R-DD-MINORITY: asked are those who voted otherwise or abstained.
        const asked = result.outcome === 'majority' ? Object.entries(s.ballots).filter(([, c]) => c !== result.majority).map(([p]) => p) : [];
        const events: Record<string, unknown>[] = [{ type: 'deepdemocracy.roundClosed', activityId: id, n: round.n, ...result }];
        for (const p of asked) events.push({ type: 'deepdemocracy.asked', activityId: id, pid: p });
        return accept(...(events as { type: string }[]));
      }
      case 'deepdemocracy.revote': {
        if (!fac) return onlyFacilitator(); // R-DD-ROUNDS
        const round = lastRound(s);
        if (s.step !== 'vote' || !round || round.open) return reject('NOT_ALLOWED', 'close the current round first');
        if (s.rounds.length >= DD_MAX_ROUNDS) return reject('LIMIT_REACHED', `at most ${DD_MAX_ROUNDS} rounds; try the undercurrent step`);
        return accept({ type: 'deepdemocracy.roundOpened', activityId: id, n: s.rounds.length + 1 });
      }
      case 'deepdemocracy.minority': {
        if (!pid) return onlyParticipant();
        if (s.step !== 'minority') return wrongStep();
        if (!s.asked[pid]) return reject('NOT_ALLOWED', 'the minority question is for those who voted otherwise');
        if (cmd.answer === 'need' && !cmd.need) return reject('INVALID', 'say what you need');
        const existing = s.needs.find((x) => x.pid === pid);
        const need: DdNeed = { id: existing?.id ?? ctx.newId(), answer: cmd.answer, ...(cmd.answer === 'need' ? { need: cmd.need } : {}), pid };
        return accept({ type: 'deepdemocracy.needed', activityId: id, pid, need });
      }
      case 'deepdemocracy.handleNeed': {
        if (!fac) return onlyFacilitator();
        const need = s.needs.find((x) => x.id === cmd.needId);
        if (!need || need.answer !== 'need') return reject('NOT_FOUND', 'no such need');
        if (cmd.status === 'notFeasible' && !cmd.reason) return reject('INVALID', 'give a reason when a need is not feasible');
        return accept({ type: 'deepdemocracy.needHandled', activityId: id, needId: need.id, status: cmd.status, ...(cmd.reason ? { reason: cmd.reason } : {}) });
      }
      case 'deepdemocracy.final': {
        if (!pid) return onlyParticipant();
        if (s.step !== 'final' || !s.final.open) return reject('NOT_ALLOWED', 'the final check is not open');
        if (s.finals[pid] === cmd.answer) return accept();
        return accept({ type: 'deepdemocracy.finalAnswered', activityId: id, pid, answer: cmd.answer, first: s.finals[pid] === undefined });
      }
      case 'deepdemocracy.closeFinal': {
        if (!fac) return onlyFacilitator();
        if (!s.final.open) return reject('NOT_ALLOWED', 'the final check is not open');
        const tally: Record<FinalAnswer, number> = { yes: 0, reservations: 0, no: 0 };
        for (const x of Object.values(s.finals)) tally[x]++;
        return accept({ type: 'deepdemocracy.finalClosed', activityId: id, tally });
      }
      case 'deepdemocracy.decide': {
        if (!fac) return onlyFacilitator(); // R-DD-FINAL
        const round = [...s.rounds].reverse().find((r) => !r.open && r.majority);
        if (!round) return reject('NOT_ALLOWED', 'there is no majority direction yet');
        if (round.outcome !== 'unanimous') {
          // The minority cannot be skipped: asked, and every need handled.
          if (s.step !== 'minority' && s.step !== 'final') return reject('NOT_ALLOWED', 'the minority has not been asked yet');
          if (s.needs.some((x) => x.answer === 'need' && !x.status)) return reject('NOT_ALLOWED', 'every need must be handled first');
        }
        return accept({ type: 'deepdemocracy.decided', activityId: id, optionId: round.majority });
      }
      case 'deepdemocracy.slider': {
        if (!pid) return onlyParticipant();
        if (!s.slider.open) return reject('NOT_ALLOWED', 'the slider is closed');
        const sliders = { ...s.sliders, [pid]: cmd.value };
        return accept({ type: 'deepdemocracy.slid', activityId: id, pid, value: cmd.value, values: Object.values(sliders).sort((x, y) => x - y) });
      }
      case 'deepdemocracy.sliderOpen':
        if (!fac) return onlyFacilitator();
        return accept({ type: 'deepdemocracy.sliderSet', activityId: id, statement: cmd.statement, open: cmd.open });
      case 'deepdemocracy.unsaid': {
        if (!pid) return onlyParticipant();
        if (s.unsaidBy[pid]) return accept(); // once per person: a signal, not a vote
        return accept({ type: 'deepdemocracy.unsaidPressed', activityId: id, pid, counted: true });
      }
    }
  },

  apply(s, ev) {
    switch (ev.type) {
      case 'deepdemocracy.stepped':
        s.step = ev.step as DdStep;
        return;
      case 'deepdemocracy.viewAdded':
        s.views.push(structuredClone(ev.view as DdView));
        return;
      case 'deepdemocracy.viewsMerged': {
        const keep = s.views.find((x) => x.id === ev.viewId);
        if (keep) keep.count = ev.count as number;
        s.views = s.views.filter((x) => x.id !== ev.otherId);
        return;
      }
      case 'deepdemocracy.alternativeAdded':
        s.alternatives.push(structuredClone(ev.alternative as DdAlternative));
        return;
      case 'deepdemocracy.rephrased': {
        const alt = s.alternatives.find((x) => x.id === ev.alternativeId);
        if (alt) Object.assign(alt, { text: ev.text, onBallot: ev.onBallot });
        return;
      }
      case 'deepdemocracy.recognised': {
        const alt = s.alternatives.find((x) => x.id === ev.alternativeId);
        if (alt) {
          if (ev.before) alt.recognition[ev.before as Recognition]--;
          alt.recognition[ev.level as Recognition]++;
        }
        if (ev.pid) (s.recognitions[ev.pid] ??= {})[ev.alternativeId as string] = ev.level as Recognition;
        return;
      }
      case 'deepdemocracy.roundOpened':
        s.rounds.push({ n: ev.n as number, open: true, cast: 0, tally: null, majority: null, outcome: null });
        s.ballots = {};
        s.asked = {};
        s.needs = [];
        return;
      case 'deepdemocracy.voted': {
        const round = lastRound(s);
        if (round && ev.first) round.cast++;
        if (ev.pid) s.ballots[ev.pid] = ev.optionId as string;
        return;
      }
      case 'deepdemocracy.roundClosed': {
        const round = s.rounds.find((r) => r.n === ev.n);
        if (round) Object.assign(round, { open: false, tally: structuredClone(ev.tally), majority: ev.majority, outcome: ev.outcome });
        return;
      }
      case 'deepdemocracy.asked':
        if (ev.pid) s.asked[ev.pid] = true;
        return;
      case 'deepdemocracy.needed': {
        const need = structuredClone(ev.need as DdNeed);
        const at = s.needs.findIndex((x) => x.id === need.id);
        if (at >= 0) s.needs[at] = need;
        else s.needs.push(need);
        return;
      }
      case 'deepdemocracy.needHandled': {
        const need = s.needs.find((x) => x.id === ev.needId);
        if (need) {
          need.status = ev.status as NeedStatus;
          if (ev.reason) need.reason = ev.reason as string;
          else delete need.reason;
        }
        return;
      }
      case 'deepdemocracy.finalOpened':
        s.final = { open: true, cast: 0, tally: null };
        s.finals = {};
        return;
      case 'deepdemocracy.finalAnswered':
        if (ev.first) s.final.cast++;
        if (ev.pid) s.finals[ev.pid] = ev.answer as FinalAnswer;
        return;
      case 'deepdemocracy.finalClosed':
        s.final = { open: false, cast: s.final.cast, tally: structuredClone(ev.tally) as Record<FinalAnswer, number> };
        return;
      case 'deepdemocracy.decided':
        s.decided = true;
        return;
      case 'deepdemocracy.slid':
        if (ev.pid) s.sliders[ev.pid] = ev.value as number;
        if (ev.values) s.slider.values = [...(ev.values as number[])];
        return;
      case 'deepdemocracy.sliderSet':
        s.slider.statement = ev.statement as string;
        s.slider.open = ev.open as boolean;
        return;
      case 'deepdemocracy.unsaidPressed':
        if (ev.pid) s.unsaidBy[ev.pid] = true;
        if (ev.counted) s.unsaid++;
        return;
    }
  },

  projectState(s, viewer) {
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    const own = <T>(rec: Record<string, T>): Record<string, T> => (me && rec[me] !== undefined ? { [me]: structuredClone(rec[me]) } : {});
    const strip = <T extends { pid?: string }>(x: T): T => {
      if (x.pid !== undefined && x.pid === me) return structuredClone(x);
      const { pid: _p, ...rest } = x;
      return structuredClone(rest) as T;
    };
    return {
      step: s.step,
      views: s.views.map(strip),
      alternatives: s.alternatives.map(strip),
      rounds: structuredClone(s.rounds),
      needs: s.needs.map(strip),
      final: structuredClone(s.final),
      decided: s.decided,
      // The board and the facilitator see the cloud; phones only their own position.
      slider: { ...s.slider, values: viewer.role === 'participant' ? [] : [...s.slider.values] },
      unsaid: viewer.role === 'facilitator' ? s.unsaid : 0,
      ballots: own(s.ballots),
      recognitions: own(s.recognitions),
      asked: own(s.asked),
      finals: own(s.finals),
      sliders: own(s.sliders),
      unsaidBy: own(s.unsaidBy),
    };
  },

  projectEvent(ev: StoredEvent, viewer: Viewer) {
    const mine = viewer.role === 'participant' && ev.pid !== undefined && ev.pid === viewer.participantId;
    if (ev.type === 'deepdemocracy.unsaidPressed') {
      // Only the facilitator learns the count; the presser only that it was received.
      if (mine) return { ...ev, counted: false };
      return viewer.role === 'facilitator' ? withoutPid(ev) : null;
    }
    if (mine && ev.type === 'deepdemocracy.slid') {
      const { values: _v, ...rest } = ev;
      return rest as StoredEvent;
    }
    if (mine) return ev;
    const out = withoutPid(ev);
    switch (ev.type) {
      case 'deepdemocracy.viewAdded':
        return { ...out, view: stripPid(ev.view) };
      case 'deepdemocracy.alternativeAdded':
        return { ...out, alternative: stripPid(ev.alternative) };
      case 'deepdemocracy.needed':
        return { ...out, need: stripPid(ev.need) };
      case 'deepdemocracy.voted':
      case 'deepdemocracy.finalAnswered':
        // Progress only: that a ballot was cast, never what or by whom.
        return ev.first ? { type: ev.type, activityId: ev.activityId, first: true, seq: ev.seq, at: ev.at } : null;
      case 'deepdemocracy.recognised': {
        const { level, before, alternativeId } = ev;
        return { type: ev.type, activityId: ev.activityId, alternativeId, level, ...(before ? { before } : {}), seq: ev.seq, at: ev.at };
      }
      case 'deepdemocracy.asked':
        return null;
      case 'deepdemocracy.slid':
        if (viewer.role === 'participant') return null;
        return { type: ev.type, activityId: ev.activityId, values: ev.values, seq: ev.seq, at: ev.at };
      default:
        return out;
    }
  },
};

function stripPid<T>(x: unknown): T {
  const { pid: _p, ...rest } = x as { pid?: string };
  return rest as T;
}
