/** The brainstorm's decide: one command → its events, or a rejection with the rule's reason. */
import { accept, reject, type Activity, type Actor, type Context, type Decision } from '../../model.ts';
import type { KindRoom } from '../kind.ts';
import { BRAINSTORM_CLUSTERS_MAX, BRAINSTORM_ITEMS_MAX } from './constants.ts';
import { decideBulk } from './bulk.ts';
import { postitRefusal, postitTooLong, sealedNow, type PostitRefusal } from './postits.ts';
import type { BrainstormCommand, BrainstormConfig, BrainstormEvent, BrainstormState, Postit } from './schema.ts';

const emit = (...events: BrainstormEvent[]): Decision => accept(...events);

function refuse(why: PostitRefusal, c: BrainstormConfig): Decision {
  switch (why) {
    case 'length':
      return reject('INVALID', `a post-it holds at most ${c.maxLength} characters`, why);
    case 'cap':
      return reject('LIMIT_REACHED', `at most ${c.maxPerPerson} post-its per person`, why);
    case 'wall':
      return reject('LIMIT_REACHED', `a wall holds at most ${BRAINSTORM_ITEMS_MAX} post-its`, why);
  }
}

export function decide(
  cmd: BrainstormCommand,
  a: Activity<BrainstormConfig, BrainstormState>,
  actor: Actor,
  ctx: Context,
  room: KindRoom,
): Decision {
  const s = a.state;
  const c = a.config;
  const fac = actor.role === 'facilitator';
  const pid = actor.participantId;
  const sealed = sealedNow(c, s);
  const find = (id: string) => s.items.find((i) => i.id === id);
  const facilitatorOnly = () => reject('NOT_ALLOWED', `${cmd.type} is for facilitators`, 'facilitator');
  const validColumn = (col: number | null) => (c.columns.length ? col !== null && col < c.columns.length : col === null);
  const author = (item: Postit) => (item.pid ? { pid: item.pid } : {});
  switch (cmd.type) {
    case 'brainstorm.add': {
      if (!fac && !pid) return reject('NOT_ALLOWED', 'only participants and facilitators add post-its');
      // R-BRAIN-LENGTH, R-BRAIN-CAP; the facilitator's own count only towards the wall.
      if (!fac && postitTooLong(c, cmd.text)) return refuse('length', c);
      if (!validColumn(cmd.column)) return reject('INVALID', 'no such column', 'column');
      const why = fac ? (s.items.length >= BRAINSTORM_ITEMS_MAX ? 'wall' : null) : postitRefusal(c, s, pid, cmd.text);
      if (why) return refuse(why, c);
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
      return emit({ type: 'brainstorm.added', activityId: a.id, ...(pid ? { pid } : {}), item, sealed });
    }
    case 'brainstorm.edit': {
      const item = find(cmd.itemId);
      if (!item) return reject('NOT_FOUND', 'no such post-it');
      // R-BRAIN-OWN: authors edit their own; the facilitator fixes typos in any.
      if (!fac && item.pid !== pid) return reject('NOT_ALLOWED', 'you can only edit your own post-its', 'own');
      if (!fac && postitTooLong(c, cmd.text)) return refuse('length', c);
      return emit({
        type: 'brainstorm.edited',
        activityId: a.id,
        ...author(item),
        itemId: item.id,
        text: cmd.text,
        sealed,
        hidden: item.hidden,
      });
    }
    case 'brainstorm.delete': {
      const item = find(cmd.itemId);
      if (!item) return reject('NOT_FOUND', 'no such post-it');
      const own = item.pid !== undefined ? item.pid === pid : fac;
      if (!own) return reject('NOT_ALLOWED', 'you can only delete your own post-its; the facilitator hides', 'own');
      return emit({ type: 'brainstorm.deleted', activityId: a.id, ...author(item), itemId: item.id });
    }
    case 'brainstorm.hide': {
      if (!fac) return facilitatorOnly(); // R-BRAIN-HIDE
      const item = find(cmd.itemId);
      if (!item) return reject('NOT_FOUND', 'no such post-it');
      if (item.hidden === cmd.hidden) return accept();
      return cmd.hidden
        ? emit({ type: 'brainstorm.hidden', activityId: a.id, ...author(item), itemId: item.id, hidden: true })
        : emit({
            type: 'brainstorm.hidden',
            activityId: a.id,
            ...author(item),
            itemId: item.id,
            hidden: false,
            item: { ...item, hidden: false },
            sealed,
          });
    }
    case 'brainstorm.merge': {
      if (!fac) return facilitatorOnly();
      const keep = find(cmd.itemId);
      const gone = find(cmd.otherId);
      if (!keep || !gone) return reject('NOT_FOUND', 'no such post-it');
      if (keep === gone || keep.hidden || gone.hidden || gone.text === undefined) {
        return reject('INVALID', 'merge two different visible post-its', 'merge');
      }
      const merged = [...keep.merged, gone.text, ...gone.merged];
      return emit({ type: 'brainstorm.merged', activityId: a.id, ...author(keep), itemId: keep.id, otherId: gone.id, merged, sealed });
    }
    case 'brainstorm.move': {
      if (!fac) return facilitatorOnly();
      if (!find(cmd.itemId)) return reject('NOT_FOUND', 'no such post-it');
      if (!validColumn(cmd.column)) return reject('INVALID', 'no such column', 'column');
      return emit({ type: 'brainstorm.moved', activityId: a.id, itemId: cmd.itemId, column: cmd.column });
    }
    case 'brainstorm.cluster': {
      if (!fac) return facilitatorOnly();
      if (!find(cmd.itemId)) return reject('NOT_FOUND', 'no such post-it');
      if (cmd.clusterId !== null && !s.clusters.some((k) => k.id === cmd.clusterId)) return reject('NOT_FOUND', 'no such cluster');
      return emit({ type: 'brainstorm.clustered', activityId: a.id, itemId: cmd.itemId, clusterId: cmd.clusterId });
    }
    case 'brainstorm.clusterAdd':
      if (!fac) return facilitatorOnly();
      if (s.clusters.length >= BRAINSTORM_CLUSTERS_MAX)
        return reject('LIMIT_REACHED', `at most ${BRAINSTORM_CLUSTERS_MAX} clusters`, 'clusters');
      return emit({ type: 'brainstorm.clusterAdded', activityId: a.id, clusterId: ctx.newId(), title: cmd.title });
    case 'brainstorm.clusterRename':
      if (!fac) return facilitatorOnly();
      if (!s.clusters.some((k) => k.id === cmd.clusterId)) return reject('NOT_FOUND', 'no such cluster');
      return emit({ type: 'brainstorm.clusterRenamed', activityId: a.id, clusterId: cmd.clusterId, title: cmd.title });
    case 'brainstorm.clusterRemove':
      if (!fac) return facilitatorOnly();
      if (!s.clusters.some((k) => k.id === cmd.clusterId)) return reject('NOT_FOUND', 'no such cluster');
      return emit({ type: 'brainstorm.clusterRemoved', activityId: a.id, clusterId: cmd.clusterId });
    case 'brainstorm.reveal': {
      if (!fac) return facilitatorOnly(); // R-BRAIN-PRIVATE
      if (s.revealed === cmd.revealed) return accept();
      return cmd.revealed
        ? emit({ type: 'brainstorm.revealed', activityId: a.id, revealed: true, items: s.items.filter((i) => !i.hidden) })
        : emit({ type: 'brainstorm.revealed', activityId: a.id, revealed: false, seal: c.privateUntilReveal });
    }
    case 'brainstorm.bulk':
      if (!fac) return facilitatorOnly(); // R-BRAIN-BULK
      return decideBulk(cmd, a, ctx);
    case 'brainstorm.spotlight': {
      if (!fac) return facilitatorOnly(); // R-BRAIN-SPOTLIGHT
      if (cmd.itemId !== null && cmd.clusterId !== null) return reject('INVALID', 'spotlight one post-it or one cluster', 'spotlight');
      if (cmd.itemId === null && cmd.clusterId === null) {
        return s.spotlight ? emit({ type: 'brainstorm.spotlit', activityId: a.id, spotlight: null }) : accept();
      }
      // The board shows only what every viewer may see: never a hidden post-it, nothing while sealed.
      if (sealed) return reject('NOT_ALLOWED', 'the post-its are private until the reveal', 'sealed');
      if (cmd.itemId !== null) {
        const item = find(cmd.itemId);
        if (!item) return reject('NOT_FOUND', 'no such post-it');
        if (item.hidden || item.text === undefined) return reject('NOT_ALLOWED', 'a hidden post-it cannot be shown', 'hidden');
        return emit({ type: 'brainstorm.spotlit', activityId: a.id, spotlight: { itemId: item.id } });
      }
      const clusterId = cmd.clusterId;
      if (clusterId === null || !s.clusters.some((k) => k.id === clusterId)) return reject('NOT_FOUND', 'no such cluster');
      return emit({ type: 'brainstorm.spotlit', activityId: a.id, spotlight: { clusterId } });
    }
    case 'brainstorm.page':
      if (!fac) return facilitatorOnly(); // R-BRAIN-PAGES
      return emit({ type: 'brainstorm.paged', activityId: a.id, paging: { page: cmd.page, auto: cmd.auto, since: ctx.now } });
    case 'brainstorm.followUp': {
      if (!fac) return facilitatorOnly(); // R-BRAIN-FOLLOWUP
      const item = find(cmd.itemId);
      if (!item) return reject('NOT_FOUND', 'no such post-it');
      return emit({
        type: 'brainstorm.followedUp',
        activityId: a.id,
        ...author(item),
        itemId: item.id,
        ...(cmd.owner ? { owner: cmd.owner } : {}),
        ...(cmd.due ? { due: cmd.due } : {}),
        sealed,
        hidden: item.hidden,
      });
    }
  }
}
