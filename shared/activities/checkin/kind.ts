import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { report } from './report.ts';
import { rules } from './rules.ts';
import { CheckinDraft, CheckinState, commands, events, type CheckinConfig } from './schema.ts';

export default defineKind<CheckinConfig, CheckinState>({
  rules,
  schemas: { draft: CheckinDraft, commands, events, state: CheckinState },
  report,
  builder,
});
