import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import type { GroupworkConfig, GroupworkState } from './schema.ts';

/** Each group's item, then its answers under each guiding question. */
export function groupworkReport(a: Activity<GroupworkConfig, GroupworkState>, { t }: ReportContext): Block[] {
  const s = a.state;
  const blocks: Block[] = [];
  for (const g of s.groups) {
    const item = s.items.find((i) => i.id === g.itemId);
    blocks.push({
      t: 'h',
      level: 3,
      text: item ? t('report.groupwork.groupItem', { n: g.n, item: item.text }) : t('report.groupwork.group', { n: g.n }),
    });
    const answers = s.answers.filter((x) => x.groupId === g.id);
    if (!answers.length) {
      blocks.push({ t: 'p', text: t('report.groupwork.noAnswers'), muted: true });
      continue;
    }
    a.config.questions.forEach((q, i) => {
      const under = answers.filter((x) => x.question === i);
      if (!under.length) return;
      blocks.push({ t: 'p', text: q, strong: true }, { t: 'ul', items: under.map((x) => ({ text: x.text })) });
    });
  }
  return blocks;
}

export function groupworkRows(a: Activity<GroupworkConfig, GroupworkState>, { t }: ReportContext): ReportRow[] {
  return a.state.answers.map((x) => {
    const g = a.state.groups.find((gr) => gr.id === x.groupId);
    const item = a.state.items.find((i) => i.id === g?.itemId);
    return {
      activity: a.title,
      kind: a.kind,
      column: a.config.questions[x.question] ?? '',
      cluster: g ? (item ? t('report.groupwork.groupItem', { n: g.n, item: item.text }) : t('report.groupwork.group', { n: g.n })) : '',
      text: x.text,
      votes: '',
    };
  });
}
