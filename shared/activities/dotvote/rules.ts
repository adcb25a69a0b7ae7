/**
 * Dot voting: each participant spends a budget of dots (default 5) on items, stacking
 * them (optionally capped per item) or spreading them, and may take a dot back. Nobody
 * but the facilitator sees any tally or anyone else's dots until the facilitator reveals;
 * then a ranking with counts. The facilitator carries the top items forward.
 *
 * No valibot here (the phone loads this file): types come from schema.ts.
 */
import { accept, reject, type Decision, type Viewer } from '../../model.ts';
import type { KindRules } from '../kind.ts';
import { DOTVOTE_ITEMS_MAX } from './constants.ts';
import type { DotvoteCommand, DotvoteConfig, DotvoteEvent, DotvoteState, StoredDotvoteEvent, VoteItem, VoteUnit } from './schema.ts';

export * from './constants.ts';

const emit = (...events: DotvoteEvent[]): Decision => accept(...events);

/** What a vote takes from its source: its clusters only when it has a source and the facilitator chose them (R-DOT-UNIT). */
export const unitOf = (c: Pick<DotvoteConfig, 'sourceId' | 'unit'>): VoteUnit =>
  c.sourceId && c.unit === 'clusters' ? 'clusters' : 'items';

/**
 * R-DOT-ITEM-IDS: dots by id, read and written as own properties only, so that an id such
 * as `constructor`, `toString` or `__proto__` is a key like any other (not Object's method
 * or the prototype). Use these for every map keyed by an item or participant id.
 */
export const dotsOn = (m: Readonly<Record<string, number>> | null | undefined, id: string): number =>
  m && Object.hasOwn(m, id) ? m[id] : 0;
/** The value under `id`, if it is the map's own. */
export const own = <T>(m: Readonly<Record<string, T>>, id: string): T | undefined => (Object.hasOwn(m, id) ? m[id] : undefined);
/** Set `id` as an own key (an assignment to `__proto__` would set the prototype instead). */
export function put<T>(m: Record<string, T>, id: string, value: T): void {
  Object.defineProperty(m, id, { value, writable: true, enumerable: true, configurable: true });
}

export const spent = (mine: Record<string, number> | undefined) => Object.values(mine ?? {}).reduce((a, b) => a + b, 0);

export function tallyOf(s: Pick<DotvoteState, 'dots' | 'items'>): Record<string, number> {
  const t: Record<string, number> = Object.fromEntries(s.items.map((i) => [i.id, 0]));
  for (const mine of Object.values(s.dots)) for (const [id, n] of Object.entries(mine)) put(t, id, dotsOn(t, id) + n);
  return t;
}

/**
 * Why a participant may not put one more dot on an item (`delta` 1) or take one back
 * (−1), or null when they may: the rule's name, as `reason` in decide's rejection.
 * budget: R-DOT-BUDGET; stack: R-DOT-STACK; cap: R-DOT-CAP; takeback: R-DOT-TAKEBACK.
 */
export type DotRefusal = 'budget' | 'stack' | 'cap' | 'takeback';
export function dotRefusal(
  c: Pick<DotvoteConfig, 'budget' | 'stacking' | 'capPerItem'>,
  mine: Record<string, number> | undefined,
  itemId: string,
  delta: 1 | -1,
): DotRefusal | null {
  const onItem = dotsOn(mine, itemId);
  if (delta < 0) return onItem === 0 ? 'takeback' : null;
  if (spent(mine) >= c.budget) return 'budget';
  if (!c.stacking && onItem >= 1) return 'stack';
  if (c.capPerItem !== null && onItem >= c.capPerItem) return 'cap';
  return null;
}

