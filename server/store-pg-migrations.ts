/**
 * PostgreSQL schema: numbered migrations, each run once, in order, in its own transaction,
 * recorded in `kring_migrations`. Several nodes may start at once: each migration takes a
 * transaction-level advisory lock first and looks again whether it has run, so exactly one
 * node applies it and the others wait for it and skip it.
 *
 * The layout follows server/store.ts's SQLite migrations (same tables, same keys): events
 * keep their exact serialisation as text (what was acknowledged is what is replayed), with
 * the version of the event shapes in `v` (R-EVENT-VERSION); the primary keys on (session,
 * seq) and (session, command key) are what make a second writer's batch fail.
 */
import type { Pool } from 'pg';

/** Migrations: index + 1 is the version. Append only; never edit one that has shipped. */
export const PG_MIGRATIONS: string[] = [
  /* 1 */ `
  CREATE TABLE sessions (
    id text PRIMARY KEY,
    code text NOT NULL UNIQUE,
    title text NOT NULL,
    lang text NOT NULL,
    facilitator_key_hash text NOT NULL,
    board_key_hash text NOT NULL,
    created_at bigint NOT NULL,
    report_key_hash text,
    continues text
  );
  CREATE TABLE events (
    session_id text NOT NULL,
    seq integer NOT NULL,
    type text NOT NULL,
    data text NOT NULL,
    v integer NOT NULL,
    PRIMARY KEY (session_id, seq)
  );
  CREATE INDEX events_type ON events (session_id, type);
  CREATE TABLE commands (
    session_id text NOT NULL,
    command_key text NOT NULL,
    seq integer NOT NULL,
    PRIMARY KEY (session_id, command_key)
  );
  CREATE TABLE snapshots (
    session_id text PRIMARY KEY,
    seq integer NOT NULL,
    state text NOT NULL,
    v integer NOT NULL
  );
  CREATE TABLE participant_tokens (
    token_hash text PRIMARY KEY,
    session_id text NOT NULL,
    participant_id text NOT NULL
  );
  CREATE INDEX participant_tokens_session ON participant_tokens (session_id);
  `,
  /* 2: rooms' leases (issue 14): the node that runs a room, and the epoch that fences it. */ `
  CREATE TABLE room_leases (
    session_id text PRIMARY KEY,
    owner text NOT NULL,
    epoch integer NOT NULL,
    expires_at bigint NOT NULL
  );
  `,
  /*
   * 3: what the server keeps besides the log: settings, images (info cards, photos; with
   * their session), and the sessions' pseudonym keys (R-DD-PSEUDONYM; on SQLite these are
   * files beside the database, here a table every node reads: deleted with the session).
   */ `
  CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE images (
    session_id text NOT NULL,
    id text NOT NULL,
    mime text NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    data bytea NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (session_id, id)
  );
  CREATE TABLE pseudonym_keys (session_id text PRIMARY KEY, key bytea NOT NULL);
  `,
];

/** Any constant shared by every Kring node: the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x6b72696e; // 'krin'

/** Bring the database up to the newest migration; returns the version it is at. */
export async function migrate(pool: Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  let failed: unknown;
  // A checked-out client has no listener of the pool's: a dropped connection must not end the process.
  const onError = (err: Error) => (failed = err);
  client.on('error', onError);
  try {
    const step = async (body: () => Promise<void>) => {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await body();
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    };
    await step(async () => {
      await client.query(`CREATE TABLE IF NOT EXISTS kring_migrations (
        version integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
    for (let i = 0; i < migrations.length; i++) {
      const version = i + 1;
      await step(async () => {
        const done = await client.query('SELECT 1 FROM kring_migrations WHERE version = $1', [version]);
        if (done.rowCount) return;
        await client.query(migrations[i]);
        await client.query('INSERT INTO kring_migrations (version) VALUES ($1)', [version]);
      });
    }
    const top = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM kring_migrations');
    const at = top.rows[0].v ?? 0;
    if (at > migrations.length) throw new Error(`the database is at schema version ${at}, newer than this release (${migrations.length})`);
    return at;
  } catch (e) {
    failed = e;
    throw e;
  } finally {
    client.off('error', onError);
    client.release(failed instanceof Error ? failed : undefined);
  }
}
