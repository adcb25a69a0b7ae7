/**
 * A test phone with the app's outbox behaviour (client/src/lib/outbox.svelte.ts): a command
 * keeps its id until it is acknowledged; one that got no answer, or BUSY, is sent again
 * after reconnecting (with the phone's token) to a server that is up. For the tests of
 * several nodes and workers (R-CLUSTER-FAILOVER, R-WORKERS).
 */
import { nanoid } from 'nanoid';
import { expect } from 'vitest';
import { Peer } from './client.ts';

export class Phone {
  peer: Peer | undefined;
  token: string | undefined;
  participantId: string | undefined;
  reconnects = 0;
  /** What this phone sent, with the ids (a phone whose ack was lost sends the same again). */
  sent: { id: string; type: string; payload: Record<string, unknown> }[] = [];
  #urls: () => string[];
  #next: number;
  #code: string;
  #sessionId: string;
  #peers: Peer[];

  /** `urls`: the servers up now; `start`: which to try first; `peers`: where to keep sockets to close. */
  constructor(urls: () => string[], start: number, code: string, sessionId: string, peers: Peer[]) {
    this.#urls = urls;
    this.#next = start;
    this.#code = code;
    this.#sessionId = sessionId;
    this.#peers = peers;
  }

  async connect(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const up = this.#urls();
      const url = up[this.#next++ % Math.max(1, up.length)];
      if (url) {
        const p = new Peer(url);
        this.#peers.push(p);
        try {
          const hello = await p.join(
            this.token
              ? { role: 'participant', code: this.#code, sessionId: this.#sessionId, token: this.token }
              : { role: 'participant', code: this.#code },
          );
          if (hello.ok) {
            this.peer = p;
            this.token ??= (hello as { token?: string }).token;
            this.participantId ??= (hello as { participantId?: string }).participantId;
            return;
          }
          expect(['BUSY', 'INTERNAL']).toContain(hello.error.code);
        } catch {
          // no answer: the server went away
        }
        p.close();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('a phone could not get back in');
  }

  /** Send until acknowledged (ok, or a duplicate of an earlier copy): the outbox. */
  async send(type: string, payload: Record<string, unknown>, id = nanoid()): Promise<void> {
    this.sent.push({ id, type, payload });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (!this.peer?.socket.connected) {
        this.reconnects++;
        this.peer?.close();
        await this.connect();
      }
      try {
        const ack = await this.peer!.cmd(type, payload, id);
        if (ack.ok) return;
        expect(['BUSY', 'INTERNAL', 'READ_ONLY']).toContain(ack.error.code);
      } catch {
        // no answer in time
      }
      this.peer?.close();
      this.peer = undefined;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${type} was never acknowledged`);
  }
}
