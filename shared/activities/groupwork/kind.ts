import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { groupworkCarryOver, groupworkReport, groupworkRows } from './report.ts';
import { rules } from './rules.ts';
import { events, groupworkCommands, GroupworkDraft, GroupworkState, type GroupworkConfig } from './schema.ts';

export default defineKind<GroupworkConfig, GroupworkState>({
  rules,
  schemas: { draft: GroupworkDraft, commands: groupworkCommands, events, state: GroupworkState },
  report: { report: groupworkReport, rows: groupworkRows, carryOver: groupworkCarryOver },
  builder,
});
