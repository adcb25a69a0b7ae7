/**
 * The scenarios, in report order. A new scenario is one more module here; a planned one
 * keeps its heading in docs/benchmarks.md until it is written.
 */
import type { PlannedScenario, Scenario } from '../lib/scenario.ts';
import { postitsDots } from './postits-dots.ts';
import { reportExport } from './report-export.ts';
import { roomJoinFanout } from './room-join-fanout.ts';

export const scenarios: Scenario[] = [roomJoinFanout, postitsDots, reportExport];

export const planned: PlannedScenario[] = [];
