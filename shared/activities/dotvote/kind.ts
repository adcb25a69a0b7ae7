import { defineKind } from '../kind.ts';
import { itemsSummary } from '../kit.ts';
import { dotvote, dotvoteCommands, DotvoteDraft, type DotvoteConfig, type DotvoteState } from './index.ts';
import { dotvoteCarryOver, dotvoteReport, dotvoteRows } from './report.ts';

export default defineKind<DotvoteConfig, DotvoteState>({
  rules: dotvote,
  schemas: { draft: DotvoteDraft, commands: dotvoteCommands },
  report: { report: dotvoteReport, rows: dotvoteRows, carryOver: dotvoteCarryOver },
  builder: {
    order: 3,
    defaults: () => ({ prompt: '', sourceId: null, items: [], budget: 5, stacking: true, capPerItem: null }),
    normalise: (c) => ({ ...c, capPerItem: c.stacking ? c.capPerItem : null }),
    summary: itemsSummary,
    fieldLabels: {
      'config.prompt': 'builder.prompt',
      'config.items': 'builder.items',
      'config.budget': 'builder.dotvote.budget',
      'config.capPerItem': 'builder.dotvote.cap',
    },
  },
});
