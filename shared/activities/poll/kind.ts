import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { report } from './report.ts';
import { rules } from './rules.ts';
import { commands, events, PollDraft, PollState, type PollConfig } from './schema.ts';

export default defineKind<PollConfig, PollState>({
  rules,
  schemas: { draft: PollDraft, commands, events, state: PollState },
  report,
  builder,
});
