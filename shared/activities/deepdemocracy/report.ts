import type { Activity } from '../../model.ts';
import type { Block, ReportContext, ReportRow } from '../../report/model.ts';
import { ABSTAIN } from './constants.ts';
import { ballotOf, directionRound, safeCount, type ShownCount } from './helpers.ts';
import type { DeepDemocracyConfig, DeepDemocracyState } from './schema.ts';
import { listOf } from '../../report/list.ts';

/**
 * The proposal, all views (with merge counts), the alternatives with recognition counts,
 * every round's tally, the decision (as amended, R-DD-AMEND) with each minority need and
 * what became of it (added / adapted, into the amended decision / not feasible and why),
 * and the final check. Never who. With small-group safety, 1–2 become "a few" here too:
 * the report is mailed to everyone.
 */
export function deepDemocracyReport(a: Activity<DeepDemocracyConfig, DeepDemocracyState>, { t, suffix, lang }: ReportContext): Block[] {
  const s = a.state;
  const n = (x: ShownCount) => {
    const c = safeCount(x, a.config.smallGroupSafety);
    return c === 'few' ? t('report.few') : String(c);
  };
  /**
   * R-REPORT-WORDING: with small-group safety, "a few fully, a few partly, a few not" says
   * nothing; when a count would be 1–2, fully and partly are told together.
   */
  const recognition = (r: { fully: number; partly: number; not: number }) =>
    a.config.smallGroupSafety && [r.fully, r.partly, r.not].some((c) => c > 0 && c < 3)
      ? t('report.dd.recognitionCoarse', { recognised: n(r.fully + r.partly), not: n(r.not) })
      : t('report.dd.recognition', { fully: n(r.fully), partly: n(r.partly), not: n(r.not) });
  /** A table of votes without its 0-vote rows, and a line that names them (R-REPORT-WORDING). */
  const votes = (entries: [string, ShownCount][]): Block[] => {
    const zero = entries.filter(([, c]) => c === 0).map(([option]) => option);
    const head = [t('report.dd.option'), t('report.dotvote.votes')];
    const rows = entries.filter(([, c]) => c !== 0).map(([option, c]) => [option, n(c)]);
    return [
      ...(rows.length ? [{ t: 'table', head, rows } as const] : []),
      ...(zero.length ? [{ t: 'p', text: t('report.noVote', { options: listOf(zero, lang) }), muted: true } as const] : []),
    ];
  };
  const ballot = ballotOf(a.config, s);
  const label = (id: string) =>
    id === ABSTAIN
      ? t('report.dd.abstain')
      : (ballot.find((o) => o.id === id)?.text ?? s.alternatives.find((x) => x.id === id)?.text ?? id);
  const blocks: Block[] = [{ t: 'p', text: t('report.dd.proposal', { text: a.config.proposal }), strong: true }];
  if (s.views.length) {
    blocks.push({ t: 'h', level: 3, text: t('report.dd.views') });
    blocks.push({
      t: 'ul',
      items: s.views.map((v) => ({ text: v.count > 1 ? t('report.dd.viewCount', { text: v.text, count: v.count }) : v.text })),
    });
  }
  if (s.alternatives.length) {
    blocks.push({ t: 'h', level: 3, text: t('report.dd.alternatives') });
    blocks.push({
      t: 'ul',
      items: s.alternatives.map((x) => ({
        text: x.onBallot ? suffix(x.text, ' ', `(${t('report.dd.onBallot')})`) : x.text,
        sub: [recognition(x.recognition)],
      })),
    });
  }
  const closed = s.rounds.filter((r) => !r.open && r.tally);
  if (closed.length) {
    blocks.push({ t: 'h', level: 3, text: t('report.dd.rounds') });
    for (const r of closed) {
      blocks.push({ t: 'p', text: t('report.dd.round', { n: r.n, outcome: t(`report.dd.outcome.${r.outcome}`) }), strong: true });
      blocks.push(...votes(Object.entries(r.tally!).map(([id, c]) => [label(id), c])));
    }
  }
  const decided = [...closed].reverse().find((r) => r.majority);
  if (decided) {
    blocks.push({ t: 'h', level: 3, text: t('report.dd.decision') });
    if (s.amendment) {
      blocks.push({ t: 'p', text: t('report.dd.amended', { text: s.amendment.text }), strong: true });
      blocks.push({ t: 'p', text: t('report.dd.amendedFrom', { text: label(decided.majority!) }) });
    } else blocks.push({ t: 'p', text: t('report.dd.direction', { text: label(decided.majority!) }), strong: true });
    const into = new Set(s.amendment?.needIds ?? []);
    const needs = s.needs.filter((x) => x.answer === 'need' && x.need);
    const asIs = s.needs.filter((x) => x.answer === 'asIs').length;
    const cannot = s.needs.filter((x) => x.answer === 'cannot').length;
    if (needs.length || asIs || cannot) {
      blocks.push({ t: 'p', text: t('report.dd.minority'), strong: true });
      const items = needs.map((x) => ({
        text: into.has(x.id)
          ? t('report.dd.need.adaptedInto', { need: x.need! })
          : t(`report.dd.need.${x.status ?? 'open'}`, { need: x.need!, reason: x.reason ?? '' }),
      }));
      if (asIs) items.push({ text: t('report.dd.asIs', { count: n(asIs) }) });
      if (cannot) items.push({ text: t('report.dd.cannot', { count: n(cannot) }) });
      blocks.push({ t: 'ul', items });
    }
    blocks.push({ t: 'p', text: t(s.decided ? 'report.dd.final' : 'report.dd.notFinal'), muted: !s.decided });
  }
  if (s.final.tally) {
    const f = s.final.tally;
    blocks.push({ t: 'h', level: 3, text: t('report.dd.finalCheck') });
    blocks.push(
      ...votes([
        [t('report.dd.yes'), f.yes],
        [t('report.dd.reservations'), f.reservations],
        [t('report.dd.no'), f.no],
      ]),
    );
  }
  return blocks;
}

