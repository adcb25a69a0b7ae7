// `npm run dev`: the Vite dev server (hot reload, http://localhost:5173) and the API server
// on port 3001 (restarted on change); Vite proxies /api and /socket.io to it.
import { spawn } from 'node:child_process';

const port = process.env.KRING_DEV_SERVER_PORT ?? '3001';
const procs = [
  spawn('npx', ['tsx', 'watch', 'server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: port, HOST: '127.0.0.1', KRING_CLIENT_DIR: 'client-not-served-in-dev' },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, KRING_DEV_SERVER_PORT: port } }),
];
const stop = () => procs.forEach((p) => p.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const p of procs)
  p.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
