/**
 * Brainstorm post-its: a prompt, optional columns (three words, three questions), a
 * maximum per person and a maximum length. Anonymous by default. Participants edit and
 * delete their own; the facilitator hides (moderation), fixes typos, merges, moves and
 * clusters. "Private until reveal": each phone sees only its own post-its (others as
 * blank placeholders, so counts still work) until the facilitator reveals them.
 *
 * No valibot here (the phone loads this file): types come from schema.ts.
 */
import { withoutPid, type KindRules } from '../kind.ts';
import type { Viewer } from '../../model.ts';
import { decide } from './decide.ts';
import { clusterItems, forOthers, sealedNow, votableItems } from './postits.ts';
import type { BrainstormConfig, BrainstormEvent, BrainstormState, Postit, StoredBrainstormEvent } from './schema.ts';

export * from './constants.ts';
export * from './postits.ts';

/** The spotlight ends when what it shows leaves the wall (hidden, deleted, merged away, sealed). */
function unspot(s: BrainstormState, target: { itemId?: string; clusterId?: string }): void {
  const spot = s.spotlight;
  if (!spot) return;
  if ('itemId' in spot ? spot.itemId === target.itemId : spot.clusterId === target.clusterId) s.spotlight = null;
}

/**
 * A post-it a view did not hold (shown again after hiding, or revealed) goes where the wall
 * has it: post-its stay in the order they were written, so a view that saw it come back
 * matches one that joined later.
 */
function insertInOrder(items: Postit[], item: Postit): void {
  const after = items.findIndex((i) => i.at > item.at);
  if (after < 0) items.push(item);
  else items.splice(after, 0, item);
}

function applyEvent(s: BrainstormState, ev: BrainstormEvent): void {
  const find = (id: string) => s.items.find((i) => i.id === id);
  switch (ev.type) {
    case 'brainstorm.added': {
      const item = structuredClone(ev.item);
      const at = s.items.findIndex((i) => i.id === item.id);
      if (at >= 0) s.items[at] = item;
      else insertInOrder(s.items, item);
      return;
    }
    case 'brainstorm.edited': {
      const item = find(ev.itemId);
      if (item) item.text = ev.text;
      return;
    }
    case 'brainstorm.deleted':
    case 'brainstorm.gone':
      s.items = s.items.filter((i) => i.id !== ev.itemId);
      unspot(s, { itemId: ev.itemId });
      return;
    case 'brainstorm.hidden': {
      const item = find(ev.itemId);
      if (item) item.hidden = ev.hidden;
      if (ev.hidden) unspot(s, { itemId: ev.itemId });
      return;
    }
    case 'brainstorm.merged': {
      const keep = find(ev.itemId);
      if (keep && ev.merged) keep.merged = [...ev.merged];
      s.items = s.items.filter((i) => i.id !== ev.otherId);
      unspot(s, { itemId: ev.otherId });
      return;
    }
    case 'brainstorm.moved': {
      const item = find(ev.itemId);
      if (item) item.column = ev.column;
      return;
    }
    case 'brainstorm.clustered': {
      const item = find(ev.itemId);
      if (item) item.clusterId = ev.clusterId;
      return;
    }
    case 'brainstorm.clusterAdded':
      s.clusters.push({ id: ev.clusterId, title: ev.title });
      return;
    case 'brainstorm.clusterRenamed': {
      const k = s.clusters.find((x) => x.id === ev.clusterId);
      if (k) k.title = ev.title;
      return;
    }
    case 'brainstorm.clusterRemoved':
      s.clusters = s.clusters.filter((k) => k.id !== ev.clusterId);
      for (const i of s.items) if (i.clusterId === ev.clusterId) i.clusterId = null;
      unspot(s, { clusterId: ev.clusterId });
      return;
    case 'brainstorm.spotlit':
      s.spotlight = ev.spotlight ? { ...ev.spotlight } : null;
      return;
    case 'brainstorm.paged':
      s.paging = { ...ev.paging };
      return;
    case 'brainstorm.followedUp': {
      const item = find(ev.itemId);
      if (!item) return;
      if (ev.owner) item.owner = ev.owner;
      else delete item.owner;
      if (ev.due) item.due = ev.due;
      else delete item.due;
      return;
    }
    case 'brainstorm.revealed':
      s.revealed = ev.revealed;
      // Sealed again: the board may no longer show any post-it large.
      if (!ev.revealed && s.spotlight) s.spotlight = null;
      if (ev.revealed) {
        for (const item of ev.items) {
          const at = s.items.findIndex((i) => i.id === item.id);
          // The reveal goes out once, without authors: a phone keeps knowing which are its own.
          if (at >= 0) s.items[at] = { ...structuredClone(item), ...(s.items[at].pid ? { pid: s.items[at].pid } : {}) };
          else insertInOrder(s.items, structuredClone(item));
        }
      } else if (ev.placeholders) {
        // A view (never the server's state): others' post-its go back to placeholders, and
        // one's own keep only their own text until the next reveal.
        for (const [n, i] of s.items.entries()) s.items[n] = i.pid ? { ...i, merged: [] } : forOthers(i, true);
      }
      return;
  }
}

