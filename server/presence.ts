/**
 * Who is here in one room: sockets per participant, with a grace period for a phone that
 * sleeps. The room is told after every recount (to send `presence` and keep attendance).
 */
interface PresenceEntry {
  sockets: number;
  lastSeen: number;
}

export class Presence {
  #entries = new Map<string, PresenceEntry>();
  #count = 0;
  #sockets = 0;
  #graceMs: number;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #recounted: (count: number, changed: boolean) => void;

  constructor(graceMs: number, recounted: (count: number, changed: boolean) => void) {
    this.#graceMs = graceMs;
    this.#recounted = recounted;
  }

  /** Participants here now. */
  get count() {
    return this.#count;
  }
  /** Sockets in the room, of every role. */
  get sockets() {
    return this.#sockets;
  }

  /** Participants here now: a connected socket, or gone for less than the grace period. */
  ids(): string[] {
    const now = Date.now();
    return [...this.#entries].filter(([, e]) => e.sockets > 0 || now - e.lastSeen < this.#graceMs).map(([pid]) => pid);
  }

  /**
   * Counted as they come (R-JOIN-COST): a participant is in the map while here (a socket,
   * or gone for less than the grace period), so a join costs O(1), not a walk over everyone.
   */
  joined(participantId?: string) {
    this.#sockets++;
    if (!participantId) return;
    let e = this.#entries.get(participantId);
    const arrived = !e;
    if (!e) {
      e = { sockets: 0, lastSeen: 0 };
      this.#entries.set(participantId, e);
      this.#count++;
    }
    e.sockets++;
    e.lastSeen = Date.now();
    this.#recounted(this.#count, arrived);
  }

  left(participantId?: string) {
    this.#sockets = Math.max(0, this.#sockets - 1);
    if (!participantId) return;
    const e = this.#entries.get(participantId);
    if (!e) return;
    e.sockets = Math.max(0, e.sockets - 1);
    e.lastSeen = Date.now();
    // A phone that sleeps for less than the grace period still counts as here.
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#expire(participantId);
    }, this.#graceMs + 50);
    t.unref?.();
    this.#timers.add(t);
  }

  #expire(participantId: string) {
    const e = this.#entries.get(participantId);
    if (!e || e.sockets > 0 || Date.now() - e.lastSeen < this.#graceMs) return;
    this.#entries.delete(participantId);
    this.#count--;
    this.#recounted(this.#count, true);
  }

  /** Count everyone again (after a pause in writing: the attendance is kept up to date). */
  recount() {
    const now = Date.now();
    let n = 0;
    for (const [pid, e] of this.#entries) {
      if (e.sockets > 0 || now - e.lastSeen < this.#graceMs) n++;
      else this.#entries.delete(pid);
    }
    const changed = n !== this.#count;
    this.#count = n;
    this.#recounted(n, changed);
  }

  dispose() {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
