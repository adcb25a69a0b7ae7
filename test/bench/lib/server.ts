/**
 * Start a server under test as its own Node process (so its CPU time and RSS are its
 * own), on a free 127.0.0.1 port, and wait until it answers GET /api/health.
 */
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withTimeout, sleep } from './clock.ts';
import { stopChild, track } from './children.ts';
import { cpuMs, rssMiB } from './proc.ts';

export interface ServerHandle {
  name: string;
  pid: number;
  url: string;
  /** CPU time (ms) of the server; with KRING_WORKERS > 1, of the primary and its workers together. */
  cpuMs(): number;
  /** Resident memory (MiB) of the server; with KRING_WORKERS > 1, of the primary and its workers together. */
  rssMiB(): number;
  /** The pids measured: the server's, then (KRING_WORKERS > 1) its workers'. */
  pids(): number[];
  /** Log lines at level warn or above (pino JSON) or anything on stderr. */
  problems: string[];
  /** Start a new event-loop delay window in the server process (loop-probe.ts). */
  loopReset(): void;
  /** The server's event-loop delay (ms) since the last reset, measured inside it; NaN when it did not answer within 20 s. */
  loopReport(): Promise<LoopDelay>;
  stop(): Promise<void>;
}

/** Event-loop delay of a server process over a window (ms), from loop-probe.ts. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Samples (one per 5 ms of a free loop; fewer when the loop was busy). */
  count: number;
  /**
   * KRING_WORKERS > 1: each worker's own figures (the ones above are the primary's); NaN
   * when a worker did not answer within 15 s (its loop was blocked at least that long).
   */
  workers?: WorkerLoopDelay[];
}

export interface WorkerLoopDelay {
  pid: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

export interface ServerSpec {
  name: string;
  /** Script path relative to the repo root, run with `node --import tsx`. */
  script: string;
  env?: Record<string, string>;
  cwd: string;
  startTimeoutMs?: number;
  /** The server exits by itself after this long (ms), whatever happens to the bench. */
  maxLifetimeMs?: number;
}

const GUARD = fileURLToPath(new URL('./guard.ts', import.meta.url));
const PROBE = pathToFileURL(fileURLToPath(new URL('./loop-probe.ts', import.meta.url))).href;

/**
 * BENCH_CPU_PROF=<folder>: every server under test writes a V8 CPU profile there when it
 * exits (open it in Chrome DevTools); for finding a cause, not for figures (it slows the server).
 */
function cpuProf(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  // Node names the files (CPU.<date>.<pid>.<thread>…): the main thread's is the largest.
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * The worker processes a KRING_WORKERS primary forked (the same script; not helpers such as
 * esbuild's), by `ps --ppid`. Empty when there are none or `ps` fails.
 */
export function workerPids(pid: number, script: string): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(script))
      .map((l) => Number(l.trim().split(/\s+/)[0]))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when the process has no children
  }
}

/** Sum a /proc figure over processes; one that has just exited counts 0. */
function sumOver(pids: number[], f: (pid: number) => number): number {
  let total = 0;
  for (const p of pids) {
    try {
      total += f(p);
    } catch {
      // gone between listing and reading
    }
  }
  return total;
}

const asNumber = (x: unknown) => (typeof x === 'number' ? x : NaN);

/** Ask the OS for a free port. The tiny race until the server binds it is acceptable here. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(spec: ServerSpec): Promise<ServerHandle> {
  const port = await freePort();
  // `node --import tsx` (not the tsx CLI, which forks again) keeps the server in the pid
  // we measure; guard.ts ends it if the bench dies without stopping it.
  const child = track(
    spawn(process.execPath, [...cpuProf(), '--import', 'tsx', '--import', PROBE, GUARD, spec.script], {
      cwd: spec.cwd,
      env: {
        ...process.env,
        ...spec.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        BENCH_SERVER_MAX_MS: String(spec.maxLifetimeMs ?? 15 * 60_000),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const problems: string[] = [];
  const remember = (line: string) => {
    if (problems.length < 50) problems.push(line.slice(0, 500));
  };
  const loopWaiters = new Map<string, (d: LoopDelay) => void>();
  lines(child.stdout!, (line) => {
    // pino levels: 40 warn, 50 error, 60 fatal. Non-JSON output is kept as is.
    try {
      const rec = JSON.parse(line) as { level?: number; benchLoop?: LoopDelay & { id: string } };
      if (rec.benchLoop) {
        const { workers } = rec.benchLoop;
        // A worker that did not answer in time is `null` in the JSON: not measured.
        if (workers)
          rec.benchLoop.workers = workers.map((w) => ({
            pid: w.pid,
            p50: asNumber(w.p50),
            p99: asNumber(w.p99),
            max: asNumber(w.max),
            mean: asNumber(w.mean),
            count: asNumber(w.count),
          }));
        loopWaiters.get(rec.benchLoop.id)?.(rec.benchLoop);
        loopWaiters.delete(rec.benchLoop.id);
      } else if ((rec.level ?? 0) >= 40) remember(line);
    } catch {
      remember(line);
    }
  });
  lines(child.stderr!, remember);

  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`${spec.name} exited early (code ${code}, signal ${signal}): ${problems.slice(-5).join('\n')}`)),
    ),
  );
  exited.catch(() => {}); // only observed during start-up
  const healthy = (async () => {
    for (;;) {
      try {
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
  })();
  try {
    await withTimeout(Promise.race([healthy, exited]), spec.startTimeoutMs ?? 30_000, `${spec.name} to start`);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  const pid = child.pid!;
  // KRING_WORKERS > 1: the primary forks its workers (same command line, see guard.ts); what
  // the server costs is what all of them cost together.
  const withWorkers = Number({ ...process.env, ...spec.env }.KRING_WORKERS ?? 1) > 1;
  const pids = () => (withWorkers ? [pid, ...workerPids(pid, spec.script)] : [pid]);
  let loopAsks = 0;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) remember(`${spec.name} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return {
    name: spec.name,
    pid,
    url,
    cpuMs: () => (withWorkers ? sumOver(pids(), cpuMs) : cpuMs(pid)),
    rssMiB: () => (withWorkers ? sumOver(pids(), rssMiB) : rssMiB(pid)),
    pids,
    problems,
    loopReset: () => {
      child.stdin!.write('bench:loop:reset\n');
    },
    loopReport: () => {
      const id = String(++loopAsks);
      const answer = new Promise<LoopDelay>((resolve) => loopWaiters.set(id, resolve));
      child.stdin!.write(`bench:loop:report ${id}\n`);
      // A loop blocked for seconds answers late; a dead one never: bounded either way. No
      // answer within 20 s reads as "not measured" (NaN): the loop was blocked at least that long.
      return withTimeout(answer, 20_000, `${spec.name}'s event-loop report`)
        .catch(() => ({ p50: NaN, p99: NaN, max: NaN, mean: NaN, count: 0 }))
        .finally(() => loopWaiters.delete(id));
    },
    stop: () => {
      stopping = true;
      return stopChild(child, 5000);
    },
  };
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line) onLine(line);
    }
  });
}
