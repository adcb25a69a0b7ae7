/** The dot vote in the agenda builder: defaults, normalisation, summary line, field labels. */
import type { KindBuilder } from '../kind.ts';
import { itemsSummary } from '../kit.ts';
import { unitOf } from './rules.ts';
import type { DotvoteConfig, DotvoteState } from './schema.ts';

export const builder: KindBuilder<DotvoteConfig, DotvoteState> = {
  order: 3,
  hint: 'builder.kindHint.dotvote',
  defaults: () => ({ prompt: '', sourceId: null, unit: 'items', items: [], budget: 5, stacking: true, capPerItem: null }),
  // R-DOT-UNIT: clusters only with a source to take them from.
  normalise: (c) => ({ ...c, unit: unitOf(c), capPerItem: c.stacking ? c.capPerItem : null }),
  summary: (a, t, agenda) => {
    const line = itemsSummary(a, t, agenda);
    return unitOf(a.config) === 'clusters' && !a.state.items.length ? `${line} ${t('dotvote.builder.summaryClusters')}` : line;
  },
  fieldLabels: {
    'config.prompt': 'builder.prompt',
    'config.unit': 'dotvote.builder.unit',
    'config.items': 'builder.items',
    'config.budget': 'builder.dotvote.budget',
    'config.capPerItem': 'builder.dotvote.cap',
  },
};
