/**
 * The wire tests against a cluster (issue 14; test/SPEC.md R-CLUSTER-WIRE): the same test
 * files that check what each socket receives from one process, run here with every test
 * server being three Kring nodes on one data folder and a real Redis, each test socket
 * connecting to the next node in turn (test/helpers/cluster-mode.ts). A session is run by
 * the node that got its first hello; the other nodes' sockets are served through it, and
 * every audience must receive exactly what it receives from one process: the same
 * projections, the same privacy.
 * privacy.test.ts's erasure and deletion too: the organiser's request reaches one node,
 * which has every node unload the room first (rooms.exclusive).
 */
import { afterAll } from 'vitest';
import { startRedis } from '../helpers/redis.ts';

const redis = await startRedis();
process.env.KRING_TEST_REDIS_URL = redis.url;
afterAll(async () => {
  delete process.env.KRING_TEST_REDIS_URL;
  await redis.stop();
});

await import('./checkin-privacy.test.ts');
await import('./privacy.test.ts');
await import('./own-frames.test.ts');
await import('./brainstorm.test.ts');
await import('./dotvote.test.ts');
await import('./deepdemocracy.test.ts');
await import('./groupwork.test.ts');
