/** Group work in the agenda builder: defaults, normalisation, summary line, field labels. */
import type { KindBuilder } from '../kind.ts';
import { itemsSummary, trimLines } from '../kit.ts';
import { GROUPWORK_QUESTIONS } from './constants.ts';
import type { GroupworkConfig, GroupworkState } from './schema.ts';

export const builder: KindBuilder<GroupworkConfig, GroupworkState> = {
  order: 4,
  hint: 'builder.kindHint.groupwork',
  defaults: (t) => ({ sourceId: null, items: [], questions: GROUPWORK_QUESTIONS.map((k) => t(k)) }),
  normalise: (c) => ({ ...c, questions: trimLines(c.questions) }),
  summary: itemsSummary,
  fieldLabels: { 'config.items': 'builder.items', 'config.questions': 'builder.groupwork.questions' },
};
