/** The agenda builder's part of a Deep Democracy round: defaults, summary line, field labels. */
import type { KindBuilder } from '../kind.ts';
import type { DeepDemocracyConfig, DeepDemocracyState } from './schema.ts';

export const builder: KindBuilder<DeepDemocracyConfig, DeepDemocracyState> = {
  order: 5,
  hint: 'builder.kindHint.deepdemocracy',
  defaults: () => ({ proposal: '', smallGroupSafety: true }),
  summary: (a) => a.config.proposal,
  fieldLabels: { 'config.proposal': 'builder.dd.proposal' },
};
