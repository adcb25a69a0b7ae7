/** The photos of an activity (a flipchart, a wall), placed under it in the report. */
import type { Activity } from '../model.ts';
import type { Block, ReportContext } from './model.ts';

export function photoBlocks(a: Activity, _ctx: ReportContext): Block[] {
  void a;
  return [];
}
