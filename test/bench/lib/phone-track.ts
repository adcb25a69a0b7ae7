/**
 * What a phone worker's phones received, event by event: per event (room and seq), how
 * many phones got it and when the last one did, and optionally every phone's receive
 * time. A participant's own events may come twice: first in a small `own: true` frame,
 * then in the shared frame with the same seq range; either counts as delivered, once.
 */

/** One key per (room, seq): seqs are per session, so rooms are kept apart. */
export const eventKey = (room: number, seq: number) => room * 1e8 + seq;

export class Deliveries {
  /** Keep every phone's receive time too (for per-phone latencies); off: counts and last only. */
  keepTimes = false;
  #n = new Map<number, number>();
  #first = new Map<number, number>();
  #last = new Map<number, number>();
  #times = new Map<number, number[]>();

  note(key: number, at: number) {
    this.#n.set(key, (this.#n.get(key) ?? 0) + 1);
    if (!this.#first.has(key)) this.#first.set(key, at);
    this.#last.set(key, at);
    if (this.keepTimes) {
      let t = this.#times.get(key);
      if (!t) this.#times.set(key, (t = []));
      t.push(at);
    }
  }

  reset() {
    this.#n.clear();
    this.#first.clear();
    this.#last.clear();
    this.#times.clear();
  }

  /** [key, phones that got it, first receive time, last receive time] for every event seen. */
  summary(): [number, number, number, number][] {
    return [...this.#n].map(([k, n]) => [k, n, this.#first.get(k)!, this.#last.get(k)!]);
  }

  /**
   * Per-phone latencies (receive − ack) of the events in `acks` (key → ack time), as a
   * histogram of 0.1 ms buckets: [bucket, count]. Needs keepTimes.
   */
  latencies(acks: [number, number][]): [number, number][] {
    const h = new Map<number, number>();
    for (const [key, ackAt] of acks) {
      for (const at of this.#times.get(key) ?? []) {
        const b = Math.round((at - ackAt) * 10);
        h.set(b, (h.get(b) ?? 0) + 1);
      }
    }
    return [...h];
  }
}
