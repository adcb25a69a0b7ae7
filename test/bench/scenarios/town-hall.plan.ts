/**
 * The town hall's steps that are not measurements: the facilitator's clusters and the
 * vote on them, and the final state as the session's own JSON export holds it.
 */
import type { Socket } from 'socket.io-client';
import { now } from '../lib/clock.ts';
import { addActivity, vote } from '../lib/agenda.ts';
import type { Room, TargetName } from '../lib/targets.ts';
import { command, until, type BenchEvent } from '../lib/watch.ts';

/** The most post-its one bulk command takes (BRAINSTORM_BULK_MAX). */
const BULK = 400;

/** Put the post-its in `k` clusters (bulk commands of ≤ 400); returns the time it took (ms) and the commands. */
export async function makeClusters(
  f: Socket,
  wallId: string,
  ids: string[],
  k: number,
  kring: boolean,
): Promise<{ ms: number; commands: number }> {
  const t0 = now();
  const made = new Map<string, string>();
  const hook = (fr: { events?: BenchEvent[] }) => {
    for (const ev of fr.events ?? []) if (ev.type === 'brainstorm.clusterAdded') made.set(ev.title as string, ev.clusterId as string);
  };
  f.on('frame', hook);
  let commands = 0;
  try {
    const per = Math.ceil(ids.length / k);
    for (let c = 0; c < k; c++) {
      const mine = ids.slice(c * per, (c + 1) * per);
      const title = `Thema ${c + 1}`;
      for (let x = 0; x < mine.length; x += BULK) {
        const itemIds = mine.slice(x, x + BULK);
        commands++;
        if (x === 0) {
          await command(f, 'brainstorm.bulk', { activityId: wallId, itemIds, action: 'newCluster', title }, 60_000);
          // The baseline makes no clusters: it only echoes.
          if (kring && !(await until(() => made.has(title), 10_000))) throw new Error(`the console did not see cluster ${title}`);
        } else {
          const clusterId = made.get(title) ?? `c${c}`;
          await command(f, 'brainstorm.bulk', { activityId: wallId, itemIds, action: 'cluster', clusterId }, 60_000);
        }
      }
    }
  } finally {
    f.off('frame', hook);
  }
  return { ms: now() - t0, commands };
}

/** Add a vote on the wall's clusters and open it; returns its id, its items and the opening's seq. */
export async function openClusterVote(room: Room, target: TargetName, wallId: string, budget: number, k: number) {
  const f = room.facilitator;
  let items: string[] | undefined;
  const hook = (fr: { events?: BenchEvent[] }) => {
    for (const ev of fr.events ?? []) if (ev.type === 'dotvote.loaded') items = (ev.items as { id: string }[]).map((i) => i.id);
  };
  f.on('frame', hook);
  try {
    const voteId = await addActivity(f, target, vote('Stemming', wallId, 'clusters', budget), 'vote');
    const opened = await command(f, 'agenda.goto', { activityId: voteId }, 60_000);
    if (target === 'Kring' && !(await until(() => items !== undefined, 20_000))) throw new Error('the vote did not load the clusters');
    return { voteId, items: target === 'Kring' ? items! : Array.from({ length: k }, (_, c) => `c${c}`), seq: opened.ack.seq! };
  } finally {
    f.off('frame', hook);
  }
}

interface Export {
  agenda: { id: string; kind: string; state: { items?: { text?: string }[]; dots?: Record<string, Record<string, number>> } }[];
}

/**
 * Lost and duplicated, from the report's JSON export: acked post-it texts missing from
 * the wall or there more than once, and acked dots against the dots the vote holds.
 */
export async function finalState(room: Room, wallId: string, voteId: string, ackedTexts: string[], ackedDots: number) {
  const s = room.session!;
  const res = await fetch(`${room.server.url}/api/sessions/${s.sessionId}/report/json`, {
    headers: { authorization: `Bearer ${s.facilitatorKey}` },
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`GET report/json: ${res.status}`);
  const e = (await res.json()) as Export;
  const wallItems = e.agenda.find((a) => a.id === wallId)?.state.items ?? [];
  const held = new Map<string, number>();
  for (const it of wallItems) if (it.text) held.set(it.text, (held.get(it.text) ?? 0) + 1);
  const lostPostits = ackedTexts.filter((t) => !held.has(t)).length;
  const duplicatedPostits = [...held.values()].reduce((a, k) => a + Math.max(0, k - 1), 0);
  let dots = 0;
  for (const mine of Object.values(e.agenda.find((a) => a.id === voteId)?.state.dots ?? {})) for (const k of Object.values(mine)) dots += k;
  return {
    wallItems: wallItems.length,
    lostPostits,
    duplicatedPostits,
    dots,
    lostDots: Math.max(0, ackedDots - dots),
    extraDots: Math.max(0, dots - ackedDots),
  };
}
