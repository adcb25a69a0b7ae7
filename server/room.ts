/**
 * One live room: validate → decide → persist → apply → fan out.
 * The reducer decides; events are committed to SQLite before the ack; then each audience
 * gets its own projection, coalesced into frames so a big room pays by time, not by
 * activity.
 */
import type { Server } from 'socket.io';
import { projectEvent, projectState } from '../shared/audiences.ts';
import type { Actor, Context, DomainEvent, RoomState, StoredEvent, Viewer } from '../shared/model.ts';
import type { Command, CommandAck, Frame } from '../shared/protocol.ts';
import { apply, arrive, decide, emptyState } from '../shared/reduce.ts';
import { newId } from './secrets.ts';
import { templateSource } from '../shared/templates.ts';
import type { AppendExtras, Store } from './store.ts';

/** Above this many missed events a rejoining client gets a snapshot instead. */
export const CATCH_UP_LIMIT = 256;
/** Write a snapshot after this many events since the last one. */
export const SNAPSHOT_EVERY = 500;
/** The longest pause between frames in a big room (ms): at most ~10 frames a second. */
export const MAX_FRAME_INTERVAL_MS = 100;
/** Pacing per socket in the room (ms): delivering a frame costs each socket CPU time. */
export const FRAME_MS_PER_SOCKET = 0.2;
/** Remember this many recent command keys in memory (the rest are looked up in SQLite). */
const RECENT_COMMANDS = 4096;

export const roomNames = (sessionId: string) => ({
  facilitator: `${sessionId}:f`,
  board: `${sessionId}:b`,
  participants: `${sessionId}:p`,
  participant: (pid: string) => `${sessionId}:p:${pid}`,
});

interface PresenceEntry {
  sockets: number;
  lastSeen: number;
}

export class Room {
  readonly id: string;
  #state: RoomState;
  #store: Store;
  #io: Server;
  #names;
  #recent = new Map<string, number>();
  #sinceSnapshot = 0;
  // fan-out
  #pending: StoredEvent[] = [];
  #presenceDirty = false;
  #flushTimer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  #lastFlush = 0;
  // presence and lifecycle
  #presence = new Map<string, PresenceEntry>();
  #presenceCount = 0;
  #sockets = 0;
  #graceMs: number;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #countdown: ReturnType<typeof setTimeout> | null = null;

  constructor(sessionId: string, store: Store, io: Server, graceMs: number) {
    this.id = sessionId;
    this.#store = store;
    this.#io = io;
    this.#graceMs = graceMs;
    this.#names = roomNames(sessionId);
    this.#state = Room.#restore(sessionId, store);
    this.#sinceSnapshot = store.countEventsAfter(sessionId, store.snapshot(sessionId)?.seq ?? 0);
    this.#syncCountdown();
  }

