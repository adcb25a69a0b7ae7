/**
 * The live link to the room: the socket, the hello handshake, the confirmed view (snapshot
 * + projected events), presence, the outbox and the connection status. One per page.
 *
 * The view shown is optimistic: the confirmed view with every unacked (and acked but not
 * yet seen) command applied on top through the shared reducer. A rejected command simply
 * leaves the outbox, so its change disappears by itself.
 */
import { io, type Socket } from 'socket.io-client';
import { nanoid } from 'nanoid';
import {
  PROTOCOL_VERSION,
  type ClientToServer,
  type Command,
  type CommandAck,
  type ErrorCode,
  type Frame,
  type HelloAck,
  type Presence,
  type ProtocolError,
  type Role,
  type ServerToClient,
} from '../../../shared/protocol.ts';
import type { Activity, Actor, ProjectedEvent, RoomView } from '../../../shared/model.ts';
import { apply, decide, emptyState, findActivity } from '../../../shared/reduce.ts';
import { Outbox } from './outbox.svelte.ts';
import { load, outboxKey, participantKey, remove, save, type ParticipantCreds } from './storage.ts';

export type Status = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A command as the UI makes it; the connection adds the id. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;

export type ConnectionOptions =
  | { role: 'participant'; code: string; name?: string }
  | { role: 'facilitator' | 'board'; sessionId: string; key: string };

/** Errors that end the connection: retrying the same hello cannot help. */
const FATAL: ReadonlySet<ErrorCode> = new Set(['UNKNOWN_SESSION', 'CLIENT_TOO_OLD', 'NOT_ALLOWED', 'INVALID']);
const HELLO_TIMEOUT_MS = 10_000;
const CMD_TIMEOUT_MS = 15_000;
const HELLO_RETRY_MS = 5_000;

export interface Notice {
  code: ErrorCode;
  /** Changes with every notice, so the same error twice still shows. */
  n: number;
}

export class Connection {
  readonly role: Role;
  readonly outbox = new Outbox();
  #opts: ConnectionOptions;
  #socket: Socket<ServerToClient, ClientToServer> | null = null;

  #view = $state.raw<RoomView | null>(null);
  #presence = $state(0);
  #sessionId = $state<string | null>(null);
  #participantId = $state<string | null>(null);
  #joinUrl = $state<string | null>(null);
  #online = $state(true);
  #socketUp = $state(false);
  #ready = $state(false);
  #everReady = $state(false);
  /** A connection attempt failed or is being retried: we are trying again, not starting. */
  #tried = $state(false);
  #fatal = $state<ErrorCode | null>(null);
  #notice = $state.raw<Notice | null>(null);
  /** Server clock minus ours (ms), from the hello ack: phones' clocks are often off. */
  #clockOffset = $state(0);

  /** Attempt counter of the command in flight; null when none. */
  #inFlight: number | null = null;
  #attempt = 0;
  #helloAttempt = 0;
  #noticeCount = 0;
  /** Frames that arrived while the hello was still unanswered. */
  #early: Frame[] = [];
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #cleanup: (() => void)[] = [];
  #retriedWithoutCreds = false;

  #shown = $derived.by(() => this.#optimistic(this.#view, this.outbox.overlay));
  #current = $derived(this.#shown ? findActivity(this.#shown, this.#shown.currentId) : undefined);

  constructor(opts: ConnectionOptions) {
    this.#opts = opts;
    this.role = opts.role;
    if (opts.role === 'participant') {
      const creds = this.#creds();
      if (creds) {
        this.#sessionId = creds.sessionId;
        this.#participantId = creds.participantId;
        this.outbox.attach(outboxKey(creds.sessionId, creds.participantId));
      }
    } else {
      this.#sessionId = opts.sessionId;
      this.outbox.attach(outboxKey(opts.sessionId, opts.role));
    }
  }

  // ---- what the views read ------------------------------------------------------------

