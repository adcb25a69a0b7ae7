/**
 * The live link to the room, one per page. It wires together (see ./sync/):
 *   transport   the socket, hello on every link, connection status
 *   credentials who we are: key, or the phone's stored token and name
 *   synced      the confirmed view (snapshot + projected events, copy-on-write, in order)
 *   queue       the outbox sent pipelined and paced, retried until acked or rejected
 *   optimistic  the view shown: confirmed + pending commands through the shared reducer
 * and keeps what the views read: presence, the join link, the clock offset, notices.
 */
import { gateLoads } from '../activities/registry.ts';
import { isKind, kindOf, loadRules } from '../../../shared/activities/registry.ts';
import { nanoid } from 'nanoid';
import type { ErrorCode, HelloAck, ProtocolError, Role } from '../../../shared/constants.ts';
import type { Activity, Actor, Command, RoomView } from '../../../shared/model.ts';
import { Outbox } from './outbox.svelte.ts';
import { setConnection } from './sync/context.ts';
import { Credentials, type ConnectionOptions } from './sync/credentials.ts';
import type { BeforeApply, KindLoaded } from './sync/kinds.ts';
import { OptimisticView, type Decide } from './sync/optimistic.svelte.ts';
import { CommandQueue, type QueueOptions } from './sync/queue.ts';
import { SyncedView } from './sync/synced.svelte.ts';
import { Transport, type Status, type TransportOptions } from './sync/transport.svelte.ts';

export type { Status, ConnectionOptions };
export { isPendingId } from './sync/optimistic.svelte.ts';
export { getConnection, setConnection } from './sync/context.ts';

/** A command as the UI makes it; the connection adds the id. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;

/** How a connection is built beyond who it is (tests, and the kind registry's hooks). */
export interface ConnectionDeps {
  /** The server; default: this page's origin. */
  url?: string;
  /** Extra Socket.IO client options. */
  socket?: TransportOptions['socket'];
  /** Awaited before a snapshot or events are applied, with the activity kinds they touch. */
  beforeApply?: BeforeApply;
  /** Whether a kind's rules are loaded; commands of other kinds are not shown early. */
  kindLoaded?: KindLoaded;
  /** The rules for showing commands early (default: loaded by role). */
  decide?: Decide;
  /** Pacing of commands (default 15 a second, bursts of 20, 10 in flight). */
  pacing?: Partial<QueueOptions>;
}

/** Errors that end the connection: retrying the same hello cannot help. */
const FATAL: ReadonlySet<ErrorCode> = new Set([
  'UNKNOWN_SESSION',
  'CLIENT_TOO_OLD',
  'NOT_ALLOWED',
  'INVALID',
  'SESSION_FULL',
  'SESSION_CLOSED',
]);
const CMD_TIMEOUT_MS = 15_000;
const HELLO_RETRY_MS = 5_000;
/** An acked command whose frame has not come drops from the overlay after this. */
const SETTLE_CHECK_MS = 5_100;

export interface Notice {
  code: ErrorCode;
  /** Changes with every notice, so the same error twice still shows. */
  n: number;
}

export class Connection {
  readonly role: Role;
  readonly outbox = new Outbox();
  readonly synced: SyncedView;
  readonly queue: CommandQueue;
  readonly transport: Transport;
  #creds: Credentials;
  #shown: OptimisticView;

