/**
 * The scenarios, in report order. A new scenario is one more module here; a planned one
 * keeps its heading in docs/benchmarks.md until it is written.
 */
import type { PlannedScenario, Scenario } from '../lib/scenario.ts';
import { roomJoinFanout } from './room-join-fanout.ts';

export const scenarios: Scenario[] = [roomJoinFanout];

export const planned: PlannedScenario[] = [
  {
    id: 'postits-dots',
    title: 'Post-its and dots',
    plan: 'N phones add post-its and place dots at the same time; latency until the board and the console show them, and server cost, against the baseline.',
  },
  {
    id: 'report-export',
    title: 'Report export',
    plan: 'Export the report of a large finished session; time and memory of the export.',
  },
];
