import type { Block, ReportContext } from '../../report/model.ts';
import type { Activity } from '../../model.ts';
import type { KindReport } from '../kind.ts';
import { imagesOf, paragraphs } from './rules.ts';
import type { InfoConfig, InfoState } from './schema.ts';

/** The card's text, a paragraph per line, its pictures, and how many agreed. */
function infoReport(a: Activity<InfoConfig, InfoState>, { t }: ReportContext): Block[] {
  const blocks: Block[] = paragraphs(a.config.body).map((text) => ({ t: 'p', text }));
  for (const { imageId, alt } of imagesOf(a.config)) blocks.push({ t: 'img', imageId, alt });
  if (a.config.agreeable) blocks.push({ t: 'p', text: t('report.info.agreed', { count: a.state.count }), muted: true });
  return blocks;
}

export const report: KindReport<InfoConfig, InfoState> = { report: infoReport };
