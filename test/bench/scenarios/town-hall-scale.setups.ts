/**
 * The three set-ups of the town hall on more cores (town-hall-scale.ts), each on fresh
 * processes and a fresh data folder: one Kring process; one Kring with KRING_WORKERS=2
 * (a primary on the port hands connections to two worker processes, @socket.io/sticky,
 * no Redis); three Kring nodes on one machine, each on its own port, sharing one data
 * folder and a Redis the bench starts (REDIS_URL).
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { addActivity, wall } from '../lib/agenda.ts';
import type { ScaleSetup } from '../lib/options.ts';
import pg from 'pg';
import { startPostgres, type Postgres } from '../../helpers/postgres.ts';
import { startRedis, type BenchRedis } from '../lib/redis.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import type { ServerHandle } from '../lib/server.ts';
import { kringRoom, startKring, tempDataDir, type Room } from '../lib/targets.ts';
import { command } from '../lib/watch.ts';
import { oneServer, type TownRoom, type TownSetup } from './town-hall.measure.ts';

/** Workers behind one port (KRING_WORKERS) and nodes in the cluster. */
export const WORKERS = 2;
export const NODES = 3;

/** The set-ups' names in the tables. */
export const SETUP_NAME: Record<ScaleSetup, string> = {
  single: 'one process',
  workers: `${WORKERS} workers`,
  cluster: `${NODES} nodes`,
  'cluster-pg': `${NODES} nodes, PostgreSQL`,
};

export function scaleSetup(which: ScaleSetup): TownSetup {
  if (which === 'single') {
    const one = oneServer('Kring');
    return {
      name: SETUP_NAME.single,
      open: async (ctx) => {
        const t = await one.open(ctx);
        return { ...t, owner: () => t.servers[0].name };
      },
    };
  }
  if (which === 'workers') return { name: SETUP_NAME.workers, open: (ctx) => openKrings(ctx, 'workers') };
  if (which === 'cluster-pg') return { name: SETUP_NAME['cluster-pg'], open: (ctx) => openKrings(ctx, 'cluster-pg') };
  return { name: SETUP_NAME.cluster, open: (ctx) => openKrings(ctx, 'cluster') };
}

/**
 * The pid in the lease of the session (`room_leases.owner` is host:pid:…), read from the
 * data folder (SQLite in WAL mode: a read-only reader beside the servers is safe).
 */
function leaseHolder(dataDir: string, sessionId: string): number | undefined {
  try {
    const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT owner FROM room_leases WHERE session_id = ?').get(sessionId) as { owner: string } | undefined;
      return row ? Number(row.owner.split(':')[1]) : undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined; // a schema this bench does not know: not shown
  }
}

/** The node (by its KRING_NODE_ID node-N) in the session's lease on PostgreSQL. */
async function pgLeaseHolder(url: string, sessionId: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ owner: string }>('SELECT owner FROM room_leases WHERE session_id = $1', [sessionId]);
    return r.rows[0]?.owner.replace('node-', 'node ');
  } finally {
    await c.end();
  }
}

/**
 * `workers`: one Kring with KRING_WORKERS on a fresh data folder; its primary's pid and its
 * workers' are measured together (server.ts).
 *
 * `cluster`: three nodes on one fresh data folder and one Redis. The session is made on
 * node 1 and its console says hello there first, so node 1 runs it (it takes the lease);
 * the board is on node 2; the phones go to nodes 1, 2, 3 in turn (the others forward
 * their hellos and commands to node 1, and the room's frames reach them through Redis).
 * CPU and RSS: the three nodes and Redis together.
 */
async function openKrings(ctx: ScenarioContext, which: 'workers' | 'cluster' | 'cluster-pg'): Promise<TownRoom> {
  const o = ctx.options;
  let redis: BenchRedis | undefined;
  let postgres: Postgres | undefined;
  const data = tempDataDir();
  const nodes: ServerHandle[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis?.stop();
    await postgres?.stop();
    data.cleanup();
  };
  let room: Room | undefined;
  try {
    const settings = { sqliteSync: o.sqliteSync, maxLifetimeMs: o.timeoutS * 1000 };
    if (which === 'workers') {
      nodes.push(await startKring(ctx.root, data.dir, { ...settings, env: { KRING_WORKERS: String(WORKERS) } }));
      // The primary listens only once every worker is ready: they are all there now.
      const workers = nodes[0].pids().length - 1;
      if (workers !== WORKERS) throw new Error(`KRING_WORKERS=${WORKERS}: the primary has ${workers} worker processes`);
    } else if (which === 'cluster-pg') {
      // As three machines: PostgreSQL (a fresh cluster, fsync on) and Redis shared; each node
      // its own data folder and name.
      redis = await startRedis();
      postgres = await startPostgres();
      for (let i = 1; i <= NODES; i++) {
        const env = { REDIS_URL: redis.url, DATABASE_URL: postgres.url, KRING_NODE_ID: `node-${i}` };
        nodes.push(await startKring(ctx.root, path.join(data.dir, `node-${i}`), { ...settings, env }, `node ${i}`));
      }
    } else {
      redis = await startRedis();
      const env = { REDIS_URL: redis.url };
      // One after the other: each node opens the shared folder once the previous one has.
      for (let i = 1; i <= NODES; i++) nodes.push(await startKring(ctx.root, data.dir, { ...settings, env }, `node ${i}`));
    }
    room = await kringRoom(nodes[0], undefined, stopAll);
    const wallId = await addActivity(room.facilitator, 'Kring', wall('Ideeën', 1), 'wall');
    const opened = await command(room.facilitator, 'agenda.goto', { activityId: wallId });
    const sessionId = room.session!.sessionId;
    const r = redis;
    // PostgreSQL: the lease names the node (KRING_NODE_ID node-N); read once, now.
    const pgOwner = postgres ? await pgLeaseHolder(postgres.url, sessionId) : undefined;
    const processes =
      which === 'workers'
        ? () => {
            // The primary, then its workers by pid (as the event-loop reports number them).
            const [primary, ...workers] = nodes[0].pids();
            return [
              { name: `${nodes[0].name} primary`, pid: primary },
              ...workers.sort((a, b) => a - b).map((pid, k) => ({ name: `${nodes[0].name} worker ${k + 1}`, pid })),
            ];
          }
        : () => [...nodes.map((n) => ({ name: n.name, pid: n.pid })), { name: 'Redis', pid: r!.pid }];
    return {
      room,
      wallId,
      openedSeq: opened.ack.seq!,
      servers: nodes,
      phoneUrls: nodes.map((n) => n.url),
      boardUrl: nodes[Math.min(1, nodes.length - 1)].url,
      processes,
      owner: () => {
        if (postgres) return pgOwner;
        const pid = leaseHolder(data.dir, sessionId);
        return processes().find((p) => p.pid === pid)?.name;
      },
    };
  } catch (e) {
    if (room) await room.close();
    else await stopAll();
    throw e;
  }
}
