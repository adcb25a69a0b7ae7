/** The dot vote's limits: the schema enforces them, the builder and the phone show them. */

/** A vote offers at most this many items (as many as a brainstorm can hold). */
export const DOTVOTE_ITEMS_MAX = 1000;
export const DOTVOTE_PROMPT_MAX = 280;
/** Dots per participant (the budget), and the highest cap per item. */
export const DOTVOTE_BUDGET_MAX = 20;
export const DOTVOTE_CAP_MAX = 20;
/** Items the facilitator may carry forward. */
export const DOTVOTE_CARRY_MAX = 50;
