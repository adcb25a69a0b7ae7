/**
 * Rooms for wire tests on real sockets, on the servers and peers of the test file's
 * `lifecycle()` (closed after each test):
 *   const { serve, track } = lifecycle();
 *   const { room, learningNetwork } = rooms({ serve, track });
 */
import type { CreatedSession } from '../../shared/protocol.ts';
import { board, createSession, facilitator, participant, type Peer } from './client.ts';
import { createFromTemplate } from './play.ts';
import type { lifecycle } from './server.ts';

export function rooms({ serve, track }: ReturnType<typeof lifecycle>) {
  return {
    /** An empty session: the console, the board and `n` phones named Persoon0, Persoon1, … */
    async room(n: number) {
      const server = await serve();
      const s: CreatedSession = await createSession(server.url);
      const f = track(await facilitator(server.url, s));
      const b = track(await board(server.url, s));
      const phones: Peer[] = [];
      for (let i = 0; i < n; i++) phones.push(track(await participant(server.url, s, { name: `Persoon${i}` })));
      const pids = phones.map((p) => (p.hello as { participantId: string }).participantId);
      return { server, s, f, b, phones, pids };
    },

    /** The learning-network template: the console, the board and 4 phones named Deelnemer Naam0, … */
    async learningNetwork() {
      const server = await serve();
      const s = await createFromTemplate(server.url, 'Lerend netwerk');
      const f = track(await facilitator(server.url, s));
      const b = track(await board(server.url, s));
      const phones: Peer[] = [];
      for (let i = 0; i < 4; i++) phones.push(track(await participant(server.url, s, { name: `Deelnemer Naam${i}` })));
      const ids = f.view!.agenda.map((a) => a.id);
      return { server, s, f, b, phones, ids, pids: phones.map((p) => (p.hello as { participantId: string }).participantId) };
    },
  };
}

/** Run a command and insist it is accepted. */
export const ok = async (p: Peer, type: string, payload: Record<string, unknown>) => {
  const ack = await p.cmd(type, payload);
  if (!ack.ok) throw new Error(`${type}: ${JSON.stringify(ack)}`);
  return ack;
};
