/** The brainstorm's commands as the console sends them, checked against its schema's types. */
import type { BrainstormCommand } from '../../../../shared/activities/brainstorm/schema.ts';
import type { Connection } from '../../lib/connection.svelte.ts';

/** A brainstorm command without its id (the connection adds it). */
export type BrainstormInput = BrainstormCommand extends infer C ? (C extends BrainstormCommand ? Omit<C, 'id'> : never) : never;

export const sender =
  (conn: Connection) =>
  (cmd: BrainstormInput): string =>
    conn.send(cmd);
