/**
 * The command queue: sends the outbox to the server pipelined, in order, paced below the
 * server's rate limit, with a bounded number in flight. The server applies each command
 * id once, so anything unanswered (a lost ack, a dropped link) is simply sent again with
 * the same id; after a reconnect every unacked command goes again, oldest first.
 *
 * An answer decides an entry's fate: ok → acked; RATE_LIMITED or NOT_JOINED → kept and
 * retried later (never a rejection: a long outbox must not lose work); any other error →
 * rejected, so its optimistic change disappears.
 */
import type { CommandAck, ErrorCode, ProtocolError } from '../../../../shared/constants.ts';
import type { Command } from '../../../../shared/model.ts';
import { TokenBucket, type PacingOptions } from './pacer.ts';

/** What the queue needs of the outbox. */
export interface QueueOutbox {
  /** Unacked commands, oldest first. */
  readonly entries: readonly { cmd: Command }[];
  acked(id: string, seq: number, viewSeq: number): void;
  rejected(id: string): void;
}

/** Emit one command; `done` gets the ack, or an error when none came in time. */
export type Send = (cmd: Command, done: (err: Error | null, ack?: CommandAck) => void) => void;

export interface QueueHooks {
  /** The confirmed view's seq now (acked commands settle against it). */
  viewSeq(): number;
  onAcked?(id: string, seq: number): void;
  onRejected?(id: string, error: ProtocolError): void;
}

export interface QueueOptions extends PacingOptions {
  /** Commands sent but not answered, at most. */
  maxInFlight: number;
  /** First pause after RATE_LIMITED (ms); doubles while it repeats. */
  backoffMs: number;
  maxBackoffMs: number;
}

/** Answers that say "not now", not "no". */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'NOT_JOINED', 'READ_ONLY', 'BUSY']);

export class CommandQueue {
  readonly #outbox: QueueOutbox;
  readonly #hooks: QueueHooks;
  readonly #bucket: TokenBucket;
  readonly #maxInFlight: number;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;

  #send: Send | null = null;
  /** id → the token of its send now out; answers to older sends of it are stale. */
  #inFlight = new Map<string, number>();
  #token = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pausedUntil = 0;
  #backoff = 0;
  #sent = 0;
  #pumping = false;
  #again = false;

  constructor(outbox: QueueOutbox, hooks: QueueHooks, opts: Partial<QueueOptions> = {}) {
    this.#outbox = outbox;
    this.#hooks = hooks;
    this.#bucket = new TokenBucket(opts);
    this.#maxInFlight = Math.max(1, opts.maxInFlight ?? 10);
    this.#backoffMs = opts.backoffMs ?? 1000;
    this.#maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  }

  /** Commands sent and not yet answered. */
  get inFlight(): number {
    return this.#inFlight.size;
  }
  /** Messages emitted so far (resends included). */
  get sent(): number {
    return this.#sent;
  }
  /** The pace now (commands a second). */
  get rate(): number {
    return this.#bucket.rate;
  }

  /** The link is up and joined: send everything unacked, oldest first. */
  attach(send: Send): void {
    this.#inFlight.clear();
    this.#pausedUntil = 0; // a new link has a fresh allowance on the server
    this.#send = send;
    this.#pump();
  }

  /** The link is gone: what was in flight will be sent again after the next attach. */
  detach(): void {
    this.#send = null;
    this.#inFlight.clear();
    this.#clearTimer();
  }

  /** Something was added to the outbox. */
  kick(): void {
    this.#pump();
  }

  /** Stop for good (timers cleared). */
  stop(): void {
    this.detach();
  }

  #pump(): void {
    // An answer that comes synchronously (inside send) must not restart the loop under us.
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        this.#pumpOnce();
      } while (this.#again);
    } finally {
      this.#pumping = false;
    }
  }

  #pumpOnce(): void {
    const send = this.#send;
    if (!send || this.#timer) return;
    const now = Date.now();
    if (now < this.#pausedUntil) return this.#wake(this.#pausedUntil - now);
    for (const { cmd } of this.#outbox.entries) {
      if (this.#inFlight.size >= this.#maxInFlight) return;
      if (this.#inFlight.has(cmd.id)) continue;
      const wait = this.#bucket.take(now);
      if (wait > 0) return this.#wake(wait);
      this.#emit(send, cmd);
      if (this.#again) return; // answered already: start over on the outbox as it is now
    }
  }

  #emit(send: Send, cmd: Command): void {
    const token = ++this.#token;
    this.#inFlight.set(cmd.id, token);
    this.#sent++;
    let answered = false;
    send(cmd, (err, ack) => {
      if (answered) return;
      answered = true;
      this.#answer(cmd.id, token, err, ack);
    });
  }

  #answer(id: string, token: number, err: Error | null, ack: CommandAck | undefined): void {
    const current = this.#inFlight.get(id) === token;
    if (current) this.#inFlight.delete(id);
    if (!err && ack?.ok) {
      // Applied (or applied before: a duplicate). Valid whichever send it answers.
      this.#backoff = 0;
      this.#bucket.recover();
      if (this.#outbox.entries.some((e) => e.cmd.id === id)) {
        this.#outbox.acked(id, ack.seq, this.#hooks.viewSeq());
        this.#hooks.onAcked?.(id, ack.seq);
      }
    } else if (!err && !(ack && !ack.ok && TRANSIENT.has(ack.error.code))) {
      const error: ProtocolError = ack && !ack.ok ? ack.error : { code: 'INTERNAL', message: 'no ack' };
      if (this.#outbox.entries.some((e) => e.cmd.id === id)) {
        this.#outbox.rejected(id);
        this.#hooks.onRejected?.(id, error);
      }
    } else if (current && ack && !ack.ok && Date.now() >= this.#pausedUntil) {
      // "Not now": pause, then resend from the oldest unacked. Too fast for this server
      // (configured below our pace): slow down as well. Refusals of the same burst that
      // arrive during the pause count once.
      this.#backoff = this.#backoff ? Math.min(this.#maxBackoffMs, this.#backoff * 2) : this.#backoffMs;
      this.#pausedUntil = Date.now() + this.#backoff;
      if (ack.error.code === 'RATE_LIMITED') this.#bucket.slowDown(Date.now(), this.#backoff);
      this.#clearTimer();
    }
    // Otherwise (no answer in time, or an answer to an older send): the entry goes again.
    this.#pump();
  }

  #wake(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#pump();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
