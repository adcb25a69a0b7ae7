/**
 * Group work: the facilitator splits the participants who are here into groups (by
 * number of groups or by size, at random or by letting people choose); each group gets
 * an item carried forward (e.g. a chosen engagement) and a sheet of guiding questions,
 * under which members add answers the group sees live. Late joiners are placed in the
 * smallest group; the facilitator can move people and rebalance.
 *
 * No valibot here (the phone loads this file): types come from schema.ts.
 */
import { accept, reject, type Decision, type Viewer } from '../../model.ts';
import { withoutPid, type KindRules } from '../kind.ts';
import { loadOnOpen } from '../kit.ts';
import { GROUPWORK_ANSWERS_MAX, GROUPWORK_GROUPS_MAX, GROUPWORK_ITEMS_MAX } from './constants.ts';
import { answerRefusal, formRefusal, groupOf, rebalanceMoves, shuffle, smallest } from './groups.ts';
import type {
  Group,
  GroupAnswer,
  GroupworkCommand,
  GroupworkConfig,
  GroupworkEvent,
  GroupworkState,
  StoredGroupworkEvent,
} from './schema.ts';

export * from './constants.ts';
export * from './groups.ts';

const emit = (...events: GroupworkEvent[]): Decision => accept(...events);

/** Groups as a viewer who is not a facilitator sees them: at most itself as a member. */
const membersFor = (groups: Group[], me: string | undefined): Group[] =>
  groups.map((g) => ({ ...g, members: me && g.members.includes(me) ? [me] : [] }));

