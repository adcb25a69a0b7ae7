/**
 * Privacy and data handling (issue 11), on a real server with a real SQLite file:
 * R-PRIVACY-REPORT-LINK (what a report link can download), R-PRIVACY-DELETE (a deleted
 * session is gone from the file's bytes), R-ERASE (one participant erased on request) and
 * R-BODY's import part (refused before parsing, and rate-limited).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { CreatedSession } from '../../shared/protocol.ts';
import { ERASED_TEXT } from '../../server/retention.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { createFromTemplate, playSession } from '../helpers/play.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'organiser-privacy-password';
const { serve, track } = lifecycle();

const report = (server: TestServer, s: CreatedSession, format: string, key: string) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/report/${format}`, { headers: { authorization: `Bearer ${key}` } });

async function organiser(server: TestServer) {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Every format as text (the DOCX's document.xml without its tags). */
async function allFormats(server: TestServer, s: CreatedSession, key: string) {
  const out: Record<string, string> = {};
  for (const format of ['md', 'csv', 'json', 'doc']) {
    const res = await report(server, s, format, key);
    expect(res.status, format).toBe(200);
    out[format] = await res.text();
  }
  const zip = await JSZip.loadAsync(await (await report(server, s, 'docx', key)).arrayBuffer());
  out.docx = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');
  return out;
}

/** A brainstorm of up to 20 post-its per person, shown at once; returns its id. */
async function addBrainstorm(f: Peer, allowNames: boolean) {
  const config = { prompt: 'Wat?', columns: [], maxPerPerson: 20, maxLength: 280, allowNames, privateUntilReveal: false };
  expect(await f.cmd('agenda.add', { activity: { kind: 'brainstorm', title: 'Ideeën', config } })).toMatchObject({ ok: true });
  return f.view!.agenda.at(-1)!.id;
}

/** The database file and its WAL, as bytes (what a copy of the data folder would hold). */
const fileBytes = (server: TestServer) =>
  Buffer.concat(
    ['kring.db', 'kring.db-wal'].map((f) => path.join(server.dataDir, f)).flatMap((f) => (fs.existsSync(f) ? [fs.readFileSync(f)] : [])),
  );

describe('R-PRIVACY-REPORT-LINK: what a report link can download', () => {
  it('R-PRIVACY-REPORT-LINK: no format a report key opens holds a participant name or id; the full export needs the facilitator key', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const s = await createFromTemplate(server.url, 'Lerend netwerk privacy');
    // Six named phones: anonymous post-its, dots, a check-in pass, groups, a Deep Democracy round.
    const played = await playSession(server.url, s);
    [played.f, ...played.phones].forEach(track);
    const people = Object.values(played.f.view!.participants);
    expect(people.map((p) => p.name)).toContain('Deelnemer 1');

    const link = await fetch(`${server.url}/api/sessions/${s.sessionId}/report-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    const { reportKey } = (await link.json()) as { reportKey: string };
    const formats = await allFormats(server, s, reportKey);
    for (const [format, text] of Object.entries(formats)) {
      expect(text, format).toContain('Micro-agressie'); // the report is there…
      for (const p of people) {
        expect(text, `${format}: ${p.name}`).not.toContain(p.name!); // …without anyone's name
        expect(text, `${format}: ${p.id}`).not.toContain(p.id); // …or id
      }
    }
    const json = JSON.parse(formats.json);
    expect(json).toMatchObject({ format: 'kring-report', contains: expect.stringContaining('No participant names') });
    expect(json).not.toHaveProperty('participants');

    // The full export (for re-import) is for the facilitator and the organiser, and says what it holds.
    for (const key of [s.facilitatorKey, await organiser(server)]) {
      const full = await report(server, s, 'json', key);
      expect(full.headers.get('kring-export')).toMatch(/participant names/);
      const data = (await full.json()) as { participants: { name?: string }[] };
      expect(data.participants.map((p) => p.name)).toContain('Deelnemer 1');
    }
    // After the facilitator's export, the report key still gets the anonymous one (no shared cache entry).
    expect(await (await report(server, s, 'json', reportKey)).text()).toBe(formats.json);
  });
});

describe('R-PRIVACY-DELETE: a deleted session leaves nothing readable', () => {
  it("R-PRIVACY-DELETE: after DELETE /api/admin/sessions/:id the session's name and texts are not in the database file's bytes", async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const TITLE = 'Wisbare sessie Xylofoonvergadering';
    const NAME = 'Quirinus Vandeweghe';
    const TEXT = 'Geheime bedenking over de zwembadkelder 9731';
    const s = await createSession(server.url, TITLE);
    const f = track(await facilitator(server.url, s));
    const phone = track(await participant(server.url, s, { name: NAME }));
    const id = await addBrainstorm(f, false);
    expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });
    expect(await phone.cmd('brainstorm.add', { activityId: id, text: TEXT, column: null, showName: false })).toMatchObject({ ok: true });
    // A snapshot too (an unload writes one), so the texts are in several tables and pages.
    f.close();
    phone.close();
    const keep = await createSession(server.url, 'Een sessie die blijft');
    const before = fileBytes(server);
    expect(before.includes(TEXT) && before.includes(NAME) && before.includes(TITLE)).toBe(true);

    const token = await organiser(server);
    const del = await fetch(`${server.url}/api/admin/sessions/${s.sessionId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.status).toBe(204);
    const after = fileBytes(server);
    for (const secret of [TEXT, NAME, TITLE, s.sessionId]) expect(after.includes(secret), secret).toBe(false);
    // The other session is untouched.
    expect(after.includes('Een sessie die blijft')).toBe(true);
    expect((await report(server, keep, 'md', keep.facilitatorKey)).status).toBe(200);
  });
});

