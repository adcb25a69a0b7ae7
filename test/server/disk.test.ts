/**
 * R-DISK: a full disk, a failing write and an unusable data folder. The full disk is a
 * real one: a small tmpfs mounted in the test and filled with a filler file (the test is
 * skipped, with the reason printed, where tmpfs cannot be mounted). The server runs as a
 * child process, so "it stays up" means the process did not exit.
 *
 * Views here are bare socket.io clients (not test/helpers/client.ts's Peer) because they
 * receive `status`; every message they get is checked against the outbound schemas.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../../client/src/lib/connection.svelte.ts';
import type { RoomView, StoredEvent } from '../../shared/model.ts';
import { mergeOwn } from '../../shared/own-frames.ts';
import { checkFrame, checkHelloAck, checkMessage, CommandAckSchema, PresenceSchema, StatusSchema } from '../../shared/outbound.ts';
import { PROTOCOL_VERSION, type CommandAck, type CreatedSession, type Frame, type HelloAck } from '../../shared/protocol.ts';
import { apply } from '../../shared/reduce.ts';
import { createSession, facilitator, participant, Peer, tick } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';
import { fill, tryMount, unmountAfterAll } from '../helpers/tmpfs.ts';
import { killed, spawnServer, type ChildServer } from '../helpers/spawn.ts';

// ---- a bare view that records `status` ------------------------------------------------

class View {
  readonly socket: Socket;
  readonly statuses: boolean[] = [];
  readonly issues: string[] = [];
  view: RoomView | undefined;
  #viewer: { role: 'participant' | 'facilitator' | 'board'; participantId?: string } | undefined;
  #own: StoredEvent[] = [];

  constructor(url: string) {
    this.socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.onAny((event: string, payload: unknown) => {
      if (event === 'status') {
        this.issues.push(...checkMessage(StatusSchema, payload).issues);
        this.statuses.push((payload as { readOnly: boolean }).readOnly);
      } else if (event === 'presence') this.issues.push(...checkMessage(PresenceSchema, payload).issues);
      else if (event === 'frame' && this.#viewer) {
        this.issues.push(...checkFrame(payload, this.#viewer).issues);
        // A participant's own events come just before the shared frame they belong with.
        if ((payload as Frame).own) this.#own.push(...(payload as Frame).events);
        else {
          for (const ev of mergeOwn((payload as Frame).events, this.#own.splice(0)))
            if (this.view && ev.seq > this.view.seq) apply(this.view, ev);
        }
      } else this.issues.push(`unexpected ${event}`);
    });
  }

  hello(h: Record<string, unknown>): Promise<HelloAck> {
    // Take the ack in its callback, not after an await: a frame sent right after it may be
    // handled in the same tick, and it is checked for this viewer.
    return new Promise((resolve, reject) => {
      this.socket.timeout(5000).emit('hello', { v: PROTOCOL_VERSION, ...h }, (err: Error | null, ack: HelloAck) => {
        if (err) return reject(err);
        this.issues.push(...checkHelloAck(ack).issues);
        if (ack.ok) {
          this.#viewer = ack.participantId ? { role: ack.role, participantId: ack.participantId } : { role: ack.role };
          this.view = ack.snapshot;
        }
        resolve(ack);
      });
    });
  }

  async cmd(type: string, payload: Record<string, unknown> = {}): Promise<CommandAck> {
    const ack = (await this.socket.timeout(5000).emitWithAck('cmd', { id: nanoid(), type, ...payload })) as CommandAck;
    this.issues.push(...checkMessage(CommandAckSchema, ack).issues);
    return ack;
  }

  close() {
    this.socket.close();
  }
}

/** Poll until `pred` holds, at most `ms` (the condition, not its timing, is what is tested). */
async function until(pred: () => boolean, what: string, ms = 10_000) {
  for (let waited = 0; !pred(); waited += 25) {
    if (waited > ms) throw new Error(`not reached: ${what}`);
    await tick(25);
  }
}

// ---- a small tmpfs ------------------------------------------------------------------

unmountAfterAll();
const probe = tryMount('size=1m');
const noTmpfs = !probe.dir;
if (noTmpfs) console.warn(`R-DISK: tmpfs tests skipped: cannot mount a tmpfs here (${probe.reason})`);

const children: ChildServer[] = [];
const views: { close(): void }[] = [];
afterEach(async () => {
  for (const v of views.splice(0)) v.close();
  for (const c of children.splice(0)) await killed(c.child);
});
const track = <T extends View>(v: T) => (views.push(v), v);

async function viewOf(url: string, hello: Record<string, unknown>) {
  const v = track(new View(url));
  const ack = await v.hello(hello);
  if (!ack.ok) throw new Error(`hello failed: ${JSON.stringify(ack)}`);
  return v;
}
const asFacilitator = (s: CreatedSession) => ({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey });

