/** The brainstorm's limits: the schema enforces them, the builder, phone and console show them. */

/** The longest post-it anyone may write (the facilitator's `maxLength` is at most this). */
export const BRAINSTORM_TEXT_MAX = 1000;
export const BRAINSTORM_COLUMNS_MAX = 6;
/** A wall holds at most this many post-its (a vote can offer them all). */
export const BRAINSTORM_ITEMS_MAX = 1000;
export const BRAINSTORM_PROMPT_MAX = 280;
/** A column's or a cluster's title. */
export const BRAINSTORM_TITLE_MAX = 80;
export const BRAINSTORM_CLUSTERS_MAX = 50;
/** The range of the facilitator's "post-its per person" and "characters per post-it". */
export const BRAINSTORM_PER_PERSON_MAX = 50;
export const BRAINSTORM_LENGTH_MIN = 10;
