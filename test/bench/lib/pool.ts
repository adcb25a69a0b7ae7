/**
 * A few phone worker processes. On 2 cores the phones must not all live in one event
 * loop (that loop would become the bottleneck and hide the server's cost), nor in one
 * process each; a handful of processes with a few hundred sockets each is the middle way.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { now, withTimeout } from './clock.ts';
import { stopChild, track } from './children.ts';
import type { FromWorker, ToWorker } from './ipc.ts';

type Kind = FromWorker['t'];
type Msg<K extends Kind> = Extract<FromWorker, { t: K }>;

const WORKER = fileURLToPath(new URL('./phone-worker.ts', import.meta.url));

export class Pool {
  readonly size: number;
  #workers: ChildProcess[];
  #waiters: { worker: number; kind: Kind; resolve: (m: FromWorker) => void; reject: (e: Error) => void }[] = [];
  #listeners = new Set<(worker: number, m: FromWorker) => void>();

  private constructor(workers: ChildProcess[]) {
    this.#workers = workers;
    this.size = workers.length;
    workers.forEach((w, i) => {
      w.on('message', (m: FromWorker) => this.#dispatch(i, m));
      w.once('exit', (code, signal) => {
        const err = new Error(`phone worker ${i} exited (code ${code}, signal ${signal})`);
        for (const x of this.#waiters.filter((x) => x.worker === i)) x.reject(err);
        this.#waiters = this.#waiters.filter((x) => x.worker !== i);
      });
    });
  }

  static async start(size: number, maxLifetimeMs: number, nice = 0): Promise<Pool> {
    const workers = Array.from({ length: size }, () =>
      track(
        fork(WORKER, [], {
          // Load TypeScript the same way the servers do; no second tsx CLI process.
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, BENCH_WORKER_MAX_MS: String(maxLifetimeMs) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      ),
    );
    // Optional (BENCH_WORKER_NICE): phones are other devices in reality, so one may give
    // the server the CPU first. Off by default: on a shared machine, niced phones are
    // starved by other tenants' load and that noise lands in the latencies.
    for (const w of nice ? workers : []) {
      try {
        os.setPriority(w.pid!, nice);
      } catch {
        // not permitted here: run at equal priority
      }
    }
    const pool = new Pool(workers);
    await withTimeout(Promise.all(workers.map((_, i) => pool.next(i, 'ready'))), 30_000, 'phone workers to start');
    return pool;
  }

  #dispatch(worker: number, m: FromWorker) {
    const i = this.#waiters.findIndex((x) => x.worker === worker && x.kind === m.t);
    if (i >= 0) this.#waiters.splice(i, 1)[0].resolve(m);
    for (const l of this.#listeners) l(worker, m);
  }

  send(worker: number, m: ToWorker) {
    this.#workers[worker].send(m);
  }

  /** The next message of `kind` from one worker. Register before sending the request. */
  next<K extends Kind>(worker: number, kind: K): Promise<Msg<K>> {
    return new Promise((resolve, reject) => this.#waiters.push({ worker, kind, resolve: resolve as (m: FromWorker) => void, reject }));
  }

  /** Send one request to every worker and gather one reply each. */
  async all<K extends Kind>(m: ToWorker | ((worker: number) => ToWorker), kind: K, timeoutMs: number): Promise<Msg<K>[]> {
    const replies = this.#workers.map((_, i) => this.next(i, kind));
    this.#workers.forEach((_, i) => this.send(i, typeof m === 'function' ? m(i) : m));
    return withTimeout(Promise.all(replies), timeoutMs, `${kind} from every phone worker`);
  }

  /** Messages nobody asked for (e.g. `complete`). Returns an unsubscribe function. */
  listen(l: (worker: number, m: FromWorker) => void): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  /**
   * Check the shared-clock assumption: the largest gap (ms) between a worker's clock and
   * the midpoint of an IPC round trip. A few hundredths of a ms means the clocks agree.
   */
  async clockSkew(rounds = 10): Promise<number> {
    let worst = 0;
    for (let w = 0; w < this.size; w++) {
      // The tightest round trip bounds the error best; use its midpoint.
      let best = { rtt: Infinity, skew: 0 };
      for (let r = 0; r < rounds; r++) {
        const reply = this.next(w, 'pong');
        const t0 = now();
        this.send(w, { t: 'ping', id: r });
        const pong = await withTimeout(reply, 5000, 'pong');
        const t1 = now();
        if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, skew: Math.abs(pong.now - (t0 + t1) / 2) };
      }
      worst = Math.max(worst, best.skew);
    }
    return worst;
  }

  async stop() {
    await Promise.all(this.#workers.map((w) => stopChild(w, 3000)));
  }
}
