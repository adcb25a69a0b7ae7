/**
 * Group work: the facilitator splits the participants who are here into groups (by
 * number of groups or by size, at random or by letting people choose); each group gets
 * an item carried forward (e.g. a chosen engagement) and a sheet of guiding questions,
 * under which members add answers the group sees live. Late joiners are placed in the
 * smallest group; the facilitator can move people and rebalance. A group can have a name
 * and a place in the room (R-GROUP-PLACE) and a scribe who alone writes its answers
 * (R-GROUP-SCRIBE); members who choose to are named to their group (R-GROUP-NAMES,
 * roster.ts).
 *
 * Deciding is in decide.ts, folding events in apply.ts. No valibot here (the phone loads
 * this file): types come from schema.ts.
 */
import type { Viewer } from '../../model.ts';
import { withoutPid, type KindRules } from '../kind.ts';
import { loadOnOpen } from '../kit.ts';
import { apply } from './apply.ts';
import { GROUPWORK_ITEMS_MAX } from './constants.ts';
import { arrive, decide } from './decide.ts';
import type { Group, GroupworkCommand, GroupworkConfig, GroupworkEvent, GroupworkState, StoredGroupworkEvent } from './schema.ts';

export * from './constants.ts';
export * from './groups.ts';
export * from './roster.ts';

/**
 * Groups as a viewer who is not a facilitator sees them: at most itself as a member and as
 * the scribe; the named people only on the board (a phone has its own group's in `team`).
 */
const membersFor = (groups: Group[], me: string | undefined, board: boolean): Group[] =>
  groups.map(({ scribe, people, ...g }) => ({
    ...structuredClone(g),
    members: me && g.members.includes(me) ? [me] : [],
    ...(scribe !== undefined && scribe === me ? { scribe } : {}),
    ...(board && people ? { people: structuredClone(people) } : {}),
  }));

/** Only this participant's own entry of a per-participant record. */
const own = <T>(rec: Record<string, T> | undefined, me: string | undefined): Record<string, T> =>
  me && rec?.[me] !== undefined ? { [me]: structuredClone(rec[me]) } : {};

export const rules: KindRules<GroupworkConfig, GroupworkState> = {
  kind: 'groupwork',
  texts: (c) => [...c.questions, ...c.items.map((i) => i.text)],
  takesItems: true,
  init: (c) => ({ items: structuredClone(c.items), groups: [], assignment: null, answers: [], shown: {}, team: {} }),

  onGoto: (a, room) => loadOnOpen(a, room, GROUPWORK_ITEMS_MAX),

  onArrive: (a, pid, room) => arrive(a, pid, room),

  decide: (cmd: GroupworkCommand, a, actor, ctx, room) => decide(cmd, a, actor, ctx, room),

  apply: (s, ev: GroupworkEvent) => apply(s, ev),

  projectState(s, viewer) {
    if (viewer.role === 'facilitator') return structuredClone(s);
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    return {
      items: structuredClone(s.items),
      assignment: s.assignment,
      groups: membersFor(s.groups, me, viewer.role === 'board'),
      answers: s.answers.map((x) => (x.pid !== undefined && x.pid === me ? { ...x } : withoutPid(x))),
      // R-GROUP-NAMES: a phone holds only its own choice and its own group's names.
      shown: own(s.shown, me),
      team: own(s.team, me),
    };
  },

  projectEvent(ev: StoredGroupworkEvent, viewer: Viewer): StoredGroupworkEvent | null {
    if (viewer.role === 'facilitator') return ev;
    const me = viewer.role === 'participant' ? viewer.participantId : undefined;
    const author = 'pid' in ev ? ev.pid : undefined;
    if (author !== undefined && author === me) return ev;
    switch (ev.type) {
      case 'groupwork.formed':
        return { ...ev, groups: membersFor(ev.groups, me, viewer.role === 'board') };
      // R-GROUP-NAMES: names go to the board per group, to a phone only its own group's.
      case 'groupwork.roster':
        return viewer.role === 'board' ? ev : null;
      case 'groupwork.nameShown':
      case 'groupwork.team':
        return null;
      case 'groupwork.answered':
        return { ...withoutPid(ev), answer: withoutPid(ev.answer) };
      case 'groupwork.placed':
      case 'groupwork.scribeSet':
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
