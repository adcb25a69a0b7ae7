/**
 * KRING_WORKERS: a worker may be handed connections by the primary (@socket.io/sticky) while
 * it is still starting, e.g. one started after another died. Preloaded into each worker by
 * the primary (main.ts, `--import`), so that it listens before the server's modules load:
 * it keeps those messages (and the sockets they carry) until the worker can take them,
 * instead of letting them drop.
 */
import cluster from 'node:cluster';

const held: [unknown, unknown][] = [];
const hold = (message: unknown, handle: unknown) => void held.push([message, handle]);
if (cluster.isWorker) process.on('message', hold);

/** The worker is ready: hand it what came meanwhile, in order. */
export function releaseHeld() {
  process.off('message', hold);
  for (const [message, handle] of held.splice(0)) process.emit('message', message as never, handle as never);
}
