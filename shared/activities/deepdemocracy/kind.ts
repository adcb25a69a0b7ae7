import { defineKind } from '../kind.ts';
import { deepdemocracy, deepDemocracyCommands, DeepDemocracyDraft, type DeepDemocracyConfig, type DeepDemocracyState } from './index.ts';
import { deepDemocracyCarryOver, deepDemocracyReport, deepDemocracyRows } from './report.ts';

export default defineKind<DeepDemocracyConfig, DeepDemocracyState>({
  rules: deepdemocracy,
  schemas: { draft: DeepDemocracyDraft, commands: deepDemocracyCommands },
  report: { report: deepDemocracyReport, rows: deepDemocracyRows, carryOver: deepDemocracyCarryOver },
  builder: {
    order: 5,
    defaults: () => ({ proposal: '', smallGroupSafety: true }),
    summary: (a) => a.config.proposal,
    fieldLabels: { 'config.proposal': 'builder.dd.proposal' },
  },
});
