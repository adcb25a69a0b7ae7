/**
 * A phone as the fault tests need it: a participant that keeps its token, sends its
 * commands pipelined with ids it chose, keeps what was not acknowledged (its outbox), and,
 * on a new link, comes back as the same participant and sends the outbox again with the
 * same ids, as the real client does (client/src/lib/outbox.svelte.ts; the real outbox is
 * tested in node in test/client/connection.test.ts and in Chromium in test/e2e/faults).
 */
import { nanoid } from 'nanoid';
import type { CommandAck, CreatedSession } from '../../shared/protocol.ts';
import { Peer } from './client.ts';

export interface Sent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

export class PhoneSim {
  peer: Peer | undefined;
  pid: string | undefined;
  #token: string | undefined;
  /** Commands not yet acknowledged, in the order they were made. */
  readonly outbox: Sent[] = [];
  /** Acknowledged commands: id → the seq of its events. */
  readonly acked = new Map<string, number>();
  /** Commands the server refused (other than RATE_LIMITED). */
  readonly refused: { cmd: Sent; ack: CommandAck }[] = [];
  /** What went wrong other than a lost link (e.g. a message that does not match the schemas). */
  readonly errors: string[] = [];

  constructor(
    readonly s: CreatedSession,
    readonly name: string,
  ) {}

  /** Join (the first time) or rejoin with the token (afterwards). */
  async connect(url: string): Promise<void> {
    this.peer?.close();
    const peer = new Peer(url);
    this.peer = peer;
    const ack = await peer.join({
      role: 'participant',
      code: this.s.code,
      name: this.name,
      ...(this.#token ? { sessionId: this.s.sessionId, token: this.#token } : {}),
    });
    if (!ack.ok) throw new Error(`${this.name}: hello failed ${JSON.stringify(ack)}`);
    if (this.pid && ack.participantId !== this.pid) throw new Error(`${this.name} came back as someone else`);
    this.pid = ack.participantId;
    this.#token ??= ack.token;
  }

  /** Queue a command and send it now if the link is up (without waiting for its ack). */
  send(type: string, payload: Record<string, unknown>): Promise<void> {
    const cmd = { id: nanoid(), type, payload };
    this.outbox.push(cmd);
    return this.#fire(cmd);
  }

  /** Send every unacknowledged command again, in order, with its own id; wait for the acks. */
  async replay(): Promise<void> {
    for (let round = 0; this.outbox.length && round < 20; round++) {
      await Promise.all([...this.outbox].map((cmd) => this.#fire(cmd)));
      if (this.outbox.length) await new Promise((r) => setTimeout(r, 200)); // rate-limited: again
    }
  }

  drop(): void {
    this.peer?.socket.disconnect();
  }

  #fire(cmd: Sent): Promise<void> {
    const peer = this.peer;
    if (!peer?.socket.connected) {
      return Promise.resolve();
    }
    return peer.cmd(cmd.type, cmd.payload, cmd.id).then(
      (ack) => {
        if (ack.ok) {
          this.acked.set(cmd.id, ack.seq);
          this.#forget(cmd);
        } else if (ack.error.code !== 'RATE_LIMITED') {
          this.refused.push({ cmd, ack });
          this.#forget(cmd);
        }
      },
      (e: unknown) => {
        // No answer because the link went: it stays in the outbox. Anything else is a bug.
        if (peer.socket.connected && !/timed out|disconnected/i.test(String(e))) this.errors.push(String(e));
      },
    );
  }

  #forget(cmd: Sent) {
    const i = this.outbox.indexOf(cmd);
    if (i >= 0) this.outbox.splice(i, 1);
  }

  close(): void {
    this.peer?.close();
  }
}
