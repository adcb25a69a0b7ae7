/**
 * A real Redis for one test file (issue 14): `redis-server` from Debian's package on
 * 127.0.0.1 with a free port, nothing persisted (the cluster keeps nothing there that must
 * survive: PostgreSQL or SQLite holds the log), stopped when the file ends or the process
 * exits. It can be stopped and started again on the same port, as a restart in a venue.
 *
 * No Redis on the machine is an error, not a skip: CI (.ci/run) installs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './postgres.ts';

export interface Redis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Stop the server at once (SIGKILL: a crash). */
  stopServer(): Promise<void>;
  /** Start it again on the same port (empty). */
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

function findRedis(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/sbin'])) {
    const bin = path.join(dir, 'redis-server');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error('redis-server was not found. Install it: `apt-get install -y redis-server` (.ci/run does).');
}

/** Resolves once something accepts connections on the port (bounded). */
async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not listen on ${port}: ${log()}`);
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export async function startRedis(): Promise<Redis> {
  const bin = findRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let out = '';
  const start = async () => {
    out = '';
    const c = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = c;
    children.add(c);
    c.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    c.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    c.once('exit', () => children.delete(c));
    await listening(port, c, () => out);
  };
  const stopServer = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stopServer,
    startServer: start,
    stop: async () => {
      await stopServer();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
