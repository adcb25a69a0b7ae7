/** Limits and fixed ids of a Deep Democracy round, for the schemas, the rules and the views alike. */

export const DD_STEPS = ['views', 'findNo', 'spreadNo', 'vote', 'minority', 'final', 'undercurrent'] as const;
/** The steps everyone walks through; the undercurrent only shows when it is used. */
export const DD_MAIN_STEPS = ['views', 'findNo', 'spreadNo', 'vote', 'minority', 'final'] as const;
export const DD_RECOGNITIONS = ['fully', 'partly', 'not'] as const;
export const DD_MINORITY_ANSWERS = ['asIs', 'need', 'cannot'] as const;
export const DD_NEED_STATUSES = ['added', 'adapted', 'notFeasible'] as const;
export const DD_FINAL_ANSWERS = ['yes', 'reservations', 'no'] as const;
export const DD_OUTCOMES = ['unanimous', 'majority', 'split'] as const;

/** Vote rounds before the undercurrent is offered (R-DD-ROUNDS). */
export const DD_MAX_ROUNDS = 3;
/** A view, alternative, need, reason or slider statement. */
export const DD_TEXT_MAX = 280;
export const DD_PROPOSAL_MAX = 500;
/** Needs one amendment can take in (a room of 60 has fewer in its minority). */
export const DD_AMEND_NEEDS_MAX = 100;
/** A view or alternative per person at most this many times (no flooding). */
export const DD_PER_PERSON = 10;
/** The soft-shoe slider's ends. */
export const DD_SLIDER_MIN = 0;
export const DD_SLIDER_MAX = 100;

/** The option id of the proposal on the ballot, and of abstaining. */
export const PROPOSAL_ID = 'proposal';
export const ABSTAIN = 'abstain';
