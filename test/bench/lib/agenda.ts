/**
 * Rooms beyond the first on one server, and the activities the newer scenarios add to an
 * agenda (a wall, a dot vote), for Kring and the baseline alike (the baseline needs no
 * activities: it echoes whatever it gets; its ids are stand-ins).
 */
import type { Socket } from 'socket.io-client';
import { connect, type AgendaEntry, type Room, type TargetName } from './targets.ts';
import { command, until } from './watch.ts';

export interface ExtraRoom {
  facilitator: Socket;
  participantHello: Record<string, unknown>;
  boardHello: Record<string, unknown>;
  agenda: AgendaEntry[];
  session?: { sessionId: string; facilitatorKey: string };
}

/**
 * Room `i` (≥ 1) on the server of `room`. Kring: POST /api/sessions (20 a minute per
 * address: with TRUST_PROXY=1 on the server, each room comes from its own made-up
 * address in X-Forwarded-For) and a console. Baseline: a console in room `R<i>`.
 */
export async function extraRoom(room: Room, target: TargetName, i: number, template?: 'learningNetwork'): Promise<ExtraRoom> {
  const url = room.server.url;
  if (target === 'baseline') {
    const code = `R${i}`;
    const { socket } = await connect(url, { v: 1, role: 'facilitator', sessionId: code });
    return {
      facilitator: socket,
      participantHello: { v: 1, role: 'participant', code },
      boardHello: { v: 1, role: 'board', sessionId: code },
      agenda: [],
    };
  }
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    body: JSON.stringify({ title: `Bench ${i}`, lang: 'nl', ...(template ? { template } : {}) }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 201) throw new Error(`POST /api/sessions (room ${i}): ${res.status} ${await res.text()}`);
  const s = (await res.json()) as { sessionId: string; code: string; facilitatorKey: string; boardKey: string };
  const { socket, ack } = await connect(url, { v: 1, role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey });
  const agenda = (ack.snapshot as { agenda?: AgendaEntry[] } | undefined)?.agenda ?? [];
  return {
    facilitator: socket,
    participantHello: { v: 1, role: 'participant', code: s.code },
    boardHello: { v: 1, role: 'board', sessionId: s.sessionId, key: s.boardKey },
    agenda: agenda.map(({ id, kind, title, config }) => ({ id, kind, title, config })),
    session: { sessionId: s.sessionId, facilitatorKey: s.facilitatorKey },
  };
}

/** Add an activity at the end of the agenda (Kring) and return its id; the baseline gets `standIn`. */
export async function addActivity(
  f: Socket,
  target: TargetName,
  activity: { kind: string; title: string; config: Record<string, unknown> },
  standIn: string,
): Promise<string> {
  if (target === 'baseline') return standIn;
  let id: string | undefined;
  const hook = (fr: { events?: { type: string; activity?: { id: string; title: string } }[] }) => {
    for (const ev of fr.events ?? []) if (ev.type === 'agenda.added' && ev.activity?.title === activity.title) id = ev.activity.id;
  };
  f.on('frame', hook);
  try {
    await command(f, 'agenda.add', { activity });
    if (!(await until(() => id !== undefined, 10_000))) throw new Error(`the console did not see ${activity.title} added`);
    return id!;
  } finally {
    f.off('frame', hook);
  }
}

/** A wall everyone sees at once (no private-until-reveal), `perPerson` post-its each. */
export const wall = (title: string, perPerson: number) => ({
  kind: 'brainstorm',
  title,
  config: {
    prompt: 'Wat wil je meenemen?',
    columns: [],
    maxPerPerson: perPerson,
    maxLength: 200,
    allowNames: false,
    privateUntilReveal: false,
  },
});

/** A dot vote on a wall's post-its or clusters. */
export const vote = (title: string, sourceId: string, unit: 'items' | 'clusters', budget: number) => ({
  kind: 'dotvote',
  title,
  config: { prompt: 'Waar eerst aan werken?', sourceId, unit, items: [], budget, stacking: true, capPerItem: null },
});
