import { defineKind } from '../kind.ts';
import { itemsSummary, trimLines } from '../kit.ts';
import { groupwork, groupworkCommands, GroupworkDraft, GROUPWORK_QUESTIONS, type GroupworkConfig, type GroupworkState } from './index.ts';
import { groupworkReport, groupworkRows } from './report.ts';

export default defineKind<GroupworkConfig, GroupworkState>({
  rules: groupwork,
  schemas: { draft: GroupworkDraft, commands: groupworkCommands },
  report: { report: groupworkReport, rows: groupworkRows },
  builder: {
    order: 4,
    defaults: (t) => ({ sourceId: null, items: [], questions: GROUPWORK_QUESTIONS.map((k) => t(k)) }),
    normalise: (c) => ({ ...c, questions: trimLines(c.questions) }),
    summary: itemsSummary,
    fieldLabels: { 'config.items': 'builder.items', 'config.questions': 'builder.groupwork.questions' },
  },
});