/** A facilitator command that stores a little, until the disk refuses one (bounded). */
async function untilRefused(f: View): Promise<CommandAck> {
  for (let i = 0; i < 200; i++) {
    const ack = await f.cmd('session.meta', { place: `zaal ${i} ${'x'.repeat(150)}` });
    if (!ack.ok) return ack;
  }
  throw new Error('the full disk never refused a write');
}

describe('R-DISK: a full disk', () => {
  it.skipIf(noTmpfs)(
    'R-DISK: the server stays up through a countdown expiry and an idle unload on a full disk, and recovers when space is freed',
    async () => {
      const disk = tryMount('size=16m').dir!;
      const dataDir = path.join(disk, 'data');
      const server = await spawnServer({ KRING_DATA_DIR: dataDir, KRING_ROOM_IDLE_MS: '300' });
      children.push(server);
      const s = await createSession(server.url);
      const f = await viewOf(server.url, asFacilitator(s));
      const b = await viewOf(server.url, { role: 'board', sessionId: s.sessionId, key: s.boardKey });
      const p = await viewOf(server.url, { role: 'participant', code: s.code, name: 'Amina' });
      const started = await f.cmd('timer.start', { seconds: 5, activityId: null, lockAtZero: false });
      expect(started).toMatchObject({ ok: true });
      await until(() => f.view!.timer !== null, 'the timer reaches the console');
      const endsAt = f.view!.timer!.endsAt!;

      const filler = fill(disk);
      const refused = await untilRefused(f);
      expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      const place = f.view!.meta.place;
      // Every view is told, and a phone's command is refused the same way.
      await until(() => [f, b, p].every((v) => v.statuses.at(-1) === true), 'every view hears read-only');
      expect(await p.cmd('participant.rename', { name: 'Noor' })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });

      // The countdown ends while nothing can be stored: the process stays up, and nothing
      // that was not stored reaches a view.
      await until(() => Date.now() > endsAt + 500, 'the countdown has ended', 10_000);
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      expect(b.view!.timer!.expired).toBe(false);

      // Every view leaves: the room unloads (its snapshot cannot be written) and the process stays up.
      for (const v of [f, b, p]) v.close();
      await until(() => server.output.join('').includes('room unloaded'), 'the idle room unloads');
      await tick(100);
      expect(server.child.exitCode).toBeNull();
      expect(server.output.join('')).toMatch(/read-only until writes succeed again/);
      expect(server.output.join('')).not.toMatch(/SqliteError|\n\s+at /);

      // Space again: the room comes back by replay, the countdown's expiry is applied (once),
      // and nothing refused was stored.
      fs.rmSync(filler);
      const f2 = await viewOf(server.url, asFacilitator(s));
      expect(f2.view!.meta.place).toBe(place);
      expect(Object.values(f2.view!.participants).map((x) => x.name)).toEqual(['Amina']);
      await until(() => f2.view!.timer?.expired === true, 'the expiry is applied after recovery');
      expect(await f2.cmd('session.meta', { place: 'Zaal 2' })).toMatchObject({ ok: true });
      await until(() => f2.view!.meta.place === 'Zaal 2', 'a new write lands');
      for (const v of [f, b, p, f2]) expect(v.issues).toEqual([]);
    },
    60_000,
  );

  it.skipIf(noTmpfs)(
    'R-DISK: a read-only room recovers by itself when space is freed (every view is told), and what it refused was not stored',
    async () => {
      const disk = tryMount('size=16m').dir!;
      const server = await spawnServer({ KRING_DATA_DIR: path.join(disk, 'data') });
      children.push(server);
      const s = await createSession(server.url);
      const f = await viewOf(server.url, asFacilitator(s));
      const b = await viewOf(server.url, { role: 'board', sessionId: s.sessionId, key: s.boardKey });
      const p = await viewOf(server.url, { role: 'participant', code: s.code, name: 'Amina' });
      // The client's own connection (what the board page runs) shows it too.
      const conn = new Connection(
        { role: 'board', sessionId: s.sessionId, key: s.boardKey },
        { url: server.url, socket: { transports: ['websocket'] } },
      );
      views.push({ close: () => conn.stop() });
      conn.start();
      await until(() => conn.status === 'connected' && !!conn.confirmed, 'the board connection joins');
      expect(conn.readOnly).toBe(false);

      const filler = fill(disk);
      expect(await untilRefused(f)).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      await until(() => conn.readOnly, 'the client connection is read-only');
      const seq = f.view!.seq;
      await until(() => [f, b, p].every((v) => v.statuses.at(-1) === true), 'every view hears read-only');
      // A view that joins now is told too.
      const late = await viewOf(server.url, { role: 'board', sessionId: s.sessionId, key: s.boardKey });
      await until(() => late.statuses.at(-1) === true, 'a late view hears read-only');

      fs.rmSync(filler);
      await until(() => [f, b, p, late].every((v) => v.statuses.at(-1) === false), 'every view hears the recovery');
      await until(() => !conn.readOnly, 'the client connection is writable again');
      const renamed = await p.cmd('participant.rename', { name: 'Noor' });
      expect(renamed).toMatchObject({ ok: true });
      // After the refused writes only the rename is stored, with the attendance peak a join
      // left pending (it rides along with the next commit: R-JOIN-COST).
      const db = new Database(path.join(disk, 'data', 'kring.db'), { readonly: true });
      const after = db.prepare('SELECT type FROM events WHERE session_id = ? AND seq > ? ORDER BY seq').all(s.sessionId, seq) as {
        type: string;
      }[];
      db.close();
      expect(after.map((e) => e.type).filter((t) => t !== 'session.peak')).toEqual(['participant.renamed']);
      expect((renamed as { seq: number }).seq).toBe(seq + after.length);
      expect(server.child.exitCode).toBeNull();
      for (const v of [f, b, p, late]) expect(v.issues).toEqual([]);
    },
    60_000,
  );
});

