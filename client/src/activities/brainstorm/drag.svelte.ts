/**
 * Grouping by drag and drop in the console's moderation list (R-BRAIN-DRAG): an extra for
 * mouse users, only where `(pointer: fine)` matches (on touch a draggable list would not
 * scroll); keyboard and touch keep select-and-assign (BulkActions, each post-it's group
 * menu). One command per drop, the same ones those send:
 * - onto a group (its heading above the list, or a post-it in it): it joins that group
 *   (`brainstorm.cluster`);
 * - onto a post-it in no group: a new group of the two (`brainstorm.bulk`, `newCluster`,
 *   named "Group N", which the facilitator renames under Groups);
 * - onto "No group": it leaves its group (`brainstorm.cluster`, `clusterId: null`).
 * What a drop did is said in the list's live region (`said`).
 */
import { MediaQuery } from 'svelte/reactivity';
import { BRAINSTORM_CLUSTERS_MAX } from '../../../../shared/activities/brainstorm/rules.ts';
import type { Cluster, Postit } from '../../../../shared/activities/brainstorm/schema.ts';
import { isPendingId } from '../../lib/connection.svelte.ts';
import { i18n } from '../../lib/i18n.svelte.ts';
import type { BrainstormInput } from './send.ts';

export type DropTarget = { kind: 'cluster'; clusterId: string } | { kind: 'postit'; itemId: string } | { kind: 'out' };
/** What a drop there does: its command, the words shown on the target, the words said after. */
export interface DropPlan {
  cmd: BrainstormInput;
  label: string;
  said: string;
}
interface Wall {
  activityId: string;
  items: Postit[];
  clusters: Cluster[];
}

const short = (t: string | undefined) => ((t ?? '').length > 50 ? `${(t ?? '').slice(0, 47)}…` : (t ?? ''));
const keyOf = (t: DropTarget) => (t.kind === 'cluster' ? `k:${t.clusterId}` : t.kind === 'postit' ? `p:${t.itemId}` : 'out');

export class Drag {
  /** The post-it being dragged. */
  item = $state<string | null>(null);
  /** The target under the pointer (its key), while it would take the post-it. */
  over = $state<string | null>(null);
  /** What the last drop did (for the live region). */
  said = $state('');
  /** A mouse (or a pen): drag and drop is on. */
  readonly #fine = new MediaQuery('(pointer: fine)', false);
  readonly #wall: () => Wall;
  readonly #send: (cmd: BrainstormInput) => unknown;

  constructor(wall: () => Wall, send: (cmd: BrainstormInput) => unknown) {
    this.#wall = wall;
    this.#send = send;
  }

  get on(): boolean {
    return this.#fine.current;
  }

  /** The name of a new group: "Group N", the first N no group has. */
  #newTitle(clusters: Cluster[]): string {
    const taken = (title: string) => clusters.some((k) => k.title === title);
    let n = clusters.length + 1;
    while (taken(i18n.t('brainstorm.console.dragNewTitle', { n }))) n++;
    return i18n.t('brainstorm.console.dragNewTitle', { n });
  }

  /** What dropping the dragged post-it on `target` does, or null where it cannot go (or changes nothing). */
  plan(target: DropTarget): DropPlan | null {
    const { activityId, items, clusters } = this.#wall();
    const item = items.find((i) => i.id === this.item);
    if (!item || isPendingId(item.id)) return null;
    const groupOf = (i: Postit) => clusters.find((k) => k.id === i.clusterId);
    const text = short(item.text);
    const cluster = (clusterId: string | null): BrainstormInput => ({ type: 'brainstorm.cluster', activityId, itemId: item.id, clusterId });
    const join = (k: Cluster | undefined): DropPlan | null =>
      !k || isPendingId(k.id) || k.id === item.clusterId
        ? null
        : {
            cmd: cluster(k.id),
            label: i18n.t('brainstorm.console.dragToCluster', { title: k.title }),
            said: i18n.t('brainstorm.console.dragSaidCluster', { text, title: k.title }),
          };
    if (target.kind === 'cluster') return join(clusters.find((k) => k.id === target.clusterId));
    if (target.kind === 'out') {
      return groupOf(item)
        ? { cmd: cluster(null), label: i18n.t('brainstorm.console.dragToOut'), said: i18n.t('brainstorm.console.dragSaidOut', { text }) }
        : null;
    }
    const other = items.find((i) => i.id === target.itemId);
    if (!other || other.id === item.id || isPendingId(other.id)) return null;
    if (groupOf(other)) return join(groupOf(other));
    if (clusters.length >= BRAINSTORM_CLUSTERS_MAX) return null;
    const title = this.#newTitle(clusters);
    return {
      cmd: { type: 'brainstorm.bulk', activityId, itemIds: [other.id, item.id], action: 'newCluster', title },
      label: i18n.t('brainstorm.console.dragToNew'),
      said: i18n.t('brainstorm.console.dragSaidNew', { title, text, other: short(other.text) }),
    };
  }

  /** The words on a target while the dragged post-it is over it. */
  label(target: DropTarget): string {
    return this.over === keyOf(target) ? (this.plan(target)?.label ?? '') : '';
  }

  /** What letting go now would do (where the dragged post-it is over a target), or ''. */
  get now(): string {
    const o = this.over;
    if (!this.item || !o) return '';
    const target: DropTarget =
      o === 'out'
        ? { kind: 'out' }
        : o.startsWith('k:')
          ? { kind: 'cluster', clusterId: o.slice(2) }
          : { kind: 'postit', itemId: o.slice(2) };
    return this.plan(target)?.label ?? '';
  }

  /** A post-it's handle: the part one grabs (draggable only with a fine pointer). */
  handle(item: Postit) {
    const can = this.on && !isPendingId(item.id);
    return {
      draggable: can ? ('true' as const) : undefined,
      ondragstart: (e: DragEvent) => {
        if (!can || !e.dataTransfer) return;
        e.dataTransfer.setData('text/plain', item.text ?? '');
        e.dataTransfer.effectAllowed = 'move';
        this.item = item.id;
        this.over = null;
      },
      ondragend: () => this.#end(),
    };
  }

  /** A drop target's events. */
  zone(target: DropTarget) {
    const key = keyOf(target);
    return {
      ondragover: (e: DragEvent) => {
        if (!this.item || !this.plan(target)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
        this.over = key;
      },
      ondragleave: (e: DragEvent) => {
        const into = e.relatedTarget;
        if (into instanceof Node && (e.currentTarget as Node).contains(into)) return;
        if (this.over === key) this.over = null;
      },
      ondrop: (e: DragEvent) => {
        e.preventDefault();
        const plan = this.plan(target);
        if (plan) {
          this.#send(plan.cmd);
          this.said = plan.said;
        }
        this.#end();
      },
    };
  }

  #end() {
    this.item = null;
    this.over = null;
  }
}
