/** The dot vote in the agenda builder: defaults, normalisation, summary line, field labels. */
import type { KindBuilder } from '../kind.ts';
import { itemsSummary } from '../kit.ts';
import type { DotvoteConfig, DotvoteState } from './schema.ts';

export const builder: KindBuilder<DotvoteConfig, DotvoteState> = {
  order: 3,
  hint: 'builder.kindHint.dotvote',
  defaults: () => ({ prompt: '', sourceId: null, items: [], budget: 5, stacking: true, capPerItem: null }),
  normalise: (c) => ({ ...c, capPerItem: c.stacking ? c.capPerItem : null }),
  summary: itemsSummary,
  fieldLabels: {
    'config.prompt': 'builder.prompt',
    'config.items': 'builder.items',
    'config.budget': 'builder.dotvote.budget',
    'config.capPerItem': 'builder.dotvote.cap',
  },
};
