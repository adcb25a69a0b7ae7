/**
 * Deciding a group work command: the events it makes, or a rejection with a `reason`
 * (the views map reasons to their own words). Rule ids: test/SPEC.md (R-GROUP-*).
 */
import { accept, reject, type Activity, type Actor, type Context, type Decision } from '../../model.ts';
import type { KindRoom } from '../kind.ts';
import { apply } from './apply.ts';
import { GROUPWORK_ANSWERS_MAX, GROUPWORK_GROUPS_MAX, GROUPWORK_ITEMS_MAX } from './constants.ts';
import { answerRefusal, editRefusal, formRefusal, groupOf, rebalanceMoves, scribeRefusal, shuffle, smallest } from './groups.ts';
import { withRosters } from './roster.ts';

import type { Group, GroupAnswer, GroupworkCommand, GroupworkConfig, GroupworkEvent, GroupworkState } from './schema.ts';

type GroupworkActivity = Activity<GroupworkConfig, GroupworkState>;

const emit = (...events: GroupworkEvent[]): Decision => accept(...events);

/** A participant arrives while the groups were dealt at random: into the smallest group. */
export function arrive(a: GroupworkActivity, pid: string, room: KindRoom): GroupworkEvent[] {
  const s = a.state;
  if (s.assignment !== 'random' || !room.state.participants[pid] || groupOf(s, pid)) return [];
  const to = smallest(s.groups); // R-GROUP-LATE
  const placed: GroupworkEvent[] = to ? [{ type: 'groupwork.placed', activityId: a.id, pid, groupId: to.id, fromId: null }] : [];
  return withRosters(s, a.id, placed, apply);
}

