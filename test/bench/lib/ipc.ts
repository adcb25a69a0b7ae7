/** Messages between the bench main process and its phone workers (Node IPC). */

/** One command a phone sends: `at` ms after the order reached its worker. */
export interface Job {
  /** The phone: its index among this worker's joined phones. */
  p: number;
  at: number;
  /** `{type, ...payload}`; the worker adds the command id. */
  cmd: Record<string, unknown>;
}

/** A time window on the shared clock (see clock.ts), [from, to). */
export interface Window {
  from: number;
  to: number;
}

export interface WindowStats {
  /** Frames received by this worker's phones in the window. */
  frames: number;
  /** Events in those frames. */
  events: number;
  /** The most frames one phone received in the window. */
  maxPerPhone: number;
  /** The most frames one phone received in any 1-second stretch of the window. */
  peakPerSecond: number;
  /** Of `frames`, those marked `own: true` (a participant's own events, sent ahead of the shared frame). */
  ownFrames: number;
}

/** Phones of one room that a worker joins: `count` phones saying this `hello`. */
export interface JoinGroup {
  room: number;
  hello: Record<string, unknown>;
  count: number;
}

export type ToWorker =
  | {
      t: 'join';
      url: string;
      /**
       * Several servers (a cluster's nodes): phone k of all phones (this worker's first is
       * `first`) connects to `urls[k % urls.length]` instead of `url`.
       */
      urls?: string[];
      first?: number;
      /** The `hello` every phone of this worker sends. */
      hello: Record<string, unknown>;
      count: number;
      /** Handshakes in flight at once in this worker. */
      concurrency: number;
      timeoutMs: number;
      /** Instead of `hello` × `count`: phones of several rooms (seqs are then kept per room). */
      groups?: JoinGroup[];
      /** Keep the phones already joined and add these after them. */
      append?: boolean;
    }
  /**
   * Closed loop: each listed phone sends its next command as soon as the previous one is
   * acked, cycling through `cmds`, until `windowMs` has passed.
   */
  | { t: 'loop'; phones: number[]; cmds: Record<string, unknown>[]; windowMs: number; timeoutMs: number }
  /** Start counting deliveries afresh; `times`: also keep every phone's receive time. */
  | { t: 'track'; times: boolean }
  /** Deliveries per event; with `acks` (event key → ack time) also the per-phone latency histogram. */
  | { t: 'deliveries'; acks?: [number, number][] }
  /** Send these commands, each at its time, and report every ack. */
  | { t: 'act'; jobs: Job[]; timeoutMs: number }
  /** Frame counts per window; `behind`: phones whose newest event is older than this seq. */
  | { t: 'stats'; windows: Window[]; seq?: number }
  | { t: 'collect' }
  | { t: 'leave' }
  | { t: 'ping'; id: number };

export type FromWorker =
  | { t: 'ready' }
  | {
      t: 'joined';
      ok: number;
      failed: number;
      errors: string[];
      /** Per joined phone: ms from creating the socket to the hello ack. */
      latencies: number[];
      /** Clock (see clock.ts) when the last phone of this worker got its ack. */
      lastAckAt: number;
      /** The room of every phone of this worker, in phone order (all phones, not only these). */
      rooms: number[];
    }
  | {
      t: 'looped';
      /** Per acked command: send → ack (ms). */
      latencies: number[];
      refused: Record<string, number>;
      errors: string[];
      /** First send and last ack (clock.ts). */
      firstSentAt: number;
      lastAckAt: number;
    }
  | {
      t: 'deliveries';
      /** [event key (see phone-track.ts), phones that got it, first and last receive time]. */
      events: [number, number, number, number][];
      /** Per-phone latency histogram (0.1 ms buckets) of the events asked about. */
      latencies: [number, number][];
    }
  | {
      t: 'acted';
      /** Per accepted command: send → ack (ms). */
      latencies: number[];
      /** Refused or unanswered commands, by error code (TIMEOUT when no ack came). */
      refused: Record<string, number>;
      /** A few refusals in full, for the log. */
      errors: string[];
      firstSentAt: number;
      lastAckAt: number;
      /** How late the worker sent a command after its planned time, at worst (ms): its own load. */
      maxLateMs: number;
      /** Per accepted command: its job's index in the order sent, its ack's seq, the ack time. */
      okJob: number[];
      okSeq: number[];
      okAt: number[];
    }
  | {
      t: 'stats';
      windows: WindowStats[];
      /** Clock of the newest frame any phone of this worker received (0: none yet). */
      lastFrameAt: number;
      /** Phones whose newest event seq is below the asked `seq`. */
      behind: number;
      phones: number;
    }
  /** Every joined phone of this worker has received the event with this seq. */
  | { t: 'complete'; seq: number }
  | {
      t: 'frames';
      /** seq of a watched event (agenda.current, dotvote.revealed) → receive time per phone that got it. */
      received: Record<string, number[]>;
      /** Sockets that dropped while they should have stayed. */
      disconnects: number;
    }
  | { t: 'left' }
  | { t: 'pong'; id: number; now: number };
