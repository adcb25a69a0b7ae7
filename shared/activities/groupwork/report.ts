import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import { LANGUAGES, translate } from '../../i18n/index.ts';
import type { Group, GroupworkConfig, GroupworkState } from './schema.ts';

/** A group as the report calls it: its number, its own name when it has one, and its item. */
function heading(g: Group, s: GroupworkState, t: ReportContext['t']): string {
  const item = s.items.find((i) => i.id === g.itemId);
  if (g.name)
    return item
      ? t('report.groupwork.namedItem', { n: g.n, name: g.name, item: item.text })
      : t('report.groupwork.named', { n: g.n, name: g.name });
  return item ? t('report.groupwork.groupItem', { n: g.n, item: item.text }) : t('report.groupwork.group', { n: g.n });
}

/** Each group's item (and its place, when it had one), then its answers under each guiding question. Never who. */
export function groupworkReport(a: Activity<GroupworkConfig, GroupworkState>, { t }: ReportContext): Block[] {
  const s = a.state;
  const blocks: Block[] = [];
  for (const g of s.groups) {
    blocks.push({ t: 'h', level: 3, text: heading(g, s, t) });
    if (g.place) blocks.push({ t: 'p', text: t('report.groupwork.place', { place: g.place }), muted: true });
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
    return {
      activity: a.title,
      kind: a.kind,
      column: a.config.questions[x.question] ?? '',
      cluster: g ? heading(g, a.state, t) : '',
      text: x.text,
      votes: '',
    };
  });
}

/**
 * The template's "first small step" question (groupwork.q3), as any language writes it, so a
 * series finds it whatever language the earlier session ran in.
 */
const isStepQuestion = (q: string) => LANGUAGES.some((lang) => translate(lang, 'groupwork.q3') === q.trim());

/** R-SERIES-REFRESHER: each group's answers to the "first small step" question, with the item the group worked on. */
export function groupworkCarryOver(a: Activity<GroupworkConfig, GroupworkState>) {
  const s = a.state;
  const asked = a.config.questions.flatMap((q, i) => (isStepQuestion(q) ? [i] : []));
  const steps = s.groups.flatMap((g) => {
    const item = s.items.find((i) => i.id === g.itemId)?.text;
    return s.answers.filter((x) => x.groupId === g.id && asked.includes(x.question)).map((x) => ({ text: x.text, ...(item && { item }) }));
  });
  return steps.length ? { steps } : {};
}
