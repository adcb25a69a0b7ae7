/**
 * R-DD-PSEUDONYM: whose a ballot, recognition, minority answer, final answer, slider
 * position or "unsaid" press is. The server stores these under the voter's pseudonym in the
 * activity (an HMAC of the activity and participant id under the session's key), so the log
 * still allows one of each per person while a copy of the database names nobody. Without
 * pseudonyms (the pure reducer, a phone's own rules) and for records that an earlier release
 * kept under the participant id, the participant id is the key. No valibot here.
 */
import type { Pseudonyms } from '../kind.ts';
import type { Context, Viewer } from '../../model.ts';

export type Whose = { key: string; tag: { voter: string } | { pid: string } };

/** The key of the actor's record in `rec` and the field that names it in an event. */
export function whose(rec: Readonly<Record<string, unknown>>, activityId: string, pid: string, ctx: Context): Whose {
  const voterOf = (ctx as Context & Pseudonyms).voterOf;
  if (!voterOf || rec[pid] !== undefined) return { key: pid, tag: { pid } };
  const voter = voterOf(activityId, pid);
  return { key: voter, tag: { voter } };
}

/** The field that names a record's key in an event: a participant id (earlier releases, the pure reducer) or a pseudonym. */
export const tagOf = (key: string, participants: Readonly<Record<string, unknown>>): Whose['tag'] =>
  participants[key] !== undefined ? { pid: key } : { voter: key };

/** The viewer's own keys in an activity: its participant id and, on the server, its pseudonym. */
export function ownKeys(viewer: Viewer, activityId: string): { me?: string; voter?: string } {
  const me = viewer.role === 'participant' ? viewer.participantId : undefined;
  if (!me) return {};
  const voterOf = (viewer as Viewer & Pseudonyms).voterOf;
  return voterOf ? { me, voter: voterOf(activityId, me) } : { me };
}

/** Is this record (an event, a need) the viewer's own? */
export const isOwn = (x: { pid?: string; voter?: string }, own: { me?: string; voter?: string }): boolean =>
  (own.me !== undefined && x.pid === own.me) || (own.voter !== undefined && x.voter === own.voter);
