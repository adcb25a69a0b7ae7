import type { Block, ReportContext } from '../../report/model.ts';
import type { Activity } from '../../model.ts';
import type { KindReport } from '../kind.ts';
import { paragraphs } from './rules.ts';
import type { InfoConfig, InfoState } from './schema.ts';

/** The card's text, a paragraph per line, and how many agreed. */
function infoReport(a: Activity<InfoConfig, InfoState>, { t }: ReportContext): Block[] {
  const blocks: Block[] = paragraphs(a.config.body).map((text) => ({ t: 'p', text }));
  if (a.config.agreeable) blocks.push({ t: 'p', text: t('report.info.agreed', { count: a.state.count }), muted: true });
  return blocks;
}

export const report: KindReport<InfoConfig, InfoState> = { report: infoReport };