export function decide(cmd: GroupworkCommand, a: GroupworkActivity, actor: Actor, ctx: Context, room: KindRoom): Decision {
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
  /** These events and the names they make known (or hide) to groups and the board (roster.ts). */
  const named = (...events: GroupworkEvent[]): Decision => emit(...withRosters(s, id, events, apply));
  /** Moves, with the scribe role given up by whoever leaves the group they write for. */
  const moves = (list: { pid: string; to: Group }[]): Decision => {
    const events: GroupworkEvent[] = [];
    for (const m of list) {
      const from = groupOf(s, m.pid);
      if (from === m.to) continue;
      events.push(placed(m.pid, m.to, from));
      if (from?.hasScribe && from.scribe === m.pid)
        events.push({ type: 'groupwork.scribeSet', activityId: id, groupId: from.id, hasScribe: false });
    }
    return named(...events);
  };
  switch (cmd.type) {
    case 'groupwork.form': {
      if (!fac) return onlyFacilitator();
      if (formRefusal(s)) return reject('NOT_ALLOWED', 'groups already have answers', 'answers');
      const people = [...(ctx.present ?? Object.keys(room.state.participants))].filter((p) => room.state.participants[p]);
      const count = cmd.by === 'count' ? cmd.value : Math.max(1, Math.ceil(people.length / cmd.value));
      if (count > GROUPWORK_GROUPS_MAX) return reject('LIMIT_REACHED', `at most ${GROUPWORK_GROUPS_MAX} groups`, 'groups');
      // Group n keeps the name and place group n had (the tables in the room stay put).
      const label = (n: number) => {
        const was = s.groups.find((g) => g.n === n);
        return { ...(was?.name ? { name: was.name } : {}), ...(was?.place ? { place: was.place } : {}) };
      };
      const groups: Group[] = Array.from({ length: count }, (_, i) => ({
        id: ctx.newId(),
        n: i + 1,
        itemId: s.items.length ? s.items[i % s.items.length].id : null,
        members: [],
        size: 0,
        ...label(i + 1),
      }));
      const dealt: GroupworkEvent[] = [];
      if (cmd.assignment === 'random') {
        // R-GROUP-FORM: dealt round robin after a shuffle, so sizes differ by at most one.
        shuffle(people, ctx.random ?? Math.random).forEach((p, i) => dealt.push(placed(p, groups[i % count], undefined)));
      }
      // Each phone must learn its own group: the groups go out empty (one frame for every
      // phone), then one `placed` per person, which reaches that person with its own id.
      return named({ type: 'groupwork.formed', activityId: id, assignment: cmd.assignment, groups }, ...dealt);
    }
    case 'groupwork.join': {
      if (!pid) return reject('NOT_ALLOWED', 'only participants join a group');
      if (s.assignment !== 'choose') return reject('NOT_ALLOWED', 'the facilitator assigns the groups', 'assigned'); // R-GROUP-CHOOSE
      const to = group(cmd.groupId);
      if (!to) return reject('NOT_FOUND', 'no such group');
      return moves([{ pid, to }]);
    }
    case 'groupwork.move': {
      if (!fac) return onlyFacilitator(); // R-GROUP-MOVE
      const to = group(cmd.groupId);
      if (!to) return reject('NOT_FOUND', 'no such group');
      if (!room.state.participants[cmd.participantId]) return reject('NOT_FOUND', 'no such participant');
      return moves([{ pid: cmd.participantId, to }]);
    }
    case 'groupwork.placeLate': {
      if (!fac) return onlyFacilitator(); // place someone who has no group yet
      return accept(...arrive(a, cmd.participantId, room));
    }
    case 'groupwork.rebalance': {
      if (!fac) return onlyFacilitator(); // R-GROUP-BALANCE
      return moves(rebalanceMoves(s.groups).map((m) => ({ pid: m.pid, to: group(m.groupId)! })));
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
      const refused = fac ? null : answerRefusal(g, pid); // R-GROUP-ANSWER, R-GROUP-SCRIBE
      if (refused === 'member') return reject('NOT_ALLOWED', 'only members answer for their group', 'member');
      if (refused === 'scribe') return reject('NOT_ALLOWED', 'the group has a scribe: only the scribe writes', 'scribe');
      if (cmd.question >= a.config.questions.length) return reject('NOT_FOUND', 'no such question');
      if (s.answers.length >= GROUPWORK_ANSWERS_MAX) return reject('LIMIT_REACHED', 'too many answers', 'answers');
      const answer: GroupAnswer = { id: ctx.newId(), groupId: g.id, question: cmd.question, text: cmd.text, ...(pid ? { pid } : {}) };
      return emit({ type: 'groupwork.answered', activityId: id, ...(pid ? { pid } : {}), answer });
    }
    case 'groupwork.editAnswer':
    case 'groupwork.deleteAnswer': {
      const ans = s.answers.find((x) => x.id === cmd.answerId);
      if (!ans) return reject('NOT_FOUND', 'no such answer');
      const refused = fac ? null : editRefusal(group(ans.groupId), ans, pid); // R-GROUP-ANSWER, R-GROUP-SCRIBE
      if (refused === 'own') return reject('NOT_ALLOWED', 'only your own answers', 'own');
      if (refused === 'scribe') return reject('NOT_ALLOWED', 'the group has a scribe: only the scribe writes', 'scribe');
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
    case 'groupwork.label': {
      if (!fac) return onlyFacilitator(); // R-GROUP-PLACE
      const g = group(cmd.groupId);
      if (!g) return reject('NOT_FOUND', 'no such group');
      if ((g.name ?? '') === cmd.name && (g.place ?? '') === cmd.place) return accept();
      return emit({
        type: 'groupwork.labelled',
        activityId: id,
        groupId: g.id,
        ...(cmd.name ? { name: cmd.name } : {}),
        ...(cmd.place ? { place: cmd.place } : {}),
      });
    }
    case 'groupwork.scribe': {
      const g = group(cmd.groupId);
      if (!g) return reject('NOT_FOUND', 'no such group');
      const refused = scribeRefusal(g, { facilitator: fac, pid }, cmd.participantId); // R-GROUP-SCRIBE
      if (refused === 'member') return reject('NOT_ALLOWED', 'the scribe must be a member of the group', 'member');
      if (refused === 'scribeTaken') return reject('NOT_ALLOWED', 'someone else writes for this group', 'scribeTaken');
      if (refused) return reject('NOT_ALLOWED', 'only the facilitator names another scribe', 'facilitator');
      if ((cmd.participantId ?? undefined) === (g.hasScribe ? g.scribe : undefined)) return accept();
      return named(
        cmd.participantId === null
          ? { type: 'groupwork.scribeSet', activityId: id, groupId: g.id, hasScribe: false }
          : { type: 'groupwork.scribeSet', activityId: id, pid: cmd.participantId, groupId: g.id, hasScribe: true },
      );
    }
    case 'groupwork.showName': {
      if (!pid) return reject('NOT_ALLOWED', 'only participants show their name', 'participant'); // R-GROUP-NAMES
      const name = cmd.show ? room.state.participants[pid]?.name : undefined;
      if (cmd.show && !name) return reject('NOT_ALLOWED', 'give a name first', 'noName');
      if ((s.shown?.[pid] ?? undefined) === name) return accept();
      return named({ type: 'groupwork.nameShown', activityId: id, pid, name: name ?? null });
    }
  }
}
