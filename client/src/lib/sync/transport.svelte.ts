/**
 * The socket: connects (and reconnects), says hello on every new link, passes what the
 * server pushes on, and tells the page whether it is connected, reconnecting or offline.
 * It knows nothing of views or commands: the Connection wires it to them.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServer, Frame, HelloAck, Presence, ProtocolError, ServerToClient } from '../../../../shared/constants.ts';

export type Status = 'connecting' | 'connected' | 'reconnecting' | 'offline';
/** R-DISK: the room cannot store anything now (true), or can again (false). */
export interface RoomStatus {
  readOnly: boolean;
}
export type Link = Socket<ServerToClient, ClientToServer>;

export interface TransportHandlers {
  /** A hello is about to go on a new or retried link. */
  helloing(): void;
  helloPayload(): Record<string, unknown>;
  /** The hello's answer (a missing one comes as an INTERNAL error). */
  answered(ack: HelloAck): void;
  /** The link dropped: nothing sent on it will be answered. */
  down(): void;
  frame(f: Frame): void;
  presence(here: number): void;
  rejected(e: { id?: string; error?: ProtocolError }): void;
  /** The room went read-only (a full disk on the server) or can store again. */
  status(readOnly: boolean): void;
}

export interface TransportOptions {
  /** The server; default: this page's origin. */
  url?: string;
  /** Extra Socket.IO client options (tests: `{ transports: ['websocket'] }`). */
  socket?: Partial<ManagerOptions & SocketOptions>;
  helloTimeoutMs?: number;
}

const HELLO_TIMEOUT_MS = 10_000;

export class Transport {
  #h: TransportHandlers;
  #opts: TransportOptions;
  #socket: Link | null = null;
  #online = $state(true);
  #socketUp = $state(false);
  #ready = $state(false);
  #everReady = $state(false);
  /** A connection attempt failed or is being retried: we are trying again, not starting. */
  #tried = $state(false);
  /** Ended for good (a fatal hello error): coming back online does not reconnect. */
  #ended = false;
  #helloAttempt = 0;
  /** Connections refused in a row (server busy, address cap). */
  #refusals = 0;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #cleanup: (() => void)[] = [];

  constructor(handlers: TransportHandlers, opts: TransportOptions = {}) {
    this.#h = handlers;
    this.#opts = opts;
  }

  get status(): Status {
    if (!this.#online) return 'offline';
    if (this.#ready) return 'connected';
    return this.#everReady || this.#socketUp || this.#tried ? 'reconnecting' : 'connecting';
  }
  /** The link once the hello succeeded (commands may go), else null. */
  get link(): Link | null {
    return this.#ready ? this.#socket : null;
  }
  /** The socket, joined or not (tests use it to drop the link). */
  get socket(): Link | null {
    return this.#socket;
  }

  start(): void {
    if (this.#socket) return;
    this.#ended = false;
    this.#online = typeof navigator === 'undefined' ? true : navigator.onLine !== false;
    const options = { path: '/socket.io', autoConnect: false, ...this.#opts.socket };
    const socket: Link = this.#opts.url ? io(this.#opts.url, options) : io(options);
    this.#socket = socket;

    socket.on('connect', () => {
      this.#socketUp = true;
      this.#refusals = 0;
      this.hello();
    });
    socket.on('disconnect', () => {
      this.#socketUp = false;
      this.#ready = false;
      this.#h.down();
    });
    socket.on('connect_error', () => {
      this.#tried = true;
      // Refused by the server before connecting (busy, too many sockets from this address):
      // Socket.IO gives up on such a socket; try again after a pause that grows.
      if (!socket.active && !this.#ended && this.#online) {
        this.#refusals++;
        const ms = Math.min(30_000, 2000 * 2 ** Math.min(this.#refusals - 1, 4)) * (0.75 + Math.random() / 2);
        this.#later(() => {
          if (this.#socket === socket && !this.#ended && !socket.connected) socket.connect();
        }, ms);
      }
    });
    socket.io.on('reconnect_attempt', () => {
      this.#ready = false;
      this.#tried = true;
    });
    socket.on('frame', (f) => this.#h.frame(f));
    socket.on('presence', (p: Presence) => {
      if (typeof p?.here === 'number') this.#h.presence(p.here);
    });
    socket.on('rejected', (e) => this.#h.rejected(e ?? {}));
    socket.on('status', (s: RoomStatus) => {
      if (typeof s?.readOnly === 'boolean') this.#h.status(s.readOnly);
    });

    // A phone that loses its network should say so at once and stop hammering; the
    // socket may not notice a dead link for a long time on its own.
    if (typeof window !== 'undefined') {
      const offline = () => {
        this.#online = false;
        socket.disconnect();
      };
      const online = () => {
        this.#online = true;
        if (!this.#ended && !socket.connected) socket.connect();
      };
      window.addEventListener('offline', offline);
      window.addEventListener('online', online);
      this.#cleanup.push(() => {
        window.removeEventListener('offline', offline);
        window.removeEventListener('online', online);
      });
    }

    if (this.#online) socket.connect();
  }

  stop(): void {
    for (const f of this.#cleanup) f();
    this.#cleanup = [];
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    const socket = this.#socket;
    this.#socket = null;
    socket?.disconnect();
    socket?.removeAllListeners();
  }

  /** Say hello on the current link (again). */
  hello(): void {
    const socket = this.#socket;
    if (!socket) return;
    const attempt = ++this.#helloAttempt;
    this.#h.helloing();
    const timeout = this.#opts.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
    socket.timeout(timeout).emit('hello', this.#h.helloPayload(), (err: Error | null, ack: HelloAck) => {
      if (attempt !== this.#helloAttempt || this.#socket !== socket) return;
      if (err) {
        // No answer: drop this link and let Socket.IO build a new one.
        if (socket.connected) {
          socket.disconnect();
          socket.connect();
        }
        return;
      }
      this.#h.answered(ack ?? { ok: false, error: { code: 'INTERNAL', message: 'no ack' } });
    });
  }

  /** Say hello again after `ms`, if this link is still up and not joined. */
  helloLater(ms: number): void {
    const socket = this.#socket;
    this.#later(() => {
      if (socket && this.#socket === socket && socket.connected && !this.#ready) this.hello();
    }, ms);
  }

  /** The hello succeeded: commands may go. */
  joined(): void {
    this.#ready = true;
    this.#everReady = true;
  }

  /** A fatal error: close the link and stay closed. */
  end(): void {
    this.#ended = true;
    this.#socket?.disconnect();
  }

  #later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }
}
