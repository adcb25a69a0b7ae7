/**
 * SPEC: R-IMG-UPLOAD, R-IMG-ACCESS, R-PHOTO — pictures in a real room. The facilitator
 * builds a short presentation of info cards in the console (a picture uploaded into the
 * card, with its required alt text), steps to it like any activity, and the phones (nl and
 * ar, 360×740) and the board (1920×1080) show the picture; then adds a photo of a flipchart
 * to the current activity, which the console shows and no phone ever receives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { facilitator, participant } from '../helpers/client.ts';
import { flipchart, slide as slidePicture } from '../helpers/pictures.ts';
import { artifactsIn, BOARD, browserFixture, expectNoSideScroll, LAPTOP, newSession, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const art = artifactsIn('images', { fresh: true });

const ALT = 'Vier vakken: individueel, institutioneel, structureel en cultureel racisme';
const PHOTO = 'Flipchart van groep 2: eerste kleine stappen';

/** The picture with this alt text is shown, loaded (not broken). */
async function expectPicture(page: Page, alt: string) {
  const img = page.getByRole('img', { name: alt, exact: true });
  await img.waitFor(WAIT);
  await page.waitForFunction((a) => [...document.images].some((i) => i.alt === a && i.complete && i.naturalWidth > 0), alt, WAIT);
  return img;
}

test('R-IMG-UPLOAD, R-IMG-ACCESS, R-PHOTO: a card with a picture is stepped to and shown on phones and the board; a photo stays on the console', async () => {
  const dir = fs.mkdtempSync(path.join(art.dir, 'files-'));
  const slide = path.join(dir, 'dimensies.png');
  const photo = path.join(dir, 'flap.jpg');
  fs.writeFileSync(slide, await slidePicture());
  fs.writeFileSync(photo, await flipchart({ gps: true }));

  const s = await newSession(fx.server.url, 'Lerend netwerk sessie 6');
  const f = await facilitator(fx.server.url, s);
  const spy = await participant(fx.server.url, s, { name: 'Spion' });
  const { page: consolePage } = await fx.newPage({ ...LAPTOP, locale: 'nl-BE' });
  await consolePage.goto(`${fx.server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
  await waitForStatus(consolePage, 'connected');

  // The presentation: a card with the picture, built in the console.
  await consolePage.getByText(nl('console.add.heading'), { exact: true }).click();
  await consolePage.locator('#add-kind').selectOption('info');
  await consolePage.getByLabel(nl('console.add.title'), { exact: true }).fill('De vier dimensies van racisme');
  await consolePage.getByLabel(nl('console.add.body'), { exact: true }).fill('Racisme speelt op vier niveaus tegelijk.');
  await consolePage.getByLabel(nl('console.images.add'), { exact: true }).setInputFiles(slide);
  const alt = consolePage.getByLabel(nl('console.add.imageAlt'), { exact: true });
  await alt.waitFor(WAIT);
  // The preview is fetched with the key (the picture is on no card yet).
  await consolePage.waitForFunction(() => [...document.images].some((i) => i.src.startsWith('blob:') && i.naturalWidth > 0), null, WAIT);
  // Without alt text the card is refused, and the field is named.
  await consolePage.getByRole('button', { name: nl('console.add.submit') }).click();
  await consolePage
    .getByRole('alert')
    .filter({ hasText: nl('console.add.imageAlt') })
    .waitFor(WAIT);
  await art.shot(consolePage, 'console-card-builder');
  await alt.fill(ALT);
  await consolePage.getByRole('button', { name: nl('console.add.submit') }).click();
  await f.until((v) => v.agenda.some((a) => (a.config as { images?: unknown[] }).images?.length === 1));
  const card = f.view!.agenda.find((a) => (a.config as { images?: unknown[] }).images?.length === 1)!;
  const { imageId } = (card.config as { images: { imageId: string; alt: string }[] }).images[0];
  expect((card.config as { images: { alt: string }[] }).images[0].alt).toBe(ALT);
  // The next slide of the presentation.
  expect(
    await f.cmd('agenda.add', { activity: { kind: 'info', title: 'Doelen', config: { body: 'Samen leren.', agreeable: false } } }),
  ).toMatchObject({ ok: true });

  const { page: phoneNl } = await fx.newPage({ ...PHONE, locale: 'nl-BE' });
  const { page: phoneAr } = await fx.newPage({ ...PHONE, locale: 'ar' });
  const { page: board } = await fx.newPage(BOARD);
  for (const p of [phoneNl, phoneAr]) await p.goto(s.links.join);
  await board.goto(`${fx.server.url}/b/${s.sessionId}#k=${s.boardKey}`);
  for (const p of [phoneNl, phoneAr, board]) await waitForStatus(p, 'connected');

  // Open the card (then the console's stepper takes the presentation on, below).
  expect(await f.cmd('agenda.goto', { activityId: card.id })).toMatchObject({ ok: true });
  for (const p of [phoneNl, phoneAr, board]) await expectPicture(p, ALT);
  // The board's picture is large on the projector; the phone's fits the narrow screen.
  const boardBox = (await board.getByRole('img', { name: ALT }).boundingBox())!;
  expect(boardBox.width).toBeGreaterThan(700);
  expect(boardBox.y + boardBox.height).toBeLessThanOrEqual(1080);
  for (const p of [phoneNl, phoneAr]) {
    const box = (await p.getByRole('img', { name: ALT }).boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await expectNoSideScroll(p);
  }
  await art.shot(phoneNl, 'phone-nl-card');
  await art.shot(phoneAr, 'phone-ar-card');
  await art.shot(board, 'board-card');

  // A photo of a flipchart on the current activity, from the console.
  const photos = consolePage.getByTestId('console-photos');
  await photos.getByLabel(nl('console.photos.file'), { exact: true }).setInputFiles(photo);
  await photos.getByLabel(nl('console.photos.description'), { exact: true }).fill(PHOTO);
  await photos.getByRole('button', { name: nl('console.photos.submit') }).click();
  await f.until((v) => v.agenda.find((a) => a.id === card.id)?.photos?.length === 1);
  await expectPicture(consolePage, PHOTO);
  await photos.scrollIntoViewIfNeeded();
  await art.shot(consolePage, 'console-photo');
  const photoId = f.view!.agenda.find((a) => a.id === card.id)!.photos![0].imageId;
  // The photo is stored without its GPS position.
  expect(fx.server.app.store.imageData(s.sessionId, photoId)!.data.includes('Exif')).toBe(false);
  // No phone hears of it; without the key it cannot be fetched.
  expect(spy.wireText()).not.toContain(photoId);
  expect(spy.wireText()).not.toContain(PHOTO);
  expect((await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/images/${photoId}`)).status).toBe(404);
  expect((await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/images/${imageId}`)).status).toBe(200);

  // Next slide: the presentation steps on.
  await consolePage
    .getByTestId('console-stepper')
    .getByRole('button', { name: nl('console.agenda.next'), exact: true })
    .click();
  await board.getByText('Samen leren.').waitFor(WAIT);
  await phoneNl.getByText('Samen leren.').waitFor(WAIT);

  expect(fx.pageErrors).toEqual([]);
  f.close();
  spy.close();
});
