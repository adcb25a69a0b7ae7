/**
 * Build the report (verslag) from a room, in the session's language. Reads the
 * facilitator's projection, so nothing the method keeps anonymous (Deep Democracy
 * stances) can reach the report even by mistake.
 */
import { fullKindOf, kindOf } from '../activities/registry.ts';
import { projectState } from '../audiences.ts';
import { translate } from '../i18n/index.ts';
import { isolateParams, withSuffix } from '../bidi.ts';
import { localise } from '../translations.ts';
import { formatDate } from './dates.ts';
import { photoBlocks } from './photos.ts';
import { attendanceBlocks, followUpBlocks, introBlocks, resourceBlocks } from './sections.ts';
import type { RoomState } from '../model.ts';
import type { Block, ReportContext, ReportDoc, ReportRow } from './model.ts';

function context(room: RoomState, lang: string): ReportContext {
  const votes = new Map<string, number>();
  for (const a of room.agenda) {
    const tally = kindOf(a.kind)?.votes?.(a.state);
    for (const [id, n] of Object.entries(tally ?? {})) votes.set(id, (votes.get(id) ?? 0) + n);
  }
  return {
    lang,
    // Texts inside a sentence are isolated where their direction differs (R-REPORT-BIDI).
    t: (key, params) => translate(lang, key, params && isolateParams(params, lang)),
    suffix: (text, sep, suffix) => withSuffix(text, sep, suffix, lang),
    votesFor: (id) => votes.get(id),
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export { formatDate };

/** Who reads the report decides what it may hold. */
export interface ReportOptions {
  /**
   * R-REPORT-ATTENDANCE: list the names participants gave (default: no). Only for readers
   * who see names anyway: the facilitator key and the organiser, never a report link
   * (R-PRIVACY-REPORT-LINK) or the anonymous JSON.
   */
  names?: boolean;
}

/**
 * The report in `lang` (default: the session's; R-REPORT-LANG): the words in that language,
 * and what the facilitator wrote in it where translated (translations.ts). In the order a
 * person writes one: the first page (theme, date, place, attendance), the intro and goals,
 * the agenda, each activity that ran, who takes on what, who was there, the tips and the
 * next session.
 */
export function buildReport(state: RoomState, lang: string = state.lang, options: ReportOptions = {}): ReportDoc {
  const projected = projectState(state, { role: 'facilitator' });
  const room = lang === projected.lang ? projected : { ...projected, agenda: projected.agenda.map((a) => localise(a, lang)) };
  const ctx = context(room, lang);
  const { t } = ctx;
  const m = room.meta ?? {};
  const blocks: Block[] = [{ t: 'h', level: 1, text: t('report.heading', { title: room.title }) }];
  const facts = [
    ...(m.theme ? [t('report.theme', { theme: m.theme })] : []),
    t('report.date', { date: formatDate(m.date ?? isoDay(room.createdAt), lang) }),
    ...(m.place ? [t('report.place', { place: m.place })] : []),
    ...(m.facilitator ? [t('report.facilitator', { name: m.facilitator })] : []),
    t('report.attendance', { count: room.peak ?? 0 }),
  ];
  for (const text of facts) blocks.push({ t: 'p', text });

  const intro = introBlocks(room, ctx);
  blocks.push(...intro.blocks);

  blocks.push({ t: 'h', level: 2, text: t('report.agenda') });
  blocks.push({ t: 'ol', items: room.agenda.map((a) => ({ text: a.opened ? a.title : `${a.title} (${t('report.notRun')})` })) });

  for (const a of room.agenda) {
    if (!a.opened || intro.used.has(a.id)) continue;
    blocks.push({ t: 'h', level: 2, text: a.title });
    blocks.push(...(fullKindOf(a.kind)?.report.report?.(a, ctx) ?? []));
    blocks.push(...photoBlocks(a, ctx));
  }

  blocks.push(...followUpBlocks(room, ctx));
  if (options.names) blocks.push(...attendanceBlocks(room, ctx));
  blocks.push(...resourceBlocks(room, ctx));

  if (m.nextDate || m.nextTheme) {
    blocks.push({ t: 'h', level: 2, text: t('report.next') });
    if (m.nextDate) blocks.push({ t: 'p', text: t('report.nextDate', { date: formatDate(m.nextDate, lang) }) });
    if (m.nextTheme) blocks.push({ t: 'p', text: t('report.nextTheme', { theme: m.nextTheme }) });
  }
  return { lang, title: room.title, blocks };
}

/** One row per item (post-it, vote item, answer, view), for spreadsheets. */
export function buildRows(state: RoomState): ReportRow[] {
  const room = projectState(state, { role: 'facilitator' });
  const ctx = context(room, room.lang);
  return room.agenda.filter((a) => a.opened).flatMap((a) => fullKindOf(a.kind)?.report.rows?.(a, ctx) ?? []);
}
