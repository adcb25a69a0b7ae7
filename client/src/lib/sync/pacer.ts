/**
 * A token bucket that paces outgoing commands below the server's per-socket limit
 * (KRING_SOCKET_RATE, default 20 a second with bursts of 40). When the server still says
 * RATE_LIMITED (it is configured lower) it halves its rate and creeps back up on success,
 * to just below the rate that was refused.
 */
export interface PacingOptions {
  /** Commands a second at most (the server allows 20 by default). */
  rate: number;
  /** Commands that may go at once after a quiet spell (the server allows 40). */
  burst: number;
  /** The slowest the bucket slows down to. */
  minRate: number;
}

export const DEFAULT_PACING: PacingOptions = { rate: 15, burst: 20, minRate: 1 };

export class TokenBucket {
  readonly maxRate: number;
  #rate: number;
  #ceiling: number;
  #burst: number;
  #minRate: number;
  #tokens: number;
  #at: number;

  constructor(opts: Partial<PacingOptions> = {}, now = Date.now()) {
    const o = { ...DEFAULT_PACING, ...opts };
    this.maxRate = this.#rate = this.#ceiling = o.rate;
    this.#burst = Math.max(1, o.burst);
    this.#minRate = Math.min(o.minRate, o.rate);
    this.#tokens = this.#burst;
    this.#at = now;
  }

  get rate(): number {
    return this.#rate;
  }

  /** Take a token: 0 when taken, else the milliseconds until one is there. */
  take(now = Date.now()): number {
    this.#refill(now);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(0, this.#at - now) + Math.max(1, Math.ceil(((1 - this.#tokens) / this.#rate) * 1000));
  }

  /** The server said RATE_LIMITED: halve the rate, and gather no tokens for `pauseMs`. */
  slowDown(now = Date.now(), pauseMs = 0): void {
    this.#refill(now);
    this.#tokens = 0;
    this.#at = now + pauseMs;
    // This rate was too much for this server: never climb back quite that high.
    this.#ceiling = Math.max(this.#minRate, Math.min(this.#ceiling, this.#rate * 0.9));
    this.#rate = Math.max(this.#minRate, this.#rate / 2);
  }

  /** A command went through: win back some of the rate (up to what this server took). */
  recover(): void {
    if (this.#rate < this.#ceiling) this.#rate = Math.min(this.#ceiling, this.#rate + 0.2);
  }

  #refill(now: number): void {
    if (now <= this.#at) return;
    const burst = Math.min(this.#burst, Math.max(1, Math.round((this.#burst * this.#rate) / this.maxRate)));
    this.#tokens = Math.min(burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate);
    this.#at = now;
  }
}
