/**
 * What only PostgreSQL has to prove beyond the storage contract: a resolved commit survives
 * a crash of the server; a second writer of a seq waits for the first and fails only if it
 * commits; nodes starting at once migrate an empty database once.
 * SPEC: R-DURABLE, R-STORE-PG-RACE, R-STORE-PG-MIGRATE.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../server/storage.ts';
import { PgStorage } from '../../server/store-pg.ts';
import { PG_MIGRATIONS } from '../../server/store-pg-migrations.ts';
import type { Postgres } from '../helpers/postgres.ts';
import { created, postgresEngine, write, type Engine } from '../helpers/storage-engines.ts';

/** How many of Kring's connections wait for a lock, once any does (bounded wait, 10 s). */
async function waitingOnLocks(probe: pg.Client): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const r = await probe.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'kring' AND wait_event_type = 'Lock'`);
    const n = Number(r.rows[0].n);
    if (n) return n;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return 0;
}

describe('PostgreSQL storage', () => {
  let engine: Engine;
  let store: Storage;
  let server: Postgres;
  beforeAll(async () => {
    engine = await postgresEngine();
    server = engine.server!;
    store = await engine.open();
  });
  afterAll(async () => {
    await store?.close();
    await engine?.teardown();
  });

  it('R-DURABLE: a resolved commit survives a server crash and restart', async () => {
    const a = await created(store);
    await store.commit([write(a.row.id, [2, 3], { command: { key: 'before-crash', seq: 3 } })]);
    const before = await store.loadRoom(a.row.id);
    await server.stopServer('immediate'); // no shutdown checkpoint: the WAL is replayed
    await server.startServer();
    const fresh = await engine.open();
    try {
      expect(await fresh.loadRoom(a.row.id)).toEqual(before);
    } finally {
      await fresh.close();
    }
    // The old storage's connections died with the server; it recovers on its own (a commit
    // on a dead connection rejects: nothing of it is stored, so retrying it is safe).
    let ok = false;
    for (let i = 0; i < 5 && !ok; i++)
      ok = await store.commit([write(a.row.id, [4])]).then(
        () => true,
        () => false,
      );
    expect(ok).toBe(true);
    expect((await store.loadRoom(a.row.id)).events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('R-STORE-PG-RACE: a second writer of a seq waits for the first one and fails only if it commits', async () => {
    const a = await created(store);
    const probe = new pg.Client({ connectionString: server.url });
    await probe.connect();
    try {
      for (const [seq, end] of [
        [2, 'COMMIT'],
        [3, 'ROLLBACK'],
      ] as const) {
        const first = new pg.Client({ connectionString: server.url, application_name: 'first-writer' });
        first.on('error', () => undefined); // when this test fails half-way, the server's stop ends it
        await first.connect();
        await first.query('BEGIN');
        const data = JSON.stringify({ seq, at: 0, type: 'test.first' });
        await first.query('INSERT INTO events (session_id, seq, type, data, v) VALUES ($1, $2, $3, $4, 1)', [
          a.row.id,
          seq,
          'test.first',
          data,
        ]);
        const second = store.commit([write(a.row.id, [seq], { command: { key: `second-${seq}`, seq } })]).then(
          () => 'stored',
          (e: { code?: string }) => e.code,
        );
        // Bounded wait until the second writer's INSERT is blocked on the first one's row.
        expect(await waitingOnLocks(probe), 'the second writer waits for the first').toBe(1);
        await first.query(end);
        await first.end();
        expect(await second).toBe(end === 'COMMIT' ? '23505' : 'stored');
        const load = await store.loadRoom(a.row.id);
        expect(load.events.find((e) => e.seq === seq)?.type).toBe(end === 'COMMIT' ? 'test.first' : 'test.noted');
        expect(load.commands.has(`second-${seq}`)).toBe(end === 'ROLLBACK');
      }
    } finally {
      await probe.end();
    }
  });

  it('R-LEASE-FENCE: a takeover waits for a commit in flight, so the new holder reads what the old one stored', async () => {
    const a = await created(store);
    const old = (await store.acquireLease(a.row.id, 'node-1', 60_000))!;
    await store.releaseLease(a.row.id, 'node-1', old.epoch); // node-1 is taken to have lost it
    const takeover = await engine.open();
    const probe = new pg.Client({ connectionString: server.url });
    await probe.connect();
    // node-1's commit is in flight: its transaction holds the lease row FOR SHARE (as
    // commit() does) and has written its event, but has not committed yet.
    const inFlight = new pg.Client({ connectionString: server.url, application_name: 'old-owner' });
    inFlight.on('error', () => undefined);
    await inFlight.connect();
    try {
      await inFlight.query('BEGIN');
      const held = await inFlight.query('SELECT epoch FROM room_leases WHERE session_id = $1 FOR SHARE', [a.row.id]);
      expect(held.rows[0].epoch).toBe(old.epoch);
      const data = JSON.stringify({ seq: 2, at: 0, type: 'test.old-owner' });
      await inFlight.query('INSERT INTO events (session_id, seq, type, data, v) VALUES ($1, 2, $2, $3, 1)', [
        a.row.id,
        'test.old-owner',
        data,
      ]);

      let acquired = false;
      const next = takeover.acquireLease(a.row.id, 'node-2', 60_000).then((l) => {
        acquired = true;
        return l;
      });
      // Bounded wait until the takeover is blocked on the lease row.
      expect(await waitingOnLocks(probe), 'the takeover waits for the commit in flight').toBe(1);
      expect(acquired).toBe(false);
      await inFlight.query('COMMIT');
      const lease = await next;
      expect(lease).toMatchObject({ owner: 'node-2', epoch: old.epoch + 1 });
      // What the new holder loads has the old holder's last write.
      expect((await takeover.loadRoom(a.row.id)).events.at(-1)).toMatchObject({ seq: 2, type: 'test.old-owner' });
      // And from now on the old epoch is refused.
      await expect(store.commit([write(a.row.id, [3], { epoch: old.epoch })])).rejects.toThrow(/lease/);
    } finally {
      await inFlight.end().catch(() => undefined);
      await probe.end();
      await takeover.close();
    }
  });

  it('R-STORE-PG-MIGRATE: three nodes starting at once on an empty database migrate it once', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE fresh_nodes');
    await admin.end();
    const url = server.url.replace(/\/kring$/, '/fresh_nodes');
    const opened = await Promise.allSettled([1, 2, 3].map(() => PgStorage.open(url)));
    const nodes = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    try {
      expect(opened.filter((o) => o.status === 'rejected')).toEqual([]);
      const r = await nodes[0].pool.query<{ version: number }>('SELECT version FROM kring_migrations ORDER BY version');
      expect(r.rows.map((x) => x.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      const { row } = await created(nodes[1]);
      expect(await nodes[2].sessionByCode(row.code)).toEqual(row);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });
});
