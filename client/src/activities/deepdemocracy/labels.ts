/**
 * Words shared by the three Deep Democracy views. Every key is written out literally so the
 * catalogue scan (R-I18N-COMPLETE) sees it.
 */
import {
  ABSTAIN,
  ballotOf,
  DD_FINAL_ANSWERS,
  directionRound,
  DD_MAIN_STEPS,
  DD_MINORITY_ANSWERS,
  DD_NEED_STATUSES,
  DD_RECOGNITIONS,
  PROPOSAL_ID,
  safeCount,
  type ShownCount,
} from '../../../../shared/activities/deepdemocracy/rules.ts';
import type {
  DdRound,
  DdStep,
  DeepDemocracyConfig,
  DeepDemocracyState,
  FinalAnswer,
  MinorityAnswer,
  NeedStatus,
  Recognition,
} from '../../../../shared/activities/deepdemocracy/schema.ts';
import { i18n } from '../../lib/i18n.svelte.ts';

/** The steps everyone walks through; the undercurrent only shows when it is used. */
export const MAIN_STEPS: readonly DdStep[] = DD_MAIN_STEPS;

export function stepLabel(step: DdStep): string {
  switch (step) {
    case 'views':
      return i18n.t('dd.step.views');
    case 'findNo':
      return i18n.t('dd.step.findNo');
    case 'spreadNo':
      return i18n.t('dd.step.spreadNo');
    case 'vote':
      return i18n.t('dd.step.vote');
    case 'minority':
      return i18n.t('dd.step.minority');
    case 'final':
      return i18n.t('dd.step.final');
    case 'undercurrent':
      return i18n.t('dd.step.undercurrent');
  }
}

export const RECOGNITIONS: readonly Recognition[] = DD_RECOGNITIONS;
export function recognitionLabel(level: Recognition): string {
  switch (level) {
    case 'fully':
      return i18n.t('dd.recognise.fully');
    case 'partly':
      return i18n.t('dd.recognise.partly');
    case 'not':
      return i18n.t('dd.recognise.not');
  }
}

export const MINORITY_ANSWERS: readonly MinorityAnswer[] = DD_MINORITY_ANSWERS;
export function minorityLabel(answer: MinorityAnswer): string {
  switch (answer) {
    case 'asIs':
      return i18n.t('dd.minority.asIs');
    case 'need':
      return i18n.t('dd.minority.need');
    case 'cannot':
      return i18n.t('dd.minority.cannot');
  }
}

export const NEED_STATUSES: readonly NeedStatus[] = DD_NEED_STATUSES;
export function needStatusLabel(status: NeedStatus): string {
  switch (status) {
    case 'added':
      return i18n.t('dd.need.added');
    case 'adapted':
      return i18n.t('dd.need.adapted');
    case 'notFeasible':
      return i18n.t('dd.need.notFeasible');
  }
}

export const FINAL_ANSWERS: readonly FinalAnswer[] = DD_FINAL_ANSWERS;
export function finalLabel(answer: FinalAnswer): string {
  switch (answer) {
    case 'yes':
      return i18n.t('dd.final.yes');
    case 'reservations':
      return i18n.t('dd.final.reservations');
    case 'no':
      return i18n.t('dd.final.no');
  }
}

export function outcomeLabel(outcome: DdRound['outcome']): string {
  switch (outcome) {
    case 'unanimous':
      return i18n.t('dd.outcome.unanimous');
    case 'majority':
      return i18n.t('dd.outcome.majority');
    case 'split':
      return i18n.t('dd.outcome.split');
    default:
      return '';
  }
}

/** The text of a ballot option (the proposal, an alternative) or "abstain". */
export function optionText(
  config: DeepDemocracyConfig,
  s: Pick<DeepDemocracyState, 'alternatives'>,
  optionId: string | null | undefined,
): string {
  if (!optionId) return '';
  if (optionId === ABSTAIN) return i18n.t('dd.vote.abstain');
  if (optionId === PROPOSAL_ID) return config.proposal;
  return s.alternatives.find((a) => a.id === optionId)?.text ?? '';
}

/**
 * The decision as it stands (R-DD-AMEND): the amended text when the facilitator amended it,
 * else the majority's option; `amended` says which.
 */
export function decisionLabel(config: DeepDemocracyConfig, s: DeepDemocracyState): { text: string; amended: boolean } {
  if (s.amendment) return { text: s.amendment.text, amended: true };
  return { text: optionText(config, s, directionRound(s)?.majority), amended: false };
}

/** The words for a decided round: "Decision: …", or "Decision (amended): …". */
export function decidedText(config: DeepDemocracyConfig, s: DeepDemocracyState): string {
  const d = decisionLabel(config, s);
  return d.amended ? i18n.t('dd.decidedAmended', { option: d.text }) : i18n.t('dd.decided', { option: d.text });
}

/** The rows of a closed round's tally: every option on the ballot (as it was), then abstain. */
export function tallyRows(config: DeepDemocracyConfig, s: Pick<DeepDemocracyState, 'alternatives'>, round: DdRound) {
  const tally = round.tally ?? {};
  const ids = Object.keys(tally).filter((k) => k !== ABSTAIN);
  // Options that were on the ballot come first in ballot order; then any others; abstain last.
  const order = ballotOf(config, s).map((o) => o.id);
  ids.sort((a, b) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)));
  return [...ids, ABSTAIN].map((optionId) => ({
    optionId,
    text: optionText(config, s, optionId) || i18n.t('dd.vote.removedOption'),
    votes: tally[optionId] ?? 0,
    majority: optionId === round.majority,
  }));
}

/** A count for the board, with "a few" for 1–2 when small-group safety is on (R-DD-FEW). */
export function boardCount(n: ShownCount, safety: boolean): string {
  const c = safeCount(n, safety);
  return c === 'few' ? i18n.t('dd.few') : String(c);
}

/** A bar's length on the board: "a few" is drawn the same for 1 and 2, so it gives nobody away. */
export const barLength = (n: ShownCount, safety: boolean): number => {
  const c = safeCount(n, safety);
  return c === 'few' ? 1.5 : c;
};

/** Whether a count is shown as "a few" on the board. */
export const isFew = (n: ShownCount, safety: boolean) => safeCount(n, safety) === 'few';

/** One row of a tally drawn as a bar. */
export interface Bar {
  key: string;
  label: string;
  n: number;
  /** The count as shown ("4", or "a few"). */
  shown: string;
  strong?: boolean;
}
