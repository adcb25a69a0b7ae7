/**
 * Fan-out of one room's committed events: every audience gets what it may see of them,
 * coalesced into one frame each. Frames are paced by load (issue 13): with headroom a
 * frame goes as soon as the previous one is out; under pressure (a late event loop, a
 * costly flush) they coalesce, at most about 10 a second. Presence counts go out with the
 * frames.
 */
import { performance } from 'node:perf_hooks';
import type { Server } from 'socket.io';
import { projectEvent, projectState } from '../shared/audiences.ts';
import type { RoomState, StoredEvent, Viewer } from '../shared/model.ts';
import type { Frame } from '../shared/protocol.ts';
import { loopLag } from './loop-lag.ts';
import type { KringStore as Store } from './store.ts';

export const roomNames = (sessionId: string) => ({
  facilitator: `${sessionId}:f`,
  board: `${sessionId}:b`,
  participants: `${sessionId}:p`,
  participant: (pid: string) => `${sessionId}:p:${pid}`,
});
export type RoomNames = ReturnType<typeof roomNames>;

/** Above this many missed events a rejoining client gets a snapshot instead. */
export const CATCH_UP_LIMIT = 256;
/** The longest pause between frames under pressure (ms): at most ~10 frames a second. */
export const MAX_FRAME_INTERVAL_MS = 100;
/**
 * An event loop this late (ms) means pressure: frames coalesce. Not lower: a 1,000-phone
 * room's own fan-out makes the loop 20–30 ms late, and pacing it at 100 ms then doubled
 * its p99 (docs/benchmarks.md).
 */
export const PRESSURE_LAG_MS = 50;
/** Under pressure, the pause per socket in the room (ms): delivering a frame costs each socket CPU time. */
export const FRAME_MS_PER_SOCKET = 0.2;
/** A shared frame goes to at most this many participant sockets in one turn of the event loop. */
export const FRAME_CHUNK = 500;
/** With headroom a room spends at most about this share of the time sending its frames. */
const FLUSH_SHARE = 0.5;

export interface FrameSource {
  /** The room's seq now (the frames' seq). */
  seq(): number;
  /** Sockets in the room (the pace) and participants here (the presence count). */
  sockets(): number;
  here(): number;
  /** Run a step that must not throw into the event loop. */
  guard(what: string, fn: () => void): void;
  /** Sockets a shared frame goes to in one turn (FRAME_CHUNK). */
  chunk?: number;
}

/** One room's outgoing frames: committed events wait here until the next flush. */
export class Frames {
  #io: Server;
  #names: RoomNames;
  #src: FrameSource;
  #pending: StoredEvent[] = [];
  #presenceDirty = false;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  #lastFlush = -Infinity;
  /** What the last flush cost (ms), all its chunks together. */
  #lastCost = 0;
  /** The rest of a big room's shared frame, a chunk of sockets each (FRAME_CHUNK). */
  #chunks: (() => void)[] = [];

  constructor(io: Server, names: RoomNames, src: FrameSource) {
    this.#io = io;
    this.#names = names;
    this.#src = src;
  }

  /** Committed events to send. */
  push(events: StoredEvent[]) {
    this.#pending.push(...events);
    this.#schedule();
  }

  /** The presence count changed: send it with the next frame. */
  presenceChanged() {
    this.#presenceDirty = true;
    this.#schedule();
  }

  get scheduled() {
    return this.#timer !== null || this.#chunks.length > 0;
  }

  #schedule() {
    // Not while a big room's frame is still going out chunk by chunk: after it.
    if (this.#timer || this.#chunks.length) return;
    const wait = this.#lastFlush + this.interval() - performance.now();
    this.#timer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait);
  }

