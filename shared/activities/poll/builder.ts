import type { KindBuilder } from '../kind.ts';
import { POLL_OPTIONS_MAX } from './rules.ts';
import type { PollConfig, PollState } from './schema.ts';

/** A new poll: single choice, no options yet (the facilitator types them, one per line). */
export const builder: KindBuilder<PollConfig, PollState> = {
  order: 6,
  hint: 'builder.kindHint.poll',
  defaults: () => ({ question: '', mode: 'single', options: [], maxChoices: null, scaleLow: '', scaleHigh: '' }),
  // Only the fields of the chosen mode; the rest emptied, so the schema's checks fit.
  normalise: (c) => {
    const base = { question: c.question.trim(), mode: c.mode, options: [], maxChoices: null, scaleLow: '', scaleHigh: '' };
    if (c.mode === 'scale') return { ...base, scaleLow: c.scaleLow.trim(), scaleHigh: c.scaleHigh.trim() };
    const options = c.options
      .map((o) => ({ id: o.id, text: o.text.trim() }))
      .filter((o) => o.text)
      .slice(0, POLL_OPTIONS_MAX);
    return { ...base, options, maxChoices: c.mode === 'multiple' ? c.maxChoices : null };
  },
  summary: ({ config: c }, t) => {
    const how =
      c.mode === 'scale'
        ? c.scaleLow || c.scaleHigh
          ? t('poll.builder.summaryScale', { low: c.scaleLow || '1', high: c.scaleHigh || '5' })
          : t('poll.builder.modeScale')
        : t(c.mode === 'multiple' ? 'poll.builder.summaryMultiple' : 'poll.builder.summarySingle', {
            count: c.options.length,
            options: c.options.map((o) => o.text).join(' · '),
          });
    return `${c.question} · ${how}`;
  },
  fieldLabels: {
    'config.question': 'poll.builder.question',
    'config.mode': 'poll.builder.mode',
    'config.options': 'poll.builder.options',
    'config.maxChoices': 'poll.builder.maxChoices',
    'config.scaleLow': 'poll.builder.scaleLow',
    'config.scaleHigh': 'poll.builder.scaleHigh',
  },
};
