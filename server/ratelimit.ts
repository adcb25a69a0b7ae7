/**
 * A token bucket per key, for socket messages (per socket) and wrong join codes (per IP).
 * HTTP routes use @fastify/rate-limit; Socket.IO messages have no such plugin, and a
 * bucket is a few lines.
 */
export class TokenBuckets {
  #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {}

  /** Take one token; false when the bucket is empty. */
  take(key: string, now = Date.now()): boolean {
    let b = this.#buckets.get(key);
    if (!b) {
      if (this.#buckets.size > 50_000) this.#sweep(now);
      b = { tokens: this.capacity, at: now };
      this.#buckets.set(key, b);
    }
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Whether a token is available, without taking one. */
  peek(key: string, now = Date.now()): boolean {
    const b = this.#buckets.get(key);
    if (!b) return true;
    return Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond) >= 1;
  }

  delete(key: string) {
    this.#buckets.delete(key);
  }

  #sweep(now: number) {
    const full = this.capacity / this.refillPerSecond;
    for (const [k, b] of this.#buckets) if ((now - b.at) / 1000 > full) this.#buckets.delete(k);
  }
}
