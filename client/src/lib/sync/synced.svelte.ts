/**
 * The confirmed view: the server's snapshot plus every projected event since, in order.
 *
 * Frames are applied copy-on-write (see draft.ts): each frame makes a new root that shares
 * every part it did not touch with the previous one, so Svelte re-renders only what changed
 * and nothing clones the whole room. Before a snapshot or events are applied, `beforeApply`
 * gets the activity kinds they touch (to load their rules lazily); frames stay strictly in
 * order behind it (a promise chain). A hook that returns nothing keeps everything synchronous.
 */
import type { Frame } from '../../../../shared/constants.ts';
import type { RoomView, StoredEvent } from '../../../../shared/model.ts';
import { emptyState } from '../../../../shared/evolve.ts';
import { mergeOwn } from '../../../../shared/own-frames.ts';
import { Draft } from './draft.ts';
import { kindsTouched, type BeforeApply } from './kinds.ts';

/** What a hello answer brings: a snapshot or the events since our seq, and the room's seq. */
export interface CatchUp {
  snapshot?: RoomView;
  events?: StoredEvent[];
  seq?: number;
}

const isThenable = (x: unknown): x is PromiseLike<void> => !!x && typeof (x as PromiseLike<void>).then === 'function';

export class SyncedView {
  #view = $state.raw<RoomView | null>(null);
  /** Awaited before anything is applied; default: nothing to wait for. */
  beforeApply: BeforeApply;
  /** After every new version: its seq, and whether a snapshot replaced the view. */
  onApplied: (seq: number, snapshot: boolean) => void = () => {};

  #tail: Promise<void> | null = null;
  /** A hello is unanswered: frames wait for it (they would apply on a view we do not have). */
  #waiting = true;
  #early: Frame[] = [];
  /** This participant's own events, waiting for the shared frame they belong with. */
  #own: StoredEvent[] = [];
  /** Bumped by reset(): queued work from before is dropped. */
  #epoch = 0;
  #stale = false;
  #versions = 0;

  constructor(beforeApply: BeforeApply = () => {}) {
    this.beforeApply = beforeApply;
  }

  get view(): RoomView | null {
    return this.#view;
  }
  /** How many versions were published (a frame with nothing new makes none). */
  get versions(): number {
    return this.#versions;
  }
  /** An event could not be applied (rules missing): the next hello asks for a snapshot. */
  get stale(): boolean {
    return this.#stale;
  }
  /** The `since` for the next hello: our seq, or undefined to get a snapshot. */
  get since(): number | undefined {
    return this.#view && !this.#stale ? this.#view.seq : undefined;
  }
  /** True while frames or a hello answer wait for `beforeApply`. */
  get busy(): boolean {
    return this.#tail !== null;
  }

  /** Resolves once everything received so far is applied. */
  async settled(): Promise<void> {
    while (this.#tail) await this.#tail;
  }

  /** A hello was sent: hold frames until its answer. */
  expectHello(): void {
    this.#waiting = true;
    this.#early = [];
    this.#own = [];
  }

  /** The next hello asks for a snapshot (the phone's language changed). */
  refresh(): void {
    this.#stale = true;
  }

  /** Forget the view (e.g. this phone became a new participant); queued work is dropped. */
  reset(): void {
    this.#epoch++;
    this.#view = null;
    this.#early = [];
    this.#own = [];
    this.#stale = false;
  }

  /** The hello was answered: take its snapshot or events, then the frames that came early. */
  hello(ack: CatchUp): void {
    const early = this.#early;
    this.#early = [];
    this.#waiting = false;
    const events = [...(ack.events ?? []), ...early.flatMap((f) => f.events ?? [])];
    this.#enqueue(
      () => kindsTouched(ack.snapshot ?? this.#view, events, !!ack.snapshot),
      () => {
        const base = ack.snapshot ?? this.#view ?? emptyState();
        if (ack.snapshot) this.#stale = false;
        const d = new Draft(base);
        this.#fold(d, ack.events);
        if (typeof ack.seq === 'number') d.view.seq = Math.max(d.view.seq, ack.seq);
        for (const f of early) this.#foldFrame(d, f);
        this.#publish(d.view, !!ack.snapshot);
      },
    );
  }

  /** A pushed frame: applied in order, after any earlier frame's `beforeApply`. */
  frame(f: Frame): void {
    if (!f) return;
    if (f.own) {
      this.#own.push(...(f.events ?? []));
      return;
    }
    if (this.#own.length) {
      f = { seq: f.seq, events: mergeOwn(f.events ?? [], this.#own) };
      this.#own = [];
    }
    if (this.#waiting) {
      this.#early.push(f);
      return;
    }
    this.#enqueue(
      () => kindsTouched(this.#view, f.events ?? []),
      () => {
        const view = this.#view;
        if (!view) return;
        const fresh = (typeof f.seq === 'number' && f.seq > view.seq) || (f.events ?? []).some((e) => e.seq > view.seq);
        if (!fresh) return; // a repeat: no new version, nothing copied
        const d = new Draft(view);
        this.#foldFrame(d, f);
        this.#publish(d.view, false);
      },
    );
  }

  #foldFrame(d: Draft, f: Frame): void {
    this.#fold(d, f.events);
    if (typeof f.seq === 'number') d.view.seq = Math.max(d.view.seq, f.seq);
  }

  #fold(d: Draft, events: readonly StoredEvent[] | undefined): void {
    for (const ev of events ?? []) {
      if (!(ev.seq > d.view.seq)) continue;
      try {
        d.apply(ev);
      } catch {
        // Rules missing or a bug: keep going, and resynchronise from a snapshot next time.
        this.#stale = true;
      }
    }
  }

  #publish(view: RoomView, snapshot: boolean): void {
    this.#view = view;
    this.#versions++;
    this.onApplied(view.seq, snapshot);
  }

  /** Run `apply` after `beforeApply(kinds())`, behind all earlier work; sync when it can be. */
  #enqueue(kinds: () => Set<string>, apply: () => void): void {
    const epoch = this.#epoch;
    const run = () => {
      if (epoch === this.#epoch) apply();
    };
    const step = (): void | Promise<void> => {
      if (epoch !== this.#epoch) return;
      let gate: void | PromiseLike<void> = undefined;
      try {
        gate = this.beforeApply(kinds());
      } catch {
        this.#stale = true;
      }
      if (!isThenable(gate)) return run();
      return Promise.resolve(gate).then(run, () => {
        // The rules could not be loaded: apply what we can, take a snapshot next time.
        this.#stale = true;
        run();
      });
    };
    if (!this.#tail) {
      const p = step();
      if (p) this.#track(p);
    } else {
      this.#track(this.#tail.then(step));
    }
  }

  #track(p: Promise<void>): void {
    const t: Promise<void> = p
      .catch((e: unknown) => console.error('kring: applying an update failed', e))
      .then(() => {
        if (this.#tail === t) this.#tail = null;
      });
    this.#tail = t;
  }
}
