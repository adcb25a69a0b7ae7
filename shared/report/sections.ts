/**
 * The report's own sections around the activities: the intro and goals, the agreements
 * (who takes on what, by when), the attendance list and the reading and viewing tips.
 */
import { fullKindOf } from '../activities/registry.ts';
import type { Activity, RoomState } from '../model.ts';
import { formatDate } from './dates.ts';
import { listOf, locale } from './list.ts';
import type { Block, ReportContext } from './model.ts';
import { photoBlocks } from './photos.ts';

/** A card that says something before the work starts: nothing to agree to. */
const introCard = (a: Activity) => a.kind === 'info' && !(a.config as { agreeable?: boolean }).agreeable;

/**
 * R-REPORT-INTRO: the intro (a paragraph per line) and the goals (one per line, a list)
 * from the session details; without either, the info cards the session opened with
 * (before anything else ran) are the intro, with their pictures, and are not repeated.
 */
export function introBlocks(room: RoomState, ctx: ReportContext): { blocks: Block[]; used: Set<string> } {
  const { t } = ctx;
  const m = room.meta ?? {};
  const lines = (s: string | undefined) =>
    (s ?? '')
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);
  const intro = lines(m.intro);
  const goals = lines(m.goals).map((x) => x.replace(/^[-•*]\s*/, ''));
  const blocks: Block[] = [];
  const used = new Set<string>();
  if (intro.length || goals.length) {
    if (intro.length) blocks.push({ t: 'h', level: 2, text: t('report.intro') }, ...intro.map((text): Block => ({ t: 'p', text })));
    if (goals.length) blocks.push({ t: 'h', level: 2, text: t('report.goals') }, { t: 'ul', items: goals.map((text) => ({ text })) });
    return { blocks, used };
  }
  const cards: Activity[] = [];
  // What ran first (an activity that did not run does not break the run).
  for (const a of room.agenda.filter((x) => x.opened)) {
    if (!introCard(a)) break;
    cards.push(a);
  }
  if (!cards.length) return { blocks, used };
  const heading = t('report.intro');
  blocks.push({ t: 'h', level: 2, text: heading });
  for (const a of cards) {
    used.add(a.id);
    if (cards.length > 1 || a.title.trim().toLocaleLowerCase() !== heading.toLocaleLowerCase())
      blocks.push({ t: 'h', level: 3, text: a.title });
    blocks.push(...(fullKindOf(a.kind)?.report.report?.(a, ctx) ?? []), ...photoBlocks(a, ctx));
  }
  return { blocks, used };
}

/** An engagement someone took on (a post-it with an owner or a due date). */
interface FollowUp {
  text: string;
  owner?: string;
  due?: string;
}

/** R-REPORT-FOLLOWUPS: every engagement with an owner or a due date, in one table near the end. */
export function followUpBlocks(room: RoomState, ctx: ReportContext): Block[] {
  const { t } = ctx;
  const all: FollowUp[] = room.agenda
    .filter((a) => a.opened)
    .flatMap((a) => (fullKindOf(a.kind)?.report.carryOver?.(a).followUps ?? []) as FollowUp[]);
  if (!all.length) return [];
  return [
    { t: 'h', level: 2, text: t('report.followUps') },
    {
      t: 'table',
      head: [t('report.followUps.what'), t('report.followUps.owner'), t('report.followUps.due')],
      rows: all.map((f) => [f.text, f.owner ?? '', f.due ? formatDate(f.due, ctx.lang) : '']),
    },
  ];
}

/**
 * R-REPORT-ATTENDANCE: the names participants gave, sorted as the report's language sorts
 * them, and how many took part without a name. Only when the reader may see names.
 */
export function attendanceBlocks(room: RoomState, ctx: ReportContext): Block[] {
  const people = Object.values(room.participants ?? {});
  const collator = new Intl.Collator(locale(ctx.lang), { sensitivity: 'base', numeric: true });
  const names = people
    .map((p) => p.name?.trim() ?? '')
    .filter(Boolean)
    .sort(collator.compare);
  if (!names.length) return [];
  const anonymous = people.length - names.length;
  const parts = anonymous ? [...names, ctx.t('report.anonymous', { count: anonymous })] : names;
  return [
    { t: 'h', level: 2, text: ctx.t('report.attendees') },
    { t: 'p', text: listOf(parts, ctx.lang) },
  ];
}

/** R-REPORT-RESOURCES: the reading and viewing tips the facilitator added, as links. */
export function resourceBlocks(room: RoomState, ctx: ReportContext): Block[] {
  const tips = (room.meta?.resources ?? []).filter((r) => r.title.trim() && /^https?:\/\//i.test(r.url));
  if (!tips.length) return [];
  return [
    { t: 'h', level: 2, text: ctx.t('report.resources') },
    ...tips.map((r): Block => ({ t: 'link', text: r.title.trim(), href: r.url.trim() })),
  ];
}
