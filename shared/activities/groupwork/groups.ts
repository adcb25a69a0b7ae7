/** Pure helpers about groups that decide and the views share (no valibot). */
import type { Group, GroupAnswer, GroupworkState } from './schema.ts';

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

type Scribed = Pick<Group, 'members' | 'scribe' | 'hasScribe'>;

/**
 * Why this participant may not answer for this group, or null: only members (R-GROUP-ANSWER),
 * and with a scribe set only the scribe (R-GROUP-SCRIBE). A phone knows `scribe` only when
 * it is the scribe itself, and `hasScribe` always: enough to ask this of its own group.
 */
export function answerRefusal(g: Scribed, pid: string | undefined): 'member' | 'scribe' | null {
  if (!pid || !g.members.includes(pid)) return 'member';
  return g.hasScribe && g.scribe !== pid ? 'scribe' : null;
}

/**
 * Why this participant may not edit or delete this answer, or null: without a scribe, authors
 * their own (R-GROUP-ANSWER); with one, only the scribe, any of the group's (R-GROUP-SCRIBE).
 */
export function editRefusal(g: Scribed | undefined, ans: Pick<GroupAnswer, 'pid'>, pid: string | undefined): 'own' | 'scribe' | null {
  if (g?.hasScribe) return pid !== undefined && g.scribe === pid ? null : 'scribe';
  return pid !== undefined && ans.pid === pid ? null : 'own';
}

/**
 * Why this actor may not make `target` the group's scribe (null: nobody), or null. The
 * facilitator names any member or nobody; a participant takes it for themself while nobody
 * has it, or gives it back. R-GROUP-SCRIBE
 */
export function scribeRefusal(
  g: Scribed,
  actor: { facilitator: boolean; pid?: string },
  target: string | null,
): 'member' | 'facilitator' | 'scribeTaken' | null {
  if (target !== null && !g.members.includes(target)) return 'member';
  if (actor.facilitator) return null;
  if (!actor.pid) return 'facilitator';
  if (target === null) return !g.hasScribe || g.scribe === actor.pid ? null : 'facilitator';
  if (target !== actor.pid) return 'facilitator';
  return g.hasScribe && g.scribe !== actor.pid ? 'scribeTaken' : null;
}

/** A group as people call it: its own name, or its number (the view's words). */
export const groupLabel = (g: Pick<Group, 'n' | 'name'>, numbered: (n: number) => string): string => g.name ?? numbered(g.n);
