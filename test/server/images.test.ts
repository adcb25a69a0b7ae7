/**
 * Pictures (issue 12, build point 1) on a real server with a real SQLite file:
 * R-IMG-UPLOAD (accepted, upright, resized, re-encoded), R-IMG-EXIF (no metadata kept),
 * R-IMG-REJECT (each bad upload its error, nothing stored), R-IMG-ACCESS (who may fetch
 * which picture), R-IMG-LIFECYCLE (in the backup, gone with the session) and R-PHOTO
 * (photos on an activity reach the console and the report, never a phone or the board).
 * The test images are made here with sharp; the bomb and the truncated file by hand.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { CreatedSession } from '../../shared/protocol.ts';
import type { ReportDoc } from '../../shared/report/model.ts';
import { board, createSession, facilitator, participant, tick, type Peer } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'organiser-images-password';
const { serve, track } = lifecycle();

// ---- test images ----------------------------------------------------------------------

/** A camera's photo: EXIF with a make, an owner, a GPS position, and "rotate 90°" (orientation 6). */
const cameraJpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#c83232' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'KringCam', Copyright: 'Secret Owner' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 3/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '3/1 43/1 30/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
const alphaPng = () =>
  sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 0.5 } } })
    .png()
    .toBuffer();
const noise = (w: number, h: number) => Buffer.from(Array.from({ length: w * h * 3 }, (_, i) => (i * 7919) % 251));
const bigJpeg = () =>
  sharp(noise(3000, 1000), { raw: { width: 3000, height: 1000, channels: 3 } })
    .jpeg()
    .toBuffer();
const webp = () =>
  sharp({ create: { width: 30, height: 20, channels: 3, background: '#228822' } })
    .webp()
    .toBuffer();

/** A PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])));
  return Buffer.concat([len, Buffer.from(type, 'ascii'), data, crc]);
}
/** A decompression bomb: a few hundred bytes that declare a 30000×30000 picture. */
function bombPng() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = zlib.deflateSync(Buffer.alloc((30000 * 3 + 1) * 4)); // the first rows; the rest "follow"
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