  /** The view to show: confirmed + pending commands applied optimistically. */
  /** The activity on the board and the phones now, as shown. */
  get current(): Activity | undefined {
    return this.#current;
  }
  get view(): RoomView | null {
    return this.#shown;
  }
  /** The view as the server confirmed it. */
  get confirmed(): RoomView | null {
    return this.#view;
  }
  /** The server's time now (ms), corrected for this device's clock skew. */
  now(): number {
    return Date.now() + this.#clockOffset;
  }
  get clockOffset(): number {
    return this.#clockOffset;
  }
  get presence(): number {
    return this.#presence;
  }
  get sessionId(): string | null {
    return this.#sessionId;
  }
  get participantId(): string | null {
    return this.#participantId;
  }
  get actor(): Actor {
    return this.#participantId ? { role: this.role, participantId: this.#participantId } : { role: this.role };
  }
  /** Absolute join link for the QR code (from the hello ack, else built from the code). */
  get joinUrl(): string | null {
    if (this.#joinUrl) return this.#joinUrl;
    const code = this.#view?.code;
    return code ? `${location.origin}/j/${code}` : null;
  }
  get status(): Status {
    if (!this.#online) return 'offline';
    if (this.#ready) return 'connected';
    return this.#everReady || this.#socketUp || this.#tried ? 'reconnecting' : 'connecting';
  }
  get pending(): number {
    return this.outbox.size;
  }
  get saved(): boolean {
    return this.outbox.saved;
  }
  /** A hello error that ended the connection (show it instead of the view). */
  get fatal(): ErrorCode | null {
    return this.#fatal;
  }
  /** The last refused command or passing error (show it, then dismiss). */
  get notice(): Notice | null {
    return this.#notice;
  }
  dismissNotice(): void {
    this.#notice = null;
  }

  // ---- life cycle ---------------------------------------------------------------------

  start(): void {
    if (this.#socket) return;
    this.#online = typeof navigator === 'undefined' ? true : navigator.onLine !== false;
    const socket: Socket<ServerToClient, ClientToServer> = io({ path: '/socket.io', autoConnect: false });
    this.#socket = socket;

    socket.on('connect', () => {
      this.#socketUp = true;
      this.#hello();
    });
    socket.on('disconnect', () => {
      this.#socketUp = false;
      this.#ready = false;
      this.#inFlight = null;
    });
    socket.on('connect_error', () => {
      this.#tried = true;
    });
    socket.io.on('reconnect_attempt', () => {
      this.#ready = false;
      this.#tried = true;
    });
    socket.on('frame', (f) => this.#onFrame(f));
    socket.on('presence', (p: Presence) => {
      if (typeof p?.here === 'number') this.#presence = p.here;
    });
    socket.on('rejected', (e) => {
      if (e?.id) this.outbox.rejected(e.id);
      if (e?.error) this.#show(e.error);
    });

    // A phone that loses its network should say so at once and stop hammering; the
    // socket may not notice a dead link for a long time on its own.
    const offline = () => {
      this.#online = false;
      socket.disconnect();
    };
    const online = () => {
      this.#online = true;
      if (!this.#fatal && !socket.connected) socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.#cleanup.push(() => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    });

    if (this.#online) socket.connect();
  }

  stop(): void {
    for (const f of this.#cleanup) f();
    this.#cleanup = [];
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#socket?.disconnect();
    this.#socket?.removeAllListeners();
    this.#socket = null;
  }

  // ---- commands -----------------------------------------------------------------------

  /** Queue a command: persisted, shown optimistically, sent when connected. */
  send(input: CommandInput, tag?: string): string {
    const cmd = { id: nanoid(), ...input } as Command;
    this.outbox.add(cmd, tag);
    this.#flush();
    return cmd.id;
  }

  /** Keep the participant's display name on the phone, for the next hello. */
  rememberName(name: string): void {
    if (this.#opts.role !== 'participant') return;
    this.#opts = { ...this.#opts, name };
    const creds = this.#creds();
    if (!creds) return;
    const next: ParticipantCreds = { ...creds };
    if (name) next.name = name;
    else delete next.name;
    save(participantKey(this.#opts.code), next);
  }

  /** The display name this phone last chose. */
  get name(): string {
    if (this.#opts.role !== 'participant') return '';
    return this.#creds()?.name ?? this.#opts.name ?? '';
  }

  // ---- internals ----------------------------------------------------------------------

  #creds(): ParticipantCreds | undefined {
    if (this.#opts.role !== 'participant') return undefined;
    const c = load<ParticipantCreds>(participantKey(this.#opts.code));
    return c && typeof c.sessionId === 'string' && typeof c.token === 'string' && typeof c.participantId === 'string'
      ? c
      : undefined;
  }

  #helloPayload(): Record<string, unknown> {
    const since = this.#view ? { since: this.#view.seq } : {};
    if (this.#opts.role !== 'participant') {
      return { v: PROTOCOL_VERSION, role: this.#opts.role, sessionId: this.#opts.sessionId, key: this.#opts.key, ...since };
    }
    const creds = this.#creds();
    const name = (creds?.name ?? this.#opts.name)?.trim();
    return {
      v: PROTOCOL_VERSION,
      role: 'participant',
      code: this.#opts.code,
      ...(creds ? { sessionId: creds.sessionId, token: creds.token } : {}),
      ...(name ? { name } : {}),
      ...since,
    };
  }

  #hello(): void {
    const socket = this.#socket;
    if (!socket) return;
    const attempt = ++this.#helloAttempt;
    this.#early = [];
    socket.timeout(HELLO_TIMEOUT_MS).emit('hello', this.#helloPayload(), (err: Error | null, ack: HelloAck) => {
      if (attempt !== this.#helloAttempt || this.#socket !== socket) return;
      if (err) {
        // No answer: drop this link and let Socket.IO build a new one.
        if (socket.connected) {
          socket.disconnect();
          socket.connect();
        }
        return;
      }
      this.#onHello(socket, ack);
    });
  }

  #onHello(socket: Socket<ServerToClient, ClientToServer>, ack: HelloAck): void {
    if (!ack || !ack.ok) {
      const error: ProtocolError = ack && !ack.ok ? ack.error : { code: 'INTERNAL', message: 'no ack' };
      // A phone whose stored token is stale (e.g. the session was reset) joins afresh once.
      if (
        error.code === 'UNKNOWN_SESSION' &&
        this.#opts.role === 'participant' &&
        this.#creds() &&
        !this.#retriedWithoutCreds
      ) {
        this.#retriedWithoutCreds = true;
        remove(participantKey(this.#opts.code));
        this.#view = null;
        this.#hello();
        return;
      }
      if (FATAL.has(error.code)) {
        this.#fatal = error.code;
        socket.disconnect();
        return;
      }
      this.#show(error);
      this.#later(() => {
        if (this.#socket === socket && socket.connected && !this.#ready) this.#hello();
      }, HELLO_RETRY_MS);
      return;
    }

    this.#sessionId = ack.sessionId;
    if (typeof ack.joinUrl === 'string' && ack.joinUrl) this.#joinUrl = ack.joinUrl;
    if (typeof ack.now === 'number' && Number.isFinite(ack.now)) this.#clockOffset = ack.now - Date.now();
    if (this.#opts.role === 'participant' && ack.participantId) {
      const old = this.#creds();
      const token = ack.token ?? old?.token;
      this.#participantId = ack.participantId;
      if (token) {
        const creds: ParticipantCreds = { sessionId: ack.sessionId, token, participantId: ack.participantId };
        const name = old?.name ?? this.#opts.name;
        if (name) creds.name = name;
        save(participantKey(this.#opts.code), creds);
      }
      this.outbox.attach(outboxKey(ack.sessionId, ack.participantId));
    }

    let view: RoomView;
    if (ack.snapshot) {
      view = structuredClone(ack.snapshot);
      this.outbox.clearSettling();
    } else {
      view = this.#view ? structuredClone(this.#view) : emptyState();
      for (const ev of ack.events ?? []) if (ev.seq > view.seq) apply(view, ev);
    }
    if (typeof ack.seq === 'number') view.seq = Math.max(view.seq, ack.seq);
    for (const f of this.#early) this.#applyEvents(view, f);
    this.#early = [];
    this.#view = view;
    if (typeof ack.presence === 'number') this.#presence = ack.presence;
    this.outbox.settle(view.seq);

    this.#ready = true;
    this.#everReady = true;
    this.#fatal = null;
    this.#inFlight = null;
    this.#flush();
  }

  #applyEvents(view: RoomView, f: Frame): void {
    for (const ev of f.events ?? []) if (ev.seq > view.seq) apply(view, ev);
    if (typeof f.seq === 'number') view.seq = Math.max(view.seq, f.seq);
  }

  #onFrame(f: Frame): void {
    if (!f) return;
    if (!this.#ready || !this.#view) {
      this.#early.push(f);
      return;
    }
    if (typeof f.seq === 'number' && f.seq <= this.#view.seq && !(f.events ?? []).some((e) => e.seq > this.#view!.seq)) {
      return;
    }
    const view = structuredClone(this.#view);
    this.#applyEvents(view, f);
    this.#view = view;
    this.outbox.settle(view.seq);
  }

  #flush(): void {
    const socket = this.#socket;
    if (!socket || !this.#ready || this.#inFlight !== null) return;
    const entry = this.outbox.entries[0];
    if (!entry) return;
    const attempt = ++this.#attempt;
    this.#inFlight = attempt;
    socket.timeout(CMD_TIMEOUT_MS).emit('cmd', entry.cmd, (err: Error | null, ack: CommandAck) => {
      if (this.#inFlight !== attempt) return;
      this.#inFlight = null;
      if (err) {
        // Lost or slow: send it again with the same id (the server dedupes).
        if (this.#socket === socket && socket.connected) this.#flush();
        return;
      }
      if (ack && ack.ok) {
        const viewSeq = this.#view?.seq ?? 0;
        this.outbox.acked(entry.cmd.id, ack.seq, viewSeq);
        if (ack.seq > viewSeq) this.#later(() => this.outbox.settle(this.#view?.seq ?? 0), 5100);
      } else {
        this.outbox.rejected(entry.cmd.id);
        this.#show(ack && !ack.ok ? ack.error : { code: 'INTERNAL', message: 'no ack' });
      }
      this.#flush();
    });
  }

  #optimistic(base: RoomView | null, overlay: readonly { cmd: Command }[]): RoomView | null {
    if (!base || overlay.length === 0) return base;
    const view = structuredClone(base);
    const now = this.now();
    let n = 0;
    const ctx = { now, newId: () => `pending-${++n}` };
    const actor = this.actor;
    for (const { cmd } of overlay) {
      try {
        const d = decide(view, cmd, actor, ctx);
        if (!d.ok) continue;
        for (const ev of d.events) apply(view, { ...ev, seq: view.seq, at: now } as ProjectedEvent);
      } catch {
        // A command the local reducer cannot judge: show it when the server confirms.
      }
    }
    return view;
  }

  #show(error: ProtocolError): void {
    this.#notice = { code: error.code, n: ++this.#noticeCount };
  }

  #later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }
}

/** True for ids the optimistic view made up for things the server has not created yet. */
export const isPendingId = (id: string) => id.startsWith('pending-');

/**
 * A connection that lives as long as the view component that calls this (during its
 * initialisation): started when it mounts, stopped when it goes.
 */
export function connectView(opts: ConnectionOptions): Connection {
  const conn = new Connection(opts);
  $effect(() => {
    conn.start();
    return () => conn.stop();
  });
  return conn;
}
