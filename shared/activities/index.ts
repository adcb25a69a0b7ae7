/** The registry of activity kinds. A new kind is one import and one entry in each list. */
import type { ActivityKind } from './types.ts';
import { info, InfoAgree, InfoDraft } from './info/index.ts';
import { checkin, checkinCommands, CheckinDraft } from './checkin/index.ts';
import { brainstorm, brainstormCommands, BrainstormDraft } from './brainstorm/index.ts';
import { dotvote, dotvoteCommands, DotvoteDraft } from './dotvote/index.ts';
import { deepdemocracy, deepDemocracyCommands, DeepDemocracyDraft } from './deepdemocracy/index.ts';
import { groupwork, groupworkCommands, GroupworkDraft } from './groupwork/index.ts';

export const kinds: Record<string, ActivityKind> = { info, checkin, brainstorm, dotvote, groupwork, deepdemocracy };

export function kindOf(name: string): ActivityKind | undefined {
  return Object.hasOwn(kinds, name) ? kinds[name] : undefined;
}

/** `{ kind, title, config }` schemas, one per kind (a valibot variant on `kind`). */
export const activityDraftSchemas = [InfoDraft, CheckinDraft, BrainstormDraft, DotvoteDraft, GroupworkDraft, DeepDemocracyDraft] as const;
/** Every activity command schema (joined with the core ones in protocol.ts). */
export const commandSchemas = [
  InfoAgree,
  ...checkinCommands,
  ...brainstormCommands,
  ...dotvoteCommands,
  ...groupworkCommands,
  ...deepDemocracyCommands,
] as const;
