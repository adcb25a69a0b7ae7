import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { dotvoteCarryOver, dotvoteReport, dotvoteRows } from './report.ts';
import { rules } from './rules.ts';
import { dotvoteCommands, DotvoteDraft, DotvoteState, events, type DotvoteConfig } from './schema.ts';

export default defineKind<DotvoteConfig, DotvoteState>({
  rules,
  schemas: { draft: DotvoteDraft, commands: dotvoteCommands, events, state: DotvoteState },
  report: { report: dotvoteReport, rows: dotvoteRows, carryOver: dotvoteCarryOver },
  builder,
});
