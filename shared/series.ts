/**
 * Series: a session that continues an earlier one (the learning network meets six times)
 * starts with a refresher card ("opfrissing vorige sessie") holding the earlier session's
 * top items and decisions, and a brainstorm that holds those items as starting post-its
 * (so a later vote can take them).
 */
import { ballotOf, type DeepDemocracyConfig, type DeepDemocracyState } from './activities/deepdemocracy/index.ts';
import { ranking, tallyOf, type DotvoteState, type VoteItem } from './activities/dotvote/index.ts';
import type { BrainstormConfig } from './activities/brainstorm/index.ts';
import { translate } from './i18n/index.ts';
import type { RoomState } from './model.ts';
import { formatDate } from './report/build.ts';
import type { TemplateItem } from './templates.ts';

/** How many top items of each earlier vote come along. */
export const REFRESHER_TOP = 5;

/** The earlier session's chosen items: what was carried forward, else the top of each vote. */
export function topItems(prev: RoomState): { item: VoteItem; votes: number }[] {
  const out: { item: VoteItem; votes: number }[] = [];
  for (const a of prev.agenda) {
    if (a.kind !== 'dotvote' || !a.opened) continue;
    const s = a.state as DotvoteState;
    const ranked = ranking(s.items, tallyOf(s)).filter((r) => r.votes > 0);
    const chosen = s.carried.length ? ranked.filter((r) => s.carried.includes(r.item.id)) : ranked.slice(0, REFRESHER_TOP);
    out.push(...chosen.map((r) => ({ item: r.item, votes: r.votes })));
  }
  return out;
}

/** The earlier session's decisions: the majority direction of each decided round. */
export function decisions(prev: RoomState): string[] {
  return prev.agenda.flatMap((a) => {
    if (a.kind !== 'deepdemocracy') return [];
    const s = a.state as DeepDemocracyState;
    const round = [...s.rounds].reverse().find((r) => !r.open && r.majority);
    if (!s.decided || !round) return [];
    const option = ballotOf(a.config as DeepDemocracyConfig, s).find((o) => o.id === round.majority);
    return option ? [option.text] : [];
  });
}

export function refresherItems(prev: RoomState, lang: string): TemplateItem[] {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const top = topItems(prev);
  const decided = decisions(prev);
  const date = formatDate(prev.meta?.date ?? new Date(prev.createdAt).toISOString().slice(0, 10), lang);
  const lines = [
    t('series.previous', { title: prev.title, date }),
    ...(top.length ? [t('series.topItems'), ...top.map((x) => `• ${x.item.text} (${t('report.votes', { count: x.votes })})`)] : []),
    ...(decided.length ? [t('series.decisions'), ...decided.map((d) => `• ${d}`)] : []),
  ];
  const items: TemplateItem[] = [{ draft: { kind: 'info', title: t('series.title'), config: { body: lines.join('\n').slice(0, 4000), agreeable: false } } }];
  if (top.length) {
    const config: BrainstormConfig = { prompt: t('series.brainstormPrompt'), columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: false };
    items.push({ draft: { kind: 'brainstorm', title: t('series.brainstormTitle'), config }, seed: top.map((x) => x.item.text) });
  }
  return items;
}
