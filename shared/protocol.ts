/**
 * The one contract between client and server. Both import this file; never copy it.
 *
 * Transport: Socket.IO. A client connects, sends `hello` (with ack), then `cmd` messages
 * (each with ack). The server pushes `frame` messages (coalesced, projected events),
 * `presence` counts, and `status` ({ readOnly }) when a room cannot store anything or can
 * again (R-DISK; schema in outbound.ts). Every incoming message is parsed with the schemas below.
 */
import * as v from 'valibot';
import { allKinds } from './activities/registry.ts';
import { coreCommandSchemas } from './commands.ts';
import type { Command } from './model.ts';
import { TEMPLATE_IDS } from './template-ids.ts';
import { Lang } from './schema.ts';
import { cleanName } from './clean.ts';

export * from './constants.ts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from './constants.ts';

export const SessionId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/));
export const JoinCode = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`)),
);
const Secret = v.pipe(v.string(), v.minLength(16), v.maxLength(64));
/** R-TEXT-CLEAN: a name of only invisible characters is no name (''). */
export const DisplayName = v.pipe(v.string(), v.transform(cleanName), v.maxLength(40));
export const LangTag = v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/));

export const HelloSchema = v.variant('role', [
  v.strictObject({
    v: v.pipe(v.number(), v.integer()),
    role: v.literal('participant'),
    /** Either the join code (first visit) or the session id (rejoin). */
    code: v.optional(JoinCode),
    sessionId: v.optional(SessionId),
    /** The participant token kept on the phone; absent on the first join. */
    token: v.optional(Secret),
    name: v.optional(DisplayName),
    /** The phone's language: its snapshot carries only this language's translations (R-JOIN-LANG). */
    lang: v.optional(Lang),
    /** Last sequence number this client has applied; 0 or absent for a fresh snapshot. */
    since: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.strictObject({
    v: v.pipe(v.number(), v.integer()),
    role: v.picklist(['facilitator', 'board']),
    sessionId: SessionId,
    key: Secret,
    since: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
]);
export type Hello = v.InferOutput<typeof HelloSchema>;

/** Every command: a client-made id (nanoid), a type, and its payload. */
let commandVariant: v.GenericSchema<unknown, Command> | undefined;
/** Core commands and every kind's commands (a variant on `type`, built once the kinds are loaded). */
export const CommandSchema: v.GenericSchema<unknown, Command> = v.lazy(
  () => (commandVariant ??= v.variant('type', [...coreCommandSchemas, ...allKinds().flatMap((k) => k.schemas.commands)] as never) as never),
);
export type { Command, CoreCommand, KindCommand } from './model.ts';

export const CreateSessionSchema = v.pipe(
  v.strictObject({
    /** Required, unless the session continues another (then the server titles it: R-SERIES-CARRY). */
    title: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120))),
    lang: Lang,
    /** The agenda to start from (default: the house-rules card). */
    template: v.optional(v.picklist(TEMPLATE_IDS)),
    /**
     * Continue an earlier session (a series): its id and facilitator key, or only its id
     * with an organiser token in `Authorization: Bearer …` (R-ADMIN-NEXT).
     */
    continues: v.optional(v.strictObject({ sessionId: SessionId, key: v.optional(Secret) })),
  }),
  v.check((s) => s.title !== undefined || s.continues !== undefined, 'title: a title of 1–120 characters is required'),
);
export type CreateSession = v.InferOutput<typeof CreateSessionSchema>;

export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.slice(0, 10).map((i) => {
    const path = v.getDotPath(i);
    return path ? `${path}: ${i.message}` : i.message;
  });
}