  #presence = $state(0);
  #sessionId = $state<string | null>(null);
  #participantId = $state<string | null>(null);
  #joinUrl = $state<string | null>(null);
  #fatal = $state<ErrorCode | null>(null);
  #notice = $state.raw<Notice | null>(null);
  /** R-DISK: the server cannot store anything for this room now. */
  #readOnly = $state(false);
  /** Server clock minus ours (ms), from the hello ack: phones' clocks are often off. */
  #clockOffset = $state(0);
  #noticeCount = 0;
  #decide = $state.raw<Decide | undefined>(undefined);
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(opts: ConnectionOptions, deps: ConnectionDeps = {}) {
    this.role = opts.role;
    this.#creds = new Credentials(opts);
    const known = this.#creds.initial();
    if (known) {
      this.#sessionId = known.sessionId;
      this.#participantId = known.participantId ?? null;
      if (known.outboxKey) this.outbox.attach(known.outboxKey);
    }

    this.synced = new SyncedView(deps.beforeApply);
    this.synced.onApplied = (seq) => this.outbox.settle(seq);

    this.queue = new CommandQueue(
      this.outbox,
      {
        viewSeq: () => this.synced.view?.seq ?? 0,
        onAcked: (_id, seq) => {
          if (seq > (this.synced.view?.seq ?? 0)) this.#later(() => this.outbox.settle(this.synced.view?.seq ?? 0), SETTLE_CHECK_MS);
        },
        onRejected: (_id, error) => {
          if (error.code === 'READ_ONLY') this.#readOnly = true;
          this.#show(error);
        },
      },
      deps.pacing,
    );

    this.transport = new Transport(
      {
        helloing: () => this.synced.expectHello(),
        helloPayload: () => this.#creds.hello(this.synced.since),
        answered: (ack) => this.#onHello(ack),
        down: () => this.queue.detach(),
        frame: (f) => this.synced.frame(f),
        presence: (here) => (this.#presence = here),
        rejected: (e) => {
          if (e.id) this.outbox.rejected(e.id);
          if (e.error) this.#show(e.error);
        },
        status: (readOnly) => (this.#readOnly = readOnly),
      },
      { url: deps.url, socket: deps.socket },
    );

    this.#shown = new OptimisticView({
      base: () => this.synced.view,
      overlay: () => this.outbox.overlay,
      actor: () => this.actor,
      now: () => this.now(),
      decide: () => this.#decide,
      kindLoaded: deps.kindLoaded,
    });
    // The console shows the facilitator's commands at once with every rule; a phone
    // needs only its own (a much smaller chunk). Until they are here nothing shows early.
    const rules =
      deps.decide ??
      (opts.role === 'facilitator'
        ? import('../../../shared/reduce.ts').then((m) => m.decide)
        : import('../../../shared/decide-own.ts').then((m) => m.decideOwn));
    void Promise.resolve(rules).then(
      (d) => (this.#decide = d),
      () => {},
    );
  }

  // ---- what the views read ------------------------------------------------------------

  /** The view to show: confirmed + pending commands applied optimistically. */
  get view(): RoomView | null {
    return this.#shown.view;
  }
  /** The activity on the board and the phones now, as shown. */
  get current(): Activity | undefined {
    return this.#shown.current;
  }
  /** The view as the server confirmed it. */
  get confirmed(): RoomView | null {
    return this.synced.view;
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
    const code = this.synced.view?.code;
    return code && typeof location !== 'undefined' ? `${location.origin}/j/${code}` : null;
  }
  get status(): Status {
    return this.transport.status;
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
  /**
   * R-DISK: the server cannot save this room now (e.g. a full disk); what is sent waits.
   * Set by the server's `status`; a hello starts writable (a read-only room says so after).
   */
  get readOnly(): boolean {
    return this.#readOnly;
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
    this.transport.start();
  }

  stop(): void {
    this.queue.stop();
    this.transport.stop();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  // ---- commands -----------------------------------------------------------------------

  /** Queue a command: persisted, shown optimistically, sent when connected. */
  send(input: CommandInput, tag?: string): string {
    const cmd = { id: nanoid(), ...input } as Command;
    this.outbox.add(cmd, tag);
    this.queue.kick();
    return cmd.id;
  }

  /** Keep the participant's display name on the phone, for the next hello. */
  rememberName(name: string): void {
    this.#creds.rememberName(name);
  }

  /**
   * The phone's language changed. Its snapshot carried only the old language's
   * translations (R-JOIN-LANG): a new one is asked for, on a new link.
   */
  language(lang: string): void {
    if (!this.#creds.relang(lang) || !this.synced.view || this.synced.view.lang === lang) return;
    this.synced.refresh();
    const socket = this.transport.socket;
    if (socket?.connected) socket.disconnect().connect();
  }

  /** The display name this phone last chose. */
  get name(): string {
    return this.#creds.name;
  }

  // ---- internals ----------------------------------------------------------------------

  #onHello(ack: HelloAck): void {
    if (!ack.ok) {
      const error: ProtocolError = ack.error ?? { code: 'INTERNAL', message: 'no ack' };
      // A phone whose stored token is stale (e.g. the session was reset) joins afresh once.
      if (error.code === 'UNKNOWN_SESSION' && this.#creds.dropStale()) {
        this.synced.reset();
        this.transport.hello();
        return;
      }
      if (FATAL.has(error.code)) {
        this.#fatal = error.code;
        this.transport.end();
        return;
      }
      this.#show(error);
      this.transport.helloLater(HELLO_RETRY_MS);
      return;
    }

    this.#sessionId = ack.sessionId;
    if (typeof ack.joinUrl === 'string' && ack.joinUrl) this.#joinUrl = ack.joinUrl;
    if (typeof ack.now === 'number' && Number.isFinite(ack.now)) this.#clockOffset = ack.now - Date.now();
    const who = this.#creds.accepted(ack);
    if (who.participantId) this.#participantId = who.participantId;
    if (who.outboxKey) this.outbox.attach(who.outboxKey);

    this.synced.hello(ack);
    this.#readOnly = false;
    if (typeof ack.presence === 'number') this.#presence = ack.presence;
    this.#fatal = null;
    this.transport.joined();
    const link = this.transport.link;
    if (link) this.queue.attach((cmd, done) => link.timeout(CMD_TIMEOUT_MS).emit('cmd', cmd, done));
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

/** Events of a kind apply once its rules are here: they load when a kind is first met. */
const KIND_RULES: ConnectionDeps = {
  beforeApply: (kinds) => ([...kinds].every((k) => kindOf(k) || !isKind(k)) ? undefined : loadRules(kinds)),
  kindLoaded: (kind) => !!kindOf(kind),
};

/**
 * A connection that lives as long as the view component that calls this (during its
 * initialisation): started when it mounts, stopped when it goes. It is also provided to
 * the components below through context (`getConnection()` from ./sync/context.ts).
 */
export function connectView(opts: ConnectionOptions, deps: ConnectionDeps = KIND_RULES): Connection {
  const conn = setConnection(new Connection(opts, deps));
  gateLoads(async () => {
    while (conn.status !== 'connected') await new Promise((r) => setTimeout(r, 250));
  });
  $effect(() => {
    conn.start();
    return () => conn.stop();
  });
  return conn;
}
