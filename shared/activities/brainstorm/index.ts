/**
 * Brainstorm post-its: a prompt, optional columns (three words, three questions), a
 * maximum per person and a maximum length. Anonymous by default. Participants edit and
 * delete their own; the facilitator hides (moderation), fixes typos, merges, moves and
 * clusters. "Private until reveal": each phone sees only its own post-its (others as
 * blank placeholders, so counts still work) until the facilitator reveals them.
 */
import * as v from 'valibot';
import { accept, reject, type StoredEvent, type Viewer } from '../../model.ts';
import { ActivityId, command, draft } from '../../schema.ts';
import type { KindRules } from '../kind.ts';
import { withoutPid } from '../kind.ts';

export const BRAINSTORM_TEXT_MAX = 1000;
export const BRAINSTORM_COLUMNS_MAX = 6;
/** A wall holds at most this many post-its (a vote can offer them all). */
export const BRAINSTORM_ITEMS_MAX = 1000;

export const BrainstormConfig = v.strictObject({
  prompt: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(280)),
  columns: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80))), v.maxLength(BRAINSTORM_COLUMNS_MAX)),
  maxPerPerson: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)),
  maxLength: v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(BRAINSTORM_TEXT_MAX)),
  allowNames: v.boolean(),
  privateUntilReveal: v.boolean(),
});
export type BrainstormConfig = v.InferOutput<typeof BrainstormConfig>;

export interface Postit {
  id: string;
  /** The author: only facilitators and the author see it. Absent for the facilitator's own. */
  pid?: string;
  /** The author's display name, only when names are allowed and the author chose to show it. */
  name?: string;
  /** Absent on a placeholder (private until reveal). */
  text?: string;
  column: number | null;
  clusterId: string | null;
  /** Hidden by the facilitator: only facilitators and the author still see it. */
  hidden: boolean;
  /** Texts of duplicates merged into this one, kept. */
  merged: string[];
  at: number;
}
export interface Cluster {
  id: string;
  title: string;
}
export interface BrainstormState {
  items: Postit[];
  clusters: Cluster[];
  revealed: boolean;
}

export const BrainstormDraft = draft('brainstorm', BrainstormConfig);
const Text = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(BRAINSTORM_TEXT_MAX));
const Column = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(BRAINSTORM_COLUMNS_MAX - 1)));
const ClusterTitle = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80));
const base = { activityId: ActivityId };
export const brainstormCommands = [
  command('brainstorm.add', { ...base, text: Text, column: Column, showName: v.boolean() }),
  command('brainstorm.edit', { ...base, itemId: ActivityId, text: Text }),
  command('brainstorm.delete', { ...base, itemId: ActivityId }),
  command('brainstorm.hide', { ...base, itemId: ActivityId, hidden: v.boolean() }),
  command('brainstorm.merge', { ...base, itemId: ActivityId, otherId: ActivityId }),
  command('brainstorm.move', { ...base, itemId: ActivityId, column: Column }),
  command('brainstorm.cluster', { ...base, itemId: ActivityId, clusterId: v.nullable(ActivityId) }),
  command('brainstorm.clusterAdd', { ...base, title: ClusterTitle }),
  command('brainstorm.clusterRename', { ...base, clusterId: ActivityId, title: ClusterTitle }),
  command('brainstorm.clusterRemove', { ...base, clusterId: ActivityId }),
  command('brainstorm.reveal', { ...base, revealed: v.boolean() }),
] as const;
type Cmd = v.InferOutput<(typeof brainstormCommands)[number]>;

const sealedNow = (c: BrainstormConfig, s: BrainstormState) => c.privateUntilReveal && !s.revealed;

/** What a viewer who is not the author (nor a facilitator) may see of a post-it. */
function forOthers(item: Postit, sealed: boolean): Postit {
  const { pid: _pid, ...rest } = item;
  if (!sealed) return rest;
  return { id: item.id, column: item.column, clusterId: item.clusterId, hidden: false, merged: [], at: item.at };
}

/** The items a dot vote can take over: visible post-its with their merged texts. */
export function votableItems(s: BrainstormState) {
  return s.items.filter((i) => !i.hidden && i.text).map((i) => ({ id: i.id, text: i.text!, merged: [...i.merged] }));
}

