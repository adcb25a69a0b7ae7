/**
 * The view shown: the confirmed view with every unacked (and acked but not yet seen)
 * command applied on top through the shared reducer. A rejected command simply leaves the
 * outbox, so its change disappears by itself.
 *
 * With nothing pending the confirmed view is shown as it is (no copy at all); otherwise
 * only what the pending commands touch is copied (see draft.ts). A command whose kind's
 * rules are not loaded is not shown early: it appears when the server confirms it.
 */
import type { Actor, Command, Context, Decision, RoomState, RoomView, StoredEvent } from '../../../../shared/model.ts';
import { findActivity } from '../../../../shared/evolve.ts';
import { Draft } from './draft.ts';
import { commandKinds, type KindLoaded } from './kinds.ts';

/** The rules the view is shown with: a phone's own (decideOwn), the console's all (decide). */
export type Decide = (state: RoomState, cmd: Command, actor: Actor, ctx: Context) => Decision;

export interface OverlayContext {
  actor: Actor;
  /** Not loaded yet: nothing is shown early. */
  decide: Decide | undefined;
  /** The server's time now (ms). */
  now: number;
  kindLoaded?: KindLoaded;
}

/** Ids the optimistic view makes up for things the server has not created yet. */
export const PENDING_PREFIX = 'pending-';
export const isPendingId = (id: string) => id.startsWith(PENDING_PREFIX);

/** `base` with `overlay` applied; `base` itself (same object) when nothing applies. */
export function optimistic(
  base: RoomView | null,
  overlay: readonly { cmd: Command }[],
  { actor, now, kindLoaded, decide }: OverlayContext,
): RoomView | null {
  if (!base || overlay.length === 0 || !decide) return base;
  const draft = new Draft(base);
  let n = 0;
  const ctx: Context = { now, newId: () => `${PENDING_PREFIX}${++n}` };
  for (const { cmd } of overlay) {
    if (kindLoaded && commandKinds(draft.view, cmd).some((k) => !kindLoaded(k))) continue;
    try {
      const d = decide(draft.view, cmd, actor, ctx);
      if (!d.ok) continue;
      for (const ev of d.events) draft.apply({ ...ev, seq: draft.view.seq, at: now } as StoredEvent);
    } catch {
      // A command the local reducer cannot judge: show it when the server confirms.
    }
  }
  return draft.changed ? draft.view : base;
}

export interface OptimisticSource {
  base(): RoomView | null;
  overlay(): readonly { cmd: Command }[];
  actor(): Actor;
  now(): number;
  decide(): Decide | undefined;
  kindLoaded?: KindLoaded;
}

/** `optimistic` kept up to date (a `$derived`): recomputed only when its inputs change. */
export class OptimisticView {
  #src: OptimisticSource;
  #view = $derived.by(() =>
    optimistic(this.#src.base(), this.#src.overlay(), {
      actor: this.#src.actor(),
      now: this.#src.now(),
      decide: this.#src.decide(),
      kindLoaded: this.#src.kindLoaded,
    }),
  );
  #current = $derived(this.#view ? findActivity(this.#view, this.#view.currentId) : undefined);

  constructor(src: OptimisticSource) {
    this.#src = src;
  }

  get view(): RoomView | null {
    return this.#view;
  }
  get current() {
    return this.#current;
  }
}
