/**
 * Group work: the facilitator splits the participants who are here into groups (by
 * number of groups or by size, at random or by letting people choose); each group gets
 * an item carried forward (e.g. a chosen engagement) and a sheet of guiding questions,
 * under which members add answers the group sees live. Late joiners are placed in the
 * smallest group; the facilitator can move people and rebalance.
 */
import * as v from 'valibot';
import { accept, reject, type StoredEvent, type Viewer } from '../../model.ts';
import { ActivityId, command, draft, ItemSchema } from '../../schema.ts';
import type { Item } from '../kind.ts';
import { loadOnOpen } from '../kit.ts';
import type { KindRules } from '../kind.ts';
import { withoutPid } from '../kind.ts';

export const GROUPWORK_ANSWER_MAX = 500;
export const GROUPWORK_ITEMS_MAX = 50;
const Question = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
export const GroupworkConfig = v.strictObject({
  /** Take the items from this dot vote (its carried items) or brainstorm. */
  sourceId: v.nullable(ActivityId),
  items: v.pipe(v.array(ItemSchema), v.maxLength(GROUPWORK_ITEMS_MAX)),
  questions: v.pipe(v.array(Question), v.minLength(1), v.maxLength(8)),
});
export type GroupworkConfig = v.InferOutput<typeof GroupworkConfig>;

export interface Group {
  id: string;
  /** 1, 2, 3…: the UI says "Group 2". */
  n: number;
  itemId: string | null;
  /** Facilitators see everyone; a phone only itself (if it is in this group); the board nobody. */
  members: string[];
  size: number;
}
export interface GroupAnswer {
  id: string;
  groupId: string;
  question: number;
  text: string;
  pid?: string;
}
export interface GroupworkState {
  items: Item[];
  groups: Group[];
  assignment: 'random' | 'choose' | null;
  answers: GroupAnswer[];
}

/** The seed report's four guiding questions for group work (catalogue keys). */
export const GROUPWORK_QUESTIONS = ['groupwork.q1', 'groupwork.q2', 'groupwork.q3', 'groupwork.q4'];

export const GroupworkDraft = draft('groupwork', GroupworkConfig);
const base = { activityId: ActivityId };
const Count = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50));
export const groupworkCommands = [
  command('groupwork.form', { ...base, by: v.picklist(['count', 'size']), value: Count, assignment: v.picklist(['random', 'choose']) }),
  command('groupwork.join', { ...base, groupId: ActivityId }),
  command('groupwork.move', { ...base, participantId: ActivityId, groupId: ActivityId }),
  command('groupwork.placeLate', { ...base, participantId: ActivityId }),
  command('groupwork.rebalance', base),
  command('groupwork.assign', { ...base, groupId: ActivityId, itemId: v.nullable(ActivityId) }),
  command('groupwork.answer', { ...base, groupId: ActivityId, question: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7)), text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(GROUPWORK_ANSWER_MAX)) }),
  command('groupwork.editAnswer', { ...base, answerId: ActivityId, text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(GROUPWORK_ANSWER_MAX)) }),
  command('groupwork.deleteAnswer', { ...base, answerId: ActivityId }),
  command('groupwork.load', { ...base, sourceId: ActivityId }),
] as const;
type Cmd = v.InferOutput<(typeof groupworkCommands)[number]>;

/** The group a participant is in. */
export const groupOf = (s: GroupworkState, pid: string | undefined) =>
  pid ? s.groups.find((g) => g.members.includes(pid)) : undefined;

/** The smallest group (ties: the lowest number): where a late joiner goes. */
export const smallest = (groups: Group[]) => groups.reduce<Group | undefined>((m, g) => (!m || g.size < m.size ? g : m), undefined);

function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Moves that bring group sizes within one of each other: largest → smallest. */
function rebalanceMoves(groups: Group[]): { pid: string; groupId: string }[] {
  const sim = groups.map((g) => ({ id: g.id, members: [...g.members] }));
  const moves: { pid: string; groupId: string }[] = [];
  for (;;) {
    const big = sim.reduce((m, g) => (g.members.length > m.members.length ? g : m));
    const small = sim.reduce((m, g) => (g.members.length < m.members.length ? g : m));
    if (big.members.length - small.members.length <= 1) return moves;
    const pid = big.members.pop()!;
    small.members.push(pid);
    moves.push({ pid, groupId: small.id });
  }
}


