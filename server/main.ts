/** Entry point: configuration from the environment, then listen. */
import fs from 'node:fs';
import path from 'node:path';
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

let built: Awaited<ReturnType<typeof buildApp>>;
try {
  built = await buildApp(config);
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

// A join storm (hundreds of phones opening the link at once) must not overflow the kernel's
// queue of waiting connections: Node's default is 511 (Linux caps it at net.core.somaxconn).
const address = await app.listen({ port: config.port, host: config.host, backlog: 4096 });
const port = (app.server.address() as { port: number }).port;
app.log.info({ port, dataDir: config.dataDir, url: config.publicUrl ?? `http://localhost:${port}` }, `Kring listening on ${address}`);
