/**
 * Entry point: configuration from the environment, then listen. With KRING_WORKERS=N (> 1)
 * this process is the primary: it listens on the port and hands each connection to one of
 * N worker processes (@socket.io/sticky: a Socket.IO connection's requests all reach the
 * worker that holds it), forks a new worker when one dies, and relays the workers'
 * messages to each other (@socket.io/cluster-adapter, unless REDIS_URL is set). Each
 * worker is a whole Kring on the same data; a session runs in one of them (its lease) and
 * the others forward to it (cluster.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setupPrimary } from '@socket.io/cluster-adapter';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { errorCode, isStorageError } from './write-health.ts';

// Settings may also live in a `.env` file beside package.json (e.g. the SMTP keys); the
// environment wins over it.
if (fs.existsSync('.env')) process.loadEnvFile('.env');
const config = configFromEnv();

/**
 * R-DISK: a data folder Kring cannot write to ends the start with one clear line (and
 * exit code 1), not a stack trace, and not a server that cannot save anything.
 */
function dataFolderProblem(dir: string): string | undefined {
  const probe = path.join(dir, `.kring-write-check-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return undefined;
  } catch (e) {
    return reason(e);
  }
}

function reason(e: unknown): string {
  const code = errorCode(e);
  const why: Record<string, string> = {
    EROFS: 'it is on a read-only file system',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'it does not exist and cannot be created',
    ENOTDIR: 'a part of its path is a file, not a folder',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
  };
  return why[code] ?? (code.startsWith('SQLITE_') ? `its database cannot be opened for writing (${code})` : code);
}

function fail(message: string): never {
  process.stderr.write(`Kring cannot start: ${message}\n`);
  process.exit(1);
}

const problem = dataFolderProblem(config.dataDir);
if (problem) fail(`the data folder ${config.dataDir} is not writable: ${problem}. Set KRING_DATA_DIR to a writable folder.`);

const workers = Math.floor(config.workers);
if (workers > 1 && cluster.isPrimary) await primary(workers);
else await serve(workers > 1);

/**
 * KRING_WORKERS: listen, hand connections to the workers, keep N of them running. A worker
 * gets connections only once it says it is ready: one that is still starting (the first
 * ones, or one started after another died) counts as full for sticky's least-connection
 * choice, and a connection that comes while no worker is ready waits here, not in a worker
 * that would drop it (a message with a socket that arrives before the worker listens is lost).
 */
async function primary(n: number) {
  const line = (level: number, fields: object, msg: string) =>
    process.stdout.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
  // The first bytes of each connection travel to its worker as a Buffer: advanced serialization.
  cluster.setupPrimary({ serialization: 'advanced' });
  // @socket.io/sticky reads each connection's first request from this server's connections
  // (it never listens itself: `listener` below gives it the connections it may hand on).
  const sticky = http.createServer();
  setupMaster(sticky, { loadBalancingMethod: 'least-connection' });
  if (!config.redisUrl) setupPrimary();

  type Counted = Worker & { clientsCount?: number };
  const ready = new Set<number>();
  const waiting = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    if (ready.size) return void sticky.emit('connection', socket);
    waiting.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => waiting.delete(socket));
  });
  let stopping = false;
  const fork = () => {
    const w = cluster.fork() as Counted;
    // Not ready yet: sticky picks the worker with the fewest connections, so this one never.
    w.clientsCount = Infinity;
    // Sticky hands a connection on after reading its first request. The primary must stop
    // reading it first: bytes that arrive before it closes its copy (the worker has answered
    // a WebSocket upgrade and the phone sent its first packet) would be read here and lost,
    // and that phone would wait forever (nodejs/node#8353).
    const send = w.send.bind(w) as (...args: unknown[]) => boolean;
    w.send = ((message: unknown, handle?: unknown, ...rest: unknown[]) => {
      if (handle instanceof net.Socket) (handle as net.Socket & { _handle?: { readStop(): number } | null })._handle?.readStop();
      return send(message, handle, ...rest);
    }) as typeof w.send;
  };
  let allReady: () => void;
  const started = new Promise<void>((resolve) => (allReady = resolve));
  cluster.on('message', (w: Counted, m: { type?: string } | null) => {
    if (m?.type !== 'kring:ready') return;
    w.clientsCount = 0;
    ready.add(w.id);
    for (const socket of waiting) sticky.emit('connection', socket);
    waiting.clear();
    if (ready.size === n) allReady();
  });
  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    if (stopping) return;
    line(50, { worker: worker.process.pid, code, signal }, 'a worker stopped; starting another');
    fork();
  });
  for (let i = 0; i < n; i++) fork();
  await started;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      line(30, { signal }, 'shutting down');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
      listener.close();
      for (const socket of waiting) socket.destroy();
      setTimeout(() => process.exit(0), 5000).unref();
      cluster.on('exit', () => {
        if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      });
    });
  }
  await new Promise<void>((resolve) => listener.listen({ port: config.port, host: config.host, backlog: 4096 }, resolve));
  const port = (listener.address() as net.AddressInfo).port;
  line(
    30,
    { port, workers: n, dataDir: config.dataDir, url: config.publicUrl ?? `http://localhost:${port}` },
    `Kring listening on port ${port} with ${n} workers`,
  );
}

async function serve(worker: boolean) {
  let built: Awaited<ReturnType<typeof buildApp>>;
  try {
    built = await buildApp(config, { worker });
  } catch (e) {
    if (!isStorageError(e)) throw e;
    fail(`the data folder ${config.dataDir} cannot be used: ${reason(e)}. Set KRING_DATA_DIR to a writable folder.`);
  }
  const { app } = built;

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }

  if (worker) {
    // The primary listens; connections come from it.
    await app.ready();
    setupWorker(built.io as never);
    process.send?.({ type: 'kring:ready' });
    app.log.info({ worker: process.pid }, 'Kring worker ready');
    return;
  }
  // A join storm (hundreds of phones opening the link at once) must not overflow the kernel's
  // queue of waiting connections: Node's default is 511 (Linux caps it at net.core.somaxconn).
  const address = await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  const port = (app.server.address() as { port: number }).port;
  app.log.info({ port, dataDir: config.dataDir, url: config.publicUrl ?? `http://localhost:${port}` }, `Kring listening on ${address}`);
}
