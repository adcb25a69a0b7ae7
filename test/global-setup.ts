/** Build the client once before the tests when dist/ is missing or older than the sources. */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export default function setup() {
  if (process.env.KRING_SKIP_BUILD) return;
  const stamp = 'dist/index.html';
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(newest('client'), newest('shared'), fs.statSync('vite.config.ts').mtimeMs);
  // Vitest sets NODE_ENV=test, which would make Vite build the development variant (Svelte's
  // dev checks, bigger chunks): the browser tests must run what `npm start` serves.
  if (built < sources) execSync('npx vite build --logLevel warn', { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
