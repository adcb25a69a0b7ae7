/**
 * One moderation action on many post-its (R-BRAIN-BULK): the facilitator selects post-its
 * on the console and hides, shows, clusters, merges or moves them with one command. All or
 * nothing: every id must exist and fit the action, or nothing changes. The events are the
 * ones a single action emits (one per post-it that changes), so each viewer receives them
 * as it receives single actions (a hidden post-it reaches others as `gone`, and so on).
 */
import { accept, reject, type Activity, type Context, type Decision } from '../../model.ts';
import { BRAINSTORM_BULK_MAX, BRAINSTORM_CLUSTERS_MAX } from './constants.ts';
import { sealedNow } from './postits.ts';
import type { BrainstormCommand, BrainstormConfig, BrainstormEvent, BrainstormState, Postit } from './schema.ts';

export type BulkCommand = Extract<BrainstormCommand, { type: 'brainstorm.bulk' }>;

export function decideBulk(cmd: BulkCommand, a: Activity<BrainstormConfig, BrainstormState>, ctx: Pick<Context, 'newId'>): Decision {
  const s = a.state;
  const c = a.config;
  const sealed = sealedNow(c, s);
  // The schema says so on the server; the console runs this without it.
  if (!cmd.itemIds.length || cmd.itemIds.length > BRAINSTORM_BULK_MAX || new Set(cmd.itemIds).size !== cmd.itemIds.length) {
    return reject('INVALID', `1 to ${BRAINSTORM_BULK_MAX} different post-its`, 'bulk');
  }
  const byId = new Map(s.items.map((i) => [i.id, i]));
  const items: Postit[] = [];
  for (const id of cmd.itemIds) {
    const item = byId.get(id);
    if (!item) return reject('NOT_FOUND', `no such post-it: ${id}`);
    items.push(item);
  }
  const author = (item: Postit) => (item.pid ? { pid: item.pid } : {});
  const activityId = a.id;
  const events: BrainstormEvent[] = [];
  switch (cmd.action) {
    case 'hide':
      for (const item of items)
        if (!item.hidden) events.push({ type: 'brainstorm.hidden', activityId, ...author(item), itemId: item.id, hidden: true });
      break;
    case 'show':
      for (const item of items)
        if (item.hidden)
          events.push({
            type: 'brainstorm.hidden',
            activityId,
            ...author(item),
            itemId: item.id,
            hidden: false,
            item: { ...item, hidden: false },
            sealed,
          });
      break;
    case 'cluster': {
      const clusterId = cmd.clusterId;
      if (clusterId !== null && !s.clusters.some((k) => k.id === clusterId)) return reject('NOT_FOUND', 'no such cluster');
      for (const item of items)
        if (item.clusterId !== clusterId) events.push({ type: 'brainstorm.clustered', activityId, itemId: item.id, clusterId });
      break;
    }
    case 'newCluster': {
      if (s.clusters.length >= BRAINSTORM_CLUSTERS_MAX)
        return reject('LIMIT_REACHED', `at most ${BRAINSTORM_CLUSTERS_MAX} clusters`, 'clusters');
      const clusterId = ctx.newId();
      events.push({ type: 'brainstorm.clusterAdded', activityId, clusterId, title: cmd.title });
      for (const item of items) events.push({ type: 'brainstorm.clustered', activityId, itemId: item.id, clusterId });
      break;
    }
    case 'merge': {
      const keep = byId.get(cmd.into);
      if (!keep) return reject('NOT_FOUND', 'no such post-it');
      const others = items.filter((i) => i.id !== keep.id);
      const visible = (i: Postit) => !i.hidden && i.text !== undefined;
      if (!others.length || !visible(keep) || !others.every(visible)) {
        return reject('INVALID', 'merge different visible post-its', 'merge');
      }
      let merged = [...keep.merged];
      for (const gone of others) {
        if (gone.text === undefined) continue; // visible: it has its text
        merged = [...merged, gone.text, ...gone.merged];
        events.push({ type: 'brainstorm.merged', activityId, ...author(keep), itemId: keep.id, otherId: gone.id, merged, sealed });
      }
      break;
    }
    case 'move': {
      const column = cmd.column;
      const valid = c.columns.length ? column !== null && column < c.columns.length : column === null;
      if (!valid) return reject('INVALID', 'no such column', 'column');
      for (const item of items) if (item.column !== column) events.push({ type: 'brainstorm.moved', activityId, itemId: item.id, column });
      break;
    }
  }
  return accept(...events);
}