/** A stored event as a viewer who is not a facilitator may see it, or null. */
function forViewer(ev: StoredBrainstormEvent, viewer: Viewer): StoredBrainstormEvent | null {
  const author = 'pid' in ev ? ev.pid : undefined;
  const mine = viewer.role === 'participant' && author !== undefined && author === viewer.participantId;
  // While sealed, the texts merged into one's own post-it are others' words: not yet.
  if (mine && ev.type === 'brainstorm.merged' && ev.sealed) {
    const { merged: _merged, ...rest } = ev;
    return rest;
  }
  if (mine) return ev;
  const { activityId, seq, at } = ev;
  switch (ev.type) {
    case 'brainstorm.added':
      return { ...withoutPid(ev), item: forOthers(ev.item, ev.sealed) };
    case 'brainstorm.edited':
    case 'brainstorm.followedUp':
      return ev.hidden || ev.sealed ? null : withoutPid(ev);
    case 'brainstorm.deleted':
      return withoutPid(ev);
    case 'brainstorm.hidden':
      return ev.hidden
        ? { type: 'brainstorm.gone', activityId, itemId: ev.itemId, seq, at }
        : { type: 'brainstorm.added', activityId, item: forOthers(ev.item, ev.sealed), sealed: ev.sealed, seq, at };
    case 'brainstorm.merged': {
      const out = withoutPid(ev);
      if (ev.sealed) delete out.merged;
      return out;
    }
    case 'brainstorm.revealed':
      // The same for every phone (it is sent once to the room): no authors at all.
      if (ev.revealed) return { ...ev, items: ev.items.map((i) => forOthers(i, false)) };
      return ev.seal ? { ...ev, placeholders: true } : ev;
    case 'brainstorm.moved':
    case 'brainstorm.clustered':
    case 'brainstorm.clusterAdded':
    case 'brainstorm.clusterRenamed':
    case 'brainstorm.clusterRemoved':
    case 'brainstorm.spotlit':
    case 'brainstorm.paged':
      return ev;
    case 'brainstorm.gone':
      return null;
  }
}

export const rules: KindRules<BrainstormConfig, BrainstormState> = {
  kind: 'brainstorm',
  texts: (c) => [c.prompt, ...c.columns],
  // Its visible post-its, or (`by: 'clusters'`) its clusters: title, and the members' visible texts.
  feeds: (a, by) => (by === 'clusters' ? clusterItems(a.state) : votableItems(a.state)),
  seed(s, texts, newId) {
    s.items = texts.map((text) => ({ id: newId(), text, column: null, clusterId: null, hidden: false, merged: [], at: 0 }));
  },
  init: () => ({ items: [], clusters: [], revealed: false }),
  // Found by the property tests (R-PROPERTY-VIEW): the phones and the board hold placeholders
  // (or texts) according to the seal; turning it on or off under post-its would leave them
  // showing what the wall no longer says. Reveal (or start a new wall) instead.
  reconfigureRefusal(a, c) {
    if (!a.state.revealed && a.state.items.length && c.privateUntilReveal !== a.config.privateUntilReveal) {
      return 'private until the reveal cannot change once post-its are on the wall; reveal them instead';
    }
    return undefined;
  },
  reconfigure(s, c) {
    // Columns may have been removed: their post-its go to the first column.
    for (const i of s.items) if (i.column !== null && i.column >= c.columns.length) i.column = c.columns.length ? 0 : null;
    return s;
  },
  decide,
  apply: (s, ev: BrainstormEvent) => applyEvent(s, ev),

  projectState(s, viewer, a) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const sealed = sealedNow(a.config, s);
    const items: Postit[] = [];
    for (const i of s.items) {
      if (viewer.role === 'participant' && i.pid !== undefined && i.pid === viewer.participantId) {
        items.push(structuredClone(sealed ? { ...i, merged: [] } : i));
      } else if (!i.hidden) items.push(structuredClone(forOthers(i, sealed)));
    }
    return {
      items,
      clusters: structuredClone(s.clusters),
      revealed: s.revealed,
      // What the board shows large and its page: ids and numbers only, the same for everyone.
      ...(s.spotlight !== undefined ? { spotlight: s.spotlight && { ...s.spotlight } } : {}),
      ...(s.paging ? { paging: { ...s.paging } } : {}),
    };
  },

  projectEvent(ev: StoredBrainstormEvent, viewer: Viewer): StoredBrainstormEvent | null {
    if (viewer.role !== 'facilitator') return forViewer(ev, viewer);
    // The facilitator keeps seeing every post-it whole (and the stored event has no placeholders).
    return ev;
  },
};

/** The same rules under the kind's name (older imports). */
export const brainstorm = rules;
