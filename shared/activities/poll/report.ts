import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import type { KindReport } from '../kind.ts';
import { formatMean, formatPercent, keyLabel, resultsOf, tallyOf } from './rules.ts';
import type { PollConfig, PollState } from './schema.ts';

type Poll = Activity<PollConfig, PollState>;

/** "Eens" or "1 (Helemaal oneens)": what a row of the results stands for. */
function rowText(a: Poll, key: string, suffix: ReportContext['suffix']): string {
  const { text, end } = keyLabel(a.state, a.config, key);
  return end ? suffix(text, ' ', `(${end})`) : text;
}

/** R-POLL-REPORT: the question, how many answered, counts and percentages; a scale's mean. */
function pollReport(a: Poll, { t, lang, suffix }: ReportContext): Block[] {
  const r = resultsOf(a.state, tallyOf(a.state));
  const blocks: Block[] = [
    { t: 'p', text: a.config.question, strong: true },
    {
      t: 'p',
      text: t(a.state.mode === 'multiple' ? 'poll.report.respondentsMultiple' : 'poll.report.respondents', { count: r.respondents }),
      muted: true,
    },
    {
      t: 'table',
      head: [t('poll.report.answer'), t('poll.report.count'), t('poll.report.percent')],
      rows: r.rows.map((row) => [rowText(a, row.key, suffix), String(row.count), formatPercent(row.percent, lang)]),
    },
  ];
  if (r.mean !== null) blocks.push({ t: 'p', text: t('poll.report.mean', { mean: formatMean(r.mean, lang) }) });
  return blocks;
}

/** One row per option (or scale value) with its count. */
function pollRows(a: Poll): ReportRow[] {
  return resultsOf(a.state, tallyOf(a.state)).rows.map((row) => ({
    activity: a.title,
    kind: a.kind,
    column: '',
    cluster: '',
    text: rowText(a, row.key, (x, sep, end) => `${x}${sep}${end}`),
    votes: String(row.count),
  }));
}

export const report: KindReport<PollConfig, PollState> = { report: pollReport, rows: pollRows };
