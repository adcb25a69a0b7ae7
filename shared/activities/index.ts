/** The registry of activity kinds. A new kind is one import and one entry in each list. */
import type { ActivityKind } from './types.ts';
import { info, InfoAgree, InfoDraft } from './info/index.ts';

export const kinds: Record<string, ActivityKind> = { info };

export function kindOf(name: string): ActivityKind | undefined {
  return Object.hasOwn(kinds, name) ? kinds[name] : undefined;
}

/** `{ kind, title, config }` schemas, one per kind (a valibot variant on `kind`). */
export const activityDraftSchemas = [InfoDraft] as const;
/** Every activity command schema (joined with the core ones in protocol.ts). */
export const commandSchemas = [InfoAgree] as const;
