import { defineKind } from '../kind.ts';
import { info, InfoAgree, InfoDraft, type InfoConfig, type InfoState } from './index.ts';
import { infoReport } from './report.ts';

export default defineKind<InfoConfig, InfoState>({
  rules: info,
  schemas: { draft: InfoDraft, commands: [InfoAgree] },
  report: { report: infoReport },
  builder: {
    order: 0,
    defaults: () => ({ body: '', agreeable: true }),
    summary: () => '',
    fieldLabels: { 'config.body': 'console.add.body' },
  },
});
