/**
 * The connection through Svelte context: the view that opens it calls `setConnection`
 * (`connectView` does so itself), and any component below reads it with `getConnection()`
 * instead of taking `conn` (and `view`: it is `conn.view`) as props through every layer.
 */
import { getContext, hasContext, setContext } from 'svelte';
import type { Connection } from '../connection.svelte.ts';

const KEY = Symbol('kring.connection');

/** Provide `conn` to this component's children (call during component initialisation). */
export function setConnection(conn: Connection): Connection {
  setContext(KEY, conn);
  return conn;
}

/** The connection a view above provided (call during component initialisation). */
export function getConnection(): Connection {
  const conn = hasContext(KEY) ? getContext<Connection>(KEY) : undefined;
  if (!conn) throw new Error('no connection here: the view must call connectView() or setConnection() first');
  return conn;
}