export function deepDemocracyRows(a: Activity<DeepDemocracyConfig, DeepDemocracyState>, { t }: ReportContext): ReportRow[] {
  const s = a.state;
  return [
    ...s.views.map((v) => ({
      activity: a.title,
      kind: a.kind,
      column: t('report.dd.views'),
      cluster: '',
      text: v.text,
      votes: String(v.count),
    })),
    ...s.alternatives.map((x) => ({
      activity: a.title,
      kind: a.kind,
      column: t('report.dd.alternatives'),
      cluster: '',
      text: x.text,
      votes: String(x.recognition.fully + x.recognition.partly),
    })),
  ];
}

/** What became of a minority need, as the report says it (report.dd.need.<status>). */
export type NeedOutcome = 'added' | 'adapted' | 'adaptedInto' | 'notFeasible' | 'open';

/**
 * R-SERIES-REFRESHER: the decision of a decided round (the majority's option, as amended,
 * with the option it started from) and each minority need with what became of it.
 */
export function deepDemocracyCarryOver(a: Activity<DeepDemocracyConfig, DeepDemocracyState>) {
  const s = a.state;
  const round = directionRound(s);
  if (!s.decided || !round) return {};
  const voted = ballotOf(a.config, s).find((o) => o.id === round.majority)?.text;
  const text = s.amendment?.text ?? voted;
  if (!text) return {};
  const into = new Set(s.amendment?.needIds ?? []);
  const needs = s.needs
    .filter((x) => x.answer === 'need' && x.need)
    .map((x) => ({
      need: x.need!,
      outcome: (into.has(x.id) ? 'adaptedInto' : (x.status ?? 'open')) as NeedOutcome,
      ...(x.reason && { reason: x.reason }),
    }));
  return {
    decisions: [text],
    decided: [{ text, ...(s.amendment && voted && { amendedFrom: voted }) }],
    needs,
  };
}