  /** Latest snapshot (if any) + the events after it. Snapshots only shorten this. */
  static #restore(sessionId: string, store: Store): RoomState {
    const snap = store.snapshot(sessionId);
    const state = snap ? snap.state : emptyState();
    for (const ev of store.eventsAfter(sessionId, snap?.seq ?? 0)) apply(state, ev);
    return state;
  }

  get state(): Readonly<RoomState> {
    return this.#state;
  }
  get seq() {
    return this.#state.seq;
  }
  get presence() {
    return this.#presenceCount;
  }
  get socketCount() {
    return this.#sockets;
  }

  /** Persist and apply events. Throws if SQLite fails; then nothing is applied. */
  #commit(events: DomainEvent[], extras: AppendExtras = {}, now = Date.now()): StoredEvent[] {
    let seq = this.#state.seq;
    const stored = events.map((e) => ({ ...e, seq: ++seq, at: now }) as StoredEvent);
    if (extras.command) extras.command.seq = seq;
    this.#store.append(this.id, stored, extras);
    for (const ev of stored) apply(this.#state, ev);
    // The sessions list shows the title; keep its column in step.
    for (const ev of stored) if (ev.type === 'session.metaSet' && typeof ev.title === 'string') this.#store.setTitle(this.id, ev.title);
    if (stored.length) {
      this.#pending.push(...stored);
      this.#schedule();
      this.#sinceSnapshot += stored.length;
      if (this.#sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
      if (stored.some((e) => e.type.startsWith('timer.'))) this.#syncCountdown();
    }
    return stored;
  }

  /** The reducer has no clock: the room sends `timer.expire` when the countdown ends. */
  #syncCountdown() {
    if (this.#countdown) clearTimeout(this.#countdown);
    this.#countdown = null;
    const t = this.#state.timer;
    if (!t || t.endsAt === null || t.expired) return;
    const endsAt = t.endsAt;
    this.#countdown = setTimeout(
      () => {
        this.#countdown = null;
        this.handle({ id: `timer-expire-${endsAt}`, type: 'timer.expire' }, { role: 'facilitator' });
      },
      Math.max(0, endsAt - Date.now()) + 5,
    );
    this.#countdown.unref?.();
  }

  snapshot() {
    this.#store.putSnapshot(this.id, this.#state);
    this.#sinceSnapshot = 0;
  }

  /** Decide one command; durable before the returned ack. A repeated id is applied once. */
  handle(cmd: Command, actor: Actor): CommandAck {
    const key = `${actor.participantId ?? actor.role}:${cmd.id}`;
    const seen = this.#recent.get(key) ?? this.#store.commandSeq(this.id, key);
    if (seen !== undefined) return { ok: true, seq: seen, duplicate: true };
    const now = Date.now();
    const decision = decide(this.#state, cmd, actor, this.#context(now));
    if (!decision.ok) return { ok: false, error: decision.error };
    const command = { key, seq: this.#state.seq };
    this.#commit(decision.events, { command }, now);
    this.#remember(key, command.seq);
    return { ok: true, seq: command.seq };
  }

  #context(now: number): Context {
    return { now, newId, random: Math.random, present: this.presentIds(), template: templateSource(newId) };
  }

  /** Participants here now: a connected socket, or gone for less than the grace period. */
  presentIds(): string[] {
    const now = Date.now();
    return [...this.#presence].filter(([, e]) => e.sockets > 0 || now - e.lastSeen < this.#graceMs).map(([pid]) => pid);
  }

  /** A participant (re)joined: the current activity may have something for them (a group). */
  arrived(participantId: string) {
    const events = arrive(this.#state, participantId, this.#context(Date.now()));
    if (events.length) this.#commit(events);
  }

  #remember(key: string, seq: number) {
    this.#recent.set(key, seq);
    if (this.#recent.size > RECENT_COMMANDS) {
      this.#recent.delete(this.#recent.keys().next().value!);
    }
  }

  /** A new participant: one durable event plus the token that lets the phone come back. */
  addParticipant(name: string | undefined, tokenHash: string): string {
    const pid = newId();
    this.#commit([{ type: 'participant.joined', pid, ...(name ? { name } : {}) }], { token: { hash: tokenHash, participantId: pid } });
    return pid;
  }

  /** What a (re)joining viewer needs: the events it missed, or a snapshot. */
  catchUp(viewer: Viewer, since: number | undefined) {
    const seq = this.#state.seq;
    if (since !== undefined && since > 0 && since <= seq && seq - since <= CATCH_UP_LIMIT) {
      const events: StoredEvent[] = [];
      for (const ev of this.#store.eventsAfter(this.id, since)) {
        const p = projectEvent(ev, viewer);
        if (p) events.push(p);
      }
      return { seq, events };
    }
    return { seq, snapshot: projectState(this.#state, viewer) };
  }

  // ---- fan-out -----------------------------------------------------------------------

  #schedule() {
    if (this.#flushTimer) return;
    // Cost-proportional pacing: a small room gets a frame at once (40 sockets: 8 ms);
    // from 500 sockets on, at most one frame every 100 ms (≤ 10 a second).
    const interval = Math.min(MAX_FRAME_INTERVAL_MS, this.#sockets * FRAME_MS_PER_SOCKET);
    const wait = this.#lastFlush + interval - Date.now();
    this.#flushTimer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait);
  }

  /** Send every audience what it may see of the pending events, as one frame each. */
  flush() {
    if (this.#flushTimer) {
      clearTimeout(this.#flushTimer as ReturnType<typeof setTimeout>);
      clearImmediate(this.#flushTimer as ReturnType<typeof setImmediate>);
      this.#flushTimer = null;
    }
    this.#lastFlush = Date.now();
    const events = this.#pending;
    this.#pending = [];
    const seq = this.#state.seq;
    const n = this.#names;
    if (events.length) {
      this.#emitFrame(n.facilitator, seq, events, { role: 'facilitator' });
      this.#emitFrame(n.board, seq, events, { role: 'board' });
      // Participants: project each event once for the room; a participant an event concerns
      // gets its own frame (the room's events with its own in their place, in order);
      // everyone else one shared frame, serialized once.
      const pub = events.map((ev) => projectEvent(ev, { role: 'participant' }));
      const concerning = new Map<string, number[]>();
      events.forEach((ev, i) => {
        if (ev.pid) (concerning.get(ev.pid) ?? concerning.set(ev.pid, []).get(ev.pid)!).push(i);
      });
      for (const [pid, mine] of concerning) {
        const own = pub.slice();
        for (const i of mine) own[i] = projectEvent(events[i], { role: 'participant', participantId: pid });
        const list = own.filter((e): e is StoredEvent => e !== null);
        if (list.length) this.#io.to(n.participant(pid)).emit('frame', { seq, events: list } satisfies Frame);
      }
      const shared = pub.filter((e): e is StoredEvent => e !== null);
      if (shared.length) {
        const target = concerning.size
          ? this.#io.to(n.participants).except([...concerning.keys()].map(n.participant))
          : this.#io.to(n.participants);
        target.emit('frame', { seq, events: shared } satisfies Frame);
      }
    }
    if (this.#presenceDirty) {
      this.#presenceDirty = false;
      this.#io.to([n.facilitator, n.board]).emit('presence', { here: this.#presenceCount });
    }
  }

  #emitFrame(room: string, seq: number, events: StoredEvent[], viewer: Viewer) {
    const projected = project(events, viewer);
    if (projected.length) this.#io.to(room).emit('frame', { seq, events: projected } satisfies Frame);
  }

  // ---- presence and lifecycle --------------------------------------------------------

  socketJoined(participantId?: string) {
    this.#sockets++;
    if (participantId) {
      const e = this.#presence.get(participantId) ?? { sockets: 0, lastSeen: 0 };
      e.sockets++;
      e.lastSeen = Date.now();
      this.#presence.set(participantId, e);
      this.#recount();
    }
  }

  socketLeft(participantId?: string) {
    this.#sockets = Math.max(0, this.#sockets - 1);
    if (participantId) {
      const e = this.#presence.get(participantId);
      if (e) {
        e.sockets = Math.max(0, e.sockets - 1);
        e.lastSeen = Date.now();
      }
      // A phone that sleeps for less than the grace period still counts as here.
      const t = setTimeout(() => {
        this.#timers.delete(t);
        this.#recount();
      }, this.#graceMs + 50);
      t.unref?.();
      this.#timers.add(t);
    }
  }

  #recount() {
    const now = Date.now();
    let n = 0;
    for (const [pid, e] of this.#presence) {
      if (e.sockets > 0 || now - e.lastSeen < this.#graceMs) n++;
      else this.#presence.delete(pid);
    }
    if (n !== this.#presenceCount) {
      this.#presenceCount = n;
      this.#presenceDirty = true;
      this.#schedule();
    }
    // Attendance for the report: the most participants here at once, kept durably.
    if (n > (this.#state.peak ?? 0)) this.#commit([{ type: 'session.peak', count: n }]);
  }

  dispose({ snapshot = true } = {}) {
    if (this.#countdown) clearTimeout(this.#countdown);
    if (this.#flushTimer) this.flush();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    if (snapshot && this.#sinceSnapshot > 0) this.snapshot();
  }
}

function project(events: StoredEvent[], viewer: Viewer): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const ev of events) {
    const p = projectEvent(ev, viewer);
    if (p) out.push(p);
  }
  return out;
}
