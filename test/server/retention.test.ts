/**
 * SPEC: R-RETENTION — sessions are deleted automatically `KRING_RETENTION_DAYS` after their
 * date (the facilitator's session date, else when it was created); 0 keeps them. The
 * check runs at start (and hourly); the organiser's list says when each session goes.
 * Real servers on one SQLite file: sessions are dated through the console's
 * `session.meta`, then the server restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CreatedSession } from '../../shared/protocol.ts';
import { DAY_MS, RETENTION_SINCE, RETENTION_WARN_DAYS, startRetention } from '../../server/retention.ts';
import { Store } from '../../server/store.ts';
import { createSession, facilitator } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'organiser-retention-password';
const { serve, track } = lifecycle();

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Listing {
  retentionDays: number;
  warnDays: number;
  sessions: { sessionId: string; title: string; date: string | null; createdAt: number; deleteAfter: number | null }[];
}

async function list(server: TestServer): Promise<Listing> {
  const login = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const get = async (url: string) => {
    const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const { sessions } = (await get('/api/admin/sessions')) as { sessions: { sessionId: string; title: string; createdAt: number }[] };
  const retention = (await get('/api/admin/retention')) as Omit<Listing, 'sessions'> & {
    sessions: { sessionId: string; date: string | null; deleteAfter: number | null }[];
  };
  const byId = new Map(retention.sessions.map((r) => [r.sessionId, r]));
  return { ...retention, sessions: sessions.map((s) => ({ ...s, ...byId.get(s.sessionId)! })) };
}

/** A session with a title, dated (or not) through the console. */
async function dated(server: TestServer, title: string, date?: string): Promise<CreatedSession> {
  const s = await createSession(server.url, title);
  if (date) {
    const f = track(await facilitator(server.url, s));
    expect(await f.cmd('session.meta', { date })).toMatchObject({ ok: true });
    f.close();
  }
  return s;
}

/**
 * Three sessions on one data folder: dated long ago, dated a week ago, undated (created
 * now). `announcedDaysAgo`: retention started that long ago on this database (written
 * with a Store on the same file before the next server starts); null: never.
 */
async function threeSessions(announcedDaysAgo: number | null = 30) {
  const first = await serve({ adminPassword: PASSWORD, retentionDays: 0 });
  const old = await dated(first, 'Oude sessie Zwaluwstraat', '2020-03-14');
  const recent = await dated(first, 'Recente sessie', isoDay(Date.now() - 7 * DAY_MS));
  const undated = await dated(first, 'Sessie zonder datum');
  await first.close();
  if (announcedDaysAgo !== null) {
    const store = new Store(first.dataDir);
    store.putSetting(RETENTION_SINCE, String(Date.now() - announcedDaysAgo * DAY_MS));
    store.close();
  }
  return { dataDir: first.dataDir, old, recent, undated };
}

