/**
 * Browser acceptance test: one facilitator, one board, two phones, in real Chromium
 * against the real server (serving the built client from dist/).
 *
 * SPEC: E2E-ROOM — create a session from the start page, open the board, join two phones
 * (join link and typed code), show the house rules, agree on both phones (one of them
 * offline first), and see the board count 2.
 *
 * Every text the test looks for comes from the catalogues, so rewording the UI does not
 * break it. Screenshots of each view at each step go to test-artifacts/e2e/.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { BOARD, browserFixture, en, expectNoSideScroll, LAPTOP, newSession, nl, PHONE, shot, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;

/** The connection badge (role=status). SPEC: R-OUTBOX (status in every view). */
const badge = (page: Page) => page.getByTestId('connection-badge');

/** The outbox entries this page keeps in localStorage (R-OUTBOX: queued offline, persisted). */
const storedOutbox = (page: Page) =>
  page.evaluate(() => {
    const all: unknown[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith('kring.outbox.')) all.push(...JSON.parse(localStorage.getItem(key) ?? '[]'));
    }
    return all as { cmd: { id: string; type: string } }[];
  });

test('E2E-ROOM: facilitator, board and two phones; an offline agreement counts once', { timeout: 180_000 }, async () => {
  const houseRules = nl('template.houseRules.title');

  // ---- 1. The facilitator creates a session on the start page and lands on the console.
  const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-NL' });
  await consolePage.goto(`${fx.server.url}/`);
  await expect.poll(() => consolePage.evaluate(() => document.documentElement.lang)).toBe('nl'); // R-I18N-DIR
  await consolePage.getByLabel(nl('start.create.title')).fill('Teamdag voorjaar');
  await consolePage.getByLabel(nl('start.create.lang')).selectOption('nl');
  await shot(consolePage, '00-start');
  await consolePage.getByRole('button', { name: nl('start.create.submit') }).click();
  // R-KEY-HIDDEN: the key leaves the address bar once read (a projected console shows it).
  await consolePage.waitForURL(/\/f\/[A-Za-z0-9_-]+$/, WAIT);
  await waitForStatus(consolePage, 'connected');
  await consolePage.getByRole('heading', { level: 1, name: 'Teamdag voorjaar' }).waitFor(WAIT);
  // The session starts with the house rules as its first agenda item.
  await consolePage.getByRole('listitem').filter({ hasText: houseRules }).waitFor(WAIT);
  await shot(consolePage, '01-console');

  const boardLink = await consolePage.getByRole('textbox', { name: nl('console.links.board'), exact: true }).inputValue();
  const joinLink = await consolePage.getByRole('textbox', { name: nl('console.links.join'), exact: true }).inputValue();
  expect(boardLink).toMatch(/\/b\/[A-Za-z0-9_-]+#k=.+/);
  const code = joinLink.split('/j/')[1];
  expect(code).toMatch(/^[A-Z0-9]{6}$/);

  // The board, opened from the console's link: QR code (an svg) and the join code.
  const { page: board } = await newPage({ ...BOARD, locale: 'nl-NL' });
  await board.goto(boardLink);
  await waitForStatus(board, 'connected');
  await board.getByTestId('qr').locator('svg').waitFor(WAIT);
  await board.getByRole('img', { name: nl('join.qrLabel', { url: joinLink }) }).waitFor(WAIT);
  expect((await board.getByTestId('join-code').textContent())?.trim()).toBe(code);
  expect(await board.getByTestId('join-url').textContent()).toContain(`/j/${code}`);
  await shot(board, '02-board');

  // ---- 2. Two phones join: A by the join link (English phone), B by typing the code (Dutch).
  const { ctx: ctxA, page: phoneA } = await newPage({ ...PHONE, locale: 'en-GB' });
  await phoneA.goto(joinLink);
  await waitForStatus(phoneA, 'connected');
  await expect.poll(() => phoneA.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
  await phoneA.getByText(en('phone.waiting')).waitFor(WAIT);
  await expectNoSideScroll(phoneA);
  await shot(phoneA, '03-phone-a-joined');

  const { page: phoneB } = await newPage({ ...PHONE, locale: 'nl-NL' });
  await phoneB.goto(`${fx.server.url}/`);
  // Typed sloppily: lower case with spaces around; the start page trims and upper-cases.
  await phoneB.getByRole('textbox', { name: nl('start.join.code'), exact: true }).fill(`  ${code.toLowerCase()} `);
  await phoneB.getByRole('button', { name: nl('start.join.submit') }).click();
  await phoneB.waitForURL(`**/j/${code}`, WAIT);
  await waitForStatus(phoneB, 'connected');
  await phoneB.getByText(nl('phone.waiting')).waitFor(WAIT);
  await shot(phoneB, '04-phone-b-joined');

  // Board and console count the two phones (R-PRESENCE).
  await board.getByText(nl('board.here', { count: 2 })).waitFor(WAIT);
  await consolePage.getByText(nl('console.here', { count: 2 })).waitFor(WAIT);
  await shot(board, '05-board-two-here');

  // ---- 3. The facilitator shows the house rules; both phones show the card.
  await consolePage
    .getByRole('listitem')
    .filter({ hasText: houseRules })
    .getByRole('button', { name: nl('console.agenda.showAria', { title: houseRules }) })
    .click();
  // Phone A is in English: the template's card comes in English (R-TR-TEMPLATE).
  await phoneA.getByRole('heading', { name: en('template.houseRules.title') }).waitFor(WAIT);
  await phoneB.getByRole('heading', { name: houseRules }).waitFor(WAIT);
  const agreeA = phoneA.getByRole('button', { name: en('info.agree') });
  const agreeB = phoneB.getByRole('button', { name: nl('info.agree') });
  await agreeA.waitFor(WAIT);
  await agreeB.waitFor(WAIT);
  expect(await agreeA.getAttribute('aria-pressed')).toBe('false');
  await board.getByRole('heading', { name: houseRules }).waitFor(WAIT);
  await board.getByText(nl('info.count', { count: 0 })).waitFor(WAIT);
  await shot(consolePage, '06-console-showing');
  await expectNoSideScroll(phoneA);
  await shot(phoneA, '07-phone-a-card');
  await shot(phoneB, '08-phone-b-card');
  await shot(board, '09-board-card');

  // ---- 4. Phone A goes offline and agrees: queued, shown at once, "1 change waiting".
  await ctxA.setOffline(true);
  await waitForStatus(phoneA, 'offline');
  await agreeA.click();
  await expect.poll(() => agreeA.getAttribute('aria-pressed')).toBe('true'); // optimistic
  await expect.poll(() => badge(phoneA).textContent()).toContain(en('status.waiting', { count: 1 }));
  const queued = await storedOutbox(phoneA);
  expect(queued.map((e) => e.cmd.type)).toEqual(['info.agree']); // persisted (R-OUTBOX)
  const queuedId = queued[0].cmd.id;
  await shot(phoneA, '10-phone-a-offline-waiting');

  // Phone B agrees while online; the board counts only B so far.
  await agreeB.click();
  await expect.poll(() => agreeB.getAttribute('aria-pressed')).toBe('true');
  await phoneB.getByText(nl('saved.done')).first().waitFor(WAIT);
  await board.getByText(nl('info.count', { count: 1 })).waitFor(WAIT);
  await shot(phoneB, '11-phone-b-agreed');
  await shot(board, '12-board-one-agrees');

  // Phone A comes back: the queued command is sent with the same id, applied once.
  await ctxA.setOffline(false);
  await waitForStatus(phoneA, 'connected');
  await expect.poll(() => storedOutbox(phoneA)).toEqual([]);
  await expect.poll(() => badge(phoneA).textContent()).not.toContain(en('status.waiting', { count: 1 }));
  await phoneA.getByText(en('saved.done')).first().waitFor(WAIT);
  expect(await agreeA.getAttribute('aria-pressed')).toBe('true');
  await shot(phoneA, '13-phone-a-back-online');

  // ---- 5. The board counts two agreements; so does the console.
  await board.getByText(nl('info.count', { count: 2 })).waitFor(WAIT);
  await consolePage.getByText(nl('info.count', { count: 2 })).waitFor(WAIT);
  await shot(board, '14-board-two-agree');
  await shot(consolePage, '15-console-two-agree');

  // Exactly once: a reload of phone A is the same participant, still agreed, and the
  // count does not move (the re-sent id was deduplicated, not applied again).
  await phoneA.reload();
  await waitForStatus(phoneA, 'connected');
  await expect.poll(() => phoneA.getByRole('button', { name: en('info.agree') }).getAttribute('aria-pressed')).toBe('true');
  expect(await storedOutbox(phoneA)).toEqual([]);
  await board.getByText(nl('info.count', { count: 2 })).waitFor(WAIT);
  expect(queuedId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  await shot(phoneA, '16-phone-a-reloaded');

  expect(pageErrors).toEqual([]);
});

async function showOnConsole(consolePage: Page, title: string) {
  await consolePage
    .getByRole('listitem')
    .filter({ hasText: title })
    .getByRole('button', { name: nl('console.agenda.showAria', { title }) })
    .click();
}

test('E2E-OUTBOX-RELOAD: a queued command survives a reload and is sent after the next hello', { timeout: 120_000 }, async () => {
  // SPEC: R-OUTBOX — kept in localStorage, restored on page load, flushed after hello, applied once.
  const houseRules = nl('template.houseRules.title');
  const s = await newSession(fx.server.url, 'Outbox');
  const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-NL' });
  await consolePage.goto(s.links.facilitator);
  await waitForStatus(consolePage, 'connected');
  await showOnConsole(consolePage, houseRules);

  const { ctx, page: phone } = await newPage({ ...PHONE, locale: 'nl-NL' });
  await phone.goto(s.links.join);
  await waitForStatus(phone, 'connected');
  const agree = phone.getByRole('button', { name: nl('info.agree') });
  await agree.waitFor(WAIT);

  // Cut the phone off, agree, and keep the server unreachable (the page itself still loads).
  await ctx.route('**/socket.io/**', (route) => route.abort());
  await ctx.setOffline(true);
  await waitForStatus(phone, 'offline');
  await agree.click();
  await expect.poll(() => storedOutbox(phone).then((q) => q.length)).toBe(1);
  const [{ cmd }] = await storedOutbox(phone);
  await ctx.setOffline(false);
  await waitForStatus(phone, 'reconnecting');

  // Reload: the stored outbox is back before any connection, with the same command id.
  await phone.reload();
  await waitForStatus(phone, 'reconnecting');
  await expect.poll(() => badge(phone).textContent()).toContain(nl('status.waiting', { count: 1 }));
  expect((await storedOutbox(phone)).map((e) => e.cmd.id)).toEqual([cmd.id]);
  await shot(phone, '20-outbox-restored-after-reload');

  // The server is reachable again: hello, then the queued command, applied exactly once.
  await ctx.unroute('**/socket.io/**');
  await waitForStatus(phone, 'connected');
  await expect.poll(() => storedOutbox(phone)).toEqual([]);
  await expect.poll(() => phone.getByRole('button', { name: nl('info.agree') }).getAttribute('aria-pressed')).toBe('true');
  await consolePage.getByText(nl('info.count', { count: 1 })).waitFor(WAIT);
  await shot(phone, '21-outbox-flushed');
  expect(pageErrors).toEqual([]);
});

test('E2E-CONSOLE: add, step through and remove agenda items; names and languages', { timeout: 120_000 }, async () => {
  const houseRules = nl('template.houseRules.title');
  const s = await newSession(fx.server.url, 'Werksessie');
  const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-NL' });
  await consolePage.goto(s.links.facilitator);
  await waitForStatus(consolePage, 'connected');
  const { page: board } = await newPage({ ...BOARD, locale: 'en-US' });
  await board.goto(s.links.board);
  await waitForStatus(board, 'connected');
  // The board speaks the session's language, whatever the browser prefers.
  await expect.poll(() => board.evaluate(() => document.documentElement.lang)).toBe('nl');
  const { page: phone } = await newPage({ ...PHONE, locale: 'nl-NL' });
  await phone.goto(s.links.join);
  await waitForStatus(phone, 'connected');

  // Add an info card without the agree button.
  await consolePage.getByText(nl('console.add.heading')).click();
  await consolePage.getByLabel(nl('console.add.title'), { exact: true }).fill('Pauze');
  await consolePage.getByLabel(nl('console.add.body'), { exact: true }).fill('Koffie en thee\nOm 11 uur verder');
  await consolePage.getByLabel(nl('console.add.agreeable')).uncheck();
  await consolePage.getByRole('button', { name: nl('console.add.submit') }).click();
  const items = consolePage.getByRole('list').filter({ hasText: houseRules }).getByRole('listitem');
  await expect.poll(() => items.count()).toBe(2);
  await consolePage
    .getByRole('listitem')
    .filter({ hasText: 'Pauze' })
    .getByRole('button', { name: nl('console.agenda.showAria', { title: 'Pauze' }) })
    .waitFor(WAIT);

  // Show the house rules, then "next" moves to the new card on board and phone.
  await showOnConsole(consolePage, houseRules);
  await board.getByRole('heading', { name: houseRules }).waitFor(WAIT);
  await consolePage.getByRole('button', { name: nl('console.agenda.next'), exact: true }).click();
  await board.getByRole('heading', { name: 'Pauze' }).waitFor(WAIT);
  await phone.getByRole('heading', { name: 'Pauze' }).waitFor(WAIT);
  await phone.getByText('Om 11 uur verder').waitFor(WAIT);
  expect(await phone.getByRole('button', { name: nl('info.agree') }).count()).toBe(0);
  expect(await board.getByTestId('agree-count').count()).toBe(0);
  // With an activity showing, the join code stays on the board for late joiners, as a
  // corner badge (R-BOARD-JOIN); the console brings the full panel back, and high contrast.
  expect(await board.getByTestId('join-badge').textContent()).toContain(s.code);
  expect(await board.getByTestId('join-code').count()).toBe(0);
  await shot(board, '30-board-pause');
  await consolePage.getByText(nl('console.board.heading'), { exact: true }).click();
  await consolePage.getByLabel(nl('console.board.joinFull')).check();
  await board.getByTestId('join-code').waitFor(WAIT);
  expect((await board.getByTestId('join-code').textContent())?.trim()).toBe(s.code);
  expect(await board.getByTestId('join-badge').count()).toBe(0);
  await consolePage.getByLabel(nl('console.board.contrast')).check();
  await board.locator('.board.contrast').waitFor(WAIT);
  const colours = await board.locator('.board').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
  expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  await shot(board, '31-board-contrast-full-join');
  await consolePage.getByLabel(nl('console.board.contrast')).uncheck();
  await consolePage.getByLabel(nl('console.board.joinFull')).uncheck();

  // "Previous" goes back; the phone agrees with a display name; the console sees who.
  await consolePage.getByRole('button', { name: nl('console.agenda.prev'), exact: true }).click();
  await phone.getByRole('heading', { name: houseRules }).waitFor(WAIT);
  await phone.getByLabel(nl('phone.name.label')).fill('Sam');
  await phone.getByRole('button', { name: nl('phone.name.save') }).click();
  await phone.getByRole('button', { name: nl('info.agree') }).click();
  await consolePage.getByText(nl('info.agreedNames', { names: 'Sam' })).waitFor(WAIT);
  await shot(phone, '31-phone-named');

  // Remove the new card: a second click confirms.
  const pauseItem = consolePage.getByRole('listitem').filter({ hasText: 'Pauze' });
  await pauseItem.getByRole('button', { name: nl('console.agenda.removeAria', { title: 'Pauze' }) }).click();
  await pauseItem.getByRole('button', { name: nl('console.agenda.removeConfirmAria', { title: 'Pauze' }) }).click();
  await expect.poll(() => items.count()).toBe(1);

  // The facilitator's own UI language; the board stays in the session's language.
  await consolePage.getByLabel(nl('console.langLabel')).selectOption('en');
  await consolePage.getByRole('heading', { level: 2, name: en('console.current.heading') }).waitFor(WAIT);
  await consolePage.getByRole('button', { name: en('console.agenda.next'), exact: true }).waitFor(WAIT);
  await expect.poll(() => consolePage.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(await board.evaluate(() => document.documentElement.lang)).toBe('nl');
  await shot(consolePage, '32-console-english');

  // The phone switches its own language; the choice is kept.
  await phone.getByRole('combobox', { name: nl('lang.label') }).selectOption('en');
  await phone.getByRole('button', { name: en('info.agree') }).waitFor(WAIT);
  await phone.reload();
  await phone.getByRole('button', { name: en('info.agree') }).waitFor(WAIT);

  // The smallest phones (320 px wide): every view still fits.
  for (const [p, name] of [
    [phone, '33-phone-320'],
    [consolePage, '34-console-320'],
    [board, '35-board-320'],
  ] as const) {
    await p.setViewportSize({ width: 320, height: 640 });
    await shot(p, name);
    await expectNoSideScroll(p);
  }
  expect(pageErrors).toEqual([]);
});

test('E2E-OUTBOX-REJECT: a queued command the server refuses is dropped and its error shown', { timeout: 120_000 }, async () => {
  // SPEC: R-OUTBOX — on an error ack the entry leaves the outbox, the optimistic change
  // disappears and the translated error.<CODE> message is shown.
  const houseRules = nl('template.houseRules.title');
  const s = await newSession(fx.server.url, 'Weigering');
  const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-NL' });
  await consolePage.goto(s.links.facilitator);
  await waitForStatus(consolePage, 'connected');
  await showOnConsole(consolePage, houseRules);

  const { ctx, page: phone } = await newPage({ ...PHONE, locale: 'nl-NL' });
  await phone.goto(s.links.join);
  await waitForStatus(phone, 'connected');
  const agree = phone.getByRole('button', { name: nl('info.agree') });
  await agree.waitFor(WAIT);

  await ctx.setOffline(true);
  await waitForStatus(phone, 'offline');
  await agree.click();
  await expect.poll(() => agree.getAttribute('aria-pressed')).toBe('true');

  // Meanwhile the facilitator removes the card (a second click confirms).
  const item = consolePage.getByRole('listitem').filter({ hasText: houseRules });
  await item.getByRole('button', { name: nl('console.agenda.removeAria', { title: houseRules }) }).click();
  await item.getByRole('button', { name: nl('console.agenda.removeConfirmAria', { title: houseRules }) }).click();
  await consolePage.getByText(nl('console.agenda.empty')).waitFor(WAIT);

  await ctx.setOffline(false);
  await waitForStatus(phone, 'connected');
  await phone.getByRole('alert').getByText(nl('error.NOT_FOUND')).waitFor(WAIT);
  await expect.poll(() => storedOutbox(phone)).toEqual([]);
  await phone.getByText(nl('phone.waiting')).waitFor(WAIT);
  await shot(phone, '40-phone-rejected');
  await phone.getByRole('button', { name: nl('common.dismiss') }).click();
  await expect.poll(() => phone.getByText(nl('error.NOT_FOUND')).count()).toBe(0);
  expect(pageErrors).toEqual([]);
});

test('E2E-PHONE-UNKNOWN: a wrong code on the phone shows the translated error and a way back', { timeout: 60_000 }, async () => {
  const { page: phone } = await newPage({ ...PHONE, locale: 'en-GB' });
  // A well-formed code that no session has (the alphabet has no 0/O, so this one is free).
  await phone.goto(`${fx.server.url}/j/AAAAAA`);
  await phone.getByText(en('error.UNKNOWN_SESSION')).waitFor(WAIT);
  const back = phone.getByRole('link', { name: en('phone.otherCode') });
  expect(await back.getAttribute('href')).toBe('/');
  await shot(phone, '50-phone-unknown-code');
  await back.click();
  await phone.getByRole('textbox', { name: en('start.join.code'), exact: true }).waitFor(WAIT);
  expect(pageErrors).toEqual([]);
});
