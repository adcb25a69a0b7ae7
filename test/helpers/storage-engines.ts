/**
 * The two storage engines for the contract suites (test/server/store-contract.test.ts,
 * test/server/store-pg.test.ts): a SQLite file in a temp dir and a real PostgreSQL started
 * for the file (test/helpers/postgres.ts), with raw SQL beside the contract, and the
 * sessions, events and writes the suites store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import pg from 'pg';
import type { StoredEvent } from '../../shared/model.ts';
import type { CommitWrite, SessionRecord, Storage } from '../../server/storage.ts';
import { PgStorage } from '../../server/store-pg.ts';
import { SqliteStorage } from '../../server/store-sqlite-adapter.ts';
import { startPostgres, type Postgres } from './postgres.ts';

export interface Engine {
  /** PostgreSQL only: the server, to stop and start it. */
  server?: Postgres;
  open(): Promise<Storage>;
  /** Raw SQL (`?` placeholders) beside the contract: to write what it cannot, and to count rows. */
  exec(sql: string, params: unknown[]): Promise<void>;
  count(table: string, sessionId: string): Promise<number>;
  teardown(): Promise<void>;
}

export const TABLES = ['events', 'commands', 'snapshots', 'participant_tokens', 'sessions'];
const keyCol = (table: string) => (table === 'sessions' ? 'id' : 'session_id');

export async function sqliteEngine(): Promise<Engine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-contract-'));
  SqliteStorage.open(dir).store.close(); // create and migrate the file before the raw connection
  const raw = new Database(path.join(dir, 'kring.db'));
  return {
    open: async () => SqliteStorage.open(dir),
    exec: async (sql, params) => void raw.prepare(sql).run(...params),
    count: async (t, id) => (raw.prepare(`SELECT count(*) AS n FROM ${t} WHERE ${keyCol(t)} = ?`).get(id) as { n: number }).n,
    teardown: async () => {
      raw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresEngine(): Promise<Engine> {
  const server = await startPostgres();
  await (await PgStorage.open(server.url)).close(); // migrated before the raw pool reads
  const raw = new pg.Pool({ connectionString: server.url, max: 2 });
  raw.on('error', () => undefined); // idle connections die when a test restarts the server
  const dollars = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    server,
    open: () => PgStorage.open(server.url),
    exec: async (sql, params) => void (await raw.query(dollars(sql), params)),
    count: async (t, id) => Number((await raw.query(`SELECT count(*) AS n FROM ${t} WHERE ${keyCol(t)} = $1`, [id])).rows[0].n),
    teardown: async () => {
      await raw.end();
      await server.stop();
    },
  };
}

export const session = (id = `s-${nanoid(8)}`): SessionRecord => ({
  id,
  code: nanoid(6).toUpperCase(),
  title: `Work session ${id}`,
  lang: 'nl',
  facilitatorKeyHash: `f-${id}`,
  boardKeyHash: `b-${id}`,
  createdAt: 1_700_000_000_000 + Math.floor(Math.random() * 1e9),
  continues: `before-${id}`,
  reportKeyHash: `r-${id}`,
});
/** An event with text that tests the serialisation: quotes, a non-BMP character, a line separator. */
export const ev = (seq: number, extra: Record<string, unknown> = {}): StoredEvent => ({
  seq,
  at: 1_700_000_000_000 + seq,
  type: 'test.noted',
  text: `“Zeg ‘${seq}’” \u2028 🌷 \\ "`,
  ...extra,
});
export const write = (sessionId: string, seqs: number[], more: Partial<CommitWrite> = {}, by = 'test'): CommitWrite => {
  const events = seqs.map((s) => ev(s, { sid: sessionId, by }));
  return { sessionId, events, json: events.map((e) => JSON.stringify(e)), ...more };
};
/** A session with events 1..n, created through the contract. */
export async function created(store: Storage, n = 1) {
  const row = session();
  const events = Array.from({ length: n }, (_, i) => ev(i + 1, { sid: row.id }));
  await store.createSession(row, events);
  return { row, events };
}
