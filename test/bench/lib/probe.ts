/**
 * Another room's console on the same server, sending one command every ~50 ms (never
 * two at once) and timing each ack: does a storm in one room slow the others down?
 */
import { nanoid } from 'nanoid';
import type { Socket } from 'socket.io-client';
import { now, sleep } from './clock.ts';

export interface ProbeSample {
  /** Send time (clock.ts). */
  at: number;
  /** Send → ack (ms); the timeout when no ack came. */
  ms: number;
  ok: boolean;
}

export class Probe {
  readonly samples: ProbeSample[] = [];
  #stop = false;
  #done: Promise<void>;

  /** `cmd(k)`: the k-th command (type and payload). */
  constructor(socket: Socket, cmd: (k: number) => Record<string, unknown>, everyMs = 50, timeoutMs = 10_000) {
    this.#done = (async () => {
      for (let k = 0; !this.#stop; k++) {
        const at = now();
        let ok = false;
        try {
          const ack = (await socket.timeout(timeoutMs).emitWithAck('cmd', { id: nanoid(), ...cmd(k) })) as { ok: boolean };
          ok = ack.ok;
        } catch {
          // no ack in time: the sample is the timeout
        }
        this.samples.push({ at, ms: now() - at, ok });
        await sleep(Math.max(0, everyMs - (now() - at)));
      }
    })();
  }

  /** Acks of the commands sent in [from, to) (ms). */
  between(from: number, to: number): number[] {
    return this.samples.filter((s) => s.at >= from && s.at < to).map((s) => s.ms);
  }

  refused(): number {
    return this.samples.filter((s) => !s.ok).length;
  }

  async stop() {
    this.#stop = true;
    await this.#done;
  }
}
