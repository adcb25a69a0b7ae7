/**
 * Real socket.io-client peers for tests. Every message a socket receives is recorded
 * (`wire`) so tests can check what reached it, not just what the UI shows.
 *
 * R-FRAME-SCHEMA: every hello ack, frame, presence, rejection and command ack a peer
 * receives is checked against the outbound schemas (shared/outbound.ts), each event for
 * the audience of that peer. A mismatch fails the test: `join` and `cmd` throw at once,
 * `until` throws as soon as one is recorded, and an `afterEach` registered by this module
 * fails the test in which any peer received one.
 */
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import type { CreatedSession, HelloAck, CommandAck, Frame } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { RoomView, StoredEvent, Viewer } from '../../shared/model.ts';
import { mergeOwn } from '../../shared/own-frames.ts';
import {
  checkFrame,
  checkHelloAck,
  checkMessage,
  CommandAckSchema,
  PresenceSchema,
  RejectedSchema,
  StatusSchema,
  type OutboundCheck,
} from '../../shared/outbound.ts';
import { apply } from '../../shared/reduce.ts';
import { socketUrl } from './cluster-mode.ts';

/** Outbound messages that did not match their schema, since the last test ended. */
export const outboundIssues: string[] = [];
const uncheckedKinds = new Set<string>();

function record(what: string, check: OutboundCheck): string[] {
  for (const kind of check.unchecked) {
    if (uncheckedKinds.has(kind)) continue;
    uncheckedKinds.add(kind);
    console.warn(`R-FRAME-SCHEMA: events of kind "${kind}" are not validated (its kind.ts has no schemas.events yet)`);
  }
  const found = check.issues.map((i) => `${what}: ${i}`);
  outboundIssues.push(...found);
  return found;
}

/** Fail loudly: the messages that did not match, with the first ones in full. */
const failure = (issues: string[]) =>
  new Error(`R-FRAME-SCHEMA: ${issues.length} outbound message issue(s) do not match the schemas:\n  ${issues.slice(0, 20).join('\n  ')}`);

