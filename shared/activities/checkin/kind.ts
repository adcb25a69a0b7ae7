import { defineKind } from '../kind.ts';
import { trimLines } from '../kit.ts';
import { checkin, checkinCommands, CheckinDraft, type CheckinConfig, type CheckinState } from './index.ts';
import { checkinReport, checkinRows } from './report.ts';

export default defineKind<CheckinConfig, CheckinState>({
  rules: checkin,
  schemas: { draft: CheckinDraft, commands: checkinCommands },
  report: { report: checkinReport, rows: checkinRows },
  builder: {
    order: 1,
    defaults: () => ({ mode: 'checkin', prompts: [''] }),
    normalise: (c) => ({ ...c, prompts: trimLines(c.prompts) }),
    summary: (a) => a.config.prompts.join(' · '),
    fieldLabels: { 'config.prompts': 'builder.checkin.prompt1' },
  },
});
