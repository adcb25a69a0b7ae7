/**
 * Series: a session that continues an earlier one (the learning network meets six times)
 * starts with a refresher card ("opfrissing vorige sessie") holding what the earlier
 * session left: its top items, its decisions (as amended), the minority's needs and what
 * became of them, the group work's first small steps and who took on what. A brainstorm
 * holds the top items as starting post-its (so a later vote can take them).
 */
import type { CarryOver } from './activities/kind.ts';
import { fullKindOf } from './activities/registry.ts';
import type { BrainstormConfig } from './activities/brainstorm/schema.ts';
import { INFO_BODY_MAX } from './activities/info/rules.ts';
import { translate } from './i18n/index.ts';
import type { Activity, RoomState } from './model.ts';
import { formatDate } from './report/dates.ts';
import type { TemplateItem } from './templates.ts';

function carryOf(a: Activity): CarryOver {
  return fullKindOf(a.kind)?.report.carryOver?.(a) ?? {};
}

/** What the earlier session's activities carry over, in agenda order. */
export function carriedOver(prev: RoomState) {
  const out = {
    top: [] as NonNullable<CarryOver['top']>,
    decisions: [] as string[],
    decided: [] as NonNullable<CarryOver['decided']>,
    needs: [] as NonNullable<CarryOver['needs']>,
    steps: [] as NonNullable<CarryOver['steps']>,
    followUps: [] as NonNullable<CarryOver['followUps']>,
  };
  for (const a of prev.agenda) {
    if (!a.opened) continue;
    const c = carryOf(a);
    out.top.push(...(c.top ?? []));
    out.decisions.push(...(c.decisions ?? []));
    // A kind that gives only `decisions` (no `decided`) still counts as decided as voted.
    out.decided.push(...(c.decided ?? (c.decisions ?? []).map((text) => ({ text }))));
    out.needs.push(...(c.needs ?? []));
    out.steps.push(...(c.steps ?? []));
    out.followUps.push(...(c.followUps ?? []));
  }
  return out;
}

/** The refresher card's lines, in `lang` (R-SERIES-REFRESHER). */
export function refresherLines(prev: RoomState, lang: string): string[] {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const { top, decided, needs, steps, followUps } = carriedOver(prev);
  // R-SERIES-FOLLOWUP: who took on what, and by when.
  const followUp = (f: { text: string; owner?: string; due?: string }) =>
    [
      f.text,
      ...(f.owner ? [t('report.brainstorm.owner', { owner: f.owner })] : []),
      ...(f.due ? [t('report.brainstorm.due', { date: formatDate(f.due, lang) })] : []),
    ].join('; ');
  const section = (heading: string, lines: string[]) => (lines.length ? [heading, ...lines.map((x) => `• ${x}`)] : []);
  const date = formatDate(prev.meta?.date ?? new Date(prev.createdAt).toISOString().slice(0, 10), lang);
  return [
    t('series.previous', { title: prev.title, date }),
    ...section(
      t('series.topItems'),
      top.map((x) => `${x.text} (${t('report.votes', { count: x.votes })})`),
    ),
    ...section(
      t('series.decisions'),
      decided.map((d) => (d.amendedFrom ? t('series.amended', { text: d.text }) : d.text)),
    ),
    ...section(
      t('series.needs'),
      needs.map((x) => t(`report.dd.need.${x.outcome}`, { need: x.need, reason: x.reason ?? '' })),
    ),
    ...section(
      t('series.steps'),
      steps.map((x) => (x.item ? t('series.stepFor', { step: x.text, item: x.item }) : x.text)),
    ),
    ...section(t('series.followUps'), followUps.map(followUp)),
  ];
}

/** Whole lines up to the card's limit: a line that does not fit is left out, never cut. */
function fit(lines: string[], max: number): string {
  let body = '';
  for (const line of lines) {
    const next = body ? `${body}\n${line}` : line;
    if (next.length > max) break;
    body = next;
  }
  return body;
}

export function refresherItems(prev: RoomState, lang: string): TemplateItem[] {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const { top } = carriedOver(prev);
  const items: TemplateItem[] = [
    {
      draft: {
        kind: 'info',
        title: t('series.title'),
        config: { body: fit(refresherLines(prev, lang), INFO_BODY_MAX), agreeable: false },
      },
    },
  ];
  if (top.length) {
    const config: BrainstormConfig = {
      prompt: t('series.brainstormPrompt'),
      columns: [],
      maxPerPerson: 3,
      maxLength: 280,
      allowNames: false,
      privateUntilReveal: false,
    };
    items.push({ draft: { kind: 'brainstorm', title: t('series.brainstormTitle'), config }, seed: top.map((x) => x.text) });
  }
  return items;
}
