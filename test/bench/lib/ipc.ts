/** Messages between the bench main process and its phone workers (Node IPC). */

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
  /** Every joined phone of this worker has received the event with this seq. */
  | { t: 'complete'; seq: number }
  | {
      t: 'frames';
      /** seq of an agenda.current event → receive time per phone that got it. */
      received: Record<string, number[]>;
      /** Sockets that dropped while they should have stayed. */
      disconnects: number;
    }
  | { t: 'left' }
  | { t: 'pong'; id: number; now: number };
