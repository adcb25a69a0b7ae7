/**
 * Start a server under test as its own Node process (so its CPU time and RSS are its
 * own), on a free 127.0.0.1 port, and wait until it answers GET /api/health.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { withTimeout, sleep } from './clock.ts';
import { stopChild, track } from './children.ts';
import { cpuMs, rssMiB } from './proc.ts';

export interface ServerHandle {
  name: string;
  pid: number;
  url: string;
  cpuMs(): number;
  rssMiB(): number;
  /** Log lines at level warn or above (pino JSON) or anything on stderr. */
  problems: string[];
  stop(): Promise<void>;
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
    spawn(process.execPath, ['--import', 'tsx', GUARD, spec.script], {
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
  lines(child.stdout!, (line) => {
    // pino levels: 40 warn, 50 error, 60 fatal. Non-JSON output is kept as is.
    try {
      const rec = JSON.parse(line) as { level?: number };
      if ((rec.level ?? 0) >= 40) remember(line);
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
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) remember(`${spec.name} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return {
    name: spec.name,
    pid,
    url,
    cpuMs: () => cpuMs(pid),
    rssMiB: () => rssMiB(pid),
    problems,
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
