/** Pure helpers about groups that decide and the views share (no valibot). */
import type { Group, GroupworkState } from './schema.ts';

/** The group a participant is in. */
export const groupOf = (s: Pick<GroupworkState, 'groups'>, pid: string | undefined) =>
  pid ? s.groups.find((g) => g.members.includes(pid)) : undefined;

/** The smallest group (ties: the lowest number): where a late joiner goes. */
export const smallest = (groups: Group[]) => groups.reduce<Group | undefined>((m, g) => (!m || g.size < m.size ? g : m), undefined);

export function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Moves that bring group sizes within one of each other: largest → smallest (none: balanced). R-GROUP-BALANCE */
export function rebalanceMoves(groups: readonly Pick<Group, 'id' | 'members'>[]): { pid: string; groupId: string }[] {
  if (!groups.length) return [];
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

/** Sizes within one of each other (what the board and phones can tell: they do not see members). */
export const balanced = (groups: readonly Pick<Group, 'size'>[]) =>
  groups.length < 2 || Math.max(...groups.map((g) => g.size)) - Math.min(...groups.map((g) => g.size)) <= 1;

/**
 * Why the facilitator may not (re)form groups now, or null: once groups have answers
 * (`answers`), forming again would lose who wrote them.
 */
export const formRefusal = (s: Pick<GroupworkState, 'answers'>): 'answers' | null => (s.answers.length ? 'answers' : null);

/** Why this participant may not answer for this group, or null. R-GROUP-ANSWER */
export const answerRefusal = (g: Pick<Group, 'members'>, pid: string | undefined): 'member' | null =>
  pid && g.members.includes(pid) ? null : 'member';
