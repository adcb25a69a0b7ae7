/**
 * What both PostgreSQL files share: the server's store (pg-worker.ts, behind PgStore) and
 * the asynchronous storage contract's engine (store-pg.ts). The statements and the
 * transaction helper live here once.
 */
import pg from 'pg';

/** The database's clock in ms: every node's lease is timed by the same clock. */
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/**
 * Take or renew a lease in one statement ($4: a holder known to be gone, or null). The row
 * lock it takes waits for a commit that holds the row FOR SHARE (the fencing check), so a
 * takeover comes after that commit.
 */
export const ACQUIRE = `INSERT INTO room_leases AS l (session_id, owner, epoch, expires_at) VALUES ($1, $2, 1, ${NOW_MS} + $3)
  ON CONFLICT (session_id) DO UPDATE SET
    owner = excluded.owner,
    epoch = CASE WHEN l.owner = excluded.owner AND l.expires_at > 0 THEN l.epoch ELSE l.epoch + 1 END,
    expires_at = excluded.expires_at
  WHERE l.owner = excluded.owner OR l.expires_at <= ${NOW_MS} OR l.owner = $4
  RETURNING epoch, expires_at`;
export const INSERT_EVENTS = `INSERT INTO events (session_id, seq, type, data, v)
  SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::integer[])`;
export const INSERT_COMMANDS = `INSERT INTO commands (session_id, command_key, seq)
  SELECT * FROM unnest($1::text[], $2::text[], $3::integer[])`;
export const INSERT_TOKENS = `INSERT INTO participant_tokens (token_hash, session_id, participant_id)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`;

/**
 * Run `fn` inside BEGIN … COMMIT on one client of `pool`; roll back and reject if anything
 * fails. A client whose connection failed is closed rather than reused.
 */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await client.query(begin);
    try {
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch((err: Error) => (broken = err));
      throw e;
    }
  } catch (e) {
    // An SQL error leaves the connection usable; anything else (a socket error) may not.
    broken ??= e instanceof pg.DatabaseError ? undefined : (e as Error);
    throw e;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