// ---- helpers --------------------------------------------------------------------------

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
/** Upload `body` with `key` (default the facilitator's; null: none). */
function upload(server: TestServer, s: CreatedSession, body: Buffer, key: string | null = s.facilitatorKey, type = 'image/jpeg') {
  return fetch(`${server.url}/api/sessions/${s.sessionId}/images`, {
    method: 'POST',
    headers: { 'content-type': type, ...(key ? auth(key) : {}) },
    body: new Uint8Array(body),
  });
}
async function uploaded(server: TestServer, s: CreatedSession, body: Buffer) {
  const res = await upload(server, s, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { imageId: string; width: number; height: number };
}
const getImage = (server: TestServer, s: CreatedSession, imageId: string, key?: string) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/images/${imageId}`, { headers: key ? auth(key) : {} });
const imageRows = (server: TestServer) => {
  const db = new Database(path.join(server.dataDir, 'kring.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
  } finally {
    db.close();
  }
};
const storedBytes = (server: TestServer, s: CreatedSession, imageId: string) => server.app.store.imageData(s.sessionId, imageId)!.data;

async function reportKey(server: TestServer, s: CreatedSession) {
  const res = await fetch(`${server.url}/api/sessions/${s.sessionId}/report-link`, { method: 'POST', headers: auth(s.facilitatorKey) });
  return ((await res.json()) as { reportKey: string }).reportKey;
}
async function organiserToken(server: TestServer) {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}
const infoCard = (imageId: string, alt = 'Vier dimensies van racisme') => ({
  kind: 'info',
  title: 'Theorie',
  config: { body: 'De vier dimensies.', agreeable: false, images: [{ imageId, alt }] },
});

/** Has the JPEG an APP1 segment (EXIF or XMP)? Walks the markers up to the image data. */
function hasApp1(jpeg: Buffer) {
  for (let i = 2; i + 4 <= jpeg.length;) {
    if (jpeg[i] !== 0xff) return false;
    const marker = jpeg[i + 1];
    if (marker === 0xda) return false; // start of scan: no more headers
    if (marker === 0xe1) return true;
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  return false;
}

// ---- tests ----------------------------------------------------------------------------

describe('R-IMG-UPLOAD, R-IMG-EXIF: an upload is kept upright, resized and without metadata', () => {
  it('R-IMG-EXIF: a camera JPEG loses its EXIF (GPS, make, owner) and is turned upright by its orientation', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Foto’s');
    const input = await cameraJpeg();
    // The fixture really carries what must go.
    expect(hasApp1(input)).toBe(true);
    expect(input.includes('KringCam')).toBe(true);
    expect((await sharp(input).metadata()).orientation).toBe(6);

    const answer = await uploaded(server, s, input);
    expect(answer).toMatchObject({ width: 48, height: 64 }); // 64×48 turned a quarter
    expect(answer.imageId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    const stored = storedBytes(server, s, answer.imageId);
    expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(hasApp1(stored)).toBe(false);
    for (const text of ['Exif', 'KringCam', 'Secret Owner', 'GPS']) expect(stored.includes(text), text).toBe(false);
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([48, 64]);
  });

  it('R-IMG-UPLOAD: PNG with transparency stays PNG, WebP becomes JPEG, a large picture is at most 2000 px', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Soorten');
    const png = await uploaded(server, s, await alphaPng());
    expect(server.app.store.imageData(s.sessionId, png.imageId)!.mime).toBe('image/png');
    expect((await sharp(storedBytes(server, s, png.imageId)).metadata()).hasAlpha).toBe(true);
    const w = await uploaded(server, s, await webp());
    expect(server.app.store.imageData(s.sessionId, w.imageId)!.mime).toBe('image/jpeg');
    const big = await uploaded(server, s, await bigJpeg());
    expect(big).toMatchObject({ width: 2000, height: 667 });
    // The content type sent does not matter: the bytes say what it is.
    const res = await upload(server, s, await alphaPng(), s.facilitatorKey, 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(imageRows(server)).toBe(4);
  });
});

describe('R-IMG-REJECT: a bad upload gets its error and stores nothing', () => {
  it('R-IMG-REJECT: wrong type 415, too large 413, truncated or a bomb 400, no key 403; no row is written', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Weigeren');
    const jpeg = await bigJpeg();
    const cases: [string, Buffer, number, string, string?][] = [
      ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 415, 'INVALID'],
      ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, 'INVALID'],
      ['a text called PNG', Buffer.from('not a picture at all'), 415, 'INVALID'],
      ['an empty body', Buffer.alloc(0), 415, 'INVALID'],
      ['more than 8 MiB', Buffer.concat([jpeg, Buffer.alloc(8 * 1024 * 1024)]), 413, 'TOO_LARGE'],
      ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 400, 'INVALID'],
      ['a decompression bomb', bombPng(), 400, 'INVALID'],
      ['a PNG signature and noise', Buffer.concat([bombPng().subarray(0, 8), noise(20, 20)]), 400, 'INVALID'],
      ['no key', jpeg, 403, 'NOT_ALLOWED', ''],
      ['the board key', jpeg, 403, 'NOT_ALLOWED', s.boardKey],
      ['a report key', jpeg, 403, 'NOT_ALLOWED', await reportKey(server, s)],
    ];
    expect(bombPng().length).toBeLessThan(2000);
    for (const [what, body, status, code, key] of cases) {
      const res = await upload(server, s, body, key === undefined ? s.facilitatorKey : key || null);
      expect(res.status, what).toBe(status);
      expect(await res.json(), what).toMatchObject({ error: { code } });
      expect(imageRows(server), what).toBe(0);
    }
    // An unknown session: 404, nothing stored.
    const res = await upload(server, { ...s, sessionId: 'nosuchsession1' }, jpeg);
    expect(res.status).toBe(404);
    // And the server still takes a good one.
    await uploaded(server, s, await webp());
    expect(imageRows(server)).toBe(1);
  });
});

describe('R-IMG-ACCESS: who may fetch which picture', () => {
  it('R-IMG-ACCESS: a card’s picture is for everyone in the session; any other only with a key', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Toegang');
    const other = await createSession(server.url, 'Andere');
    const f = track(await facilitator(server.url, s));
    const { imageId } = await uploaded(server, s, await cameraJpeg());
    // Not on a card yet: only with a key.
    expect((await getImage(server, s, imageId)).status).toBe(404);
    const keyed = await getImage(server, s, imageId, s.facilitatorKey);
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('content-type')).toBe('image/jpeg');
    expect(keyed.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(keyed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await keyed.arrayBuffer())).toEqual(storedBytes(server, s, imageId));
    // A card may only name an image of its own session.
    const foreign = await uploaded(server, other, await webp());
    expect(await f.cmd('agenda.add', { activity: infoCard(foreign.imageId) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await f.cmd('agenda.add', { activity: infoCard(imageId, '   ') })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    // On a card: without a key (phones, board).
    expect(await f.cmd('agenda.add', { activity: infoCard(imageId) })).toMatchObject({ ok: true });
    expect((await getImage(server, s, imageId)).status).toBe(200);
    // Not through another session's id, and not another session's picture through this one.
    expect((await getImage(server, other, imageId)).status).toBe(404);
    expect((await getImage(server, s, foreign.imageId)).status).toBe(404);
    expect((await getImage(server, s, foreign.imageId, s.facilitatorKey)).status).toBe(404);
    expect((await getImage(server, s, 'short')).status).toBe(404);
    // The card goes: its picture is no longer public.
    expect(await f.cmd('agenda.remove', { activityId: f.view!.agenda.at(-1)!.id })).toMatchObject({ ok: true });
    expect((await getImage(server, s, imageId)).status).toBe(404);
  });
});

describe('R-PHOTO: photos on an activity', () => {
  it('R-PHOTO: a photo reaches the console and the report, never a phone or the board', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Flipcharts');
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const p = track(await participant(server.url, s, { name: 'Amal' }));
    const activityId = f.view!.agenda[0].id;
    const { imageId } = await uploaded(server, s, await cameraJpeg());
    const DESCRIPTION = 'Flipchart van groep 2 met de eerste stappen';
    expect(await p.cmd('activity.photoAdd', { activityId, imageId, description: DESCRIPTION })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(await f.cmd('activity.photoAdd', { activityId, imageId: 'A'.repeat(21), description: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await f.cmd('activity.photoAdd', { activityId: 'nope1234', imageId, description: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await f.cmd('activity.photoAdd', { activityId, imageId, description: DESCRIPTION })).toMatchObject({ ok: true });
    expect(f.view!.agenda[0].photos).toEqual([{ imageId, description: DESCRIPTION }]);
    // The photo is not public: a phone cannot fetch it.
    expect((await getImage(server, s, imageId)).status).toBe(404);
    // Late joiners get snapshots: the phone's and the board's carry no photo; a console's does.
    const b2 = track(await board(server.url, s));
    const p2 = track(await participant(server.url, s, { name: 'Bert' }));
    const f2 = track(await facilitator(server.url, s));
    expect(f2.view!.agenda[0].photos).toEqual([{ imageId, description: DESCRIPTION }]);
    await tick(150);
    for (const peer of [b, p, b2, p2] as Peer[]) {
      expect(peer.wireText()).not.toContain(imageId);
      expect(peer.wireText()).not.toContain(DESCRIPTION);
      expect(peer.view!.agenda[0].photos).toBeUndefined();
    }
    // The report places it under its activity (once it ran), with its description as alt text and caption.
    expect(await f.cmd('agenda.goto', { activityId })).toMatchObject({ ok: true });
    const doc = (await (
      await fetch(`${server.url}/api/sessions/${s.sessionId}/report/doc`, { headers: auth(s.facilitatorKey) })
    ).json()) as ReportDoc;
    const heading = doc.blocks.findIndex((x) => x.t === 'h' && x.text === f.view!.agenda[0].title);
    expect(heading).toBeGreaterThan(0);
    expect(doc.blocks.slice(heading)).toContainEqual({ t: 'img', imageId, alt: DESCRIPTION, caption: DESCRIPTION });
    // A report link may fetch it (the print page shows it).
    expect((await getImage(server, s, imageId, await reportKey(server, s))).status).toBe(200);
    // Removing it removes it from every console.
    expect(await f.cmd('activity.photoRemove', { activityId, imageId })).toMatchObject({ ok: true });
    await f2.until((v) => v.agenda[0].photos === undefined);
  });
});

describe('R-IMG-LIFECYCLE: pictures live with their session', () => {
  it('R-IMG-LIFECYCLE: the backup holds the pictures; deleting the session deletes them', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const s = await createSession(server.url, 'Levensloop');
    const keep = await createSession(server.url, 'Blijft');
    const { imageId } = await uploaded(server, s, await cameraJpeg());
    const kept = await uploaded(server, keep, await webp());
    // npm run backup: the copy has the same bytes.
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kring-img-backup-')), 'copy.db');
    await promisify(execFile)(process.execPath, ['scripts/backup.mjs', target], {
      env: { ...process.env, KRING_DATA_DIR: server.dataDir },
    });
    const copy = new Database(target, { readonly: true });
    const row = copy.prepare('SELECT data FROM images WHERE session_id = ? AND id = ?').get(s.sessionId, imageId) as { data: Buffer };
    copy.close();
    expect(Buffer.compare(row.data, storedBytes(server, s, imageId))).toBe(0);
    // Delete the session: its pictures go, another session's stay.
    const token = await organiserToken(server);
    const res = await fetch(`${server.url}/api/admin/sessions/${s.sessionId}`, { method: 'DELETE', headers: auth(token) });
    expect(res.status).toBe(204);
    expect(server.app.store.imageData(s.sessionId, imageId)).toBeUndefined();
    expect(imageRows(server)).toBe(1);
    expect(server.app.store.imageData(keep.sessionId, kept.imageId)).toBeDefined();
    expect((await getImage(server, s, imageId, token)).status).toBe(404);
  });
});

describe('R-IMG-LIFECYCLE: an export names pictures but holds none', () => {
  it('R-IMG-LIFECYCLE: importing a session with pictures and photos works; the names stay and show nothing', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const s = await createSession(server.url, 'Uitvoer');
    const f = track(await facilitator(server.url, s));
    const card = await uploaded(server, s, await webp());
    const photo = await uploaded(server, s, await cameraJpeg());
    expect(await f.cmd('agenda.add', { activity: infoCard(card.imageId) })).toMatchObject({ ok: true });
    const activityId = f.view!.agenda.at(-1)!.id;
    expect(await f.cmd('activity.photoAdd', { activityId, imageId: photo.imageId, description: 'Flap' })).toMatchObject({ ok: true });
    const exported = await (
      await fetch(`${server.url}/api/sessions/${s.sessionId}/report/json`, { headers: auth(s.facilitatorKey) })
    ).json();
    const token = await organiserToken(server);
    const res = await fetch(`${server.url}/api/admin/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(token) },
      body: JSON.stringify({ data: exported, as: 'session' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const copy = (await res.json()) as CreatedSession;
    const f2 = track(await facilitator(server.url, copy));
    const imported = f2.view!.agenda.find((a) => a.id === activityId)!;
    expect(imported.photos).toEqual([{ imageId: photo.imageId, description: 'Flap' }]);
    // The new session has no pictures: the card's picture is not found (the phone leaves it out), the report still builds.
    expect((await getImage(server, copy, card.imageId)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/${copy.sessionId}/report/doc`, { headers: auth(copy.facilitatorKey) })).status).toBe(
      200,
    );
    expect(imageRows(server)).toBe(2);
  });
});
