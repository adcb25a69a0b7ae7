/**
 * R-CLOSE and R-KEY-HIDDEN in real Chromium: the console's and board's keys leave the
 * address bar once read (a reload still works); the facilitator ends the session from the
 * console (asked twice); the phones (nl and ar) and the board say it ended, the board no
 * longer shows the join code, and the code no longer opens it on a new phone.
 */
import { expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { artifactsIn, BOARD, browserFixture, LAPTOP, newSession, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const art = artifactsIn('close', { fresh: true });
const ar = (key: string) => translate('ar', key);

it('R-CLOSE, R-KEY-HIDDEN: the console ends the session; phones and board say so; keys stay out of the address bar', async () => {
  const url = fx.server.url;
  const s = await newSession(url, 'Hapje Klapje');
  const { page: console_ } = await fx.newPage(LAPTOP);
  const { page: board } = await fx.newPage(BOARD);
  await console_.goto(`${url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
  await board.goto(`${url}/b/${s.sessionId}#k=${s.boardKey}`);
  await waitForStatus(console_, 'connected');
  await waitForStatus(board, 'connected');
  // The keys are gone from the address bar; a reload still opens the console and the board.
  for (const p of [console_, board]) {
    expect(new URL(p.url()).hash).toBe('');
    await p.reload();
    await waitForStatus(p, 'connected');
  }
  await board
    .getByText(s.code.split('').join(' '))
    .first()
    .waitFor({ state: 'attached', ...WAIT });

  const { page: phoneNl } = await fx.newPage(PHONE);
  const { page: phoneAr } = await fx.newPage({ ...PHONE, locale: 'ar' });
  for (const p of [phoneNl, phoneAr]) {
    await p.goto(`${url}/j/${s.code}`);
    await waitForStatus(p, 'connected');
  }

  // Asked twice: the first click only asks.
  const panel = console_.getByTestId('end-session');
  await panel.getByRole('button', { name: nl('console.end.button') }).click();
  await art.shot(console_, 'console-end-asking');
  await panel.getByRole('button', { name: nl('console.end.confirm') }).click();
  await panel.getByRole('status').waitFor(WAIT);
  expect(await panel.getByRole('status').textContent()).toContain(nl('console.end.done', { time: '' }).split('(')[0].trim());
  await art.shot(console_, 'console-ended');

  await phoneNl.getByRole('heading', { name: nl('phone.ended.title') }).waitFor(WAIT);
  await phoneAr.getByRole('heading', { name: ar('phone.ended.title') }).waitFor(WAIT);
  expect(await phoneAr.evaluate(() => document.documentElement.dir)).toBe('rtl');
  await board.getByRole('heading', { name: nl('board.ended.title') }).waitFor(WAIT);
  // The code does not work any more, so the board no longer shows it.
  expect(await board.getByText(s.code.split('').join(' ')).count()).toBe(0);
  expect(await board.getByTestId('join-badge').count()).toBe(0);
  await art.shot(phoneNl, 'phone-nl-ended');
  await art.shot(phoneAr, 'phone-ar-ended');
  await art.shot(board, 'board-ended');

  // A new phone with the code is told the session ended.
  const { page: late } = await fx.newPage(PHONE);
  await late.goto(`${url}/j/${s.code}`);
  await late.getByText(nl('error.SESSION_CLOSED')).waitFor(WAIT);
  await art.shot(late, 'phone-late-closed');
  expect(fx.pageErrors).toEqual([]);
}, 90_000);
