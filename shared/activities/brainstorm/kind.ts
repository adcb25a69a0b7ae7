import { defineKind } from '../kind.ts';
import { trimLines } from '../kit.ts';
import { brainstorm, brainstormCommands, BrainstormDraft, type BrainstormConfig, type BrainstormState } from './index.ts';
import { brainstormReport, brainstormRows } from './report.ts';

export default defineKind<BrainstormConfig, BrainstormState>({
  rules: brainstorm,
  schemas: { draft: BrainstormDraft, commands: brainstormCommands },
  report: { report: brainstormReport, rows: brainstormRows },
  builder: {
    order: 2,
    defaults: () => ({ prompt: '', columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: false }),
    normalise: (c) => ({ ...c, columns: trimLines(c.columns) }),
    summary: (a, t) => [a.config.prompt, t('builder.summary.postits', { count: a.state.items.filter((x) => !x.hidden).length })].join(' · '),
    fieldLabels: {
      'config.prompt': 'builder.prompt',
      'config.columns': 'builder.brainstorm.columns',
      'config.maxPerPerson': 'builder.brainstorm.maxPerPerson',
      'config.maxLength': 'builder.brainstorm.maxLength',
    },
  },
});
