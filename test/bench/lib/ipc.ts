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
}

export type ToWorker =
  | {
      t: 'join';
      url: string;
      /** The `hello` every phone of this worker sends. */
      hello: Record<string, unknown>;
      count: number;
      /** Handshakes in flight at once in this worker. */
      concurrency: number;
      timeoutMs: number;
    }
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
