import type { Activity } from '../../model.ts';
import type { Block, ListItem, ReportContext, ReportRow } from '../../report/model.ts';
import type { BrainstormConfig, BrainstormState, Postit } from './schema.ts';
import { formatDate } from '../../report/dates.ts';

const visible = (s: BrainstormState) => s.items.filter((i) => !i.hidden && i.text);

function item(p: Postit, ctx: ReportContext): ListItem {
  const votes = ctx.votesFor(p.id);
  // "text; 6 votes; owner: X; by 12 May 2026" (R-BRAIN-FOLLOWUP).
  const notes = [
    ...(votes ? [ctx.t('report.votes', { count: votes })] : []),
    ...(p.owner ? [ctx.t('report.brainstorm.owner', { owner: p.owner })] : []),
    ...(p.due ? [ctx.t('report.brainstorm.due', { date: formatDate(p.due, ctx.lang) })] : []),
  ];
  const text = notes.reduce((t, note) => ctx.suffix(t, '; ', note), p.text ?? '');
  return p.merged.length ? { text, sub: p.merged.map((m) => ctx.t('report.brainstorm.alsoSaid', { text: m })) } : { text };
}

/** Items by column, then by cluster; hidden ones left out but counted. */
export function brainstormReport(a: Activity<BrainstormConfig, BrainstormState>, ctx: ReportContext): Block[] {
  const { t } = ctx;
  const s = a.state;
  const blocks: Block[] = [{ t: 'p', text: a.config.prompt, strong: true }];
  const items = visible(s);
  if (!items.length) blocks.push({ t: 'p', text: t('report.brainstorm.none'), muted: true });
  const columns: (number | null)[] = a.config.columns.length ? a.config.columns.map((_, i) => i) : [null];
  for (const col of columns) {
    const inCol = items.filter((i) => (col === null ? true : i.column === col));
    if (col !== null) blocks.push({ t: 'h', level: 3, text: a.config.columns[col] });
    for (const cluster of s.clusters) {
      const inCluster = inCol.filter((i) => i.clusterId === cluster.id);
      if (inCluster.length)
        blocks.push({ t: 'p', text: cluster.title, strong: true }, { t: 'ul', items: inCluster.map((i) => item(i, ctx)) });
    }
    const loose = inCol.filter((i) => !i.clusterId || !s.clusters.some((c) => c.id === i.clusterId));
    if (loose.length) {
      if (s.clusters.some((c) => inCol.some((i) => i.clusterId === c.id)))
        blocks.push({ t: 'p', text: t('report.brainstorm.otherColumn'), strong: true });
      blocks.push({ t: 'ul', items: loose.map((i) => item(i, ctx)) });
    }
  }
  // R-REPORT-CHARTS: the wall as a picture of its clusters (each with its post-its' texts).
  const clusters = s.clusters
    .map((c) => ({ label: c.title, items: items.filter((i) => i.clusterId === c.id).map((i) => i.text ?? '') }))
    .filter((c) => c.items.length);
  if (clusters.length) blocks.push({ t: 'clusters', title: t('report.brainstorm.chart'), clusters });
  const hidden = s.items.filter((i) => i.hidden).length;
  if (hidden) blocks.push({ t: 'p', text: t('report.brainstorm.hidden', { count: hidden }), muted: true });
  return blocks;
}

export function brainstormRows(a: Activity<BrainstormConfig, BrainstormState>, ctx: ReportContext): ReportRow[] {
  return visible(a.state).map((i) => ({
    activity: a.title,
    kind: a.kind,
    column: i.column !== null ? (a.config.columns[i.column] ?? '') : '',
    cluster: a.state.clusters.find((c) => c.id === i.clusterId)?.title ?? '',
    text: [i.text, ...i.merged].join(' / '),
    votes: String(ctx.votesFor(i.id) ?? ''),
  }));
}

/** R-SERIES-FOLLOWUP: the engagements with an owner or a due date go on to the next session's refresher. */
export function brainstormCarryOver(a: Activity<BrainstormConfig, BrainstormState>) {
  return {
    followUps: visible(a.state)
      .filter((p) => p.owner || p.due)
      .map((p) => ({ text: p.text ?? '', ...(p.owner && { owner: p.owner }), ...(p.due && { due: p.due }) })),
  };
}
