/**
 * R-STORE-UPGRADE: a data folder written by an earlier release opens with this code and
 * gives the same results. The fixture test/fixtures/f0c342d/ holds a kring.db written by
 * the code of commit f0c342d (sessions played through the real socket protocol, see
 * make-fixture.ts.txt and README there) and the reports that code gave after a restart
 * on that very file ("open, replay, report"). This test copies the database into a temp
 * folder, starts the current server on it and checks that nothing a user relies on moved:
 * every report byte for byte, the room state at the last event (session 1 restores from a
 * snapshot plus the events after it), keys, report links, the organiser password,
 * participant tokens and recorded command ids.
 *
 * If a report change is intended, the goldens may be re-captured from the current code
 * (`KRING_RECAPTURE_GOLDEN=1 npx vitest run test/server/upgrade.test.ts`), but only after
 * checking the diff line by line: the point of this test is that old data reads the same.
 */
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { board, facilitator, participant, type Peer } from '../helpers/client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { translate } from '../../shared/i18n/index.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/f0c342d/', import.meta.url));

interface FixtureParticipant {
  participantId: string;
  token: string;
  name?: string;
}
interface FixtureSession {
  sessionId: string;
  code: string;
  facilitatorKey: string;
  boardKey: string;
  reportKey?: string;
  title: string;
  lang: string;
  participants: FixtureParticipant[];
  events: number;
  maxSeq: number;
  snapshotSeq: number | null;
}
interface RepeatCommand {
  role: 'facilitator' | 'participant';
  participantId?: string;
  command: { id: string; type: string; [k: string]: unknown };
  seq: number;
}
interface FixtureMeta {
  adminPassword: string;
  schemaUserVersion: number;
  sessions: Record<string, FixtureSession>;
  repeatCommands: Record<string, RepeatCommand[]>;
}

const meta = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'meta.json'), 'utf8')) as FixtureMeta;
const headers = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'headers.json'), 'utf8')) as Record<string, Record<string, string>>;
/** The fixture's session in the shape the test helpers take. */
const created = (s: FixtureSession) => ({
  sessionId: s.sessionId,
  code: s.code,
  facilitatorKey: s.facilitatorKey,
  boardKey: s.boardKey,
  links: { facilitator: '', board: '', join: '' },
});
const golden = (file: string) => fs.readFileSync(path.join(FIXTURE, file), 'utf8');
const sessions = Object.entries(meta.sessions);

/** What the database holds per session, read before the server opens it. */
const inDb: Record<string, { maxSeq: number; snapshotSeq: number | null; joined: number }> = {};

let server: TestServer;
const peers: Peer[] = [];
const track = (p: Peer) => (peers.push(p), p);

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-upgrade-'));
  fs.copyFileSync(path.join(FIXTURE, 'kring.db'), path.join(dataDir, 'kring.db'));
  const db = new Database(path.join(dataDir, 'kring.db'), { fileMustExist: true });
  expect(db.pragma('user_version', { simple: true })).toBe(meta.schemaUserVersion);
  for (const [name, s] of sessions) {
    const one = <T>(sql: string) => db.prepare(sql).get(s.sessionId) as T;
    inDb[name] = {
      maxSeq: one<{ m: number }>('SELECT max(seq) AS m FROM events WHERE session_id = ?').m,
      snapshotSeq: one<{ seq: number } | undefined>('SELECT seq FROM snapshots WHERE session_id = ?')?.seq ?? null,
      joined: one<{ n: number }>("SELECT count(*) AS n FROM events WHERE session_id = ? AND type = 'participant.joined'").n,
    };
  }
  db.close();
  // No adminPassword: the organiser password's hash comes from the old database's settings.
  server = await startServer({ dataDir });
}, 60_000);

