import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { deepDemocracyCarryOver, deepDemocracyReport, deepDemocracyRows } from './report.ts';
import { rules } from './rules.ts';
import { deepDemocracyCommands, DeepDemocracyDraft, DeepDemocracyState, events, type DeepDemocracyConfig } from './schema.ts';

export default defineKind<DeepDemocracyConfig, DeepDemocracyState>({
  rules,
  schemas: { draft: DeepDemocracyDraft, commands: deepDemocracyCommands, events, state: DeepDemocracyState },
  report: { report: deepDemocracyReport, rows: deepDemocracyRows, carryOver: deepDemocracyCarryOver },
  builder,
});
