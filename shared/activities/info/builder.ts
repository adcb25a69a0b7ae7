import type { KindBuilder } from '../kind.ts';
import type { InfoConfig, InfoState } from './schema.ts';

export const builder: KindBuilder<InfoConfig, InfoState> = {
  order: 0,
  hint: 'builder.kindHint.info',
  defaults: () => ({ body: '', agreeable: true, images: [] }),
  // No pictures: no `images` at all (as a card made before cards had them).
  normalise: ({ images, ...c }) => (images?.length ? { ...c, images: images.map((i) => ({ imageId: i.imageId, alt: i.alt.trim() })) } : c),
  summary: () => '',
  fieldLabels: { 'config.body': 'console.add.body', 'config.images': 'console.add.imageAlt' },
};
