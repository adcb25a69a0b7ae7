/** Pure helpers about post-its that decide, the projections and the views share (no valibot). */
import { BRAINSTORM_CLUSTER_SAMPLE, BRAINSTORM_ITEMS_MAX } from './constants.ts';
import type { BrainstormConfig, BrainstormState, Postit } from './schema.ts';

/** Others' post-its are placeholders now (private until the facilitator reveals). */
export const sealedNow = (c: Pick<BrainstormConfig, 'privateUntilReveal'>, s: Pick<BrainstormState, 'revealed'>) =>
  c.privateUntilReveal && !s.revealed;

/** What a viewer who is not the author (nor a facilitator) may see of a post-it. */
export function forOthers(item: Postit, sealed: boolean): Postit {
  const { pid: _pid, ...rest } = item;
  if (!sealed) return rest;
  return { id: item.id, column: item.column, clusterId: item.clusterId, hidden: false, merged: [], at: item.at };
}

/** The items a dot vote can take over: visible post-its with their merged texts. */
export function votableItems(s: BrainstormState) {
  return s.items.filter((i) => !i.hidden && i.text).map((i) => ({ id: i.id, text: i.text!, merged: [...i.merged] }));
}

/**
 * The clusters as items a later activity can take (a vote on clusters): each cluster's title,
 * with the visible texts of its post-its in `merged` (hidden ones never leave the brainstorm).
 */
export function clusterItems(s: Pick<BrainstormState, 'items' | 'clusters'>) {
  return s.clusters.map((k) => {
    const texts = s.items.flatMap((i) => (i.clusterId === k.id && !i.hidden && i.text ? [i.text] : []));
    // A cluster of a town hall's wall holds thousands: every phone gets a sample and the count.
    return texts.length > BRAINSTORM_CLUSTER_SAMPLE
      ? { id: k.id, text: k.title, merged: texts.slice(0, BRAINSTORM_CLUSTER_SAMPLE), size: texts.length }
      : { id: k.id, text: k.title, merged: texts };
  });
}

/** Longer than this brainstorm allows a participant (R-BRAIN-LENGTH; the facilitator may write up to the schema's limit). */
export const postitTooLong = (c: Pick<BrainstormConfig, 'maxLength'>, text: string) => text.length > c.maxLength;

/** How many post-its this participant has on the wall (hidden ones count). */
export const postitsOf = (s: Pick<BrainstormState, 'items'>, pid: string | undefined) =>
  pid ? s.items.filter((i) => i.pid === pid).length : 0;

/**
 * Why a participant may not add this post-it, or null when they may: the rule's name, as
 * `reason` in decide's rejection. length: R-BRAIN-LENGTH; cap: R-BRAIN-CAP (post-its per
 * person); wall: the wall is full. An empty `text` asks whether they may add any at all.
 */
export type PostitRefusal = 'length' | 'cap' | 'wall';
export function postitRefusal(
  c: Pick<BrainstormConfig, 'maxLength' | 'maxPerPerson'>,
  s: Pick<BrainstormState, 'items'>,
  pid: string | undefined,
  text: string,
): PostitRefusal | null {
  if (postitTooLong(c, text)) return 'length';
  if (postitsOf(s, pid) >= c.maxPerPerson) return 'cap';
  if (s.items.length >= BRAINSTORM_ITEMS_MAX) return 'wall';
  return null;
}
