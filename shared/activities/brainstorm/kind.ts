import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { brainstormCarryOver, brainstormReport, brainstormRows } from './report.ts';
import { rules } from './rules.ts';
import { brainstormCommands, BrainstormDraft, BrainstormState, events, type BrainstormConfig } from './schema.ts';

export default defineKind<BrainstormConfig, BrainstormState>({
  rules,
  schemas: { draft: BrainstormDraft, commands: brainstormCommands, events, state: BrainstormState },
  report: { report: brainstormReport, rows: brainstormRows, carryOver: brainstormCarryOver },
  builder,
});