try {
  afterEach(() => {
    const issues = outboundIssues.splice(0);
    if (issues.length) throw failure(issues);
  });
} catch {
  // Imported outside a test file's collection (e.g. inside a test): join/cmd/until still throw.
}

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
  /** Who this peer is, once its hello succeeded: the audience its frames are checked for. */
  viewer: Viewer | undefined;
  /** What this peer received that did not match the outbound schemas. */
  readonly issues: string[] = [];
  /** The highest seq of a frame received. */
  #frameSeq = 0;
  /** The highest seq a (shared) frame announced. */
  #announced = 0;
  /** Own events waiting for their shared frame. */
  #own: StoredEvent[] = [];

  constructor(url: string) {
    this.socket = io(socketUrl(url), { transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.onAny((event, payload) => {
      this.wire.push([event, payload]);
      // Frames that come while a hello is answered (a session another node runs: the owner
      // joins this socket to its rooms before its answer is passed on) wait for the answer,
      // as the app's SyncedView holds them (R-CLUSTER-FORWARD).
      if (event === 'frame' && this.#joining && !this.viewer) return void this.#early.push(payload);
      this.#receive(event, payload);
    });
  }

  #joining = false;
  #early: unknown[] = [];

  #receive(event: string, payload: unknown) {
    this.#check(event, payload);
    if (event === 'frame' && (payload as Frame).own) {
      // A participant's own events: folded into the shared frame that follows (issue 13).
      this.#own.push(...(payload as Frame).events);
    } else if (event === 'frame') {
      const events = mergeOwn((payload as Frame).events, this.#own);
      this.#own = [];
      if (this.view) for (const ev of events) if (ev.seq > this.view.seq) apply(this.view, ev);
      this.#frameSeq = Math.max(this.#frameSeq, (payload as Frame).seq ?? 0);
    }
  }

  #check(event: string, payload: unknown) {
    const who = this.viewer
      ? `${this.viewer.role}${this.viewer.participantId ? ` ${this.viewer.participantId}` : ''}`
      : 'a peer before hello';
    let check: OutboundCheck;
    if (event === 'frame') {
      if (!this.viewer) check = { issues: ['a frame before a successful hello'], unchecked: [] };
      else check = checkFrame(payload, this.viewer, (id) => this.#kindOf(id, payload as Frame));
      // R-FRAME-ORDER: a client takes a frame's seq as "everything up to here": a later
      // frame may not bring an event at or below it (the client would skip that event).
      const f = payload as Frame;
      const behind = (f.events ?? []).filter((e) => e.seq <= this.#announced).map((e) => e.seq);
      if (behind.length)
        check.issues.push(`R-FRAME-ORDER: events ${behind.join(', ')} come after a frame that announced seq ${this.#announced}`);
      if (!f.own) this.#announced = Math.max(this.#announced, f.seq ?? 0);
    } else if (event === 'presence') check = checkMessage(PresenceSchema, payload);
    else if (event === 'rejected') check = checkMessage(RejectedSchema, payload);
    else if (event === 'status') check = checkMessage(StatusSchema, payload);
    else check = { issues: [`unexpected message "${event}"`], unchecked: [] };
    this.issues.push(...record(`${event} to ${who}`, check));
  }

  /** The kind of an activity: from the view, or from an agenda.added in the same frame. */
  #kindOf(id: string, frame: Frame): string | undefined {
    const added = frame.events?.find?.((e) => e.type === 'agenda.added' && (e.activity as { id?: string } | undefined)?.id === id);
    return this.view?.agenda.find((a) => a.id === id)?.kind ?? (added?.activity as { kind?: string } | undefined)?.kind;
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
    let found: string[] = [];
    this.#joining = true;
    // Take the ack in its callback, not after an await: frames sent right after it may be
    // handled in the same tick, and they are checked for (and applied to) this viewer.
    const ack = await new Promise<HelloAck>((resolve, reject) => {
      this.socket.timeout(5000).emit('hello', { v: PROTOCOL_VERSION, ...hello }, (err: Error | null, ack: HelloAck) => {
        if (err) {
          this.#joining = false;
          return reject(err);
        }
        this.hello = ack;
        found = record(`hello ack (${String(hello.role)})`, checkHelloAck(ack));
        this.issues.push(...found);
        if (ack.ok) {
          this.#frameSeq = Math.max(this.#frameSeq, ack.seq);
          this.viewer = ack.participantId ? { role: ack.role, participantId: ack.participantId } : { role: ack.role };
          if (ack.snapshot) this.view = ack.snapshot;
          for (const ev of ack.events ?? []) if (this.view && ev.seq > this.view.seq) apply(this.view, ev);
        }
        this.#joining = false;
        for (const frame of this.#early.splice(0)) this.#receive('frame', frame);
        resolve(ack);
      });
    });
    if (found.length) throw failure(found);
    return ack;
  }

  /** How long a command waits for its ack (ms); a test that loads the machine may allow more. */
  ackTimeoutMs = 5000;

  emit<T>(event: string, payload: unknown): Promise<T> {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck(event, payload) as Promise<T>;
  }

  async cmd(type: string, payload: Record<string, unknown> = {}, id = nanoid()): Promise<CommandAck> {
    const ack = await this.emit<CommandAck>('cmd', { id, type, ...payload });
    const found = record(`ack of ${type}`, checkMessage(CommandAckSchema, ack));
    this.issues.push(...found);
    if (found.length) throw failure(found);
    // A facilitator sees every event: its frame follows the ack. Wait for it (briefly), so a
    // test reads the view as it is after its own command (on a busy machine it came late).
    if (ack.ok && this.viewer?.role === 'facilitator') {
      for (let waited = 0; this.#frameSeq < ack.seq && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    }
    return ack;
  }

  /** Wait until `pred(view)` holds (frames are applied as they arrive). */
  async until(pred: (v: RoomView) => boolean, ms = 5000) {
    const start = Date.now();
    while (!(this.view && pred(this.view))) {
      if (this.issues.length) throw failure(this.issues);
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
