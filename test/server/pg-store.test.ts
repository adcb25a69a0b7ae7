/**
 * The server's store on PostgreSQL (issue 14; test/SPEC.md R-STORE-PG-SERVER, R-LEASE-FENCE):
 * PgStore's group commit is one statement per tick; a write whose room's lease moved on is
 * left out of it (FencedError, nothing of that room stored) while the others in the same
 * batch are stored; a batch that repeats a seq or a command key stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/model.ts';
import { FencedError } from '../../server/storage.ts';
import { PgStore } from '../../server/store-pg-sync.ts';
import type { LaterWrite } from '../../server/store.ts';
import { startPostgres, type Postgres } from '../helpers/postgres.ts';
import { freshDatabase } from '../helpers/server.ts';

let postgres: Postgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

const row = (id: string) => ({
  id,
  code: `C${id}`,
  title: id,
  lang: 'nl',
  facilitator_key_hash: 'f',
  board_key_hash: 'b',
  created_at: Date.now(),
});
const ev = (seq: number): StoredEvent => ({ type: 'session.peak', count: seq, seq, at: Date.now() }) as StoredEvent;
const write = (sessionId: string, seq: number, key?: string): LaterWrite => ({
  sessionId,
  events: [ev(seq)],
  json: [JSON.stringify(ev(seq))],
  extras: key ? { command: { key, seq } } : {},
});
/** Queue writes for one group commit and wait for every answer. */
function commit(store: PgStore, writes: [LaterWrite, { sessionId: string; epoch: number } | undefined][]) {
  const answers = writes.map(([w, fence]) => new Promise<unknown>((resolve) => store.later(w, resolve, fence)));
  store.commitPending();
  return Promise.all(answers);
}

describe('PgStore', () => {
  it('R-LEASE-FENCE, R-GROUP-COMMIT: a write of a room whose lease moved on is refused in the batch; the other room of the batch is stored; repeats store nothing', async () => {
    const store = new PgStore(await freshDatabase(postgres.url));
    try {
      store.createSession(row('a'), [ev(1)]);
      store.createSession(row('b'), [ev(1)]);
      const oldA = store.acquireLease('a', 'node-1', 60_000)!;
      const leaseB = store.acquireLease('b', 'node-1', 60_000)!;
      // node-2 takes room a over (node-1 is known to be gone).
      const newA = store.acquireLease('a', 'node-2', 60_000, (holder) => holder === 'node-1')!;
      expect(newA.epoch).toBe(oldA.epoch + 1);

      const [a, b] = await commit(store, [
        [write('a', 2, 'p:1'), { sessionId: 'a', epoch: oldA.epoch }],
        [write('b', 2, 'p:1'), { sessionId: 'b', epoch: leaseB.epoch }],
      ]);
      expect(a).toBeInstanceOf(FencedError);
      expect(b).toBeUndefined();
      expect(store.eventsAfter('a', 0).map((e) => e.seq)).toEqual([1]);
      expect(store.eventsAfter('b', 0).map((e) => e.seq)).toEqual([1, 2]);
      expect(store.commandKeys('b')).toEqual(new Map([['p:1', 2]]));

      // The new holder writes with its epoch.
      expect(await commit(store, [[write('a', 2, 'p:1'), { sessionId: 'a', epoch: newA.epoch }]])).toEqual([undefined]);
      expect(store.eventsAfter('a', 0).map((e) => e.seq)).toEqual([1, 2]);

      // A batch that repeats a command key (or a seq) stores nothing of itself: every write gets the error.
      const [x, y] = await commit(store, [
        [write('b', 3, 'p:2'), { sessionId: 'b', epoch: leaseB.epoch }],
        [write('b', 4, 'p:1'), { sessionId: 'b', epoch: leaseB.epoch }],
      ]);
      expect(x).toBeInstanceOf(Error);
      expect(y).toBe(x);
      expect(store.eventsAfter('b', 0).map((e) => e.seq)).toEqual([1, 2]);
    } finally {
      store.close();
    }
  }, 60_000);
});
