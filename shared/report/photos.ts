/**
 * The photos of an activity (a flipchart, a wall), placed under it in the report (R-PHOTO):
 * each a picture with its description as alt text and as caption. A photo without a
 * description gets the activity's title as its alt text and no caption.
 */
import type { Activity } from '../model.ts';
import type { Block, ReportContext } from './model.ts';

export function photoBlocks(a: Activity, _ctx: ReportContext): Block[] {
  return (a.photos ?? []).map(({ imageId, description }) => {
    const text = description.trim();
    return text ? { t: 'img', imageId, alt: text, caption: text } : { t: 'img', imageId, alt: a.title };
  });
}
