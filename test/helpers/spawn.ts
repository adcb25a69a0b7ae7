/** Run the real server entry point (`server/main.ts`) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  output: string[];
}

export function spawnServer(env: Record<string, string>): Promise<ChildServer> {
  // Node itself with tsx's loader, not the `tsx` wrapper: the wrapper runs the server in a
  // grandchild, which a SIGKILL to the wrapper would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    // Load shedding off (it is tested on its own, R-PRESSURE): a busy test machine must not
    // turn requests into 503s.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KRING_MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), 20_000);
    child.stderr!.on('data', (d) => output.push(String(d)));
    child.stdout!.on('data', (d) => {
      output.push(String(d));
      const m = /"port":(\d+)/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, child, output });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output.join('')}`)));
  });
}

export function killed(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A port free on 127.0.0.1 now (a server restarted on it keeps its clients' address). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
