/**
 * Dot voting: each participant spends a budget of dots (default 5) on items, stacking
 * them (optionally capped per item) or spreading them, and may take a dot back. Nobody
 * but the facilitator sees any tally or anyone else's dots until the facilitator reveals;
 * then a ranking with counts. The facilitator carries the top items forward.
 */
import * as v from 'valibot';
import { accept, reject, type StoredEvent, type Viewer } from '../../model.ts';
import { ActivityId, command, draft, ItemSchema } from '../../schema.ts';
import type { Item } from '../kind.ts';
import { loadOnOpen } from '../kit.ts';
import type { KindRules } from '../kind.ts';

/** A vote offers at most this many items (as many as a brainstorm can hold). */
export const DOTVOTE_ITEMS_MAX = 1000;

export const VoteItem = ItemSchema;
export type VoteItem = Item;

export const DotvoteConfig = v.strictObject({
  prompt: v.pipe(v.string(), v.trim(), v.maxLength(280)),
  /** Take the items from this brainstorm (its visible post-its) or dot vote (its carried items). */
  sourceId: v.nullable(ActivityId),
  /** A typed list, used when there is no source. */
  items: v.pipe(v.array(VoteItem), v.maxLength(DOTVOTE_ITEMS_MAX)),
  budget: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)),
  stacking: v.boolean(),
  capPerItem: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20))),
});
export type DotvoteConfig = v.InferOutput<typeof DotvoteConfig>;

export interface DotvoteState {
  items: VoteItem[];
  /** participant → item → dots. Facilitators see all; a phone only its own; the board none. */
  dots: Record<string, Record<string, number>>;
  /** How many people have at least one dot placed (progress, not a tally). */
  voters: number;
  revealed: boolean;
  /** Dots per item: sent to phones and the board only once revealed. */
  tally: Record<string, number> | null;
  /** Items the facilitator carries forward into the next activity, in order. */
  carried: string[];
}

export const DotvoteDraft = draft('dotvote', DotvoteConfig);
const base = { activityId: ActivityId };
export const dotvoteCommands = [
  command('dotvote.place', { ...base, itemId: ActivityId }),
  command('dotvote.unplace', { ...base, itemId: ActivityId }),
  command('dotvote.reveal', { ...base, revealed: v.boolean() }),
  command('dotvote.carry', { ...base, itemIds: v.pipe(v.array(ActivityId), v.maxLength(50)) }),
  command('dotvote.load', { ...base, sourceId: ActivityId }),
] as const;
type Cmd = v.InferOutput<(typeof dotvoteCommands)[number]>;

export const spent = (mine: Record<string, number> | undefined) =>
  Object.values(mine ?? {}).reduce((a, b) => a + b, 0);

export function tallyOf(s: Pick<DotvoteState, 'dots' | 'items'>): Record<string, number> {
  const t: Record<string, number> = Object.fromEntries(s.items.map((i) => [i.id, 0]));
  for (const mine of Object.values(s.dots)) for (const [id, n] of Object.entries(mine)) t[id] = (t[id] ?? 0) + n;
  return t;
}

