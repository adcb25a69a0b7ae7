/**
 * A token bucket per key, for socket messages (per socket), wrong guesses (per address and
 * per session), new participants (per address) and refused messages (per socket).
 * HTTP routes mostly use @fastify/rate-limit; Socket.IO messages have no such plugin, and a
 * bucket is a few lines.
 */
/**
 * R-LIMIT-ENUM: look-ups by join code (a new phone's hello, the start page's check) per
 * address, right or wrong: twice the joins a minute, as a burst and per minute. A code has
 * 25^6 values: since a right code is always answered, this ceiling, not the wrong-code
 * throttle, is what keeps one address from walking through them (at the default, 4 a
 * second: weeks per hit), while a room of 40 phones behind one address uses a sixth of it.
 */
export const codeLookups = (joinsPerMinute: number) => new TokenBuckets(joinsPerMinute * 2, (joinsPerMinute * 2) / 60);

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

/**
 * Wrong guesses (join codes, facilitator and board keys), R-LIMIT-SHARED. Only wrong answers
 * are counted, per address and per guessed target (a session), so a venue behind one
 * address is never locked out by one guesser: the caller checks the right answer first and
 * asks here only when the guess was wrong. Past the budget a wrong guess is answered
 * RATE_LIMITED instead of UNKNOWN_SESSION: the guesser is told to slow down.
 */
export class Guesses {
  #byAddress: TokenBuckets;
  #byTarget: TokenBuckets;
  constructor(perAddress: { capacity: number; perSecond: number }, perTarget: { capacity: number; perSecond: number }) {
    this.#byAddress = new TokenBuckets(perAddress.capacity, perAddress.perSecond);
    this.#byTarget = new TokenBuckets(perTarget.capacity, perTarget.perSecond);
  }

  /** Count one wrong guess; false when the address or the target has guessed too often. */
  wrong(address: string, target?: string, now = Date.now()): boolean {
    const byAddress = this.#byAddress.take(address, now);
    const byTarget = target === undefined || this.#byTarget.take(target, now);
    return byAddress && byTarget;
  }
}

/** Open connections per address (R-FLOOD): `add` refuses past the cap; `remove` when one closes. */
export class AddressCounts {
  #open = new Map<string, number>();
  constructor(readonly cap: number) {}

  add(address: string): boolean {
    const n = this.#open.get(address) ?? 0;
    if (n >= this.cap) return false;
    this.#open.set(address, n + 1);
    return true;
  }

  remove(address: string) {
    const n = (this.#open.get(address) ?? 0) - 1;
    if (n > 0) this.#open.set(address, n);
    else this.#open.delete(address);
  }

  count(address: string) {
    return this.#open.get(address) ?? 0;
  }
}
