/**
 * Raw socket.io-client sockets with chosen request headers (X-Forwarded-For, Origin), for
 * the limit, proxy and flood tests: a real client on 127.0.0.1 that says what a proxy or a
 * browser on another site would say.
 */
import { io, type Socket } from 'socket.io-client';
import type { HelloAck } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

export interface Raw {
  socket: Socket;
  /** Resolves on connect; rejects with the server's refusal (`error.data.code`). */
  ready: Promise<void>;
  hello(body: Record<string, unknown>): Promise<HelloAck>;
  close(): void;
}

export function rawSocket(url: string, headers: Record<string, string> = {}): Raw {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  ready.catch(() => undefined);
  return {
    socket,
    ready,
    hello: async (body) => {
      await ready;
      return (await socket.timeout(5000).emitWithAck('hello', { v: PROTOCOL_VERSION, ...body })) as HelloAck;
    },
    close: () => socket.close(),
  };
}

/** The code of a connection refusal, or 'connected'. */
export async function outcome(r: Raw): Promise<string> {
  try {
    await r.ready;
    return 'connected';
  } catch (e) {
    return String((e as { data?: { code?: string } }).data?.code ?? (e as Error).message);
  }
}

/** Join codes (valid in form) that are not `except`. */
export function wrongCodes(n: number, except: string): string[] {
  const alphabet = 'ACDEFGHJKMNPQRTUVWXY34679';
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    // The digits of 7919·i + 1 in base 25: distinct codes for distinct i (below 25^6).
    let x = 7919 * i + 1;
    const code = Array.from({ length: 6 }, () => {
      const c = alphabet[x % 25];
      x = Math.floor(x / 25);
      return c;
    }).join('');
    if (code !== except) out.push(code);
  }
  return out;
}

export const errorCode = (ack: HelloAck) => (ack.ok ? 'ok' : ack.error.code);

/** Poll `pred` until it holds, at most `tries` times, 20 ms apart. */
export async function eventually(pred: () => boolean | Promise<boolean>, tries = 250) {
  for (let i = 0; i < tries; i++) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}