describe('R-RETENTION: automatic deletion after the retention period', () => {
  it('R-RETENTION: at start, a session dated more than 180 days ago is deleted, from the list and the file; newer ones stay', async () => {
    const { dataDir, old, recent, undated } = await threeSessions();
    const server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 180 });
    const listing = await list(server);
    const ids = listing.sessions.map((s) => s.sessionId);
    expect(ids).not.toContain(old.sessionId);
    expect(ids).toEqual(expect.arrayContaining([recent.sessionId, undated.sessionId]));
    const report = await fetch(`${server.url}/api/sessions/${old.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${old.facilitatorKey}` },
    });
    expect(report.status).toBe(404);
    // Gone from the bytes too (R-PRIVACY-DELETE applies to automatic deletion as well).
    const bytes = Buffer.concat(
      ['kring.db', 'kring.db-wal'].flatMap((f) => (fs.existsSync(path.join(dataDir, f)) ? [fs.readFileSync(path.join(dataDir, f))] : [])),
    );
    expect(bytes.includes('Oude sessie Zwaluwstraat')).toBe(false);
    expect(bytes.includes('Recente sessie')).toBe(true);
  });

  it('R-RETENTION: the list says when each session is deleted: its date (the whole day) + the period, else its creation + the period', async () => {
    const { dataDir, recent, undated } = await threeSessions();
    const server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 180 });
    const listing = await list(server);
    expect(listing).toMatchObject({ retentionDays: 180, warnDays: RETENTION_WARN_DAYS });
    const byId = new Map(listing.sessions.map((s) => [s.sessionId, s]));
    const r = byId.get(recent.sessionId)!;
    expect(r.date).toBe(isoDay(Date.now() - 7 * DAY_MS));
    expect(r.deleteAfter).toBe(Date.parse(`${r.date}T00:00:00Z`) + DAY_MS + 180 * DAY_MS);
    const u = byId.get(undated.sessionId)!;
    expect(u.date).toBeNull();
    expect(u.deleteAfter).toBe(u.createdAt + 180 * DAY_MS);
  });

  it('R-RETENTION: a session due within 14 days is listed as such; a shorter period deletes the week-old one', async () => {
    const { dataDir, recent, undated } = await threeSessions();
    // 10 days: the week-old session goes in about 4 days (within the warning window).
    let server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 10 });
    const due = (await list(server)).sessions.find((s) => s.sessionId === recent.sessionId)!;
    expect(due.deleteAfter! - Date.now()).toBeLessThan(RETENTION_WARN_DAYS * DAY_MS);
    expect(due.deleteAfter! - Date.now()).toBeGreaterThan(0);
    await server.close();
    // 5 days: it is past its period and goes at start; the undated one (created today) stays.
    server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 5 });
    const ids = (await list(server)).sessions.map((s) => s.sessionId);
    expect(ids).not.toContain(recent.sessionId);
    expect(ids).toContain(undated.sessionId);
  });

  it('R-RETENTION: the first start with retention (an upgrade) deletes nothing: sessions past their period are announced for 14 days first', async () => {
    const { dataDir, old } = await threeSessions(null);
    const before = Date.now();
    let server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 180 });
    const listed = (await list(server)).sessions.find((s) => s.sessionId === old.sessionId)!;
    expect(listed.deleteAfter).toBeGreaterThanOrEqual(before + RETENTION_WARN_DAYS * DAY_MS);
    expect(listed.deleteAfter! - Date.now()).toBeLessThanOrEqual(RETENTION_WARN_DAYS * DAY_MS);
    // A restart keeps the announcement's start (it does not move on).
    await server.close();
    server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 180 });
    const again = (await list(server)).sessions.find((s) => s.sessionId === old.sessionId)!;
    expect(again.deleteAfter).toBe(listed.deleteAfter);
  });

  it('R-RETENTION: 0 keeps every session, and the list says none will be deleted', async () => {
    const { dataDir, old } = await threeSessions();
    const server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 0 });
    const listing = await list(server);
    expect(listing.sessions.map((s) => s.sessionId)).toContain(old.sessionId);
    expect(listing.sessions.every((s) => s.deleteAfter === null)).toBe(true);
  });

  it('R-RETENTION: a session with a screen open is not deleted under it; it goes once the screen is closed (next check)', async () => {
    const { dataDir, old } = await threeSessions();
    const server = await serve({ adminPassword: PASSWORD, dataDir, retentionDays: 0 });
    const f = track(await facilitator(server.url, old));
    const { purgeExpired } = await import('../../server/retention.ts');
    const deps = { store: server.app.store, rooms: server.app.rooms, log: server.app.app.log };
    const policy = { days: 180, since: 0 };
    expect(purgeExpired(deps, policy)).toEqual([]);
    expect(await f.cmd('session.meta', { place: 'nog open' })).toMatchObject({ ok: true });
    f.close();
    let deleted: string[] = [];
    for (let i = 0; i < 100 && !deleted.length; i++) {
      await new Promise((r) => setTimeout(r, 20)); // the server notices the closed socket
      deleted = purgeExpired(deps, policy);
    }
    expect(deleted).toEqual([old.sessionId]);
  });

  it('R-RETENTION: a failing run (here a database that is closed) is logged, never thrown: it cannot end the process', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const broken = new Store(fs.mkdtempSync(path.join(server.dataDir, 'closed-')));
    broken.close();
    let stop: (() => void) | undefined;
    expect(
      () => (stop = startRetention({ store: broken, rooms: server.app.rooms, log: server.app.app.log }, { days: 180, since: 0 })),
    ).not.toThrow();
    stop!();
    expect(server.logs.some((l) => l.includes('retention: could not delete expired sessions'))).toBe(true);
    // The server still answers.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
