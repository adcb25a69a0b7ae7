/**
 * Fan-out of one room's committed events: every audience gets what it may see of them,
 * coalesced into one frame each, paced by the room's size (a big room pays by time, not
 * by activity). Presence counts go out with the frames.
 */
import type { Server } from 'socket.io';
import { projectEvent, projectState } from '../shared/audiences.ts';
import type { RoomState, StoredEvent, Viewer } from '../shared/model.ts';
import type { Frame } from '../shared/protocol.ts';
import type { Store } from './store.ts';

export const roomNames = (sessionId: string) => ({
  facilitator: `${sessionId}:f`,
  board: `${sessionId}:b`,
  participants: `${sessionId}:p`,
  participant: (pid: string) => `${sessionId}:p:${pid}`,
});
export type RoomNames = ReturnType<typeof roomNames>;

/** Above this many missed events a rejoining client gets a snapshot instead. */
export const CATCH_UP_LIMIT = 256;
/** The longest pause between frames in a big room (ms): at most ~10 frames a second. */
export const MAX_FRAME_INTERVAL_MS = 100;
/** Pacing per socket in the room (ms): delivering a frame costs each socket CPU time. */
export const FRAME_MS_PER_SOCKET = 0.2;

export interface FrameSource {
  /** The room's seq now (the frames' seq). */
  seq(): number;
  /** Sockets in the room (the pace) and participants here (the presence count). */
  sockets(): number;
  here(): number;
  /** Run a step that must not throw into the event loop. */
  guard(what: string, fn: () => void): void;
}

/** One room's outgoing frames: committed events wait here until the next flush. */
export class Frames {
  #io: Server;
  #names: RoomNames;
  #src: FrameSource;
  #pending: StoredEvent[] = [];
  #presenceDirty = false;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  #lastFlush = 0;

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
    return this.#timer !== null;
  }

  #schedule() {
    if (this.#timer) return;
    // Cost-proportional pacing: a small room gets a frame at once (40 sockets: 8 ms);
    // from 500 sockets on, at most one frame every 100 ms (≤ 10 a second).
    const interval = Math.min(MAX_FRAME_INTERVAL_MS, this.#src.sockets() * FRAME_MS_PER_SOCKET);
    const wait = this.#lastFlush + interval - Date.now();
    this.#timer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait);
  }

  /** Send every audience what it may see of the pending events, as one frame each. */
  flush() {
    if (this.#timer) {
      clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
      clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
      this.#timer = null;
    }
    this.#lastFlush = Date.now();
    const events = this.#pending;
    this.#pending = [];
    const n = this.#names;
    // A view that misses a frame catches up on its next hello; the process stays up (R-DISK).
    this.#src.guard('fan-out', () => {
      if (events.length) emitFrames(this.#io, n, this.#src.seq(), events);
    });
    if (this.#presenceDirty) {
      this.#presenceDirty = false;
      this.#io.to([n.facilitator, n.board]).emit('presence', { here: this.#src.here() });
    }
  }
}

/** Send each audience its projection of `events` (all committed, up to `seq`). */
export function emitFrames(io: Server, n: RoomNames, seq: number, events: StoredEvent[]) {
  emitFrame(io, n.facilitator, seq, events, { role: 'facilitator' });
  emitFrame(io, n.board, seq, events, { role: 'board' });
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
    if (list.length) io.to(n.participant(pid)).emit('frame', { seq, events: list } satisfies Frame);
  }
  const shared = pub.filter((e): e is StoredEvent => e !== null);
  if (shared.length) {
    const target = concerning.size ? io.to(n.participants).except([...concerning.keys()].map(n.participant)) : io.to(n.participants);
    target.emit('frame', { seq, events: shared } satisfies Frame);
  }
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
  return { seq, snapshot: projectState(state, viewer) };
}
