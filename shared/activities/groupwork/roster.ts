/**
 * Who may see whose name in group work (R-GROUP-NAMES). A participant who chose "show my
 * name to my group" (`shown`) is named to the others in their group (each member's `team`,
 * sent only to that member) and on the board (the group's `people`); nobody else learns it,
 * and nobody who did not choose it is named anywhere but on the console. The scribe is
 * marked among them (R-GROUP-SCRIBE).
 *
 * The server alone knows every group's members, so the names go out as derived events:
 * after the events that change who is where, who shows their name or who writes,
 * `groupwork.roster` for each group whose named people changed (facilitators and the board)
 * and `groupwork.team` for each member whose view of their group changed (that member and
 * facilitators). Both are computed before and after on the same state, so a phone that
 * predicts its own command from its partial view emits nothing it cannot know.
 *
 * No valibot here (the phone loads this file).
 */
import { groupOf } from './groups.ts';
import type { Group, GroupPerson, GroupworkEvent, GroupworkState } from './schema.ts';

type Shown = GroupworkState['shown'];

/** The members of a group who show their name, in the order they joined, the scribe marked. */
export function peopleOf(g: Pick<Group, 'members' | 'scribe'>, shown: Shown, except?: string): GroupPerson[] {
  const out: GroupPerson[] = [];
  for (const pid of g.members) {
    const name = shown?.[pid];
    if (pid === except || name === undefined) continue;
    out.push(g.scribe === pid ? { name, scribe: true } : { name });
  }
  return out;
}

/** What one member sees of their group: the others in it who show their name. */
export const teamOf = (s: Pick<GroupworkState, 'groups' | 'shown'>, pid: string): GroupPerson[] => {
  const g = groupOf(s, pid);
  return g ? peopleOf(g, s.shown, pid) : [];
};

const same = (a: readonly GroupPerson[], b: readonly GroupPerson[]) =>
  a.length === b.length && a.every((p, i) => p.name === b[i].name && !p.scribe === !b[i].scribe);

/**
 * `primary` followed by the roster and team events it implies: `apply` folds the primary
 * events into a copy of `s`, and whatever named people differ before and after goes out.
 */
export function withRosters(
  s: GroupworkState,
  activityId: string,
  primary: GroupworkEvent[],
  apply: (s: GroupworkState, ev: GroupworkEvent) => void,
): GroupworkEvent[] {
  if (!primary.length) return primary;
  const after = structuredClone(s);
  for (const ev of primary) apply(after, ev);
  const out = [...primary];
  for (const g of after.groups) {
    const before = s.groups.find((x) => x.id === g.id);
    const now = peopleOf(g, after.shown);
    if (!same(before ? peopleOf(before, s.shown) : [], now)) out.push({ type: 'groupwork.roster', activityId, groupId: g.id, people: now });
  }
  const pids = new Set([...s.groups.flatMap((g) => g.members), ...after.groups.flatMap((g) => g.members)]);
  for (const pid of pids) {
    const now = teamOf(after, pid);
    if (!same(teamOf(s, pid), now)) out.push({ type: 'groupwork.team', activityId, pid, people: now });
  }
  return out;
}
