import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import { ranking, tallyOf, withDots } from './rules.ts';
import type { DotvoteConfig, DotvoteState } from './schema.ts';

/** The most bars a vote's chart shows (the table lists every item with votes). */
export const CHART_BARS_MAX = 12;

/**
 * The ranking with dot counts, in the seed report's style ("6 stemmen"): items with dots only,
 * ties in words ("2 (gedeeld)"), then one line with the items that got none (R-DOT-RANK);
 * a vote on clusters says so (R-DOT-UNIT).
 */
export function dotvoteReport(a: Activity<DotvoteConfig, DotvoteState>, { t }: ReportContext): Block[] {
  const s = a.state;
  const ranked = ranking(s.items, tallyOf(s));
  const { rows, none } = withDots(ranked);
  const blocks: Block[] = [];
  if (a.config.prompt) blocks.push({ t: 'p', text: a.config.prompt, strong: true });
  blocks.push({ t: 'p', text: t('report.dotvote.voters', { count: Object.keys(s.dots).length, budget: a.config.budget }), muted: true });
  if (s.unit === 'clusters') blocks.push({ t: 'p', text: t('report.dotvote.onClusters'), muted: true });
  if (rows.length)
    blocks.push(
      {
        t: 'table',
        head: [t('report.dotvote.rank'), t('report.dotvote.item'), t('report.dotvote.votes')],
        rows: rows.map((r) => [
          r.tied ? t('report.dotvote.rankTied', { rank: r.rank }) : String(r.rank),
          r.item.text,
          t('report.votes', { count: r.votes }),
        ]),
      },
      // R-REPORT-CHARTS: the result as a bar chart beside its table (items with votes, longest first).
      {
        t: 'bars',
        title: t('report.dotvote.chart'),
        bars: rows.slice(0, CHART_BARS_MAX).map((r) => ({ label: r.item.text, value: r.votes })),
      },
    );
  if (none)
    blocks.push(
      { t: 'p', text: t('report.dotvote.noDots', { count: none }), muted: true },
      { t: 'ul', items: ranked.filter((r) => r.votes === 0).map((r) => ({ text: r.item.text })) },
    );
  const carried = s.carried.map((id) => s.items.find((i) => i.id === id)).filter((i) => i !== undefined);
  if (carried.length)
    blocks.push({ t: 'p', text: t('report.dotvote.carried'), strong: true }, { t: 'ol', items: carried.map((i) => ({ text: i.text })) });
  return blocks;
}

export function dotvoteRows(a: Activity<DotvoteConfig, DotvoteState>): ReportRow[] {
  const tally = tallyOf(a.state);
  return ranking(a.state.items, tally).map((r) => ({
    activity: a.title,
    kind: a.kind,
    column: '',
    cluster: '',
    text: r.item.text,
    votes: String(r.votes),
  }));
}

/** How many top items of a vote a next session in the series carries over. */
export const REFRESHER_TOP = 5;

/** What was carried forward, else the top of the vote (only items with votes). */
export function dotvoteCarryOver(a: Activity<DotvoteConfig, DotvoteState>) {
  const s = a.state;
  const ranked = ranking(s.items, tallyOf(s)).filter((r) => r.votes > 0);
  const chosen = s.carried.length ? ranked.filter((r) => s.carried.includes(r.item.id)) : ranked.slice(0, REFRESHER_TOP);
  return { top: chosen.map((r) => ({ text: r.item.text, votes: r.votes })) };
}
