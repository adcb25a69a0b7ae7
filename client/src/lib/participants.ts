import type { RoomView } from '../../../shared/model.ts';

/** Participant id → 1, 2, 3… in the order they joined, for "participant 3" when there is no name. */
export function participantNumbers(view: RoomView): Record<string, number> {
  const list = Object.values(view.participants).sort((a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id));
  return Object.fromEntries(list.map((p, i) => [p.id, i + 1]));
}
