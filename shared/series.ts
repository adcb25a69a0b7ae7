/**
 * Series: a session that continues an earlier one (the learning network meets six times)
 * starts with a refresher card ("opfrissing vorige sessie") holding the earlier session's
 * top items and decisions, and a brainstorm that holds those items as starting post-its
 * (so a later vote can take them).
 */
import { fullKindOf } from './activities/registry.ts';
import type { BrainstormConfig } from './activities/brainstorm/schema.ts';
import { translate } from './i18n/index.ts';
import type { RoomState } from './model.ts';
import { formatDate } from './report/dates.ts';
import type { TemplateItem } from './templates.ts';

/** What the earlier session's activities carry over: top items and decisions, in agenda order. */
export function carriedOver(prev: RoomState) {
  const top: { text: string; votes: number }[] = [];
  const decisions: string[] = [];
  const followUps: { text: string; owner?: string; due?: string }[] = [];
  for (const a of prev.agenda) {
    if (!a.opened) continue;
    const c = fullKindOf(a.kind)?.report.carryOver?.(a);
    top.push(...(c?.top ?? []));
    decisions.push(...(c?.decisions ?? []));
    followUps.push(...(c?.followUps ?? []));
  }
  return { top, decisions, followUps };
}

export function refresherItems(prev: RoomState, lang: string): TemplateItem[] {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const { top, decisions: decided, followUps } = carriedOver(prev);
  // R-SERIES-FOLLOWUP: who took on what, and by when.
  const followUp = (f: { text: string; owner?: string; due?: string }) =>
    [
      f.text,
      ...(f.owner ? [t('report.brainstorm.owner', { owner: f.owner })] : []),
      ...(f.due ? [t('report.brainstorm.due', { date: formatDate(f.due, lang) })] : []),
    ].join('; ');
  const date = formatDate(prev.meta?.date ?? new Date(prev.createdAt).toISOString().slice(0, 10), lang);
  const lines = [
    t('series.previous', { title: prev.title, date }),
    ...(top.length ? [t('series.topItems'), ...top.map((x) => `• ${x.text} (${t('report.votes', { count: x.votes })})`)] : []),
    ...(decided.length ? [t('series.decisions'), ...decided.map((d) => `• ${d}`)] : []),
    ...(followUps.length ? [t('series.followUps'), ...followUps.map((f) => `• ${followUp(f)}`)] : []),
  ];
  const items: TemplateItem[] = [
    { draft: { kind: 'info', title: t('series.title'), config: { body: lines.join('\n').slice(0, 4000), agreeable: false } } },
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
