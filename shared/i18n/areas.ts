/**
 * The catalogue is split per language and per area: `shared/i18n/<lang>/<area>.json`. A
 * page loads only the areas it shows, in its own language (a phone: common + phone, then
 * the words of each activity kind it meets). Node loads every area of every language.
 *
 *   common    every page: app name, skip link, connection states, errors, language picker
 *   phone     the participant's page around the activities (joining, name, waiting)
 *   <kind>    one per activity kind (info.json, brainstorm.json…): what its phone view says,
 *             which its board and console views may also use
 *   board     the projector (join panel, the kinds' board-only words)
 *   console   the facilitator's console: agenda builder, moderation, timer, the kinds'
 *             console-only words and builder fields
 *   content   default texts put into activities, in the session's language (question decks)
 *   report    the report page and the report panel
 *   start     the start page (create, join, templates) and the not-found page
 *   admin     the organiser's page
 *   server    only the server writes these: report documents, CSV headers, template agendas
 *
 * Which area a key belongs to follows from who shows it; test/shared/i18n.test.ts scans the
 * client and names the area a missing key must go to.
 */
export const ROLE_AREAS = ['common', 'phone', 'board', 'console', 'content', 'report', 'start', 'admin', 'server'] as const;

/** Stands for "every activity kind's area" in ROUTE_AREAS. */
export const KINDS = '*';

/**
 * The areas each page (route view) needs before it shows anything, in the page's language.
 * `KINDS`: every kind up front (the console). The phone and board show one kind at a time
 * and load a kind's area with its view (client/src/activities/registry.ts).
 */
export const ROUTE_AREAS: Record<string, readonly string[]> = {
  phone: ['common', 'phone'],
  board: ['common', 'board'],
  console: ['common', 'console', 'board', 'report', 'start', KINDS],
  report: ['common', 'report'],
  start: ['common', 'start'],
  admin: ['common', 'admin', 'report'],
  notfound: ['common', 'start'],
};

/**
 * Areas a page needs in the session's language, whatever it shows in: the console puts
 * default texts (question decks) into activities in the session's language, not its own.
 * The page loads them once it knows the session (ConsoleView).
 */
export const ROUTE_AREAS_SESSION_LANGUAGE: Record<string, readonly string[]> = {
  console: ['content'],
};