describe('R-ERASE: one participant erased on request', () => {
  it('R-ERASE: the name and texts are gone from every report and from the file, others stay, and a restart replays the same', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const NAME = 'Zoë Erasmus-Uniek';
    const MINE = ['Mijn uniek geheim tekstje 4711', 'Mijn tweede bedenking 4712', 'Ik kom binnen als 4713'];
    const THEIRS = 'Een tekst die blijft staan 5820';
    const s = await createSession(server.url, 'Sessie met een wisverzoek');
    const f = track(await facilitator(server.url, s));
    const zoe: Peer = track(await participant(server.url, s, { name: NAME }));
    const other: Peer = track(await participant(server.url, s, { name: 'Blijvende Naam' }));
    const pid = (zoe.hello as { participantId: string }).participantId;
    await f.cmd('agenda.add', { activity: { kind: 'checkin', title: 'Check-in', config: { mode: 'checkin', prompts: ['Hoe?'] } } });
    const checkin = f.view!.agenda.at(-1)!.id;
    const brainstorm = await addBrainstorm(f, true);
    await f.cmd('agenda.goto', { activityId: checkin });
    expect(await zoe.cmd('checkin.respond', { activityId: checkin, answer: MINE[2], passed: false })).toMatchObject({ ok: true });
    expect(await f.cmd('checkin.report', { activityId: checkin, include: true })).toMatchObject({ ok: true });
    await f.cmd('agenda.goto', { activityId: brainstorm });
    for (const text of MINE.slice(0, 2))
      expect(await zoe.cmd('brainstorm.add', { activityId: brainstorm, text, column: null, showName: true })).toMatchObject({ ok: true });
    expect(await other.cmd('brainstorm.add', { activityId: brainstorm, text: THEIRS, column: null, showName: false })).toMatchObject({
      ok: true,
    });
    await f.until((v) => JSON.stringify(v).includes(THEIRS));
    const before = await allFormats(server, s, s.facilitatorKey);
    expect(before.md).toContain(MINE[0]);
    expect(before.md).toContain(MINE[2]);
    expect(before.json).toContain(NAME);

    const token = await organiser(server);
    const auth = { authorization: `Bearer ${token}` };
    const erase = () =>
      fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants/${pid}/erase`, { method: 'POST', headers: auth });
    // Only for the organiser; not while the session is open on a screen (its memory holds the texts).
    expect((await fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants/${pid}/erase`, { method: 'POST' })).status).toBe(403);
    expect(await (await erase()).json()).toMatchObject({ error: { code: 'BUSY' } });
    const list = (await (await fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants`, { headers: auth })).json()) as {
      participants: { id: string; name?: string }[];
    };
    expect(list.participants).toContainEqual({ id: pid, name: NAME });
    for (const p of [f, zoe, other]) p.close();
    let res = await erase();
    for (let i = 0; i < 100 && res.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 20)); // the server notices the closed sockets
      res = await erase();
    }
    expect(res.status, await res.clone().text()).toBe(200);
    expect(
      (await fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants/nobody/erase`, { method: 'POST', headers: auth })).status,
    ).toBe(404);

    const after = await allFormats(server, s, s.facilitatorKey);
    for (const [format, text] of Object.entries(after)) {
      for (const secret of [NAME, ...MINE]) expect(text, `${format}: ${secret}`).not.toContain(secret);
      expect(text, format).toContain(THEIRS);
    }
    expect(after.json).toContain(ERASED_TEXT); // the post-its are still counted, their text is gone
    const bytes = fileBytes(server);
    for (const secret of [NAME, ...MINE]) expect(bytes.includes(secret), secret).toBe(false);
    expect(bytes.includes(THEIRS)).toBe(true);

    // The rewritten log replays the same after a restart.
    await server.close();
    const again = await serve({ adminPassword: PASSWORD, dataDir: server.dataDir });
    expect(await allFormats(again, s, s.facilitatorKey)).toEqual(after);
  });
});