describe('R-DISK: an unusable data folder', () => {
  /** Start the real entry point and wait for it to exit. */
  function startAndExit(dataDir: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KRING_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    return new Promise<{ code: number | null; output: string }>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it('R-DISK: a data folder under a file gives one clear line and exit code 1', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kring-notdir-')), 'a-file');
    fs.writeFileSync(file, '');
    const { code, output } = await startAndExit(path.join(file, 'data'));
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      expect.stringMatching(/^Kring cannot start: the data folder .* is not writable: .*KRING_DATA_DIR/),
    ]);
  }, 30_000);

  it.skipIf(noTmpfs)(
    'R-DISK: a read-only data folder (with a database in it) gives one clear line and exit code 1',
    async () => {
      const disk = tryMount('size=4m').dir!;
      new Database(path.join(disk, 'kring.db')).close();
      execFileSync('mount', ['-o', 'remount,ro', disk]);
      const { code, output } = await startAndExit(disk);
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toEqual([expect.stringMatching(/^Kring cannot start: .*read-only file system/)]);
    },
    30_000,
  );
});

describe('R-DISK: acks tell the truth', () => {
  const { serve } = lifecycle();
  const peers: Peer[] = [];
  afterEach(() => {
    for (const p of peers.splice(0)) p.close();
  });

  it('R-DISK: a write after the stored event that fails does not turn the ack into "nothing was changed"', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = await facilitator(server.url, s);
    peers.push(f);
    // The sessions list's title column is written after the event: make that write fail.
    const db = new Database(path.join(server.dataDir, 'kring.db'));
    db.exec(`CREATE TRIGGER no_title BEFORE UPDATE OF title ON sessions BEGIN SELECT RAISE(FAIL, 'refused'); END`);
    db.close();
    const ack = await f.cmd('session.meta', { title: 'Nieuwe titel' });
    expect(ack).toMatchObject({ ok: true });
    await f.until((v) => v.title === 'Nieuwe titel');
    // It is in the log: a new view, after the room was reloaded from it, has it.
    f.close();
    server.app.rooms.unload(s.sessionId);
    const again = await facilitator(server.url, s);
    peers.push(again);
    expect(again.view!.title).toBe('Nieuwe titel');
    expect(again.view!.seq).toBe((ack as { seq: number }).seq);
  });

  it('R-DISK: a room loaded by a report download or a refused hello unloads when idle', async () => {
    const server = await serve({ roomIdleMs: 100, maxParticipants: 1 });
    const s = await createSession(server.url);
    const res = await fetch(`${server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    expect(res.status).toBe(200);
    expect(server.app.rooms.isLoaded(s.sessionId)).toBe(true);
    await until(() => !server.app.rooms.isLoaded(s.sessionId), 'the report-loaded room unloads', 5000);

    // A hello refused after the room loaded (here: the session is full) leaves no socket in it.
    const first = await participant(server.url, s);
    first.close();
    await until(() => !server.app.rooms.isLoaded(s.sessionId), 'the room unloads after its last socket', 5000);
    const refused = new Peer(server.url);
    peers.push(refused);
    expect(await refused.join({ role: 'participant', code: s.code })).toMatchObject({ ok: false, error: { code: 'SESSION_FULL' } });
    expect(server.app.rooms.isLoaded(s.sessionId)).toBe(true);
    await until(() => !server.app.rooms.isLoaded(s.sessionId), 'the room of a refused hello unloads', 5000);

    // A wrong key never keeps a room in memory either.
    const wrong = new Peer(server.url);
    peers.push(wrong);
    expect(await wrong.join({ role: 'board', sessionId: s.sessionId, key: 'x'.repeat(32) })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SESSION' },
    });
    await until(() => !server.app.rooms.isLoaded(s.sessionId), 'no room stays loaded after a wrong key', 5000);
  });
});
