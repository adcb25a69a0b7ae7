/** The brainstorm's limits: the schema enforces them, the builder, phone and console show them. */

/** The longest post-it anyone may write (the facilitator's `maxLength` is at most this). */
export const BRAINSTORM_TEXT_MAX = 1000;
export const BRAINSTORM_COLUMNS_MAX = 6;
/**
 * A wall holds at most this many post-its: a town hall of 5,000 phones, one each (issue 13).
 * A vote takes at most DOTVOTE_ITEMS_MAX of them as items, or the wall's clusters.
 */
export const BRAINSTORM_ITEMS_MAX = 5000;
export const BRAINSTORM_PROMPT_MAX = 280;
/** A column's or a cluster's title. */
export const BRAINSTORM_TITLE_MAX = 80;
export const BRAINSTORM_CLUSTERS_MAX = 50;
/** The most member texts a cluster carries into a vote; its `size` says how many it has. */
export const BRAINSTORM_CLUSTER_SAMPLE = 100;
/** The range of the facilitator's "post-its per person" and "characters per post-it". */
export const BRAINSTORM_PER_PERSON_MAX = 50;
export const BRAINSTORM_LENGTH_MIN = 10;
/** The most post-its one bulk command takes (its ids stay well under the 16 KiB message limit). */
export const BRAINSTORM_BULK_MAX = 400;
/** Who follows an engagement up: a person or a service, as the facilitator types it. */
export const BRAINSTORM_OWNER_MAX = 80;
/** The board turns to its next page of post-its this often (ms) while it pages by itself. */
export const BRAINSTORM_PAGE_MS = 8000;
/** The board's page counter (the board shows it modulo its number of pages). */
export const BRAINSTORM_PAGE_LIMIT = 1_000_000;