export interface Ranked {
  item: VoteItem;
  votes: number;
  /** Competition ranking: equal counts share a rank (1, 2, 2, 4). */
  rank: number;
  tied: boolean;
}
/** Items by votes (most first); ties share a rank and keep their original order. */
export function ranking(items: VoteItem[], tally: Record<string, number>): Ranked[] {
  const sorted = items
    .map((item, order) => ({ item, votes: tally[item.id] ?? 0, order }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order);
  const firstAt = new Map<number, number>();
  const count = new Map<number, number>();
  sorted.forEach((r, i) => {
    if (!firstAt.has(r.votes)) firstAt.set(r.votes, i);
    count.set(r.votes, (count.get(r.votes) ?? 0) + 1);
  });
  return sorted.map((r) => ({ item: r.item, votes: r.votes, rank: firstAt.get(r.votes)! + 1, tied: count.get(r.votes)! > 1 }));
}

export const dotvote: KindRules<DotvoteConfig, DotvoteState> = {
  kind: 'dotvote',
  takesItems: true,
  // What a later activity takes: the items the facilitator carried forward.
  feeds: ({ state: s }) => s.carried.map((id) => s.items.find((i) => i.id === id)).filter((i): i is VoteItem => !!i).map((i) => structuredClone(i)),
  votes: (s) => tallyOf(s),
  init: (c) => ({ items: structuredClone(c.items), dots: {}, voters: 0, revealed: false, tally: null, carried: [] }),
  reconfigure(s, c) {
    if (!c.sourceId && c.items.length && Object.keys(s.dots).length === 0) s.items = structuredClone(c.items);
    return s;
  },

  // Opening a vote on a brainstorm takes over its post-its, unless it already has items.
  onGoto: (a, room) => loadOnOpen(a, room, DOTVOTE_ITEMS_MAX),

  decide(cmd: Cmd, a, actor, _ctx, room) {
    const s = a.state;
    const c = a.config;
    const fac = actor.role === 'facilitator';
    const pid = actor.participantId;
    switch (cmd.type) {
      case 'dotvote.place':
      case 'dotvote.unplace': {
        if (actor.role !== 'participant' || !pid) return reject('NOT_ALLOWED', 'only participants vote');
        if (!s.items.some((i) => i.id === cmd.itemId)) return reject('NOT_FOUND', 'no such item');
        const mine = s.dots[pid] ?? {};
        const onItem = mine[cmd.itemId] ?? 0;
        const total = spent(mine);
        const delta = cmd.type === 'dotvote.place' ? 1 : -1;
        if (delta > 0) {
          if (total >= c.budget) return reject('LIMIT_REACHED', `you have spent all ${c.budget} dots`); // R-DOT-BUDGET
          if (!c.stacking && onItem >= 1) return reject('LIMIT_REACHED', 'one dot per item'); // R-DOT-STACK
          if (c.capPerItem !== null && onItem >= c.capPerItem) return reject('LIMIT_REACHED', `at most ${c.capPerItem} dots per item`); // R-DOT-CAP
        } else if (onItem === 0) {
          return reject('NOT_FOUND', 'no dot of yours on this item'); // R-DOT-TAKEBACK
        }
        const voterDelta = total === 0 && delta > 0 ? 1 : total === 1 && delta < 0 ? -1 : 0;
        return accept({ type: 'dotvote.dotted', activityId: a.id, pid, itemId: cmd.itemId, delta, voterDelta, revealed: s.revealed });
      }
      case 'dotvote.reveal': {
        if (!fac) return reject('NOT_ALLOWED', 'the facilitator reveals'); // R-DOT-HIDDEN
        if (s.revealed === cmd.revealed) return accept();
        return accept({ type: 'dotvote.revealed', activityId: a.id, revealed: cmd.revealed, ...(cmd.revealed ? { tally: tallyOf(s) } : {}) });
      }
      case 'dotvote.carry': {
        if (!fac) return reject('NOT_ALLOWED', 'the facilitator carries items forward');
        if (!cmd.itemIds.every((id) => s.items.some((i) => i.id === id))) return reject('NOT_FOUND', 'no such item');
        return accept({ type: 'dotvote.carried', activityId: a.id, itemIds: [...new Set(cmd.itemIds)] });
      }
      case 'dotvote.load': {
        if (!fac) return reject('NOT_ALLOWED', 'the facilitator loads items');
        if (Object.keys(s.dots).length) return reject('NOT_ALLOWED', 'dots have been placed already');
        const items = room.itemsFrom(cmd.sourceId);
        if (!items) return reject('NOT_FOUND', 'no brainstorm or vote to take items from');
        return accept({ type: 'dotvote.loaded', activityId: a.id, items: items.slice(0, DOTVOTE_ITEMS_MAX) });
      }
    }
  },

  apply(s, ev) {
    switch (ev.type) {
      case 'dotvote.dotted': {
        const item = ev.itemId as string | undefined;
        const delta = (ev.delta as number | undefined) ?? 0;
        if (ev.pid && item) {
          const mine = (s.dots[ev.pid] ??= {});
          mine[item] = (mine[item] ?? 0) + delta;
          if (mine[item] <= 0) delete mine[item];
          if (!Object.keys(mine).length) delete s.dots[ev.pid];
        }
        s.voters += (ev.voterDelta as number | undefined) ?? 0;
        if (s.tally && item && ev.revealed) s.tally[item] = (s.tally[item] ?? 0) + delta;
        return;
      }
      case 'dotvote.revealed':
        s.revealed = ev.revealed as boolean;
        s.tally = ev.revealed ? { ...(ev.tally as Record<string, number>) } : null;
        return;
      case 'dotvote.carried':
        s.carried = [...(ev.itemIds as string[])];
        return;
      case 'dotvote.loaded':
        s.items = structuredClone(ev.items as VoteItem[]);
        return;
    }
  },

  projectState(s, viewer) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    return {
      items: structuredClone(s.items),
      dots: me && s.dots[me] ? { [me]: { ...s.dots[me] } } : {},
      voters: s.voters,
      revealed: s.revealed,
      tally: s.revealed && s.tally ? { ...s.tally } : null,
      carried: [...s.carried],
    };
  },

  projectEvent(ev: StoredEvent, viewer: Viewer) {
    if (viewer.role === 'facilitator') return ev;
    if (ev.type !== 'dotvote.dotted') return ev;
    if (viewer.role === 'participant' && ev.pid === viewer.participantId) return ev;
    // Others learn only that the number of voters changed, and after the reveal the tally.
    if (ev.revealed) return { type: ev.type, activityId: ev.activityId, itemId: ev.itemId, delta: ev.delta, voterDelta: ev.voterDelta, revealed: true, seq: ev.seq, at: ev.at };
    if (ev.voterDelta) return { type: ev.type, activityId: ev.activityId, voterDelta: ev.voterDelta, seq: ev.seq, at: ev.at };
    return null;
  },
};
