/**
 * The wire tests against a cluster on PostgreSQL (issue 14; test/SPEC.md R-CLUSTER-WIRE):
 * as cluster-wire.test.ts, with the three nodes of every test server storing in a fresh
 * PostgreSQL database (KRING_TEST_PG_URL) instead of one SQLite folder, as three machines
 * would. Only the socket-level suites: privacy.test.ts reads the SQLite file's bytes.
 */
import { afterAll } from 'vitest';
import { startPostgres } from '../helpers/postgres.ts';
import { startRedis } from '../helpers/redis.ts';

const redis = await startRedis();
const postgres = await startPostgres();
process.env.KRING_TEST_REDIS_URL = redis.url;
process.env.KRING_TEST_PG_URL = postgres.url;
afterAll(async () => {
  delete process.env.KRING_TEST_REDIS_URL;
  delete process.env.KRING_TEST_PG_URL;
  await redis.stop();
  await postgres.stop();
});

await import('./checkin-privacy.test.ts');
await import('./own-frames.test.ts');
await import('./brainstorm.test.ts');
await import('./dotvote.test.ts');
await import('./deepdemocracy.test.ts');
await import('./groupwork.test.ts');