export const brainstorm: KindRules<BrainstormConfig, BrainstormState> = {
  kind: 'brainstorm',
  feeds: (a) => votableItems(a.state),
  seed(s, texts, newId) {
    s.items = texts.map((text) => ({ id: newId(), text, column: null, clusterId: null, hidden: false, merged: [], at: 0 }));
  },
  init: () => ({ items: [], clusters: [], revealed: false }),
  reconfigure(s, c) {
    // Columns may have been removed: their post-its go to the first column.
    for (const i of s.items) if (i.column !== null && i.column >= c.columns.length) i.column = c.columns.length ? 0 : null;
    return s;
  },

  decide(cmd: Cmd, a, actor, ctx, room) {
    const s = a.state;
    const c = a.config;
    const fac = actor.role === 'facilitator';
    const pid = actor.participantId;
    const sealed = sealedNow(c, s);
    const find = (id: string) => s.items.find((i) => i.id === id);
    const facilitatorOnly = () => reject('NOT_ALLOWED', `${cmd.type} is for facilitators`);
    const validColumn = (col: number | null) => (c.columns.length ? col !== null && col < c.columns.length : col === null);
    switch (cmd.type) {
      case 'brainstorm.add': {
        if (!fac && !pid) return reject('NOT_ALLOWED', 'only participants and facilitators add post-its');
        // R-BRAIN-LENGTH
        if (!fac && cmd.text.length > c.maxLength) return reject('INVALID', `a post-it holds at most ${c.maxLength} characters`);
        if (!validColumn(cmd.column)) return reject('INVALID', 'no such column');
        // R-BRAIN-CAP
        if (!fac && s.items.filter((i) => i.pid === pid).length >= c.maxPerPerson) {
          return reject('LIMIT_REACHED', `at most ${c.maxPerPerson} post-its per person`);
        }
        if (s.items.length >= BRAINSTORM_ITEMS_MAX) return reject('LIMIT_REACHED', `a wall holds at most ${BRAINSTORM_ITEMS_MAX} post-its`);
        const name = !fac && c.allowNames && cmd.showName ? room.state.participants[pid!]?.name : undefined;
        const item: Postit = {
          id: ctx.newId(),
          ...(pid ? { pid } : {}),
          ...(name ? { name } : {}),
          text: cmd.text,
          column: cmd.column,
          clusterId: null,
          hidden: false,
          merged: [],
          at: ctx.now,
        };
        return accept({ type: 'brainstorm.added', activityId: a.id, ...(pid ? { pid } : {}), item, sealed });
      }
      case 'brainstorm.edit': {
        const item = find(cmd.itemId);
        if (!item) return reject('NOT_FOUND', 'no such post-it');
        // R-BRAIN-OWN: authors edit their own; the facilitator fixes typos in any.
        if (!fac && item.pid !== pid) return reject('NOT_ALLOWED', 'you can only edit your own post-its');
        if (!fac && cmd.text.length > c.maxLength) return reject('INVALID', `a post-it holds at most ${c.maxLength} characters`);
        return accept({ type: 'brainstorm.edited', activityId: a.id, ...(item.pid ? { pid: item.pid } : {}), itemId: item.id, text: cmd.text, sealed, hidden: item.hidden });
      }
      case 'brainstorm.delete': {
        const item = find(cmd.itemId);
        if (!item) return reject('NOT_FOUND', 'no such post-it');
        const own = item.pid !== undefined ? item.pid === pid : fac;
        if (!own) return reject('NOT_ALLOWED', 'you can only delete your own post-its; the facilitator hides');
        return accept({ type: 'brainstorm.deleted', activityId: a.id, ...(item.pid ? { pid: item.pid } : {}), itemId: item.id });
      }
      case 'brainstorm.hide': {
        if (!fac) return facilitatorOnly(); // R-BRAIN-HIDE
        const item = find(cmd.itemId);
        if (!item) return reject('NOT_FOUND', 'no such post-it');
        if (item.hidden === cmd.hidden) return accept();
        return accept({
          type: 'brainstorm.hidden',
          activityId: a.id,
          ...(item.pid ? { pid: item.pid } : {}),
          itemId: item.id,
          hidden: cmd.hidden,
          ...(cmd.hidden ? {} : { item: { ...item, hidden: false }, sealed }),
        });
      }
      case 'brainstorm.merge': {
        if (!fac) return facilitatorOnly();
        const keep = find(cmd.itemId);
        const gone = find(cmd.otherId);
        if (!keep || !gone) return reject('NOT_FOUND', 'no such post-it');
        if (keep === gone || keep.hidden || gone.hidden) return reject('INVALID', 'merge two different visible post-its');
        return accept({
          type: 'brainstorm.merged',
          activityId: a.id,
          ...(keep.pid ? { pid: keep.pid } : {}),
          itemId: keep.id,
          otherId: gone.id,
          merged: [...keep.merged, gone.text!, ...gone.merged],
          sealed,
        });
      }
      case 'brainstorm.move': {
        if (!fac) return facilitatorOnly();
        if (!find(cmd.itemId)) return reject('NOT_FOUND', 'no such post-it');
        if (!validColumn(cmd.column)) return reject('INVALID', 'no such column');
        return accept({ type: 'brainstorm.moved', activityId: a.id, itemId: cmd.itemId, column: cmd.column });
      }
      case 'brainstorm.cluster': {
        if (!fac) return facilitatorOnly();
        if (!find(cmd.itemId)) return reject('NOT_FOUND', 'no such post-it');
        if (cmd.clusterId !== null && !s.clusters.some((k) => k.id === cmd.clusterId)) return reject('NOT_FOUND', 'no such cluster');
        return accept({ type: 'brainstorm.clustered', activityId: a.id, itemId: cmd.itemId, clusterId: cmd.clusterId });
      }
      case 'brainstorm.clusterAdd':
        if (!fac) return facilitatorOnly();
        if (s.clusters.length >= 50) return reject('LIMIT_REACHED', 'at most 50 clusters');
        return accept({ type: 'brainstorm.clusterAdded', activityId: a.id, clusterId: ctx.newId(), title: cmd.title });
      case 'brainstorm.clusterRename':
        if (!fac) return facilitatorOnly();
        if (!s.clusters.some((k) => k.id === cmd.clusterId)) return reject('NOT_FOUND', 'no such cluster');
        return accept({ type: 'brainstorm.clusterRenamed', activityId: a.id, clusterId: cmd.clusterId, title: cmd.title });
      case 'brainstorm.clusterRemove':
        if (!fac) return facilitatorOnly();
        if (!s.clusters.some((k) => k.id === cmd.clusterId)) return reject('NOT_FOUND', 'no such cluster');
        return accept({ type: 'brainstorm.clusterRemoved', activityId: a.id, clusterId: cmd.clusterId });
      case 'brainstorm.reveal': {
        if (!fac) return facilitatorOnly(); // R-BRAIN-PRIVATE
        if (s.revealed === cmd.revealed) return accept();
        return cmd.revealed
          ? accept({ type: 'brainstorm.revealed', activityId: a.id, revealed: true, items: s.items.filter((i) => !i.hidden) })
          : accept({ type: 'brainstorm.revealed', activityId: a.id, revealed: false, seal: c.privateUntilReveal });
      }
    }
  },

  apply(s, ev) {
    const find = (id: unknown) => s.items.find((i) => i.id === id);
    switch (ev.type) {
      case 'brainstorm.added': {
        const item = structuredClone(ev.item as Postit);
        const at = s.items.findIndex((i) => i.id === item.id);
        if (at >= 0) s.items[at] = item;
        else s.items.push(item);
        return;
      }
      case 'brainstorm.edited': {
        const item = find(ev.itemId);
        if (item && ev.text !== undefined) item.text = ev.text as string;
        return;
      }
      case 'brainstorm.deleted':
      case 'brainstorm.gone':
        s.items = s.items.filter((i) => i.id !== ev.itemId);
        return;
      case 'brainstorm.hidden': {
        const item = find(ev.itemId);
        if (item) item.hidden = ev.hidden as boolean;
        return;
      }
      case 'brainstorm.merged': {
        const keep = find(ev.itemId);
        if (keep && ev.merged) keep.merged = [...(ev.merged as string[])];
        s.items = s.items.filter((i) => i.id !== ev.otherId);
        return;
      }
      case 'brainstorm.moved': {
        const item = find(ev.itemId);
        if (item) item.column = ev.column as number | null;
        return;
      }
      case 'brainstorm.clustered': {
        const item = find(ev.itemId);
        if (item) item.clusterId = ev.clusterId as string | null;
        return;
      }
      case 'brainstorm.clusterAdded':
        s.clusters.push({ id: ev.clusterId as string, title: ev.title as string });
        return;
      case 'brainstorm.clusterRenamed': {
        const k = s.clusters.find((x) => x.id === ev.clusterId);
        if (k) k.title = ev.title as string;
        return;
      }
      case 'brainstorm.clusterRemoved':
        s.clusters = s.clusters.filter((k) => k.id !== ev.clusterId);
        for (const i of s.items) if (i.clusterId === ev.clusterId) i.clusterId = null;
        return;
      case 'brainstorm.revealed':
        s.revealed = ev.revealed as boolean;
        for (const item of (ev.items as Postit[] | undefined) ?? []) {
          const at = s.items.findIndex((i) => i.id === item.id);
          // The reveal goes out once, without authors: a phone keeps knowing which are its own.
          if (at >= 0) s.items[at] = { ...structuredClone(item), ...(s.items[at].pid ? { pid: s.items[at].pid } : {}) };
          else s.items.push(structuredClone(item));
        }
        // Views of others' post-its go back to placeholders.
        if (ev.seal) for (const [n, i] of s.items.entries()) if (!i.pid) s.items[n] = forOthers(i, true);
        return;
    }
  },

  projectState(s, viewer, a) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const sealed = sealedNow(a.config, s);
    const items: Postit[] = [];
    for (const i of s.items) {
      if (viewer.role === 'participant' && i.pid !== undefined && i.pid === viewer.participantId) items.push(structuredClone(i));
      else if (!i.hidden) items.push(structuredClone(forOthers(i, sealed)));
    }
    return { items, clusters: structuredClone(s.clusters), revealed: s.revealed };
  },

  projectEvent(ev: StoredEvent, viewer: Viewer) {
    if (viewer.role === 'facilitator') {
      if (ev.type === 'brainstorm.revealed' && ev.seal) return { ...ev, seal: false };
      return ev;
    }
    const mine = viewer.role === 'participant' && ev.pid !== undefined && ev.pid === viewer.participantId;
    switch (ev.type) {
      case 'brainstorm.added':
        return mine ? ev : { ...withoutPid(ev), item: forOthers(ev.item as Postit, ev.sealed as boolean) };
      case 'brainstorm.edited':
        if (mine) return ev;
        return ev.hidden || ev.sealed ? null : withoutPid(ev);
      case 'brainstorm.deleted':
        return mine ? ev : withoutPid(ev);
      case 'brainstorm.hidden':
        if (mine) return ev;
        return ev.hidden
          ? { type: 'brainstorm.gone', activityId: ev.activityId, itemId: ev.itemId, seq: ev.seq, at: ev.at }
          : { type: 'brainstorm.added', activityId: ev.activityId, item: forOthers(ev.item as Postit, ev.sealed as boolean), seq: ev.seq, at: ev.at };
      case 'brainstorm.merged': {
        if (mine) return ev;
        const out = withoutPid(ev);
        if (ev.sealed) delete out.merged;
        return out;
      }
      case 'brainstorm.revealed':
        // The same for every phone (it is sent once to the room): no authors at all.
        return ev.items ? { ...ev, items: (ev.items as Postit[]).map((i) => forOthers(i, false)) } : ev;
      case 'brainstorm.moved':
      case 'brainstorm.clustered':
      case 'brainstorm.clusterAdded':
      case 'brainstorm.clusterRenamed':
      case 'brainstorm.clusterRemoved':
        return ev;
    }
    return null;
  },
};
