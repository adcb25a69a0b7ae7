/**
 * R-DD-PSEUDONYM: one session's pseudonyms. Ballots and the like are stored under
 * HMAC(session key, activity id + participant id); the key is in its own file beside the
 * database (Store.pseudonymKey), so a copy of the database alone names no voter. The room
 * uses this to decide (one ballot per person), to record pseudonymous commands, to hand an
 * event back to its owner's phone and to project a participant's own records for it.
 */
import type { Pseudonyms } from '../shared/activities/kind.ts';
import { kindOfType } from '../shared/activities/registry.ts';
import type { Actor, Command, RoomState, StoredEvent, Viewer } from '../shared/model.ts';
import { pseudonym } from './secrets.ts';
import type { KringStore as Store } from './store.ts';

export class Voters {
  #store: Store;
  #sessionId: string;
  #state: () => Readonly<RoomState>;
  #key: Buffer | undefined;
  /** Per activity: the participants whose pseudonyms are known, and pseudonym → participant (in memory only). */
  #known = new Map<string, { pids: Set<string>; byVoter: Map<string, string> }>();

  constructor(store: Store, sessionId: string, state: () => Readonly<RoomState>) {
    this.#store = store;
    this.#sessionId = sessionId;
    this.#state = state;
  }

  /** A participant's pseudonym in an activity, under the session's key (read or made on first use). */
  voterOf = (activityId: string, participantId: string): string => {
    this.#key ??= this.#store.pseudonymKey(this.#sessionId);
    return pseudonym(this.#key, activityId, participantId);
  };

  /** The participant a pseudonym stands for, among those who joined. */
  participantOf(activityId: string, voter: string): string | undefined {
    let known = this.#known.get(activityId);
    if (!known) this.#known.set(activityId, (known = { pids: new Set(), byVoter: new Map() }));
    const found = known.byVoter.get(voter);
    const participants = this.#state().participants;
    if (found !== undefined) return found;
    for (const pid of Object.keys(participants)) {
      if (known.pids.has(pid)) continue;
      known.pids.add(pid);
      known.byVoter.set(this.voterOf(activityId, pid), pid);
    }
    return known.byVoter.get(voter);
  }

  /** Who a command is recorded as (retries, quota): its pseudonym in the activity when its kind keeps it under one. */
  author(cmd: Command, actor: Actor): Actor {
    if (actor.role !== 'participant' || !actor.participantId || !('activityId' in cmd) || typeof cmd.activityId !== 'string') return actor;
    if (!kindOfType(cmd.type)?.pseudonymous?.includes(cmd.type)) return actor;
    return { role: actor.role, participantId: this.voterOf(cmd.activityId, actor.participantId) };
  }

  /**
   * An event as fanned out: one stored under a pseudonym gets its participant id back (in
   * memory), so that its owner gets its own copy; the projections send the id to the owner
   * only and the pseudonym to nobody.
   */
  routed(ev: StoredEvent): StoredEvent {
    if (typeof ev.voter !== 'string' || ev.pid !== undefined || typeof ev.activityId !== 'string') return ev;
    const pid = this.participantOf(ev.activityId, ev.voter);
    return pid ? { ...ev, pid } : ev;
  }

  /** A participant viewer that can find its own records among the pseudonymous ones. */
  viewer(viewer: Viewer): Viewer {
    if (viewer.role !== 'participant' || !viewer.participantId) return viewer;
    const withPseudonyms: Viewer & Pseudonyms = { ...viewer, voterOf: this.voterOf };
    return withPseudonyms;
  }
}