export const rules: KindRules<GroupworkConfig, GroupworkState> = {
  kind: 'groupwork',
  texts: (c) => [...c.questions, ...c.items.map((i) => i.text)],
  takesItems: true,
  init: (c) => ({ items: structuredClone(c.items), groups: [], assignment: null, answers: [] }),

  onGoto: (a, room) => loadOnOpen(a, room, GROUPWORK_ITEMS_MAX),

  onArrive(a, pid, room) {
    const s = a.state;
    if (s.assignment !== 'random' || !room.state.participants[pid] || groupOf(s, pid)) return [];
    const to = smallest(s.groups); // R-GROUP-LATE
    const placed: GroupworkEvent[] = to ? [{ type: 'groupwork.placed', activityId: a.id, pid, groupId: to.id, fromId: null }] : [];
    return placed;
  },

  decide(cmd: GroupworkCommand, a, actor, ctx, room) {
    const s = a.state;
    const fac = actor.role === 'facilitator';
    const pid = actor.participantId;
    const id = a.id;
    const onlyFacilitator = () => reject('NOT_ALLOWED', `${cmd.type} is for the facilitator`, 'facilitator');
    const group = (gid: string) => s.groups.find((g) => g.id === gid);
    const placed = (who: string, to: Group, from: Group | undefined): GroupworkEvent => ({
      type: 'groupwork.placed',
      activityId: id,
      pid: who,
      groupId: to.id,
      fromId: from?.id ?? null,
    });
    switch (cmd.type) {
      case 'groupwork.form': {
        if (!fac) return onlyFacilitator();
        if (formRefusal(s)) return reject('NOT_ALLOWED', 'groups already have answers', 'answers');
        const people = [...(ctx.present ?? Object.keys(room.state.participants))].filter((p) => room.state.participants[p]);
        const count = cmd.by === 'count' ? cmd.value : Math.max(1, Math.ceil(people.length / cmd.value));
        if (count > GROUPWORK_GROUPS_MAX) return reject('LIMIT_REACHED', `at most ${GROUPWORK_GROUPS_MAX} groups`, 'groups');
        const groups: Group[] = Array.from({ length: count }, (_, i) => ({
          id: ctx.newId(),
          n: i + 1,
          itemId: s.items.length ? s.items[i % s.items.length].id : null,
          members: [],
          size: 0,
        }));
        const dealt: GroupworkEvent[] = [];
        if (cmd.assignment === 'random') {
          // R-GROUP-FORM: dealt round robin after a shuffle, so sizes differ by at most one.
          shuffle(people, ctx.random ?? Math.random).forEach((p, i) => dealt.push(placed(p, groups[i % count], undefined)));
        }
        // Each phone must learn its own group: the groups go out empty (one frame for every
        // phone), then one `placed` per person, which reaches that person with its own id.
        return emit({ type: 'groupwork.formed', activityId: id, assignment: cmd.assignment, groups }, ...dealt);
      }
      case 'groupwork.join': {
        if (!pid) return reject('NOT_ALLOWED', 'only participants join a group');
        if (s.assignment !== 'choose') return reject('NOT_ALLOWED', 'the facilitator assigns the groups', 'assigned'); // R-GROUP-CHOOSE
        const to = group(cmd.groupId);
        if (!to) return reject('NOT_FOUND', 'no such group');
        const from = groupOf(s, pid);
        return from === to ? accept() : emit(placed(pid, to, from));
      }
      case 'groupwork.move': {
        if (!fac) return onlyFacilitator(); // R-GROUP-MOVE
        const to = group(cmd.groupId);
        if (!to) return reject('NOT_FOUND', 'no such group');
        if (!room.state.participants[cmd.participantId]) return reject('NOT_FOUND', 'no such participant');
        const from = groupOf(s, cmd.participantId);
        return from === to ? accept() : emit(placed(cmd.participantId, to, from));
      }
      case 'groupwork.placeLate': {
        if (!fac) return onlyFacilitator(); // place someone who has no group yet
        return accept(...rules.onArrive!(a, cmd.participantId, room, ctx));
      }
      case 'groupwork.rebalance': {
        if (!fac) return onlyFacilitator(); // R-GROUP-BALANCE
        return emit(...rebalanceMoves(s.groups).map((m) => placed(m.pid, group(m.groupId)!, groupOf(s, m.pid))));
      }
      case 'groupwork.assign': {
        if (!fac) return onlyFacilitator();
        if (!group(cmd.groupId)) return reject('NOT_FOUND', 'no such group');
        if (cmd.itemId !== null && !s.items.some((i) => i.id === cmd.itemId)) return reject('NOT_FOUND', 'no such item');
        return emit({ type: 'groupwork.assigned', activityId: id, groupId: cmd.groupId, itemId: cmd.itemId });
      }
      case 'groupwork.answer': {
        const g = group(cmd.groupId);
        if (!g) return reject('NOT_FOUND', 'no such group');
        if (!fac && answerRefusal(g, pid)) return reject('NOT_ALLOWED', 'only members answer for their group', 'member'); // R-GROUP-ANSWER
        if (cmd.question >= a.config.questions.length) return reject('NOT_FOUND', 'no such question');
        if (s.answers.length >= GROUPWORK_ANSWERS_MAX) return reject('LIMIT_REACHED', 'too many answers', 'answers');
        const answer: GroupAnswer = { id: ctx.newId(), groupId: g.id, question: cmd.question, text: cmd.text, ...(pid ? { pid } : {}) };
        return emit({ type: 'groupwork.answered', activityId: id, ...(pid ? { pid } : {}), answer });
      }
      case 'groupwork.editAnswer':
      case 'groupwork.deleteAnswer': {
        const ans = s.answers.find((x) => x.id === cmd.answerId);
        if (!ans) return reject('NOT_FOUND', 'no such answer');
        if (!fac && ans.pid !== pid) return reject('NOT_ALLOWED', 'only your own answers', 'own');
        const author = ans.pid ? { pid: ans.pid } : {};
        return cmd.type === 'groupwork.editAnswer'
          ? emit({ type: 'groupwork.answerEdited', activityId: id, ...author, answerId: ans.id, text: cmd.text })
          : emit({ type: 'groupwork.answerDeleted', activityId: id, ...author, answerId: ans.id });
      }
      case 'groupwork.load': {
        if (!fac) return onlyFacilitator();
        const items = room.itemsFrom(cmd.sourceId);
        if (!items) return reject('NOT_FOUND', 'no vote or brainstorm to take items from');
        return emit({ type: 'groupwork.loaded', activityId: id, items: items.slice(0, GROUPWORK_ITEMS_MAX) });
      }
    }
  },

  apply(s, ev: GroupworkEvent) {
    switch (ev.type) {
      case 'groupwork.loaded':
        s.items = structuredClone(ev.items);
        return;
      case 'groupwork.formed':
        s.assignment = ev.assignment;
        s.groups = structuredClone(ev.groups);
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
        if (g) g.itemId = ev.itemId;
        return;
      }
      case 'groupwork.answered':
        s.answers.push(structuredClone(ev.answer));
        return;
      case 'groupwork.answerEdited': {
        const ans = s.answers.find((x) => x.id === ev.answerId);
        if (ans) ans.text = ev.text;
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
      groups: membersFor(s.groups, me),
      answers: s.answers.map((x) => (x.pid !== undefined && x.pid === me ? { ...x } : withoutPid(x))),
    };
  },

  projectEvent(ev: StoredGroupworkEvent, viewer: Viewer): StoredGroupworkEvent | null {
    if (viewer.role === 'facilitator') return ev;
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    const author = 'pid' in ev ? ev.pid : undefined;
    if (author !== undefined && author === me) return ev;
    switch (ev.type) {
      case 'groupwork.formed':
        return { ...ev, groups: membersFor(ev.groups, me) };
      case 'groupwork.answered':
        return { ...withoutPid(ev), answer: withoutPid(ev.answer) };
      case 'groupwork.placed':
      case 'groupwork.answerEdited':
      case 'groupwork.answerDeleted':
        return withoutPid(ev);
      default:
        return ev;
    }
  },
};

/** The same rules under the kind's name (older imports). */
export const groupwork = rules;
