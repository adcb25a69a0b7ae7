/**
 * A participant's own events (issue 13): the server sends a phone the room's one shared
 * frame, and just before it a small frame of its own (`own: true`) with the events that
 * concern it in its own projection. The phone keeps the own frame and folds it into the
 * next shared frame: an own event takes the place of the shared one with the same seq, or
 * goes where its seq puts it (the shared frame leaves out what others may not see).
 * No imports: the phone's bundle takes this file as it is.
 */
interface Seq {
  seq: number;
}

/** `shared` and `own` (each in seq order) as one list in seq order, own events winning. */
export function mergeOwn<E extends Seq>(shared: readonly E[], own: readonly E[]): E[] {
  const out: E[] = [];
  let j = 0;
  for (const ev of shared) {
    while (j < own.length && own[j].seq < ev.seq) out.push(own[j++]);
    if (j < own.length && own[j].seq === ev.seq) out.push(own[j++]);
    else out.push(ev);
  }
  while (j < own.length) out.push(own[j++]);
  return out;
}
