/**
 * Sockets in the bench process (the console, a board): what they received and when, and
 * small helpers the scenarios share (a seeded random source, waiting for a condition,
 * sending a facilitator command that must succeed).
 */
import { nanoid } from 'nanoid';
import type { Socket } from 'socket.io-client';
import { now, sleep, withTimeout } from './clock.ts';

export interface BenchEvent {
  type: string;
  seq: number;
  [k: string]: unknown;
}

/** Every `frame` a socket receives: its time, and a hook per event. */
export class FrameLog {
  /** Receive times of every frame (clock.ts). */
  readonly at: number[] = [];
  #hooks: ((ev: BenchEvent, at: number) => void)[] = [];

  constructor(socket: Socket) {
    socket.on('frame', (f: { events?: BenchEvent[] }) => {
      const at = now();
      this.at.push(at);
      for (const ev of f.events ?? []) for (const h of this.#hooks) h(ev, at);
    });
  }

  onEvent(h: (ev: BenchEvent, at: number) => void) {
    this.#hooks.push(h);
  }

  /** Frames received in [from, to). */
  count(from: number, to: number) {
    return this.at.filter((t) => t >= from && t < to).length;
  }
}

/** Poll `cond` every few ms until it holds (true) or `timeoutMs` passes (false). */
export async function until(cond: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (!cond()) {
    if (now() >= deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

export interface CmdAck {
  ok: boolean;
  seq?: number;
  error?: { code: string; message: string };
}

/** Send a command and return its ack and its send → ack time; throws when it is refused. */
export async function command(socket: Socket, type: string, payload: Record<string, unknown>, timeoutMs = 15_000) {
  const at = now();
  const ack = (await withTimeout(
    socket.timeout(timeoutMs).emitWithAck('cmd', { id: nanoid(), type, ...payload }),
    timeoutMs + 1000,
    `${type} ack`,
  )) as CmdAck;
  if (!ack.ok) throw new Error(`${type} refused: ${ack.error?.code} ${ack.error?.message}`);
  return { ack, at, ms: now() - at };
}

/** A small seeded random source (mulberry32), so every round draws the same plan. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