describe('R-ERASE: on a whole session', () => {
  it('R-ERASE: in a learning-network session (every kind), every event stays valid, the texts go everywhere they were copied, votes still count', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const s = await createFromTemplate(server.url, 'Lerend netwerk wisverzoek');
    const played = await playSession(server.url, s);
    const pid = (played.phones[0].hello as { participantId: string }).participantId;
    // Deelnemer 1's check-in answer, post-its (one carried into the vote and the groups), a group answer, a view.
    const theirs = [
      'Ik dacht dat iedereen met een hoofddoek Arabisch sprak.',
      'Micro-agressie',
      'Ik durf met ervaringsdeskundigen aan de slag te gaan',
      'Blinde vlekken in eigen job ontdekken',
      // Their Deep Democracy view, quoted whole (Deelnemer 2's "Het breekt hun bubbel open" stays).
      '"Het breekt hun bubbel"',
    ];
    const before = await allFormats(server, s, s.facilitatorKey);
    for (const t of theirs) expect(before.json).toContain(t);
    expect(before.md).toContain('Het breekt hun bubbel (2×)');
    for (const p of [played.f, ...played.phones]) p.close();
    const auth = { authorization: `Bearer ${await organiser(server)}` };
    let res = await fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants/${pid}/erase`, { method: 'POST', headers: auth });
    for (let i = 0; i < 100 && res.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 20));
      res = await fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants/${pid}/erase`, { method: 'POST', headers: auth });
    }
    expect(await res.json()).toMatchObject({ kept: 0, compacted: true });
    const after = await allFormats(server, s, s.facilitatorKey);
    for (const [format, text] of Object.entries(after)) {
      expect(text, format).not.toContain('Deelnemer 1"');
      for (const t of theirs) expect(text.includes(t), `${format}: ${t}`).toBe(false);
      expect(text, format).toContain('Is structureel'); // someone else's post-it
    }
    expect(after.md).toContain('8 stemmen'); // the carried post-it keeps its votes
    expect(after.md).not.toContain('Het breekt hun bubbel (2×)'); // the merged view keeps its count, not their words
    expect(after.md).toContain('(2×)');
    const bytes = fileBytes(server);
    for (const t of theirs) expect(bytes.includes(t), t).toBe(false);
    expect(bytes.includes('Het breekt hun bubbel open')).toBe(true); // Deelnemer 2's own view
  });
});

describe('R-BODY: the import route', () => {
  /** A request that declares 8 MiB and sends only its first bytes, then waits for an answer. */
  const declareBig = (server: TestServer, authorization?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/api/admin/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': 8 * 1024 * 1024, ...(authorization ? { authorization } : {}) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, body });
        });
      });
      req.on('error', reject);
      req.write('{ "data": not even json, and the rest never comes');
    });

  it('R-BODY: an unauthenticated 8 MiB import is refused before parsing (403, not 400, without the body)', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    for (const auth of [undefined, 'Bearer ' + 'x'.repeat(32)]) {
      const res = await declareBig(server, auth);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'NOT_ALLOWED' } });
    }
  });

  it('R-BODY: the authenticated import is rate-limited: past its budget, 429 RATE_LIMITED before the body is read', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const authorization = `Bearer ${await organiser(server)}`;
    // Valid JSON of 8 MiB (mostly spaces): parsed, then refused as not an export (400).
    const big = JSON.stringify({ data: {}, as: 'session' }).padEnd(8 * 1024 * 1024 - 16, ' ');
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) {
      const res = await fetch(`${server.url}/api/admin/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: big,
      });
      statuses.push(res.status);
      if (res.status === 429) expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      else await res.arrayBuffer();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((x) => x === 400)).toBe(true);
    // Refused by what the request declares: it is answered without waiting for the body.
    expect((await declareBig(server, authorization)).status).toBe(429);
  });
});