  /**
   * The pause after a flush (ms). With headroom, what the last flush cost over the share
   * of time a room may spend on it (so a 40-phone room sends at once, and a room whose
   * frames cost much waits in proportion); under pressure also in proportion to the room's
   * sockets, up to 100 ms, so a big room's frames carry more and come at most about 10 a
   * second.
   */
  interval(): number {
    const byCost = this.#lastCost / FLUSH_SHARE - this.#lastCost;
    if (loopLag() < PRESSURE_LAG_MS) return Math.min(MAX_FRAME_INTERVAL_MS, byCost);
    // Under pressure a big room's frames coalesce (from 500 sockets on: 100 ms, ≤ 10 a
    // second); a small room's cost little, so it waits in proportion (40 sockets: 8 ms).
    // A flush that costs more than that (a town hall's 5,000 sockets) waits twice its cost,
    // so that acks and other rooms keep two thirds of the time.
    return Math.max(Math.min(MAX_FRAME_INTERVAL_MS, this.#src.sockets() * FRAME_MS_PER_SOCKET), 2 * this.#lastCost);
  }

  /** Send every audience what it may see of the pending events, as one frame each. */
  flush() {
    if (this.#timer) {
      clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
      clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
      this.#timer = null;
    }
    // Asked to send now (a room that goes): what is still going out goes first.
    while (this.#chunks.length) this.#chunks.shift()!();
    const started = performance.now();
    const events = this.#pending;
    this.#pending = [];
    const n = this.#names;
    // A view that misses a frame catches up on its next hello; the process stays up (R-DISK).
    this.#src.guard('fan-out', () => {
      if (events.length) this.#chunks = emitFrames(this.#io, n, this.#src.seq(), events, this.#src.chunk);
    });
    if (this.#presenceDirty) {
      this.#presenceDirty = false;
      this.#io.to([n.facilitator, n.board]).emit('presence', { here: this.#src.here() });
    }
    this.#lastFlush = performance.now();
    this.#lastCost = this.#lastFlush - started;
    if (this.#chunks.length) setImmediate(() => this.#nextChunk());
  }

  /** The next chunk of a big room's shared frame: one a turn, so acks and other rooms go between. */
  #nextChunk() {
    const chunk = this.#chunks.shift();
    if (!chunk) return; // sent meanwhile by flush()
    const started = performance.now();
    this.#src.guard('fan-out', chunk);
    this.#lastFlush = performance.now();
    this.#lastCost += this.#lastFlush - started;
    if (this.#chunks.length) setImmediate(() => this.#nextChunk());
    else if (this.#pending.length || this.#presenceDirty) this.#schedule();
  }
}

/**
 * Send each audience its projection of `events` (all committed, up to `seq`). A room with
 * more than FRAME_CHUNK participant sockets gets its shared frame in chunks of sockets: the
 * first now, the rest returned, to be sent one a turn (no socket gets a later frame before
 * it has this one: the next flush waits for the last chunk).
 */
export function emitFrames(io: Server, n: RoomNames, seq: number, events: StoredEvent[], chunk = FRAME_CHUNK): (() => void)[] {
  emitFrame(io, n.facilitator, seq, events, { role: 'facilitator' });
  emitFrame(io, n.board, seq, events, { role: 'board' });
  // Participants: one shared frame for all, serialised once; a participant an event
  // concerns gets, just before it, a small frame of its own with those events in its own
  // projection, which it folds into the shared one (shared/own-frames.ts). Not a copy of the
  // shared frame per actor: k actors in a frame cost k small frames, not k full ones.
  const shared: StoredEvent[] = [];
  const mine = new Map<string, StoredEvent[]>();
  for (const ev of events) {
    const pub = projectEvent(ev, { role: 'participant' });
    if (pub) shared.push(pub);
    if (!ev.pid) continue;
    const own = projectEvent(ev, { role: 'participant', participantId: ev.pid });
    if (own) (mine.get(ev.pid) ?? mine.set(ev.pid, []).get(ev.pid)!).push(own);
  }
  for (const [pid, own] of mine) {
    // Without a shared frame to fold into, the own events are a frame like any other.
    io.to(n.participant(pid)).emit('frame', (shared.length ? { seq, events: own, own: true } : { seq, events: own }) satisfies Frame);
  }
  if (!shared.length) return [];
  const frame = { seq, events: shared } satisfies Frame;
  const sids = io.sockets.adapter.rooms.get(n.participants);
  if (!sids || sids.size <= chunk) {
    io.to(n.participants).emit('frame', frame);
    return [];
  }
  const ids = [...sids];
  const chunks: (() => void)[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    chunks.push(() => io.to(part).emit('frame', frame));
  }
  chunks.shift()!();
  return chunks;
}

function emitFrame(io: Server, room: string, seq: number, events: StoredEvent[], viewer: Viewer) {
  const projected: StoredEvent[] = [];
  for (const ev of events) {
    const p = projectEvent(ev, viewer);
    if (p) projected.push(p);
  }
  if (projected.length) io.to(room).emit('frame', { seq, events: projected } satisfies Frame);
}

/** One committed event in a room's catch-up ring: its seq and the JSON the log holds. */
export interface RingEntry {
  seq: number;
  json: string;
}

/**
 * What a (re)joining viewer needs: the events it missed, or a snapshot. The missed events
 * come from `recent` (the room's ring of its latest committed events, R-CATCHUP-RING) when
 * it reaches back far enough, else from SQLite: the same events either way.
 */
export function catchUp(
  store: Store,
  sessionId: string,
  state: RoomState,
  viewer: Viewer,
  since: number | undefined,
  recent: readonly RingEntry[] = [],
  /** A phone's language: its snapshot carries only that language's translations (R-JOIN-LANG). */
  lang?: string,
) {
  const seq = state.seq;
  if (since !== undefined && since > 0 && since <= seq && seq - since <= CATCH_UP_LIMIT) {
    const fromRing = recent.length > 0 && recent[0].seq <= since + 1 && recent[recent.length - 1].seq === seq;
    const missed = fromRing
      ? recent.slice(since + 1 - recent[0].seq).map((e) => JSON.parse(e.json) as StoredEvent)
      : store.eventsAfter(sessionId, since);
    const events: StoredEvent[] = [];
    for (const ev of missed) {
      const p = projectEvent(ev, viewer);
      if (p) events.push(p);
    }
    return { seq, events };
  }
  const snapshot = projectState(state, viewer);
  if (viewer.role === 'participant' && lang) {
    for (const a of snapshot.agenda) {
      // A copy: the projected activity still shares `tr` with the room's state.
      const mine = lang === state.lang ? undefined : a.tr?.[lang];
      if (mine) a.tr = { [lang]: mine };
      else delete a.tr;
    }
  }
  return { seq, snapshot };
}
