/**
 * A real PostgreSQL server for one test file (issue 14): a fresh cluster (initdb) in a temp
 * dir, on 127.0.0.1 with a free port and a unix socket in the same dir, fsync on, trust
 * auth, one database. PostgreSQL refuses to run as root: as root, initdb and the server run
 * as the `postgres` user (runuser), the temp dir owned by it.
 *
 * No PostgreSQL on the machine is an error, not a skip: CI (.ci/run) installs it from
 * Debian's packages, and a contract suite that silently skipped would prove nothing.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface Postgres {
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** The cluster's data directory. */
  dataDir: string;
  /** Stop the server (`immediate`: like a crash, no shutdown checkpoint; the WAL is replayed on start). */
  stopServer(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Start it again on the same data directory and port. */
  startServer(): Promise<void>;
  /** Stop the server and remove its directory. */
  stop(): Promise<void>;
}

/** Where initdb, pg_ctl and postgres are: `pg_config --bindir`, else the newest /usr/lib/postgresql/<ver>/bin. */
export function findPostgresBin(): string {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b)));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dir && has(dir)) return dir;
  } catch {
    // no pg_config on PATH: look in Debian's place
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => has(path.join(root, v, 'bin')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length) return path.join(root, versions[0], 'bin');
  throw new Error(
    'PostgreSQL was not found (no `pg_config --bindir` with initdb/pg_ctl/postgres, nothing in /usr/lib/postgresql/*/bin). ' +
      'Install it: `apt-get install -y postgresql` (.ci/run does).',
  );
}

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

/** Data dir -> a synchronous immediate stop, for servers still running when the process exits. */
const running = new Map<string, () => void>();
let exitHook = false;
/** A test file that dies before its afterAll must not leave servers behind. */
function stopAllOnExit() {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const stop of running.values()) {
      try {
        stop();
      } catch {
        // already stopped
      }
    }
  });
}

/** initdb + start a server; create `database`. */
export async function startPostgres(database = 'kring'): Promise<Postgres> {
  const bin = findPostgresBin();
  const root = process.getuid?.() === 0;
  // As root: `runuser -u postgres -- <cmd>`; else the command itself.
  const prefix = root ? ['runuser', '-u', 'postgres', '--'] : [];
  const argv = (cmd: string, args: string[]): [string, string[]] =>
    prefix.length ? [prefix[0], [...prefix.slice(1), path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
  const pgRun = (cmd: string, args: string[], cwd: string) => run(...argv(cmd, args), { cwd });
  stopAllOnExit();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-pg-'));
  const dataDir = path.join(dir, 'data');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const log = path.join(dir, 'server.log');
  const fail = (what: string, e: unknown): never => {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
    throw new Error(`PostgreSQL ${what} failed: ${(e as { stderr?: string }).stderr || String(e)}\n${tail}`);
  };

  // --no-sync only skips initdb's own flush of the fresh cluster; the server runs with fsync=on.
  await pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], dir).catch((e) =>
    fail('initdb', e),
  );

  let port = 0;
  const startServer = async () => {
    await pgRun('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '120', 'start'], dir).catch((e) => fail('start', e));
    running.set(dataDir, () =>
      execFileSync(...argv('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']), { cwd: dir, stdio: 'ignore' }),
    );
  };
  // A free port can be taken between asking and listening: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'fsync = on',
        'synchronous_commit = on',
        'full_page_writes = on',
        'max_connections = 40',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    );
    try {
      await startServer();
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }

  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }

  const stopServer = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '120', 'stop'], dir).catch((e) => fail('stop', e));
    running.delete(dataDir);
  };
  return {
    url,
    port,
    dataDir,
    stopServer,
    startServer,
    async stop() {
      if (running.has(dataDir)) await stopServer('fast');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
