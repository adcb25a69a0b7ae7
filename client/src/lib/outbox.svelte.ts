/**
 * The outbox: every command the user makes goes here first and is persisted, so nothing
 * is lost when the Wi-Fi drops or the page reloads. The command queue (sync/queue.ts)
 * sends the entries pipelined, oldest first, and an entry leaves only when its ack (or a
 * real rejection) arrives. A re-send after a reconnect keeps the same command id; the
 * server dedupes by id (applied exactly once).
 *
 * Acked entries stay in `settling` until their events are in the confirmed view (view.seq
 * reaches the ack's seq), so the optimistic change does not flicker away between the ack
 * and the frame that carries it.
 */
import type { Command } from '../../../shared/model.ts';
import { load, remove, save } from './storage.ts';

export interface OutboxEntry {
  cmd: Command;
  /** What the user acted on (e.g. `info.agree:<activityId>`), for a "saved" marker there. */
  tag?: string;
}

interface Settling extends OutboxEntry {
  seq: number;
  /** Drop from the overlay after this time even if no frame came (events not visible to us). */
  until: number;
}

export type TagState = 'pending' | 'saved';

/** How long an acked command may stay in the optimistic overlay waiting for its frame. */
const SETTLE_MS = 5000;

export class Outbox {
  #entries = $state.raw<OutboxEntry[]>([]);
  #settling = $state.raw<Settling[]>([]);
  #tags = $state.raw<Record<string, TagState>>({});
  #savedCount = $state(0);
  #storageKey: string | null = null;

  /** Commands not yet acked, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }
  get size(): number {
    return this.#entries.length;
  }
  /** Pending plus acked-but-not-yet-seen commands: what the optimistic view applies. */
  get overlay(): readonly OutboxEntry[] {
    return this.#settling.length ? [...this.#settling, ...this.#entries] : this.#entries;
  }
  /** True once something was saved and nothing is waiting: the discreet "saved ✓". */
  get saved(): boolean {
    return this.#savedCount > 0 && this.#entries.length === 0;
  }
  get storageKey(): string | null {
    return this.#storageKey;
  }

  tagState(tag: string): TagState | undefined {
    return this.#tags[tag];
  }

  /**
   * Bind to a storage key (known once the session and participant are known). Entries
   * stored there from an earlier visit come first; entries made before now follow.
   */
  attach(key: string): void {
    if (this.#storageKey === key) return;
    // A phone that became a new participant (stale token) moves its queue to the new key.
    if (this.#storageKey) remove(this.#storageKey);
    this.#storageKey = key;
    const stored = load<OutboxEntry[]>(key);
    const restored = Array.isArray(stored) ? stored.filter((e) => e && typeof e === 'object' && e.cmd && typeof e.cmd.id === 'string') : [];
    const ids = new Set(restored.map((e) => e.cmd.id));
    this.#set([...restored, ...this.#entries.filter((e) => !ids.has(e.cmd.id))]);
    for (const e of restored) if (e.tag) this.#tag(e.tag, 'pending');
  }

  add(cmd: Command, tag?: string): void {
    this.#set([...this.#entries, tag ? { cmd, tag } : { cmd }]);
    if (tag) this.#tag(tag, 'pending');
  }

  /** The server applied it (or had already: a duplicate). */
  acked(id: string, seq: number, viewSeq: number): void {
    const entry = this.#entries.find((e) => e.cmd.id === id);
    if (!entry) return;
    this.#set(this.#entries.filter((e) => e !== entry));
    if (seq > viewSeq) this.#settling = [...this.#settling, { ...entry, seq, until: Date.now() + SETTLE_MS }];
    this.#savedCount += 1;
    if (entry.tag && !this.#entries.some((e) => e.tag === entry.tag)) this.#tag(entry.tag, 'saved');
  }

  /** The server refused it: drop it, so its optimistic change disappears. */
  rejected(id: string): void {
    const entry = this.#entries.find((e) => e.cmd.id === id);
    if (!entry) return;
    this.#set(this.#entries.filter((e) => e !== entry));
    if (entry.tag && !this.#entries.some((e) => e.tag === entry.tag)) this.#tag(entry.tag, undefined);
  }

  /** The confirmed view reached `viewSeq`: acked commands up to it are in there now. */
  settle(viewSeq: number, now = Date.now()): void {
    if (!this.#settling.length) return;
    const rest = this.#settling.filter((s) => s.seq > viewSeq && s.until > now);
    if (rest.length !== this.#settling.length) this.#settling = rest;
  }

  /** Forget the acked overlay (a fresh snapshot holds everything acked so far). */
  clearSettling(): void {
    if (this.#settling.length) this.#settling = [];
  }

  #set(entries: OutboxEntry[]): void {
    this.#entries = entries;
    if (!this.#storageKey) return;
    if (entries.length) save(this.#storageKey, entries);
    else remove(this.#storageKey);
  }

  #tag(tag: string, state: TagState | undefined): void {
    const next = { ...this.#tags };
    if (state) next[tag] = state;
    else delete next[tag];
    this.#tags = next;
  }
}
