/**
 * R-DISK in real Chromium: the server's data folder on a small tmpfs (skipped, with the
 * reason, where one cannot be mounted). When the disk fills up, the phones (nl and ar) and
 * the board say the server cannot save for now; when space is back, the message goes by
 * itself. Screenshots in test-artifacts/e2e/disk/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { createSession, facilitator } from '../helpers/client.ts';
import { killed, spawnServer, type ChildServer } from '../helpers/spawn.ts';
import { fill, tryMount, unmountAfterAll } from '../helpers/tmpfs.ts';
import { artifactsIn, BOARD, browserFixture, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const art = artifactsIn('disk', { fresh: true });
unmountAfterAll();
const disk = tryMount('size=16m');
if (!disk.dir) console.warn(`R-DISK (browser): skipped: cannot mount a tmpfs here (${disk.reason})`);
const children: ChildServer[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await killed(c.child);
});

it.skipIf(!disk.dir)(
  'R-DISK: on a full disk every screen says it cannot save, and the message goes when space is back',
  async () => {
    const server = await spawnServer({ KRING_DATA_DIR: path.join(disk.dir!, 'data'), KRING_CLIENT_DIR: path.resolve('dist') });
    children.push(server);
    const s = await createSession(server.url);
    const { page: board } = await fx.newPage(BOARD);
    const { page: phoneNl } = await fx.newPage(PHONE);
    const { page: phoneAr } = await fx.newPage({ ...PHONE, locale: 'ar' });
    await board.goto(`${server.url}/b/${s.sessionId}#k=${s.boardKey}`);
    for (const p of [phoneNl, phoneAr]) await p.goto(`${server.url}/j/${s.code}`);
    for (const p of [board, phoneNl, phoneAr]) await waitForStatus(p, 'connected');

    const filler = fill(disk.dir!);
    const f = await facilitator(server.url, s);
    expect(await f.cmd('session.meta', { place: 'Zaal 2' })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    await board.getByText(nl('common.readOnly')).waitFor(WAIT);
    await phoneNl.getByText(nl('common.readOnly')).waitFor(WAIT);
    await phoneAr.getByText(translate('ar', 'common.readOnly')).waitFor(WAIT);
    await art.shot(phoneNl, 'phone-nl-read-only');
    await art.shot(phoneAr, 'phone-ar-read-only');
    await art.shot(board, 'board-read-only');

    fs.rmSync(filler);
    for (const p of [board, phoneNl, phoneAr]) await p.getByTestId('read-only').waitFor({ state: 'detached', ...WAIT });
    expect(await f.cmd('session.meta', { place: 'Zaal 2' })).toMatchObject({ ok: true });
    f.close();
    expect(fx.pageErrors).toEqual([]);
  },
  90_000,
);
