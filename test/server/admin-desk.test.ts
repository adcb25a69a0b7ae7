/**
 * The organiser's desk (issue 12): the list with each session's date, place, theme and
 * series; a new facilitator link that revokes the old one; copies that can be told apart;
 * preparing the next session of a series, which carries its thread. Real server, real
 * sockets, real SQLite.
 */
import { describe, expect, it } from 'vitest';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, Peer } from '../helpers/client.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'organiser-desk-password';
const { serve, track } = lifecycle();

async function login(server: TestServer) {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const post = (server: TestServer, path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/** The next session of `prev`, prepared by the organiser (no facilitator key). */
async function next(server: TestServer, token: string, prev: CreatedSession, template = 'learningNetwork') {
  const res = await post(server, '/api/sessions', { lang: 'nl', template, continues: { sessionId: prev.sessionId } }, token);
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedSession;
}

interface Listed {
  sessionId: string;
  title: string;
  date: string | null;
  place: string | null;
  theme: string | null;
  nextDate: string | null;
  nextTheme: string | null;
  continues: string | null;
  seriesId: string;
  seriesNumber: number;
}
async function list(server: TestServer, token: string) {
  const res = await fetch(`${server.url}/api/admin/sessions`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const { sessions } = (await res.json()) as { sessions: Listed[] };
  return new Map(sessions.map((s) => [s.sessionId, s]));
}

/** Session 6 of the learning network, with its details filled in on the console. */
async function sessionSix(server: TestServer) {
  const s = await createFromTemplate(server.url, 'Lerend netwerk sessie 6');
  const f = track(await facilitator(server.url, s));
  await ok(f, 'session.meta', {
    date: '2026-03-10',
    place: 'Stadhuis, zaal 2',
    facilitator: 'Mira',
    theme: 'Racisme',
    nextDate: '2026-05-12',
    nextTheme: 'Dekolonisering',
  });
  return { s, f };
}

const report = (server: TestServer, s: { sessionId: string }, key: string) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/report/json`, { headers: { authorization: `Bearer ${key}` } });

describe('the organiser desk', () => {
  it('R-ADMIN-LIST: each session with its own date, place and theme, and its series (first session, number)', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const token = await login(server);
    const { s: six } = await sessionSix(server);
    const seven = await next(server, token, six);
    const eight = await next(server, token, seven);
    const alone = await createFromTemplate(server.url, 'Losse sessie', 'empty');

    const listed = await list(server, token);
    expect(listed.get(six.sessionId)).toMatchObject({
      title: 'Lerend netwerk sessie 6',
      date: '2026-03-10',
      place: 'Stadhuis, zaal 2',
      theme: 'Racisme',
      nextDate: '2026-05-12',
      nextTheme: 'Dekolonisering',
      continues: null,
      seriesId: six.sessionId,
      seriesNumber: 1,
    });
    expect(listed.get(seven.sessionId)).toMatchObject({
      date: '2026-05-12',
      place: 'Stadhuis, zaal 2',
      theme: 'Dekolonisering',
      continues: six.sessionId,
      seriesId: six.sessionId,
      seriesNumber: 2,
    });
    expect(listed.get(eight.sessionId)).toMatchObject({ continues: seven.sessionId, seriesId: six.sessionId, seriesNumber: 3 });
    expect(listed.get(alone.sessionId)).toMatchObject({
      date: null,
      place: null,
      theme: null,
      continues: null,
      seriesId: alone.sessionId,
      seriesNumber: 1,
    });
  });

  it('R-ADMIN-NEWLINK: a new facilitator link drops the console on the old key and refuses that key on the socket and over HTTP', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const token = await login(server);
    const s = await createFromTemplate(server.url, 'Lerend netwerk sessie 6');
    const old = track(await facilitator(server.url, s));

    // Only the organiser may make one; a refusal changes nothing.
    expect((await post(server, `/api/admin/sessions/${s.sessionId}/facilitator-link`, {})).status).toBe(403);
    expect((await post(server, `/api/admin/sessions/${s.sessionId}/facilitator-link`, {}, s.facilitatorKey)).status).toBe(403);
    expect((await post(server, '/api/admin/sessions/nosuchsession1/facilitator-link', {}, token)).status).toBe(404);
    expect((await report(server, s, s.facilitatorKey)).status).toBe(200);
    expect(old.socket.connected).toBe(true);

    const res = await post(server, `/api/admin/sessions/${s.sessionId}/facilitator-link`, {}, token);
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { facilitatorKey: string; links: { facilitator: string } };
    expect(fresh.facilitatorKey).not.toBe(s.facilitatorKey);
    expect(fresh.links.facilitator).toBe(`${server.url}/f/${s.sessionId}#k=${fresh.facilitatorKey}`);

    // The open console on the old key loses its connection at once…
    for (let i = 0; i < 200 && old.socket.connected; i++) await new Promise((r) => setTimeout(r, 10));
    expect(old.socket.connected).toBe(false);
    // …and its way back in with the old key is refused like any wrong key.
    const again = track(new Peer(server.url));
    const refused = await again.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_SESSION' } });
    expect((await report(server, s, s.facilitatorKey)).status).toBe(403);

    // The new link works, and a later new link does not drop a console that is not on the old key.
    const now = track(await facilitator(server.url, { ...s, facilitatorKey: fresh.facilitatorKey }));
    expect((await report(server, s, fresh.facilitatorKey)).status).toBe(200);
    expect(await now.cmd('session.meta', { place: 'Zaal 3' })).toMatchObject({ ok: true });
    expect(now.socket.connected).toBe(true);
  });

  it('R-ADMIN-DUPLICATE: copies are titled so they can be told apart, in the session language', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const token = await login(server);
    const s = await createFromTemplate(server.url, 'Lerend netwerk sessie 6');
    const en = await createFromTemplate(server.url, 'Learning network', 'houseRules', 'en');
    const dup = async (id: string) => {
      const res = await post(server, `/api/admin/sessions/${id}/duplicate`, {}, token);
      expect(res.status).toBe(201);
      return (await res.json()) as CreatedSession;
    };
    const first = await dup(s.sessionId);
    const second = await dup(s.sessionId);
    const ofCopy = await dup(first.sessionId);
    const english = await dup(en.sessionId);
    const listed = await list(server, token);
    expect(listed.get(first.sessionId)!.title).toBe('Lerend netwerk sessie 6 (kopie)');
    expect(listed.get(second.sessionId)!.title).toBe('Lerend netwerk sessie 6 (kopie 2)');
    expect(listed.get(ofCopy.sessionId)!.title).toBe('Lerend netwerk sessie 6 (kopie 3)');
    expect(listed.get(english.sessionId)!.title).toBe('Learning network (copy)');
    // The copy's own room says so too (the title in its events, not only in the list).
    const f = track(await facilitator(server.url, second));
    expect(f.view!.title).toBe('Lerend netwerk sessie 6 (kopie 2)');
  });

  it('R-ADMIN-NEXT: the organiser prepares the next session without the facilitator key; nobody else can', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const token = await login(server);
    const s = await createFromTemplate(server.url, 'Lerend netwerk sessie 6');
    const body = { lang: 'nl', continues: { sessionId: s.sessionId } };
    expect((await post(server, '/api/sessions', body)).status).toBe(403);
    expect((await post(server, '/api/sessions', body, 'not-the-organiser-token')).status).toBe(403);
    expect((await post(server, '/api/sessions', body, s.boardKey)).status).toBe(403);
    expect((await post(server, '/api/sessions', { ...body, continues: { sessionId: s.sessionId, key: s.boardKey } }, token)).status).toBe(
      403,
    );
    expect((await post(server, '/api/sessions', { ...body, continues: { sessionId: 'nosuchsession1' } }, token)).status).toBe(403);
    // A new session that continues nothing still needs its title.
    expect((await post(server, '/api/sessions', { lang: 'nl' }, token)).status).toBe(400);
    expect((await list(server, token)).size).toBe(1);

    const res = await post(server, '/api/sessions', body, token);
    expect(res.status).toBe(201);
    const made = (await res.json()) as CreatedSession;
    expect(made.links.facilitator).toBe(`${server.url}/f/${made.sessionId}#k=${made.facilitatorKey}`);
    expect(made.links.board).toBe(`${server.url}/b/${made.sessionId}#k=${made.boardKey}`);
    const f = track(await facilitator(server.url, made));
    expect(f.view!.title).toBe('Lerend netwerk sessie 7');
    expect(f.view!.agenda[0]).toMatchObject({ kind: 'info', title: 'Opfrissing vorige sessie' });
    // The facilitator key of the earlier session still works for its console's own form.
    const byKey = await post(server, '/api/sessions', {
      title: 'Sessie 7 bis',
      lang: 'nl',
      continues: { sessionId: s.sessionId, key: s.facilitatorKey },
    });
    expect(byKey.status).toBe(201);
  });

  it('R-SERIES-CARRY: the next session starts with the earlier next date, theme, place and facilitator, as events that replay', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const token = await login(server);
    const { s: six, f: sixConsole } = await sessionSix(server);
    const seven = await next(server, token, six);
    const f = track(await facilitator(server.url, seven));
    expect(f.view!.meta).toMatchObject({ date: '2026-05-12', theme: 'Dekolonisering', place: 'Stadhuis, zaal 2', facilitator: 'Mira' });
    expect(f.view!.meta.nextDate).toBeUndefined();
    expect(f.view!.meta.nextTheme).toBeUndefined();
    expect(f.view!.title).toBe('Lerend netwerk sessie 7: Dekolonisering');

    // The console's own form (facilitator key) carries the same; its given title stays.
    const byKey = await post(server, '/api/sessions', {
      title: 'Sessie zeven',
      lang: 'nl',
      template: 'empty',
      continues: { sessionId: six.sessionId, key: six.facilitatorKey },
    });
    const other = (await byKey.json()) as CreatedSession;
    const g = track(await facilitator(server.url, other));
    expect(g.view!.title).toBe('Sessie zeven');
    expect(g.view!.meta).toMatchObject({ date: '2026-05-12', theme: 'Dekolonisering', place: 'Stadhuis, zaal 2' });

    // Session 8 continues 7's thread: 7's theme gives way to 8's in the title.
    await ok(f, 'session.meta', { nextDate: '2026-06-16', nextTheme: 'Taal' });
    const eight = await next(server, token, seven);
    const h = track(await facilitator(server.url, eight));
    expect(h.view!.title).toBe('Lerend netwerk sessie 8: Taal');
    expect(h.view!.meta).toMatchObject({ date: '2026-06-16', theme: 'Taal', place: 'Stadhuis, zaal 2' });

    // After a restart the carried details are still there: they were stored as events.
    for (const peer of [sixConsole, f, g, h]) peer.close();
    await server.close();
    const again = await serve({ adminPassword: PASSWORD, dataDir: server.dataDir });
    const back = track(await facilitator(again.url, seven));
    expect(back.view!.meta).toMatchObject({ date: '2026-05-12', theme: 'Dekolonisering', place: 'Stadhuis, zaal 2', facilitator: 'Mira' });
  });

  it('R-SERIES-ONE-REFRESHER: the series refresher replaces the template’s own look back (never two)', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const token = await login(server);
    const { s: six, f: sixConsole } = await sessionSix(server);
    const looksBack = (titles: string[]) => titles.filter((t) => t.startsWith('Opfrissing vorige sessie'));
    // A fresh session of the template has the template's own refresher…
    expect(looksBack(sixConsole.view!.agenda.map((a) => a.title))).toEqual(['Opfrissing vorige sessie: drie woorden']);
    // …the next one of the series only the series refresher, first, and the rest of the template.
    const seven = await next(server, token, six);
    const f = track(await facilitator(server.url, seven));
    const titles = f.view!.agenda.map((a) => a.title);
    expect(looksBack(titles)).toEqual(['Opfrissing vorige sessie']);
    expect(titles[0]).toBe('Opfrissing vorige sessie');
    expect(titles).toContain('Engagementen');
    expect(titles).toHaveLength(sixConsole.view!.agenda.length);
    // Adding the template again later does not bring its look back into a series session.
    const ack = await f.cmd('agenda.template', { template: 'learningNetwork' });
    expect(ack.ok).toBe(true);
    await f.until((v) => v.agenda.length === titles.length * 2 - 1);
    expect(looksBack(f.view!.agenda.map((a) => a.title))).toEqual(['Opfrissing vorige sessie']);
  });
});
