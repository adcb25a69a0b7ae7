import type { Activity } from '../../model.ts';
import type { Block, ReportContext } from '../../report/model.ts';
import type { InfoConfig, InfoState } from './index.ts';

export function infoReport(a: Activity<InfoConfig, InfoState>, { t }: ReportContext): Block[] {
  const blocks: Block[] = a.config.body
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((text) => ({ t: 'p', text }));
  if (a.config.agreeable) blocks.push({ t: 'p', text: t('report.info.agreed', { count: a.state.count }), muted: true });
  return blocks;
}
