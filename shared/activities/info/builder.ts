import type { KindBuilder } from '../kind.ts';
import type { InfoConfig, InfoState } from './schema.ts';

export const builder: KindBuilder<InfoConfig, InfoState> = {
  order: 0,
  hint: 'builder.kindHint.info',
  defaults: () => ({ body: '', agreeable: true }),
  summary: () => '',
  fieldLabels: { 'config.body': 'console.add.body' },
};
