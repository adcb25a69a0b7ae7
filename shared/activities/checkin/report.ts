import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import type { KindReport } from '../kind.ts';
import type { CheckinConfig, CheckinState } from './schema.ts';

const answers = (s: CheckinState) => Object.values(s.responses).flatMap((r) => (!r.passed && r.answer ? [r.answer] : []));

/** Only what people chose to write; never who wrote it. */
function checkinReport(a: Activity<CheckinConfig, CheckinState>, { t }: ReportContext): Block[] {
  const rs = Object.values(a.state.responses);
  const passed = rs.filter((r) => r.passed).length;
  const blocks: Block[] = [
    { t: 'p', text: t('report.checkin.prompts'), strong: true },
    { t: 'ul', items: a.config.prompts.map((text) => ({ text })) },
    {
      t: 'p',
      text: `${t('report.checkin.responded', { count: rs.length - passed })} ${passed ? t('report.checkin.passed', { count: passed }) : ''}`.trim(),
      muted: true,
    },
  ];
  const written = answers(a.state);
  if (written.length) {
    blocks.push({ t: 'p', text: t('report.checkin.answers'), strong: true }, { t: 'ul', items: written.map((text) => ({ text })) });
  }
  return blocks;
}

function checkinRows(a: Activity<CheckinConfig, CheckinState>): ReportRow[] {
  return answers(a.state).map((text) => ({ activity: a.title, kind: a.kind, column: '', cluster: '', text, votes: '' }));
}

export const report: KindReport<CheckinConfig, CheckinState> = { report: checkinReport, rows: checkinRows };
