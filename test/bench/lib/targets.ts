/**
 * The two servers under test and how a room is set up on each, so that every scenario
 * drives Kring and the baseline through the same steps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import { withTimeout } from './clock.ts';
import { startServer, type ServerHandle } from './server.ts';

export type TargetName = 'baseline' | 'Kring';

export interface Room {
  server: ServerHandle;
  /** The console: a facilitator socket in the main process. */
  facilitator: Socket;
  /** What each phone sends as `hello`. */
  participantHello: Record<string, unknown>;
  /** What a board sends as `hello`. */
  boardHello: Record<string, unknown>;
  /** The house-rules card (Kring) or a stand-in id (baseline). */
  cardId: string;
  /** Kring: the agenda as the facilitator's hello snapshot had it. Empty for the baseline. */
  agenda: AgendaEntry[];
  /** Kring: the session and its facilitator key (for the report API). Kept in memory only. */
  session?: { sessionId: string; facilitatorKey: string };
  close(): Promise<void>;
}

export interface AgendaEntry {
  id: string;
  kind: string;
  title: string;
  config: Record<string, unknown>;
}

/** Data folders still in use: removed on exit too, e.g. when the time limit ends the bench. */
const dataDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export interface RoomOptions {
  sqliteSync: 'FULL' | 'NORMAL';
  /** Servers exit by themselves after this long (ms). */
  maxLifetimeMs: number;
  /** Kring: the agenda to start from (POST /api/sessions `template`); default the house-rules card. */
  template?: 'houseRules' | 'learningNetwork';
  /** Kring: more environment for the server (e.g. KRING_SOCKET_RATE). */
  env?: Record<string, string>;
}

export async function openRoom(target: TargetName, root: string, { sqliteSync, maxLifetimeMs, template, env }: RoomOptions): Promise<Room> {
  if (target === 'baseline') {
    const server = await startServer({ name: 'baseline', script: 'test/bench/baseline-server.ts', cwd: root, maxLifetimeMs });
    const { socket } = await connect(server.url, { v: 1, role: 'facilitator' }).catch(async (e) => {
      await server.stop();
      throw e;
    });
    return {
      server,
      facilitator: socket,
      participantHello: { v: 1, role: 'participant', code: 'BENCH0' },
      boardHello: { v: 1, role: 'board' },
      cardId: 'house-rules',
      agenda: [],
      close: async () => {
        socket.disconnect();
        await server.stop();
      },
    };
  }

  // A fresh data folder per run: no earlier sessions, no warm page cache of old rooms.
  const data = tempDataDir();
  let server: ServerHandle | undefined;
  try {
    server = await startKring(root, data.dir, { sqliteSync, maxLifetimeMs, env });
    return await kringRoom(server, template, async () => {
      await server!.stop();
      data.cleanup();
    });
  } catch (e) {
    await server?.stop();
    data.cleanup();
    throw e;
  }
}

/** A fresh, empty data folder, removed by `cleanup` (or when the bench exits). */
export function tempDataDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-bench-'));
  dataDirs.add(dir);
  return {
    dir,
    cleanup: () => {
      fs.rmSync(dir, { recursive: true, force: true });
      dataDirs.delete(dir);
    },
  };
}

/** One Kring process on `dataDir` (several may share one folder: issue 14), with the bench's settings. */
export function startKring(
  root: string,
  dataDir: string,
  { sqliteSync, maxLifetimeMs, env }: Omit<RoomOptions, 'template'>,
  name = 'Kring',
): Promise<ServerHandle> {
  return startServer({
    name,
    script: 'server/main.ts',
    cwd: root,
    maxLifetimeMs,
    env: {
      KRING_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KRING_SQLITE_SYNC: sqliteSync,
      // No static client: the bench only talks REST and Socket.IO.
      KRING_CLIENT_DIR: path.join(dataDir, 'no-client'),
      // A throwaway organiser password, so the server does not make one up and log it.
      KRING_ADMIN_PASSWORD: nanoid(24),
      // Every simulated phone comes from 127.0.0.1: lift the per-address caps (issue 11)
      // that a real room behind one address never reaches at these sizes.
      KRING_SOCKETS_PER_ADDRESS: '100000',
      KRING_JOINS_PER_MINUTE: '100000',
      KRING_MAX_PARTICIPANTS: '100000',
      ...env,
    },
  });
}

/**
 * A new session on a running Kring and its console (a facilitator socket on the same
 * server). `close` disconnects the console, then runs `stop` (the servers and their data).
 */
export async function kringRoom(server: ServerHandle, template: RoomOptions['template'], stop: () => Promise<void>): Promise<Room> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bench', lang: 'nl', ...(template ? { template } : {}) }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status} ${await res.text()}`);
  const s = (await res.json()) as { sessionId: string; code: string; facilitatorKey: string; boardKey: string };
  const { socket, ack } = await connect(server.url, { v: 1, role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey });
  const agenda = ((ack.snapshot as { agenda?: AgendaEntry[] } | undefined)?.agenda ?? []).map(({ id, kind, title, config }) => ({
    id,
    kind,
    title,
    config,
  }));
  const cardId = agenda[0]?.id;
  if (!cardId) {
    socket.disconnect();
    throw new Error('facilitator hello: no agenda[0] in the snapshot');
  }
  return {
    server,
    facilitator: socket,
    participantHello: { v: 1, role: 'participant', code: s.code },
    boardHello: { v: 1, role: 'board', sessionId: s.sessionId, key: s.boardKey },
    cardId,
    agenda,
    session: { sessionId: s.sessionId, facilitatorKey: s.facilitatorKey },
    close: async () => {
      socket.disconnect();
      await stop();
    },
  };
}

/** Connect one socket and say hello; rejects on any failure or after 15 s. */
export async function connect(url: string, hello: Record<string, unknown>) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000 });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
      15_000,
      `connect to ${url}`,
    );
    const ack = (await socket.timeout(15_000).emitWithAck('hello', hello)) as {
      ok: boolean;
      snapshot?: unknown;
      error?: { code: string; message: string };
    };
    if (!ack.ok) throw new Error(`hello refused: ${ack.error?.code} ${ack.error?.message}`);
    return { socket, ack };
  } catch (e) {
    socket.disconnect();
    throw e;
  }
}
