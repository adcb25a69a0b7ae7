/**
 * A Redis for the cluster set-up of a scenario (issue 14): Debian's `redis-server` on
 * 127.0.0.1 with a free port and nothing persisted (the log is in SQLite; Redis only
 * carries the nodes' messages), as test/helpers/redis.ts starts one for the tests. It is a
 * tracked child (children.ts): a failure, a timeout or Ctrl-C of the bench ends it too.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './clock.ts';
import { stopChild, track } from './children.ts';
import { cpuMs, rssMiB } from './proc.ts';
import { freePort } from './server.ts';

export interface BenchRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  pid: number;
  cpuMs(): number;
  rssMiB(): number;
  stop(): Promise<void>;
}

function findRedis(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/sbin'])) {
    const bin = path.join(dir, 'redis-server');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error('redis-server was not found. Install it: `apt-get install -y redis-server`.');
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export async function startRedis(): Promise<BenchRedis> {
  const bin = findRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-bench-redis-'));
  const port = await freePort();
  const child = track(
    spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    await stopChild(child, 3000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Bounded: 10 s.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`redis-server exited (${child.exitCode}): ${out}`);
    }
    if (await accepts(port)) break;
    if (i >= 400) {
      await stop();
      throw new Error(`redis-server did not listen on ${port}: ${out}`);
    }
    await sleep(25);
  }
  const pid = child.pid!;
  return { url: `redis://127.0.0.1:${port}`, pid, cpuMs: () => cpuMs(pid), rssMiB: () => rssMiB(pid), stop };
}
