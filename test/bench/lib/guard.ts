/**
 * Runs a server script in this same process (so the pid we measure is the server's),
 * after arming two watchdogs: exit when the bench process goes away (our stdin pipe
 * closes, even if the bench was SIGKILLed) and exit after a hard lifetime. The servers
 * themselves are not changed for the bench.
 *
 * With KRING_WORKERS the primary forks this same command line for each worker, and a
 * worker inherits the primary's stdin: it must not read it (it would take lines the bench
 * meant for the primary, see loop-probe.ts). A worker ends with its primary instead (Node's
 * cluster exits a worker whose IPC channel closes), and after the same hard lifetime.
 *
 * Usage: node --import tsx test/bench/lib/guard.ts <script.ts>   (BENCH_SERVER_MAX_MS)
 */
import cluster from 'node:cluster';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const script = process.argv[2];
if (!script) {
  console.error('guard: no script given');
  process.exit(2);
}
if (!cluster.isWorker) {
  process.stdin.on('data', () => {}); // only the end matters
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
}
setTimeout(() => process.exit(3), Number(process.env.BENCH_SERVER_MAX_MS ?? 15 * 60_000)).unref();

await import(pathToFileURL(path.resolve(script)).href);
