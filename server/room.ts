/**
 * One live room: validate → decide → persist → apply → fan out.
 * The reducer decides; events are committed to SQLite before the ack; then each audience
 * gets its own projection, coalesced into frames so a big room pays by time, not by
 * activity.
 *
 * R-DISK: nothing here may take the process down. A write that fails for want of storage
 * leaves the state as it was (nothing is applied, acked or sent that was not stored), the
 * room goes read-only (`READ_ONLY`, a `status` to every view) and recovers when a write
 * succeeds again; what a timer could not store (the countdown's expiry, a late arrival,
 * the attendance) is done then.
 */
import type { Server } from 'socket.io';
import type { Actor, Context, DomainEvent, RoomState, StoredEvent, Viewer } from '../shared/model.ts';
import type { RoomStatus } from '../shared/outbound.ts';
import type { Command, CommandAck } from '../shared/protocol.ts';
import { apply, arrive, decide, emptyState } from '../shared/reduce.ts';
import { newId } from './secrets.ts';
import type { Pseudonyms } from '../shared/activities/kind.ts';
import { templateSource } from '../shared/templates.ts';
import { Countdown } from './countdown.ts';
import { CATCH_UP_LIMIT, catchUp, FRAME_CHUNK, Frames, roomNames, type RingEntry } from './fanout.ts';
import { Presence } from './presence.ts';
import { WriteQuota } from './quota.ts';
import { Voters } from './voters.ts';
import { FencedError } from './storage.ts';
import type { AppendExtras, KringStore as Store } from './store.ts';
import { isStorageError, ReadOnlyError, stderrLog, WriteHealth, type RoomLog } from './write-health.ts';

export { CATCH_UP_LIMIT, MAX_FRAME_INTERVAL_MS, roomNames } from './fanout.ts';
export { ReadOnlyError } from './write-health.ts';

/** A session's state from the log: the latest snapshot (if any) and the events after it. */
export function restoreState(store: Store, sessionId: string): RoomState {
  const snap = store.snapshot(sessionId);
  const state = snap ? snap.state : emptyState();
  for (const ev of store.eventsAfter(sessionId, snap?.seq ?? 0)) apply(state, ev);
  return state;
}

/** A write or an answer with nothing to do. */
const nothing = () => {};
const NO_WRITE = { sessionId: '', events: [], json: [], extras: {} };

/** Write a snapshot after this many events since the last one. */
export const SNAPSHOT_EVERY = 500;
/** An attendance peak not carried by a commit is written on its own within this time. */
export const PEAK_DELAY_MS = 1000;
/** A read-only room tries a write this often (ms) to find out that storage works again. */
export const READ_ONLY_PROBE_MS = 2000;

export interface RoomOptions {
  /** A participant whose phone sleeps still counts as here for this long (ms). */
  graceMs: number;
  /** Stored writes one participant may make in one activity (R-QUOTA). */
  writeQuota?: number;
  /** A shared frame goes to at most this many sockets in one turn (FRAME_CHUNK). */
  frameChunk?: number;
  log?: RoomLog;
  probeMs?: number;
  /** R-LEASE-FENCE: the epoch of the room's lease this process holds, put on every write. */
  epoch?: number;
  /** The lease moved on (a write was fenced): the room must go from this process. */
  lost?: () => void;
}

export class Room {
  readonly id: string;
  #state: RoomState;
  #store: Store;
  #io: Server;
  #names;
  #log: RoomLog;
  #health: WriteHealth;
  #quota: WriteQuota;
  /** Every command key the room has stored, with its ack's seq: a repeat is found without a query. */
  #commands: Map<string, number>;
  #sinceSnapshot = 0;
  #snapshotDue = false;
  #disposed = false;
  /** Work a failed write left to do once writes succeed again. */
  #missedArrivals = new Set<string>();
  #titleStale = false;
  #frames: Frames;
  #presence: Presence;
  #countdown = new Countdown((endsAt) => this.#expire(endsAt));
  /** R-DD-PSEUDONYM: the session's pseudonyms. */
  #voters: Voters;
  /** R-LEASE-FENCE: what every write carries, when this process holds the room by a lease. */
  #fence: { sessionId: string; epoch: number } | undefined;
  #lost: () => void;
  #fenced = false;

