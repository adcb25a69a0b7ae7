/** Group work's limits: the schema enforces them, the builder, phone and console show them. */

export const GROUPWORK_ANSWER_MAX = 500;
/** Items a group work takes (one per group, at most). */
export const GROUPWORK_ITEMS_MAX = 50;
export const GROUPWORK_QUESTION_MAX = 300;
export const GROUPWORK_QUESTIONS_MAX = 8;
export const GROUPWORK_GROUPS_MAX = 50;
/** Answers in one group work, all groups together. */
export const GROUPWORK_ANSWERS_MAX = 2000;
/** A group's own name ("De Zwanen") and place ("tafel 3", "bij het raam"), set by the facilitator. */
export const GROUPWORK_NAME_MAX = 40;
export const GROUPWORK_PLACE_MAX = 60;
/** A participant's display name as shown to their group (participant.rename allows 40). */
export const GROUPWORK_PERSON_MAX = 40;
/** People in one group whose names can be shown (a room of 20–60, all in one group at most). */
export const GROUPWORK_PEOPLE_MAX = 500;

/** The seed report's four guiding questions for group work (catalogue keys). */
export const GROUPWORK_QUESTIONS = ['groupwork.q1', 'groupwork.q2', 'groupwork.q3', 'groupwork.q4'];