afterAll(async () => {
  for (const p of peers) p.close();
  await server?.close();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

const get = (url: string, key?: string) => fetch(`${server.url}${url}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

/** The document.xml of a docx (its other parts carry the time it was made). */
async function documentXml(res: Response) {
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  return zip.file('word/document.xml')!.async('string');
}

describe('R-STORE-UPGRADE: a database written by f0c342d', () => {
  it('R-STORE-UPGRADE: the fixture is what meta.json says (a snapshot with events after it in session 1)', () => {
    for (const [name, s] of sessions) expect(inDb[name], name).toMatchObject({ maxSeq: s.maxSeq, snapshotSeq: s.snapshotSeq });
    const s1 = inDb.session1;
    expect(s1.snapshotSeq).not.toBeNull();
    expect(s1.maxSeq).toBeGreaterThan(s1.snapshotSeq!);
  });

  // Reports first: no socket has joined yet, so each room is restored from the database alone.
  const formats = [
    ['md', ''],
    ['csv', ''],
    ['json', ''],
    ['doc', '.doc.json'],
    ['docx', '.docx.document.xml'],
  ] as const;
  const reportCases = sessions.flatMap(([name]) =>
    formats.map(([format, suffix]) => [name, format, `${name}${suffix || `.${format}`}`] as const),
  );

  it.each(reportCases)('R-STORE-UPGRADE: %s report %s equals the golden %s byte for byte', async (name, format, file) => {
    const s = meta.sessions[name];
    const res = await get(`/api/sessions/${s.sessionId}/report/${format}`, s.facilitatorKey);
    expect(res.status).toBe(200);
    for (const [h, value] of Object.entries(headers[file])) expect(res.headers.get(h), `${file} ${h}`).toBe(value);
    const body = format === 'docx' ? await documentXml(res) : await res.text();
    if (process.env.KRING_RECAPTURE_GOLDEN === '1') fs.writeFileSync(path.join(FIXTURE, file), body);
    expect(body).toBe(golden(file));
  });

  it('R-STORE-UPGRADE: a report link made by the old server still opens the report', async () => {
    const s = meta.sessions.session1;
    const res = await get(`/api/sessions/${s.sessionId}/report/md`, s.reportKey);
    expect(res.status).toBe(200);
    const body = await res.text();
    if (process.env.KRING_RECAPTURE_GOLDEN === '1') fs.writeFileSync(path.join(FIXTURE, 'session1.report-link.md'), body);
    expect(body).toBe(golden('session1.report-link.md'));
    // The facilitator's report without the attendance names (R-REPORT-ATTENDANCE).
    const named = golden('session1.md');
    expect(named).toContain(`## ${translate('nl', 'report.attendees')}`);
    expect(body).not.toContain(`## ${translate('nl', 'report.attendees')}`);
  });

  it('R-STORE-UPGRADE: join codes and the organiser password (stored by the old server) still work', async () => {
    for (const [name, s] of sessions) {
      const res = await get(`/api/join/${s.code}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(golden(`${name}.join.json`));
    }
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: meta.adminPassword }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const list = await get('/api/admin/sessions', token);
    expect(list.status).toBe(200);
    const listed = await list.text();
    if (process.env.KRING_RECAPTURE_GOLDEN === '1') fs.writeFileSync(path.join(FIXTURE, 'admin-sessions.json'), listed);
    expect(listed).toBe(golden('admin-sessions.json'));
  });

  it('R-STORE-UPGRADE: a facilitator hello gets a snapshot at the last event in the database; the board too', async () => {
    for (const [name, s] of sessions) {
      const f = track(await facilitator(server.url, created(s)));
      expect(f.hello, name).toMatchObject({ ok: true, seq: inDb[name].maxSeq });
      expect(f.view?.seq, name).toBe(inDb[name].maxSeq);
      expect(f.view?.sessionId).toBe(s.sessionId);
      expect(f.view?.title).toBe(s.title);
      // The facilitator sees everyone, with the names they have now (renames included).
      const names = Object.fromEntries(Object.values(f.view!.participants).map((p) => [p.id, p.name]));
      expect(names).toEqual(Object.fromEntries(s.participants.map((p) => [p.participantId, p.name])));
      const b = track(await board(server.url, created(s)));
      expect(b.hello, name).toMatchObject({ ok: true, seq: inDb[name].maxSeq });
    }
  });

  it('R-STORE-UPGRADE: a console that saw the snapshot catches up with the events after it', async () => {
    const s = meta.sessions.session1;
    const { snapshotSeq, maxSeq } = inDb.session1;
    const f = track(await facilitator(server.url, created(s), snapshotSeq!));
    expect(f.hello).toMatchObject({ ok: true, seq: maxSeq });
    const events = (f.hello as { events?: { seq: number }[] }).events;
    expect(events?.map((e) => e.seq)).toEqual(Array.from({ length: maxSeq - snapshotSeq! }, (_, i) => snapshotSeq! + 1 + i));
  });

  it('R-STORE-UPGRADE: a participant token from the old server rejoins as the same participant', async () => {
    for (const [name, s] of sessions) {
      for (const p of s.participants) {
        const phone = track(await participant(server.url, created(s), { sessionId: s.sessionId, token: p.token }));
        expect(phone.hello, `${name} ${p.name ?? p.participantId}`).toMatchObject({ ok: true, participantId: p.participantId });
        expect((phone.hello as { token?: string }).token).toBeUndefined(); // not a new participant
        expect(phone.view?.participants[p.participantId]?.name).toBe(p.name);
      }
    }
    // Nobody was added on the way.
    const f = track(await facilitator(server.url, created(meta.sessions.session1)));
    expect(Object.keys(f.view!.participants)).toHaveLength(inDb.session1.joined);
  });

  it('R-STORE-UPGRADE: a command id recorded by the old server is still applied once; new events follow the last seq', async () => {
    const s = meta.sessions.session1;
    const f = track(await facilitator(server.url, created(s)));
    const start = f.view!.seq;
    for (const r of meta.repeatCommands.session1) {
      const peer =
        r.role === 'facilitator'
          ? f
          : track(
              await participant(server.url, created(s), {
                sessionId: s.sessionId,
                token: s.participants.find((p) => p.participantId === r.participantId)!.token,
              }),
            );
      const { id, type, ...payload } = r.command;
      expect(await peer.cmd(type, payload, id), id).toEqual({ ok: true, seq: r.seq, duplicate: true });
    }
    const ack = await f.cmd('session.meta', { nextTheme: 'Na de upgrade' });
    expect(ack).toMatchObject({ ok: true, seq: start + 1 });
  });
});
