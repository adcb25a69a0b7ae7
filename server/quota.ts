/**
 * R-QUOTA: one participant stores at most `writeQuota` writes in one activity; renames and
 * other session-level writes share one more allowance of the same size. A write is an
 * accepted command (each is a row in `commands`), so the counts are rebuilt from the log
 * when a room loads: a restart does not reset them.
 */
import type { Actor, Command } from '../shared/model.ts';
import type { KringStore as Store } from './store.ts';

/** The allowance of writes outside any activity (renames). */
const SESSION = '';

/** Which allowance a command draws on: its activity, else the session's. */
export const bucketOf = (cmd: Command): string => ('activityId' in cmd && typeof cmd.activityId === 'string' ? cmd.activityId : SESSION);

export class WriteQuota {
  readonly limit: number;
  #counts = new Map<string, number>();

  constructor(limit: number) {
    this.limit = limit;
  }

  /**
   * The counts in the log: each participant's accepted commands (key `pid:id`), under the
   * activity of the last event the command stored (a command that stored no event: the
   * event before it).
   */
  static load(store: Store, sessionId: string, limit: number): WriteQuota {
    const quota = new WriteQuota(limit);
    const rows = store.writeCounts(sessionId);
    for (const r of rows) {
      if (!r.pid || r.pid === 'facilitator' || r.pid === 'board') continue;
      quota.#add(r.pid, typeof r.bucket === 'string' ? r.bucket : SESSION, r.n);
    }
    return quota;
  }

  /** Whether this actor may store one more write with this command. Facilitators are not counted. */
  allows(actor: Actor, cmd: Command): boolean {
    if (actor.role !== 'participant' || !actor.participantId) return true;
    return (this.#counts.get(key(actor.participantId, bucketOf(cmd))) ?? 0) < this.limit;
  }

  /** One more write of this actor's is stored. */
  count(actor: Actor, cmd: Command): void {
    if (actor.role === 'participant' && actor.participantId) this.#add(actor.participantId, bucketOf(cmd), 1);
  }

  #add(pid: string, bucket: string, n: number) {
    const k = key(pid, bucket);
    this.#counts.set(k, (this.#counts.get(k) ?? 0) + n);
  }
}

const key = (pid: string, bucket: string) => `${pid}\u0000${bucket}`;
