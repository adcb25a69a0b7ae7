/** A real Kring server on port 0 with a real SQLite file in a temp folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { configFromEnv, type Config } from '../../server/config.ts';
import { clusterNodes } from './cluster-mode.ts';

export interface TestServer {
  url: string;
  dataDir: string;
  logs: string[];
  app: Awaited<ReturnType<typeof buildApp>>;
  close(): Promise<void>;
}

export async function startServer(opts: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kring-test-'));
  const logs: string[] = [];
  const config: Config = {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    // KRING_CLIENT_DIR: a client built elsewhere (`npx vite build --outDir /tmp/x`), so
    // that several people can run browser tests beside one another.
    clientDir: path.resolve(process.env.KRING_CLIENT_DIR ?? 'dist'),
    // Load shedding is tested on its own (R-PRESSURE): elsewhere a test machine that is
    // busy (two suites on two cores) must not turn requests into 503s.
    maxEventLoopDelayMs: 0,
    ...opts,
    dataDir,
  };
  // KRING_TEST_PG_URL (a PostgreSQL the tests may create databases in): every server of the
  // run stores in a fresh database there, to run the suite against the PostgreSQL engine.
  // A server started again on the same data folder finds the same database.
  if (process.env.KRING_TEST_PG_URL && !opts.databaseUrl) {
    config.databaseUrl = databases.get(dataDir) ?? (await freshDatabase(process.env.KRING_TEST_PG_URL));
    databases.set(dataDir, config.databaseUrl);
  }
  const start = async (c: Config) => {
    const built = await buildApp(c, { logStream: { write: (l) => void logs.push(l) } });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = built.app.server.address() as { port: number };
    return { built, url: `http://127.0.0.1:${port}` };
  };
  // KRING_TEST_REDIS_URL: three nodes on one store and that Redis (cluster-mode.ts).
  const redisUrl = opts.redisUrl ?? process.env.KRING_TEST_REDIS_URL;
  const cluster = !opts.redisUrl && !!process.env.KRING_TEST_REDIS_URL;
  const first = await start(redisUrl ? { ...config, redisUrl } : config);
  const others = cluster ? [await start({ ...config, redisUrl }), await start({ ...config, redisUrl })] : [];
  if (cluster) clusterNodes.set(first.url, [first.url, ...others.map((o) => o.url)]);
  let closing: Promise<void> | undefined;
  return {
    url: first.url,
    dataDir,
    logs,
    app: first.built,
    close: () =>
      (closing ??= (async () => {
        clusterNodes.delete(first.url);
        for (const o of others) await o.built.app.close();
        await first.built.app.close();
      })()),
  };
}

const databases = new Map<string, string>();

/** A new, empty database on the PostgreSQL at `adminUrl`; its URL. */
export async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `kring_${Math.random().toString(36).slice(2, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Servers and peers that a test file starts, closed after each test:
 * `const { serve, track } = lifecycle();` then `server = await serve()` and `track(peer)`.
 */
export function lifecycle() {
  const servers: TestServer[] = [];
  const peers: { close(): void }[] = [];
  afterEach(async () => {
    for (const p of peers.splice(0)) p.close();
    for (const s of servers.splice(0)) await s.close();
  });
  return {
    serve: async (opts: Partial<Config> = {}) => {
      const s = await startServer(opts);
      servers.push(s);
      return s;
    },
    track: <T extends { close(): void }>(p: T): T => (peers.push(p), p),
  };
}
