import { defineKind } from '../kind.ts';
import { builder } from './builder.ts';
import { report } from './report.ts';
import { rules } from './rules.ts';
import { commands, events, InfoDraft, InfoState, type InfoConfig } from './schema.ts';

export default defineKind<InfoConfig, InfoState>({
  rules,
  schemas: { draft: InfoDraft, commands, events, state: InfoState },
  report,
  builder,
});
