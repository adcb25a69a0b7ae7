/**
 * The scenarios, in report order. A new scenario is one more module here; a planned one
 * keeps its heading in docs/benchmarks.md until it is written.
 */
import type { PlannedScenario, Scenario } from '../lib/scenario.ts';
import { durableAcks } from './durable-acks.ts';
import { joinStorm } from './join-storm.ts';
import { manyRooms } from './many-rooms.ts';
import { townHallScale } from './town-hall-scale.ts';
import { townHall } from './town-hall.ts';
import { postitsDots } from './postits-dots.ts';
import { postitsPace } from './postits-pace.ts';
import { ramp } from './ramp.ts';
import { reportExport } from './report-export.ts';
import { roomJoinFanout } from './room-join-fanout.ts';

export const scenarios: Scenario[] = [
  roomJoinFanout,
  postitsDots,
  joinStorm,
  postitsPace,
  durableAcks,
  townHall,
  townHallScale,
  manyRooms,
  ramp,
  reportExport,
];

export const planned: PlannedScenario[] = [];
