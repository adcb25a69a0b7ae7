/** The brainstorm in the agenda builder: defaults, normalisation, summary line, field labels. */
import type { KindBuilder } from '../kind.ts';
import { trimLines } from '../kit.ts';
import type { BrainstormConfig, BrainstormState } from './schema.ts';

export const builder: KindBuilder<BrainstormConfig, BrainstormState> = {
  order: 2,
  hint: 'builder.kindHint.brainstorm',
  defaults: () => ({ prompt: '', columns: [], maxPerPerson: 3, maxLength: 280, allowNames: false, privateUntilReveal: false }),
  normalise: (c) => ({ ...c, columns: trimLines(c.columns) }),
  summary: (a, t) => [a.config.prompt, t('builder.summary.postits', { count: a.state.items.filter((x) => !x.hidden).length })].join(' · '),
  fieldLabels: {
    'config.prompt': 'builder.prompt',
    'config.columns': 'builder.brainstorm.columns',
    'config.maxPerPerson': 'builder.brainstorm.maxPerPerson',
    'config.maxLength': 'builder.brainstorm.maxLength',
  },
};
