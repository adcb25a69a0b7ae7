import type { KindBuilder } from '../kind.ts';
import { trimLines } from '../kit.ts';
import type { CheckinConfig, CheckinState } from './schema.ts';

/** A new round has one empty prompt: the facilitator writes one or picks it from a deck. */
export const builder: KindBuilder<CheckinConfig, CheckinState> = {
  order: 1,
  hint: 'builder.kindHint.checkin',
  defaults: () => ({ mode: 'checkin', prompts: [''] }),
  normalise: (c) => ({ ...c, prompts: trimLines(c.prompts) }),
  summary: (a) => a.config.prompts.join(' · '),
  fieldLabels: { 'config.prompts': 'builder.checkin.prompt1' },
};
