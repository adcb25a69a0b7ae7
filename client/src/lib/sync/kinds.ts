/**
 * Which activity kinds a batch of events or a command needs the rules of, so that lazily
 * loaded kinds can be fetched before the reducer meets them.
 */
import type { Activity, Command, RoomView, StoredEvent } from '../../../../shared/model.ts';
import { findActivity } from '../../../../shared/evolve.ts';
import { kindOfType } from './draft.ts';

/** Called before a snapshot or events are applied; may return a promise (e.g. loading rules). */
export type BeforeApply = (kinds: Set<string>) => void | PromiseLike<void>;
/** Whether a kind's rules are here now (the optimistic view skips commands of others). */
export type KindLoaded = (kind: string) => boolean;

/**
 * The kinds `events` touch on top of `view` (with `snapshot`, `view` is a new snapshot: it
 * touches the kind of its current activity): `dotvote.dotted` → dotvote; `agenda.updated` and `agenda.current` → the kind of
 * that activity (also when it arrives earlier in the same batch).
 */
export function kindsTouched(view: RoomView | null | undefined, events: readonly StoredEvent[] = [], snapshot = false): Set<string> {
  const kinds = new Set<string>();
  const current = snapshot && view ? findActivity(view, view.currentId) : undefined;
  if (current) kinds.add(current.kind);
  let added: Map<string, string> | undefined;
  const kindOfActivity = (id: unknown): string | undefined => {
    if (typeof id !== 'string') return undefined;
    return added?.get(id) ?? (view ? findActivity(view, id)?.kind : undefined);
  };
  for (const ev of events) {
    const own = kindOfType(ev.type);
    if (own) {
      kinds.add(own);
      continue;
    }
    if (ev.type === 'agenda.added') {
      const a = ev.activity as Activity | undefined;
      if (a && typeof a.id === 'string' && typeof a.kind === 'string') (added ??= new Map()).set(a.id, a.kind);
    } else if (ev.type === 'agenda.updated' || ev.type === 'agenda.current') {
      const k = kindOfActivity(ev.activityId);
      if (k) kinds.add(k);
    }
  }
  return kinds;
}

/** The kinds whose rules deciding `cmd` on `view` needs. */
export function commandKinds(view: RoomView, cmd: Command): string[] {
  const own = kindOfType(cmd.type);
  if (own) return [own];
  const c = cmd as { activity?: { kind?: unknown }; activityId?: unknown };
  switch (cmd.type) {
    case 'agenda.add':
    case 'agenda.update':
      return typeof c.activity?.kind === 'string' ? [c.activity.kind] : [];
    case 'agenda.goto': {
      const a = typeof c.activityId === 'string' ? findActivity(view, c.activityId) : undefined;
      return a ? [a.kind] : [];
    }
    default:
      return [];
  }
}