  constructor(sessionId: string, store: Store, io: Server, options: RoomOptions) {
    this.id = sessionId;
    this.#store = store;
    this.#io = io;
    this.#fence = options.epoch === undefined ? undefined : { sessionId, epoch: options.epoch };
    this.#lost = options.lost ?? nothing;
    this.#presence = new Presence(options.graceMs, (n, changed) => this.#recounted(n, changed));
    this.#log = options.log ?? stderrLog;
    this.#names = roomNames(sessionId);
    this.#frames = new Frames(io, this.#names, {
      // What is on disk: the state runs ahead while a group commit is pending (R-FRAME-ORDER).
      seq: () => this.#committedSeq,
      sockets: () => this.#presence.sockets,
      here: () => this.#presence.count,
      guard: (what, fn) => this.#guard(what, fn),
      chunk: options.frameChunk ?? FRAME_CHUNK,
    });
    this.#state = Room.#restore(sessionId, store);
    this.#voters = new Voters(store, sessionId, () => this.#state);
    this.#sinceSnapshot = store.countEventsAfter(sessionId, store.snapshot(sessionId)?.seq ?? 0);
    this.#quota = WriteQuota.load(store, sessionId, options.writeQuota ?? Infinity);
    this.#health = new WriteHealth({
      sessionId,
      log: this.#log,
      probeMs: options.probeMs ?? READ_ONLY_PROBE_MS,
      probe: () => {
        if (!this.#fresh()) throw new ReadOnlyError();
        this.#putSnapshot();
      },
      changed: (readOnly) => this.#statusChanged(readOnly),
    });
    this.#committedSeq = this.#state.seq;
    this.#participants = Object.keys(this.#state.participants).length;
    this.#commands = store.commandKeys(sessionId);
    this.#syncCountdown();
  }

  /** Latest snapshot (if any) + the events after it. Snapshots only shorten this. */
  static #restore(sessionId: string, store: Store): RoomState {
    return restoreState(store, sessionId);
  }

  get state(): Readonly<RoomState> {
    return this.#state;
  }
  get seq() {
    return this.#state.seq;
  }
  get presence() {
    return this.#presence.count;
  }
  /** Participants the session has (here or not), for its cap: counted, not listed, at every join. */
  get participantCount() {
    return this.#participants;
  }
  get socketCount() {
    return this.#presence.sockets;
  }
  /** Writes fail (R-DISK): commands get READ_ONLY until one succeeds again. */
  get readOnly() {
    return this.#health.readOnly;
  }

  /**
   * Persist, then apply events, at once (joins, arrivals, timers, a read-only room's
   * commands). When SQLite refuses the write for want of storage this throws ReadOnlyError
   * and nothing is applied; once the write is stored nothing throws.
   */
  #commit(events: DomainEvent[], extras: AppendExtras = {}, now = Date.now()): StoredEvent[] {
    // What this tick queued for the group commit goes first: its seqs are lower.
    this.#store.commitPending();
    if (!this.#fresh()) throw new ReadOnlyError();
    const { stored, json, peak } = this.#number(events, extras, now);
    try {
      this.#store.appendSerialised(this.id, stored, json, this.#fence ? { ...extras, epoch: this.#fence.epoch } : extras);
    } catch (e) {
      if (e instanceof FencedError) this.#leaseLost();
      if (!isStorageError(e)) throw e;
      this.#health.failed(e, 'append');
      throw new ReadOnlyError({ cause: e });
    }
    this.#apply(stored);
    this.#published(stored, json, peak);
    return stored;
  }

  /**
   * Events for the log, numbered on from the room's seq, serialised once (the JSON the log
   * and the catch-up ring hold). A pending attendance peak rides along with a command
   * (first, so the command's own events stay last: its ack's seq) or is written by its
   * timer; not with every join, so that a storm of joins writes a peak about once a second.
   */
  #number(events: DomainEvent[], extras: AppendExtras, now: number) {
    let seq = this.#state.seq;
    const peak = extras.token || (extras.command && !events.length) ? [] : this.#peakEvents();
    const stored = [...peak, ...events].map((e) => ({ ...e, seq: ++seq, at: now }) as StoredEvent);
    if (extras.command) extras.command.seq = seq;
    return { stored, json: stored.map((ev) => JSON.stringify(ev)), peak: peak.length > 0 };
  }

  #apply(stored: StoredEvent[]) {
    try {
      for (const ev of stored) {
        if (ev.type === 'participant.joined' && !this.#state.participants[ev.pid as string]) this.#participants++;
        apply(this.#state, ev);
      }
    } catch (e) {
      if (stored.length) this.#state.seq = Math.max(this.#state.seq, stored[stored.length - 1].seq);
      this.#log.error({ err: e, sessionId: this.id }, 'applying stored events failed (they are in the log)');
    }
  }

  /** What follows a stored write; it is in the log, so nothing here may deny it. */
  #published(stored: StoredEvent[], json: string[], peak: boolean) {
    this.#health.succeeded();
    if (!stored.length) return;
    this.#committedSeq = stored[stored.length - 1].seq;
    if (peak && this.#peakTimer) {
      clearTimeout(this.#peakTimer);
      this.#peakTimer = undefined;
    }
    // R-CATCHUP-RING: a rejoining phone's missed events from memory, not from SQLite: the
    // JSON the log holds, so both give the same.
    for (let i = 0; i < stored.length; i++) this.#ring.push({ seq: stored[i].seq, json: json[i] });
    if (this.#ring.length > CATCH_UP_LIMIT + 64) this.#ring.splice(0, this.#ring.length - CATCH_UP_LIMIT);
    // The sessions list shows the title; keep its column in step, off the command path.
    if (stored.some((ev) => ev.type === 'session.metaSet' && typeof ev.title === 'string') && !this.#titleDue) {
      this.#titleDue = true;
      setImmediate(() => {
        this.#titleDue = false;
        if (!this.#disposed) this.#syncTitle();
      });
    }
    this.#frames.push(stored.map((ev) => this.#voters.routed(ev)));
    this.#sinceSnapshot += stored.length;
    // Off the command path (issue 13): stringifying the whole room waits until the acks
    // and frames of this tick are out.
    if (this.#sinceSnapshot >= SNAPSHOT_EVERY && !this.#snapshotDue) {
      this.#snapshotDue = true;
      setImmediate(() => {
        this.#snapshotDue = false;
        if (!this.#disposed && this.#sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
      });
    }
    if (stored.some((e) => e.type.startsWith('timer.'))) this.#syncCountdown();
  }

  /**
   * A group commit failed: nothing of it is stored, so the room's state (which ran ahead
   * with it) is read again from the log, and so are the write counts.
   */
  #rollback(error: unknown) {
    if (isStorageError(error)) this.#health.failed(error, 'append');
    else this.#log.error({ err: error, sessionId: this.id }, 'a group commit failed');
    if (this.#state.seq === this.#committedSeq && !this.#stale) return; // an earlier command of the batch did it
    this.#reload();
  }

  /**
   * Read the room again from the log. When the log cannot be read now (a database that is
   * away, R-PG-AWAY), the room is stale: nothing is decided, answered or stored from its
   * state until a read succeeds (`#fresh`). Returns whether it is fresh.
   */
  #reload(): boolean {
    try {
      this.#state = Room.#restore(this.id, this.#store);
      this.#committedSeq = this.#state.seq;
      this.#participants = Object.keys(this.#state.participants).length;
      this.#quota = WriteQuota.load(this.#store, this.id, this.#quota.limit);
      this.#stale = false;
    } catch (e) {
      if (!this.#stale) this.#log.warn({ err: e, sessionId: this.id }, 'the room cannot be read again from the log now');
      this.#stale = true;
    }
    return !this.#stale;
  }
  #stale = false;
  /** The state is the log's (reading it again first if a failed commit left it ahead). */
  #fresh(): boolean {
    return !this.#stale || this.#reload();
  }

  #refusal(error: unknown): CommandAck {
    if (error instanceof FencedError) {
      return { ok: false, error: { code: 'BUSY', message: 'this session is served by another server now; reconnect' } };
    }
    return error instanceof ReadOnlyError || isStorageError(error)
      ? { ok: false, error: { code: 'READ_ONLY', message: new ReadOnlyError().message } }
      : { ok: false, error: { code: 'INTERNAL', message: 'the server failed; nothing was changed' } };
  }

  /** Run one write; a storage failure makes the room read-only. Returns whether it worked. */
  #write(what: string, fn: () => void): boolean {
    try {
      fn();
      this.#health.succeeded();
      return true;
    } catch (e) {
      if (isStorageError(e)) this.#health.failed(e, what);
      else this.#log.error({ err: e, sessionId: this.id, what }, 'a write failed');
      return false;
    }
  }

  #syncTitle() {
    this.#titleStale = !this.#write('title', () => this.#store.setTitle(this.id, this.#state.title));
  }

  /** A timer's or a background task's work: logged, never thrown into the event loop. */
  #guard(what: string, fn: () => void) {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ReadOnlyError)) this.#log.error({ err: e, sessionId: this.id, what }, 'a room task failed');
    }
  }

  /** The countdown matches the timer (none while disposed). */
  #syncCountdown() {
    if (this.#disposed) this.#countdown.clear();
    else this.#countdown.sync(this.#state.timer);
  }

  /** The countdown ended; on a full disk this answers READ_ONLY and runs again on recovery. */
  #expire(endsAt: number) {
    this.#guard('timer expiry', () =>
      this.handle({ id: `timer-expire-${endsAt}`, type: 'timer.expire' }, { role: 'facilitator' }, nothing),
    );
  }

  /** Store a snapshot (it only shortens the next replay). Returns whether it was stored. */
  snapshot(): boolean {
    this.#store.commitPending(); // the snapshot holds only what the log holds
    return this.#write('snapshot', () => this.#putSnapshot());
  }
  #putSnapshot() {
    // R-LEASE-FENCE: not from a room that lost its lease, nor of a state ahead of the log
    // (a commit that was refused), and only while the lease is still this process's.
    if (this.#fenced || this.#state.seq !== this.#committedSeq) return;
    try {
      this.#store.putSnapshot(this.id, this.#state, this.#fence?.epoch);
    } catch (e) {
      if (!(e instanceof FencedError)) throw e;
      this.#leaseLost();
      return;
    }
    this.#sinceSnapshot = 0;
  }

  /** Read-only began or ended: every view is told; on recovery the deferred work is done. */
  #statusChanged(readOnly: boolean) {
    this.#sendStatus(readOnly);
    if (readOnly) return;
    setImmediate(() =>
      this.#guard('recovery', () => {
        if (this.#disposed || this.#health.readOnly) return;
        this.#syncCountdown();
        for (const pid of [...this.#missedArrivals]) this.arrived(pid);
        if (this.#titleStale) this.#syncTitle();
        this.#presence.recount();
      }),
    );
  }

  #sendStatus(readOnly: boolean) {
    const n = this.#names;
    this.#io.to([n.facilitator, n.board, n.participants]).emit('status', { readOnly } satisfies RoomStatus);
  }

  /**
   * Decide one command; `reply` gets its ack once it is durable. A repeated id is applied
   * once. R-GROUP-COMMIT: the commands of one tick (every room's) are committed in one
   * transaction at its end; the room's state runs ahead with them (the next command is
   * decided on it), nothing is acknowledged or sent before the commit, and a failed commit
   * puts the state back as the log has it.
   */
  handle(cmd: Command, actor: Actor, reply: (ack: CommandAck) => void): void {
    // R-DD-PSEUDONYM: a command whose records are kept under a pseudonym is recorded (for
    // retries and the quota) under it too, so the commands table does not name its author;
    // a key of an earlier release (the participant id) is still recognised.
    if (!this.#fresh()) return reply(this.#refusal(new ReadOnlyError()));
    const author = this.#voters.author(cmd, actor);
    const key = `${author.participantId ?? author.role}:${cmd.id}`;
    const plain = `${actor.participantId ?? actor.role}:${cmd.id}`;
    const seen = this.#seen(key) ?? (plain === key ? undefined : this.#seen(plain));
    if (seen !== undefined) {
      const ack: CommandAck = { ok: true, seq: seen, duplicate: true };
      // Its first copy may still be in this tick's transaction: answer after that.
      if (seen <= this.#committedSeq) return reply(ack);
      return this.#store.later(NO_WRITE, (error) => reply(error === undefined ? ack : this.#refusal(error)));
    }
    const now = Date.now();
    const decision = decide(this.#state, cmd, actor, this.#context(now));
    if (!decision.ok) return reply({ ok: false, error: decision.error });
    // R-QUOTA: counted per participant (or pseudonym) and activity, from the log.
    if (!this.#quota.allows(author, cmd)) {
      return reply({
        ok: false,
        error: { code: 'QUOTA', message: `one participant stores at most ${this.#quota.limit} writes in one activity` },
      });
    }
    const command = { key, seq: this.#state.seq };
    let failed = false;
    this.#save(decision.events, { command }, now, (error) => {
      if (error === undefined) return reply({ ok: true, seq: command.seq });
      failed = true;
      this.#commands.delete(key);
      reply(this.#refusal(error));
    });
    // Remembered and counted at once (unless it failed already): the rest of the turn is
    // decided with it. A group commit that fails forgets it again (above, and #rollback).
    if (!failed) {
      this.#remember(key, command.seq);
      this.#quota.count(author, cmd);
    }
  }

  /**
   * `handle` for a socket's command (its own, or one forwarded from another node): answered
   * exactly once; a rule that throws is logged and answered INTERNAL, nothing stored.
   */
  run(cmd: Command, actor: Actor, reply: (ack: CommandAck) => void): void {
    let answered = false;
    const once = (ack: CommandAck) => {
      if (answered) return;
      answered = true;
      reply(ack);
    };
    try {
      this.handle(cmd, actor, once);
    } catch (e) {
      this.#log.error({ err: e, sessionId: this.id, type: cmd.type }, 'command failed');
      once({ ok: false, error: { code: 'INTERNAL', message: 'the server failed; nothing was changed' } });
    }
  }

  /**
   * Store events and then call `done()`; on failure `done(error)` with nothing stored (a
   * ReadOnlyError when storage refused it). Group-committed with the rest of the turn; a
   * read-only room writes on its own, at once, as before (R-DISK).
   */
  #save(events: DomainEvent[], extras: AppendExtras, now: number, done: (error?: unknown) => void) {
    if (!this.#fresh()) return done(new ReadOnlyError());
    if (this.#health.readOnly) {
      try {
        this.#commit(events, extras, now);
      } catch (e) {
        if (!(e instanceof ReadOnlyError)) this.#log.error({ err: e, sessionId: this.id }, 'a write failed');
        return done(e);
      }
      return done();
    }
    const { stored, json, peak } = this.#number(events, extras, now);
    this.#apply(stored);
    this.#store.later(
      { sessionId: this.id, events: stored, json, extras },
      (error) => {
        if (error instanceof FencedError) {
          // Another process holds the room now: nothing of this is stored; the room goes.
          this.#leaseLost();
          return done(error);
        }
        if (error !== undefined) {
          this.#rollback(error);
          return done(isStorageError(error) ? new ReadOnlyError({ cause: error }) : error);
        }
        // Committed: acknowledged whatever follows (INTERNAL only when nothing was stored).
        this.#guard('after a commit', () => this.#published(stored, json, peak));
        done();
      },
      this.#fence,
    );
  }

  /** R-LEASE-FENCE: a write was refused because the lease moved on: the room goes, once. */
  #leaseLost() {
    if (this.#fenced) return;
    this.#fenced = true;
    this.#log.warn({ sessionId: this.id }, 'the room is served by another process now (its lease moved on)');
    setImmediate(this.#lost);
  }

  #seen = (key: string) => this.#commands.get(key);

  #context(now: number): Context {
    const voterOf = this.#voters.voterOf; // R-DD-PSEUDONYM
    const presence = this.#presence;
    let present: string[] | undefined;
    const ctx: Context & Pseudonyms = {
      now,
      newId,
      random: Math.random,
      // Listed only when a rule asks (forming groups, a late arrival): not a walk over every
      // participant on every command (issue 13).
      get present() {
        return (present ??= presence.ids());
      },
      template: templateSource(newId),
      // R-PHOTO, R-IMG-UPLOAD: a photo or a card may only name an image this session has.
      imageExists: (imageId) => this.#store.hasImage(this.id, imageId),
      voterOf,
    };
    return ctx;
  }

  /** Participants here now: a connected socket, or gone for less than the grace period. */
  presentIds(): string[] {
    return this.#presence.ids();
  }

  /** A participant (re)joined: the current activity may have something for them (a group). */
  arrived(participantId: string) {
    this.#guard('arrival', () => {
      this.#missedArrivals.add(participantId);
      if (!this.#fresh()) return;
      const events = arrive(this.#state, participantId, this.#context(Date.now()));
      if (events.length) this.#commit(events);
      this.#missedArrivals.delete(participantId);
    });
  }

  #remember(key: string, seq: number) {
    this.#commands.set(key, seq);
  }

  /**
   * A new participant: one durable event plus the token that lets the phone come back,
   * group-committed with the tick's other writes (a storm of joins costs a commit per tick,
   * not per phone; R-JOIN-COST). `done` gets the participant's id once it is stored, or the
   * error (READ_ONLY: nothing is stored).
   */
  addParticipant(name: string | undefined, tokenHash: string, done: (error: unknown, pid?: string) => void): void {
    const pid = newId();
    const events: DomainEvent[] = [{ type: 'participant.joined', pid, ...(name ? { name } : {}) }];
    this.#save(events, { token: { hash: tokenHash, participantId: pid } }, Date.now(), (error) =>
      error === undefined ? done(undefined, pid) : done(error),
    );
  }

  /** What a (re)joining viewer needs: the events it missed, or a snapshot (a phone's: in its language). */
  catchUp(viewer: Viewer, since: number | undefined, lang?: string) {
    this.#store.commitPending(); // nothing that is not on disk yet
    if (!this.#fresh()) throw new ReadOnlyError();
    return catchUp(this.#store, this.id, this.#state, this.#voters.viewer(viewer), since, this.#ring, lang);
  }

  /** Store a pending attendance peak now: a report is about to be read (R-REPORT-ATTENDANCE). */
  settle() {
    this.#store.commitPending();
    if (this.#peakEvents().length) this.#guard('attendance', () => this.#commit([]));
  }

  /** Send what is pending now (tests, and before a room goes). */
  flush() {
    this.#frames.flush();
  }

  // ---- presence and lifecycle --------------------------------------------------------

  socketJoined(participantId?: string) {
    this.#presence.joined(participantId);
    // A view that joins a read-only room is told, after its hello's answer.
    if (this.#health.readOnly) setImmediate(() => this.#health.readOnly && this.#sendStatus(true));
  }

  socketLeft(participantId?: string) {
    this.#presence.left(participantId);
  }

  #recounted(n: number, changed: boolean) {
    if (changed) this.#frames.presenceChanged();
    // Attendance for the report: the most participants here at once (R-JOIN-COST). Not a
    // write of its own at every join: it rides along with the next commit, or is written
    // on its own within PEAK_DELAY_MS when nothing else is (and again on recovery).
    if (n <= Math.max(this.#state.peak ?? 0, this.#pendingPeak)) return;
    this.#pendingPeak = n;
    this.#peakTimer ??= setTimeout(() => {
      this.#peakTimer = undefined;
      this.#guard('attendance', () => this.#commit([]));
    }, PEAK_DELAY_MS);
    this.#peakTimer.unref?.();
  }
  #pendingPeak = 0;
  /** The latest committed events, in order, as stored (R-CATCHUP-RING). */
  #ring: RingEntry[] = [];
  /** The seq of the last event on disk; the state's seq runs ahead while a group commit is pending. */
  #committedSeq = 0;
  #titleDue = false;
  #participants = 0;
  #peakTimer: ReturnType<typeof setTimeout> | undefined;

  /** The attendance peak not yet stored, as an event to go first in the next commit. */
  #peakEvents(): DomainEvent[] {
    if (this.#pendingPeak <= (this.#state.peak ?? 0)) return [];
    return [{ type: 'session.peak', count: this.#pendingPeak }];
  }

  /** `settle: false` when the room's lease is lost: nothing more may be written for it. */
  dispose({ snapshot = true, settle = true } = {}) {
    if (this.#peakTimer) clearTimeout(this.#peakTimer);
    this.#peakTimer = undefined;
    if (settle) this.settle();
    this.#disposed = true;
    this.#health.dispose();
    this.#countdown.clear();
    if (this.#frames.scheduled) this.#frames.flush();
    this.#presence.dispose();
    if (snapshot && this.#sinceSnapshot > 0) this.snapshot();
  }
}
