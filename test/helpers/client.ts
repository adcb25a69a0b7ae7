/**
 * Real socket.io-client peers for tests. Every message a socket receives is recorded
 * (`wire`) so tests can check what reached it, not just what the UI shows.
 */
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import type { CreatedSession, HelloAck, CommandAck, Frame } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { RoomView } from '../../shared/model.ts';
import { apply } from '../../shared/reduce.ts';

export async function createSession(url: string, title = 'Lerend netwerk sessie 6', lang = 'nl') {
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, lang }),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedSession;
}

export class Peer {
  readonly socket: Socket;
  /** Every message received, raw, in order: [event, payload]. */
  readonly wire: [string, unknown][] = [];
  view: RoomView | undefined;
  hello: HelloAck | undefined;

  constructor(url: string) {
    this.socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.onAny((event, payload) => {
      this.wire.push([event, payload]);
      if (event === 'frame' && this.view) {
        for (const ev of (payload as Frame).events) if (ev.seq > this.view.seq) apply(this.view, ev);
      }
    });
  }

  connected() {
    return new Promise<void>((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  async join(hello: Record<string, unknown>): Promise<HelloAck> {
    await this.connected();
    const ack = await this.emit<HelloAck>('hello', { v: PROTOCOL_VERSION, ...hello });
    this.hello = ack;
    if (ack.ok) {
      if (ack.snapshot) this.view = ack.snapshot;
      for (const ev of ack.events ?? []) if (this.view && ev.seq > this.view.seq) apply(this.view, ev);
    }
    return ack;
  }

  emit<T>(event: string, payload: unknown): Promise<T> {
    return this.socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
  }

  cmd(type: string, payload: Record<string, unknown> = {}, id = nanoid()): Promise<CommandAck> {
    return this.emit<CommandAck>('cmd', { id, type, ...payload });
  }

  /** Wait until `pred(view)` holds (frames are applied as they arrive). */
  async until(pred: (v: RoomView) => boolean, ms = 5000) {
    const start = Date.now();
    while (!(this.view && pred(this.view))) {
      if (Date.now() - start > ms) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Everything received so far, as one JSON string. */
  wireText() {
    return JSON.stringify(this.wire);
  }

  close() {
    this.socket.close();
  }
}

export const facilitator = async (url: string, s: CreatedSession, since?: number) => {
  const p = new Peer(url);
  const ack = await p.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey, since });
  if (!ack.ok) throw new Error(`facilitator hello failed: ${JSON.stringify(ack)}`);
  return p;
};
export const board = async (url: string, s: CreatedSession) => {
  const p = new Peer(url);
  const ack = await p.join({ role: 'board', sessionId: s.sessionId, key: s.boardKey });
  if (!ack.ok) throw new Error(`board hello failed: ${JSON.stringify(ack)}`);
  return p;
};
export const participant = async (url: string, s: CreatedSession, extra: Record<string, unknown> = {}) => {
  const p = new Peer(url);
  const ack = await p.join({ role: 'participant', code: s.code, ...extra });
  if (!ack.ok) throw new Error(`participant hello failed: ${JSON.stringify(ack)}`);
  return p;
};

export const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));