export const groupwork: KindRules<GroupworkConfig, GroupworkState> = {
  kind: 'groupwork',
  takesItems: true,
  init: (c) => ({ items: structuredClone(c.items), groups: [], assignment: null, answers: [] }),

  onGoto: (a, room) => loadOnOpen(a, room, GROUPWORK_ITEMS_MAX),

  onArrive(a, pid, room) {
    const s = a.state;
    if (s.assignment !== 'random' || !room.state.participants[pid] || groupOf(s, pid)) return [];
    const to = smallest(s.groups); // R-GROUP-LATE
    return to ? [{ type: 'groupwork.placed', activityId: a.id, pid, groupId: to.id, fromId: null }] : [];
  },

  decide(cmd: Cmd, a, actor, ctx, room) {
    const s = a.state;
    const fac = actor.role === 'facilitator';
    const pid = actor.participantId;
    const id = a.id;
    const onlyFacilitator = () => reject('NOT_ALLOWED', `${cmd.type} is for the facilitator`);
    const group = (gid: string) => s.groups.find((g) => g.id === gid);
    switch (cmd.type) {
      case 'groupwork.form': {
        if (!fac) return onlyFacilitator();
        if (s.answers.length) return reject('NOT_ALLOWED', 'groups already have answers');
        const people = [...(ctx.present ?? Object.keys(room.state.participants))].filter((p) => room.state.participants[p]);
        const count = cmd.by === 'count' ? cmd.value : Math.max(1, Math.ceil(people.length / cmd.value));
        if (count > 50) return reject('LIMIT_REACHED', 'at most 50 groups');
        const groups: Group[] = Array.from({ length: count }, (_, i) => ({
          id: ctx.newId(),
          n: i + 1,
          itemId: s.items.length ? s.items[i % s.items.length].id : null,
          members: [],
          size: 0,
        }));
        const dealt: { pid: string; groupId: string }[] = [];
        if (cmd.assignment === 'random') {
          // R-GROUP-FORM: dealt round robin after a shuffle, so sizes differ by at most one.
          shuffle(people, ctx.random ?? Math.random).forEach((p, i) => dealt.push({ pid: p, groupId: groups[i % count].id }));
        }
        // Each phone must learn its own group: the groups go out empty (one frame for every
        // phone), then one `placed` per person, which reaches that person with its own id.
        return accept(
          { type: 'groupwork.formed', activityId: id, assignment: cmd.assignment, groups },
          ...dealt.map((d) => ({ type: 'groupwork.placed', activityId: id, pid: d.pid, groupId: d.groupId, fromId: null })),
        );
      }
      case 'groupwork.join': {
        if (!pid) return reject('NOT_ALLOWED', 'only participants join a group');
        if (s.assignment !== 'choose') return reject('NOT_ALLOWED', 'the facilitator assigns the groups');
        const to = group(cmd.groupId);
        if (!to) return reject('NOT_FOUND', 'no such group');
        const from = groupOf(s, pid);
        if (from === to) return accept();
        return accept({ type: 'groupwork.placed', activityId: id, pid, groupId: to.id, fromId: from?.id ?? null });
      }
      case 'groupwork.move': {
        if (!fac) return onlyFacilitator(); // R-GROUP-MOVE
        const to = group(cmd.groupId);
        if (!to) return reject('NOT_FOUND', 'no such group');
        if (!room.state.participants[cmd.participantId]) return reject('NOT_FOUND', 'no such participant');
        const from = groupOf(s, cmd.participantId);
        if (from === to) return accept();
        return accept({ type: 'groupwork.placed', activityId: id, pid: cmd.participantId, groupId: to.id, fromId: from?.id ?? null });
      }
      case 'groupwork.placeLate': {
        if (!fac) return onlyFacilitator(); // place someone who has no group yet
        return accept(...(groupwork.onArrive!(a, cmd.participantId, room, ctx)));
      }
      case 'groupwork.rebalance': {
        if (!fac) return onlyFacilitator(); // R-GROUP-BALANCE
        const from = (p: string) => groupOf(s, p)!.id;
        return accept(...rebalanceMoves(s.groups).map((m) => ({ type: 'groupwork.placed', activityId: id, pid: m.pid, groupId: m.groupId, fromId: from(m.pid) })));
      }
      case 'groupwork.assign': {
        if (!fac) return onlyFacilitator();
        if (!group(cmd.groupId)) return reject('NOT_FOUND', 'no such group');
        if (cmd.itemId !== null && !s.items.some((i) => i.id === cmd.itemId)) return reject('NOT_FOUND', 'no such item');
        return accept({ type: 'groupwork.assigned', activityId: id, groupId: cmd.groupId, itemId: cmd.itemId });
      }
      case 'groupwork.answer': {
        const g = group(cmd.groupId);
        if (!g) return reject('NOT_FOUND', 'no such group');
        if (!fac && !(pid && g.members.includes(pid))) return reject('NOT_ALLOWED', 'only members answer for their group'); // R-GROUP-ANSWER
        if (cmd.question >= a.config.questions.length) return reject('NOT_FOUND', 'no such question');
        if (s.answers.length >= 2000) return reject('LIMIT_REACHED', 'too many answers');
        const answer: GroupAnswer = { id: ctx.newId(), groupId: g.id, question: cmd.question, text: cmd.text, ...(pid ? { pid } : {}) };
        return accept({ type: 'groupwork.answered', activityId: id, ...(pid ? { pid } : {}), answer });
      }
      case 'groupwork.editAnswer':
      case 'groupwork.deleteAnswer': {
        const ans = s.answers.find((x) => x.id === cmd.answerId);
        if (!ans) return reject('NOT_FOUND', 'no such answer');
        if (!fac && ans.pid !== pid) return reject('NOT_ALLOWED', 'only your own answers');
        return cmd.type === 'groupwork.editAnswer'
          ? accept({ type: 'groupwork.answerEdited', activityId: id, ...(ans.pid ? { pid: ans.pid } : {}), answerId: ans.id, text: cmd.text })
          : accept({ type: 'groupwork.answerDeleted', activityId: id, ...(ans.pid ? { pid: ans.pid } : {}), answerId: ans.id });
      }
      case 'groupwork.load': {
        if (!fac) return onlyFacilitator();
        const items = room.itemsFrom(cmd.sourceId);
        if (!items) return reject('NOT_FOUND', 'no vote or brainstorm to take items from');
        return accept({ type: 'groupwork.loaded', activityId: id, items: items.slice(0, GROUPWORK_ITEMS_MAX) });
      }
    }
  },

  apply(s, ev) {
    switch (ev.type) {
      case 'groupwork.loaded':
        s.items = structuredClone(ev.items as Item[]);
        return;
      case 'groupwork.formed':
        s.assignment = ev.assignment as GroupworkState['assignment'];
        s.groups = structuredClone(ev.groups as Group[]);
        return;
      case 'groupwork.placed': {
        const from = s.groups.find((g) => g.id === ev.fromId);
        const to = s.groups.find((g) => g.id === ev.groupId);
        if (from) {
          from.size--;
          if (ev.pid) from.members = from.members.filter((p) => p !== ev.pid);
        }
        if (to) {
          to.size++;
          if (ev.pid) to.members.push(ev.pid);
        }
        return;
      }
      case 'groupwork.assigned': {
        const g = s.groups.find((x) => x.id === ev.groupId);
        if (g) g.itemId = ev.itemId as string | null;
        return;
      }
      case 'groupwork.answered':
        s.answers.push(structuredClone(ev.answer as GroupAnswer));
        return;
      case 'groupwork.answerEdited': {
        const ans = s.answers.find((x) => x.id === ev.answerId);
        if (ans) ans.text = ev.text as string;
        return;
      }
      case 'groupwork.answerDeleted':
        s.answers = s.answers.filter((x) => x.id !== ev.answerId);
        return;
    }
  },

  projectState(s, viewer) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    return {
      items: structuredClone(s.items),
      assignment: s.assignment,
      groups: s.groups.map((g) => ({ ...g, members: me && g.members.includes(me) ? [me] : [] })),
      answers: s.answers.map((x) => (x.pid !== undefined && x.pid === me ? { ...x } : (({ pid: _p, ...rest }) => rest)(x))),
    };
  },

  projectEvent(ev: StoredEvent, viewer: Viewer) {
    if (viewer.role === 'facilitator') return ev;
    const mine = viewer.role === 'participant' && ev.pid !== undefined && ev.pid === viewer.participantId;
    if (mine) return ev;
    switch (ev.type) {
      case 'groupwork.formed': {
        const me = viewer.role === 'participant' ? viewer.participantId : undefined;
        return { ...ev, groups: (ev.groups as Group[]).map((g) => ({ ...g, members: me && g.members.includes(me) ? [me] : [] })) };
      }
      case 'groupwork.answered': {
        const { pid: _p, ...answer } = ev.answer as GroupAnswer;
        return { ...withoutPid(ev), answer };
      }
      default:
        return withoutPid(ev);
    }
  },
};