function refuse(why: DotRefusal, c: DotvoteConfig): Decision {
  switch (why) {
    case 'budget':
      return reject('LIMIT_REACHED', `you have spent all ${c.budget} dots`, why);
    case 'stack':
      return reject('LIMIT_REACHED', 'one dot per item', why);
    case 'cap':
      return reject('LIMIT_REACHED', `at most ${c.capPerItem} dots per item`, why);
    case 'takeback':
      return reject('NOT_FOUND', 'no dot of yours on this item', why);
  }
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
    .map((item, order) => ({ item, votes: dotsOn(tally, item.id), order }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order);
  const firstAt = new Map<number, number>();
  const count = new Map<number, number>();
  sorted.forEach((r, i) => {
    if (!firstAt.has(r.votes)) firstAt.set(r.votes, i);
    count.set(r.votes, (count.get(r.votes) ?? 0) + 1);
  });
  return sorted.map((r) => ({ item: r.item, votes: r.votes, rank: firstAt.get(r.votes)! + 1, tied: count.get(r.votes)! > 1 }));
}

/** The rows with at least one dot, and how many items got none (shown in one line, not as rows: R-DOT-RANK). */
export function withDots(ranked: Ranked[]): { rows: Ranked[]; none: number } {
  const rows = ranked.filter((r) => r.votes > 0);
  return { rows, none: ranked.length - rows.length };
}

/**
 * How many of `rows` (ranked, with dots) the board shows large: the first `places` places, at
 * most `max` rows, and a tie cut only when the first place alone is more than `max`.
 */
export function topCount(rows: Ranked[], max: number, places = 3): number {
  let n = 0;
  while (n < rows.length && rows[n].rank <= places) n++;
  if (n <= max) return n;
  let cut = max;
  while (cut > 0 && rows[cut].rank === rows[cut - 1].rank) cut--;
  return cut > 0 ? cut : max;
}

export const rules: KindRules<DotvoteConfig, DotvoteState> = {
  kind: 'dotvote',
  texts: (c) => [c.prompt, ...c.items.map((i) => i.text)],
  takesItems: true,
  // What a later activity takes: the items the facilitator carried forward (a vote has no clusters).
  feeds: ({ state: s }, by) =>
    by === 'clusters'
      ? []
      : s.carried
          .map((id) => s.items.find((i) => i.id === id))
          .filter((i): i is VoteItem => !!i)
          .map((i) => structuredClone(i)),
  votes: (s) => tallyOf(s),
  init: (c) => ({ items: structuredClone(c.items), dots: {}, voters: 0, revealed: false, tally: null, carried: [] }),
  // Only before anyone voted (`voters`, not `dots`: every viewer's projection holds it, so all agree).
  // Found by the property tests (R-PROPERTY-DOTS): a lower budget, a cap or no stacking
  // under dots already placed would leave people over the rules.
  reconfigureRefusal(a, c) {
    for (const mine of Object.values(a.state.dots)) {
      const on = Object.values(mine).filter((n) => n > 0);
      if (spent(mine) > c.budget) return 'someone has placed more dots than this budget';
      const most = c.stacking ? (c.capPerItem ?? Infinity) : 1;
      if (on.some((n) => n > most)) return 'someone has stacked more dots on an item than this allows';
    }
    return undefined;
  },
  reconfigure(s, c) {
    if (s.voters > 0) return s;
    if (!c.sourceId && c.items.length) {
      s.items = structuredClone(c.items);
      delete s.unit;
    } else if (c.sourceId && s.items.length && (s.unit ?? 'items') !== unitOf(c)) {
      // Items where the facilitator now chose clusters (or the other way round): they no longer
      // fit; the next opening (or dotvote.load) takes the right ones. R-DOT-UNIT
      s.items = [];
      delete s.unit;
    }
    return s;
  },

  // Opening a vote on a source takes over its items (or its clusters, R-DOT-UNIT), unless it already has items.
  onGoto(a, room) {
    const c = a.config;
    if (a.state.items.length || !c.sourceId) return [];
    const unit = unitOf(c);
    const items = room.itemsFrom(c.sourceId, unit)?.slice(0, DOTVOTE_ITEMS_MAX);
    return items?.length ? [{ type: 'dotvote.loaded', activityId: a.id, items, unit } satisfies DotvoteEvent] : [];
  },

  decide(cmd: DotvoteCommand, a, actor, _ctx, room) {
    const s = a.state;
    const c = a.config;
    const fac = actor.role === 'facilitator';
    const pid = actor.participantId;
    switch (cmd.type) {
      case 'dotvote.place':
      case 'dotvote.unplace': {
        if (actor.role !== 'participant' || !pid) return reject('NOT_ALLOWED', 'only participants vote');
        if (!s.items.some((i) => i.id === cmd.itemId)) return reject('NOT_FOUND', 'no such item');
        const mine = own(s.dots, pid);
        const delta = cmd.type === 'dotvote.place' ? 1 : -1;
        const why = dotRefusal(c, mine, cmd.itemId, delta);
        if (why) return refuse(why, c);
        const total = spent(mine);
        const voterDelta = total === 0 && delta > 0 ? 1 : total === 1 && delta < 0 ? -1 : 0;
        return emit({ type: 'dotvote.dotted', activityId: a.id, pid, itemId: cmd.itemId, delta, voterDelta, revealed: s.revealed });
      }
      case 'dotvote.reveal': {
        if (!fac) return reject('NOT_ALLOWED', 'the facilitator reveals'); // R-DOT-HIDDEN
        if (s.revealed === cmd.revealed) return accept();
        return emit(
          cmd.revealed
            ? { type: 'dotvote.revealed', activityId: a.id, revealed: true, tally: tallyOf(s) }
            : { type: 'dotvote.revealed', activityId: a.id, revealed: false },
        );
      }
      case 'dotvote.carry': {
        if (!fac) return reject('NOT_ALLOWED', 'the facilitator carries items forward');
        if (!cmd.itemIds.every((id) => s.items.some((i) => i.id === id))) return reject('NOT_FOUND', 'no such item');
        return emit({ type: 'dotvote.carried', activityId: a.id, itemIds: [...new Set(cmd.itemIds)] });
      }
      case 'dotvote.load': {
        if (!fac) return reject('NOT_ALLOWED', 'the facilitator loads items');
        if (Object.keys(s.dots).length) return reject('NOT_ALLOWED', 'dots have been placed already');
        const unit = cmd.unit ?? c.unit ?? 'items';
        const items = room.itemsFrom(cmd.sourceId, unit);
        if (!items) return reject('NOT_FOUND', 'no brainstorm or vote to take items from');
        return emit({ type: 'dotvote.loaded', activityId: a.id, items: items.slice(0, DOTVOTE_ITEMS_MAX), unit });
      }
    }
  },

  apply(s, ev: DotvoteEvent) {
    switch (ev.type) {
      case 'dotvote.dotted': {
        let mine = own(s.dots, ev.pid);
        if (!mine) put(s.dots, ev.pid, (mine = {}));
        const n = dotsOn(mine, ev.itemId) + ev.delta;
        if (n > 0) put(mine, ev.itemId, n);
        else delete mine[ev.itemId];
        if (!Object.keys(mine).length) delete s.dots[ev.pid];
        s.voters += ev.voterDelta;
        if (s.tally && ev.revealed) put(s.tally, ev.itemId, dotsOn(s.tally, ev.itemId) + ev.delta);
        return;
      }
      case 'dotvote.counted':
        s.voters += ev.voterDelta;
        return;
      case 'dotvote.tallied':
        s.voters += ev.voterDelta;
        if (s.tally) put(s.tally, ev.itemId, dotsOn(s.tally, ev.itemId) + ev.delta);
        return;
      case 'dotvote.revealed':
        s.revealed = ev.revealed;
        s.tally = ev.revealed ? { ...ev.tally } : null;
        return;
      case 'dotvote.carried':
        s.carried = [...ev.itemIds];
        return;
      case 'dotvote.loaded':
        s.items = structuredClone(ev.items);
        if (ev.unit) s.unit = ev.unit;
        else delete s.unit;
        return;
    }
  },

  projectState(s, viewer) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    const mine = me ? own(s.dots, me) : undefined;
    return {
      items: structuredClone(s.items),
      dots: me && mine ? { [me]: { ...mine } } : {},
      voters: s.voters,
      revealed: s.revealed,
      tally: s.revealed && s.tally ? { ...s.tally } : null,
      carried: [...s.carried],
      ...(s.unit ? { unit: s.unit } : {}),
    };
  },

  projectEvent(ev: StoredDotvoteEvent, viewer: Viewer): StoredDotvoteEvent | null {
    if (viewer.role === 'facilitator' || ev.type !== 'dotvote.dotted') return ev;
    if (viewer.role === 'participant' && ev.pid === viewer.participantId) return ev;
    // Others learn only that the number of voters changed, and after the reveal the tally.
    const { activityId, itemId, delta, voterDelta, seq, at } = ev;
    if (ev.revealed) return { type: 'dotvote.tallied', activityId, itemId, delta, voterDelta, seq, at };
    if (voterDelta) return { type: 'dotvote.counted', activityId, voterDelta, seq, at };
    return null;
  },
};

/** The same rules under the kind's name (older imports). */
export const dotvote = rules;
