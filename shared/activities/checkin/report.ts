import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import type { KindReport } from '../kind.ts';
import type { CheckinConfig, CheckinState } from './schema.ts';

/**
 * R-CHECKIN-REPORT: what people wrote goes into the report only when the board showed it
 * or the facilitator put every answer in (`inReport`); never who wrote it. (A session from
 * before this choice has no `inReport`: its report keeps every answer, as it did.)
 */
const inReport = (s: CheckinState, r: CheckinState['responses'][string]) => s.inReport !== false || r.seen === true;
const answers = (s: CheckinState) => Object.values(s.responses).flatMap((r) => (!r.passed && r.answer && inReport(s, r) ? [r.answer] : []));
const withheld = (s: CheckinState) => Object.values(s.responses).filter((r) => !r.passed && r.answer && !inReport(s, r)).length;

/** Only what people chose to write and the room saw (or the facilitator put in); never who wrote it. */
function checkinReport(a: Activity<CheckinConfig, CheckinState>, { t }: ReportContext): Block[] {
  const rs = Object.values(a.state.responses);
  const passed = rs.filter((r) => r.passed).length;
  const responded = a.config.mode === 'checkout' ? 'report.checkin.respondedOut' : 'report.checkin.responded';
  const blocks: Block[] = [
    { t: 'p', text: t('report.checkin.prompts'), strong: true },
    { t: 'ul', items: a.config.prompts.map((text) => ({ text })) },
    {
      t: 'p',
      // R-REPORT-WORDING: a check-out is told as a check-out ("3 deelnemers checkten uit").
      text: `${t(responded, { count: rs.length - passed })} ${passed ? t('report.checkin.passed', { count: passed }) : ''}`.trim(),
      muted: true,
    },
  ];
  const written = answers(a.state);
  if (written.length) {
    blocks.push({ t: 'p', text: t('report.checkin.answers'), strong: true }, { t: 'ul', items: written.map((text) => ({ text })) });
  }
  const kept = withheld(a.state);
  if (kept) blocks.push({ t: 'p', text: t('report.checkin.withheld', { count: kept }), muted: true });
  return blocks;
}

function checkinRows(a: Activity<CheckinConfig, CheckinState>): ReportRow[] {
  return answers(a.state).map((text) => ({ activity: a.title, kind: a.kind, column: '', cluster: '', text, votes: '' }));
}

export const report: KindReport<CheckinConfig, CheckinState> = { report: checkinReport, rows: checkinRows };
