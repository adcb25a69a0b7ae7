/**
 * Pure helpers of a Deep Democracy round that `decide` uses and the views may ask too (so a
 * view explains a disabled button with the rule itself, not a copy). No valibot here.
 */
import { ABSTAIN, DD_MAX_ROUNDS, PROPOSAL_ID } from './constants.ts';
import type { DdAlternative, DdRound, DdStep, DeepDemocracyConfig, DeepDemocracyState } from './schema.ts';

export function initState(): DeepDemocracyState {
  return {
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
  };
}

/** The options on the ballot: the proposal, then the alternatives put on it. */
export function ballotOf(config: Pick<DeepDemocracyConfig, 'proposal'>, s: Pick<DeepDemocracyState, 'alternatives'>) {
  return [{ id: PROPOSAL_ID, text: config.proposal }, ...s.alternatives.filter((a) => a.onBallot).map((a) => ({ id: a.id, text: a.text }))];
}

/** A count as shown: `few` stands for 1–2 (R-DD-FEW, R-DD-COARSE). */
export type ShownCount = number | 'few';

/** Show 1–2 as "a few" when small-group safety is on (the UI translates `few`). R-DD-FEW */
export const safeCount = (n: ShownCount, safety: boolean): ShownCount => (n === 'few' || (safety && n > 0 && n < 3) ? 'few' : n);

/** Each count of a tally as shown (R-DD-COARSE: the board and the phones get no exact 1 or 2). */
export const coarseTally = <K extends string>(tally: Readonly<Record<K, ShownCount>>, safety: boolean): Record<K, ShownCount> =>
  Object.fromEntries(Object.entries<ShownCount>(tally).map(([k, c]) => [k, safeCount(c, safety)])) as Record<K, ShownCount>;

/** At least one (a coarse `few` is 1–2). */
export const someCount = (c: ShownCount): boolean => c === 'few' || c > 0;

/** A count as a number: exact where it is (the facilitator's), else its lower bound (`few`: 1). */
export const lowerBound = (c: ShownCount): number => (c === 'few' ? 1 : c);

/** How many recognise an alternative at least partly: coarse on the board and the phones, exact on the console. */
export const atLeastPartly = (a: Pick<DdAlternative, 'recognition' | 'recognised'>): ShownCount =>
  a.recognised ?? a.recognition.fully + a.recognition.partly;

export const lastRound = (s: Pick<DeepDemocracyState, 'rounds'>): DdRound | undefined => s.rounds.at(-1);

/** The most recent closed round that set a direction. */
export function directionRound(s: Pick<DeepDemocracyState, 'rounds'>): DdRound | undefined {
  return [...s.rounds].reverse().find((r) => !r.open && r.majority);
}

/** A vote is open: ballots are taken and the ballot cannot change (R-DD-ALT, R-DD-SECRET). */
export const voteOpen = (s: Pick<DeepDemocracyState, 'rounds'>): boolean => !!lastRound(s)?.open;

/** Which steps may follow the current one (R-DD-STEPS). */
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
      return s.final.tally && someCount(s.final.tally.no) ? ['undercurrent'] : [];
    case 'undercurrent':
      return ['views', 'vote'];
  }
}

/** Why the final check takes no answer now (R-DD-FINALCHECK), or undefined while it is open. */
export function finalRefusal(s: Pick<DeepDemocracyState, 'step' | 'final'>): 'finalClosed' | 'finalNotOpen' | undefined {
  if (s.step === 'final' && s.final.open) return undefined;
  return s.step === 'final' && s.final.tally ? 'finalClosed' : 'finalNotOpen';
}

/**
 * Why the facilitator may not amend the decision now, or undefined (R-DD-AMEND): only in the
 * final step or once decided, and linking only adapted needs (each once).
 */
export function amendRefusal(
  s: Pick<DeepDemocracyState, 'step' | 'decided' | 'needs'>,
  cmd: { text: string; needIds: readonly string[] },
): 'notFinal' | 'noNeed' | 'notAdapted' | 'amendMissing' | undefined {
  if (s.step !== 'final' && !s.decided) return 'notFinal';
  if (!cmd.text && cmd.needIds.length) return 'amendMissing';
  if (new Set(cmd.needIds).size !== cmd.needIds.length) return 'noNeed';
  for (const needId of cmd.needIds) {
    const need = s.needs.find((x) => x.id === needId && x.answer === 'need');
    if (!need) return 'noNeed';
    if (need.status !== 'adapted') return 'notAdapted';
  }
  return undefined;
}

/** The decision's text: as amended, else the majority's option (undefined: no direction yet). */
export function decisionText(config: Pick<DeepDemocracyConfig, 'proposal'>, s: DeepDemocracyState): string | undefined {
  if (s.amendment) return s.amendment.text;
  const majority = directionRound(s)?.majority;
  return majority
    ? (ballotOf(config, s).find((o) => o.id === majority)?.text ?? s.alternatives.find((x) => x.id === majority)?.text)
    : undefined;
}

/** Why the decision cannot be marked final yet (R-DD-FINAL), or undefined when it can. */
export function decideRefusal(s: DeepDemocracyState): 'noDirection' | 'askFirst' | 'unhandled' | undefined {
  const round = directionRound(s);
  if (!round) return 'noDirection';
  if (round.outcome !== 'unanimous') {
    // The minority cannot be skipped: asked, and every need handled.
    if (s.step !== 'minority' && s.step !== 'final') return 'askFirst';
    if (s.needs.some((x) => x.answer === 'need' && !x.status)) return 'unhandled';
  }
  return undefined;
}

/** The result of a round: votes per option (and abstain), the majority and the outcome. */
export function tallyRound(
  ballots: Readonly<Record<string, string>>,
  ballot: readonly { id: string }[],
): { tally: Record<string, number>; majority: string | null; outcome: NonNullable<DdRound['outcome']> } {
  const tally: Record<string, number> = Object.fromEntries([...ballot.map((o) => [o.id, 0]), [ABSTAIN, 0]]);
  for (const choice of Object.values(ballots)) tally[choice] = (tally[choice] ?? 0) + 1;
  const options = ballot.map((o) => [o.id, tally[o.id]] as const).sort((a, b) => b[1] - a[1]);
  const votes = options.reduce((n, [, c]) => n + c, 0);
  const [top, second] = options;
  const majority = top && top[1] > 0 && (!second || top[1] > second[1]) ? top[0] : null;
  const everyone = votes + tally[ABSTAIN];
  const outcome = majority && top[1] === everyone ? 'unanimous' : majority && top[1] * 2 > votes ? 'majority' : 'split';
  return { tally, majority, outcome };
}
