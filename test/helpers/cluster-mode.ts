/**
 * The wire tests against a cluster (issue 14, R-CLUSTER-WIRE): with KRING_TEST_REDIS_URL
 * set, every test server (test/helpers/server.ts) is three Kring nodes on one store and that
 * Redis, and every test socket (test/helpers/client.ts) connects to the next node in turn.
 * A session is then run by whichever node got its first hello, and the other sockets are
 * served through it: what each socket receives must be what it receives from one process.
 * HTTP requests go to the first node.
 */
export const clusterNodes = new Map<string, string[]>();
let next = 0;

/** Where a socket for `url` connects: `url` itself, or the next node of its cluster. */
export function socketUrl(url: string): string {
  const nodes = clusterNodes.get(url);
  return nodes ? nodes[next++ % nodes.length] : url;
}
