/**
 * Browser acceptance test for the organiser's desk (issue 12), in real Chromium against the
 * real server: the organiser logs in, searches, opens a series, makes a new facilitator
 * link (the console on the old link loses access), prepares the next session from the list
 * and opens its console, which starts with the carried date, theme, place and refresher.
 *
 * SPEC: R-ADMIN-LIST, R-ADMIN-NEWLINK, R-ADMIN-NEXT, R-SERIES-CARRY, R-SERIES-ONE-REFRESHER.
 * Screenshots: test-artifacts/e2e/admin-desk/ (1280×800 and 360×740, Dutch).
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator } from '../helpers/client.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { ok } from '../helpers/rooms.ts';
import { artifactsIn, browserFixtureWith, expectNoSideScroll, LAPTOP, nl, WAIT, waitForStatus, watchPage } from './fixture.ts';

const PASSWORD = 'organiser-desk-e2e';
const fx = browserFixtureWith({ adminPassword: PASSWORD });
const { shot } = artifactsIn('admin-desk', { fresh: true });
const DESK = { ...LAPTOP, locale: 'nl-NL' };
const PHONE_NL = { viewport: { width: 360, height: 740 }, locale: 'nl-NL', isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const FIVE = 'Lerend netwerk sessie 5';
const SIX = 'Lerend netwerk sessie 6';
const NEXT = { date: '2026-05-12', theme: 'Dekolonisering', place: 'Stadhuis, zaal 2' };

/** A series of two (5 → 6, with 6's details filled in on its console) and a few sessions on their own. */
async function seed(url: string) {
  const five = await createFromTemplate(url, FIVE);
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      title: SIX,
      lang: 'nl',
      template: 'learningNetwork',
      continues: { sessionId: five.sessionId, key: five.facilitatorKey },
    }),
  });
  expect(res.status).toBe(201);
  const six = (await res.json()) as CreatedSession;
  const f = await facilitator(url, six);
  await ok(f, 'session.meta', { date: '2026-03-10', place: NEXT.place, theme: 'Racisme', nextDate: NEXT.date, nextTheme: NEXT.theme });
  f.close();
  for (const title of ['Buurtoverleg Noord', 'Werkgroep taal', 'Vorming vrijwilligers']) await createFromTemplate(url, title, 'houseRules');
  return { five, six };
}

const rowOf = (page: Page, sessionId: string) => page.getByRole('row').filter({ has: page.locator(`a[href^="/r/${sessionId}#"]`) });
const seriesHeading = (page: Page) => page.getByRole('heading', { level: 3, name: nl('admin.group.series', { title: FIVE }) });

test(
  'R-ADMIN-LIST, R-ADMIN-NEWLINK, R-ADMIN-NEXT, R-SERIES-CARRY: search, a series, a new facilitator link, the next session from the list',
  { timeout: 120_000 },
  async () => {
    const { six } = await seed(fx.server.url);

    // The organiser logs in.
    const { page } = await fx.newPage(DESK);
    await page.goto(`${fx.server.url}/admin`);
    await page.getByLabel(nl('admin.login.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: nl('admin.login.submit') }).click();
    await page.getByRole('heading', { level: 2, name: nl('admin.list.heading') }).waitFor(WAIT);
    const token = (await page.evaluate(() => sessionStorage.getItem('kring.admin.token')))!;

    // R-ADMIN-LIST: the series under its heading, in order; the others as a group of their own.
    await seriesHeading(page).waitFor(WAIT);
    await page.getByRole('heading', { level: 3, name: nl('admin.group.singles') }).waitFor(WAIT);
    const sixRow = rowOf(page, six.sessionId);
    expect(await sixRow.getByRole('cell').first().textContent()).toContain(NEXT.place);
    expect(await sixRow.getByRole('cell').first().textContent()).toContain('10 maart 2026');
    await shot(page, '01-admin-1280');

    // Search: one box for title, place and theme.
    const search = page.getByRole('searchbox', { name: nl('admin.filter.text') });
    await search.fill('buurt');
    await page.getByText(nl('admin.filter.count', { count: 1, total: 5 })).waitFor(WAIT);
    expect(await page.getByRole('rowheader').allTextContents()).toEqual(['Buurtoverleg Noord']);
    await search.fill('stadhuis');
    await expect.poll(() => page.getByRole('rowheader').allTextContents(), WAIT).toEqual([SIX]);
    await shot(page, '02-admin-search');
    await page.getByRole('button', { name: nl('admin.filter.clear') }).click();
    await expect.poll(() => page.getByRole('rowheader').count(), WAIT).toBe(5);

    // Open the series: only its sessions, 5 then 6.
    await page.getByRole('combobox', { name: nl('admin.filter.series') }).selectOption({ label: FIVE });
    await expect.poll(() => page.getByRole('rowheader').allTextContents(), WAIT).toEqual([FIVE, SIX]);
    await seriesHeading(page).waitFor(WAIT);
    await shot(page, '03-admin-series');

    // A console open on session 6 with its (lost) link.
    const { page: oldConsole } = await fx.newPage(DESK);
    await oldConsole.goto(`${fx.server.url}/f/${six.sessionId}#k=${six.facilitatorKey}`);
    await waitForStatus(oldConsole, 'connected');

    // R-ADMIN-NEWLINK: the dialog says what happens and starts on Cancel; then the link, once.
    await sixRow.getByRole('button', { name: nl('admin.row.newLinkAria', { title: SIX }) }).click();
    const linkDialog = page.getByRole('dialog', { name: nl('admin.newLink.heading', { title: SIX }) });
    await linkDialog.getByText(nl('admin.newLink.body')).waitFor(WAIT);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(nl('admin.dialog.cancel'));
    await linkDialog.getByRole('button', { name: nl('admin.newLink.confirm') }).click();
    await linkDialog.getByText(nl('admin.newLink.done')).waitFor(WAIT);
    const newLink = await linkDialog.getByLabel(nl('admin.newLink.label')).inputValue();
    expect(newLink).toMatch(new RegExp(`^${fx.server.url}/f/${six.sessionId}#k=.+$`));
    expect(newLink).not.toContain(six.facilitatorKey);
    await shot(page, '04-admin-new-link');

    // The console on the old link has no access any more: it says so, and its key opens nothing.
    await oldConsole.getByRole('heading', { name: nl('fatal.title') }).waitFor(WAIT);
    await oldConsole.getByText(nl('error.UNKNOWN_SESSION')).waitFor(WAIT);
    await shot(oldConsole, '05-old-console-no-access');
    const oldKeyReport = await fetch(`${fx.server.url}/api/sessions/${six.sessionId}/report/json`, {
      headers: { authorization: `Bearer ${six.facilitatorKey}` },
    });
    expect(oldKeyReport.status).toBe(403);
    // The new link opens the console.
    const { page: newConsole } = await fx.newPage(DESK);
    await newConsole.goto(newLink);
    await waitForStatus(newConsole, 'connected');
    await newConsole.close();

    await linkDialog.getByRole('button', { name: nl('admin.dialog.close') }).click();
    await linkDialog.waitFor({ state: 'detached', ...WAIT });

    // R-ADMIN-NEXT: the next session from the list; the dialog says what it takes over.
    await sixRow.getByRole('button', { name: nl('admin.row.nextAria', { title: SIX }) }).click();
    const nextDialog = page.getByRole('dialog', { name: nl('admin.next.heading', { title: SIX }) });
    await nextDialog.getByText(nl('admin.next.date', { date: '12 mei 2026' })).waitFor(WAIT);
    await nextDialog.getByText(nl('admin.row.theme', { theme: NEXT.theme })).waitFor(WAIT);
    await nextDialog.getByText(nl('admin.next.place', { place: NEXT.place })).waitFor(WAIT);
    await shot(page, '06-admin-next-dialog');
    await nextDialog.getByRole('button', { name: nl('admin.next.submit') }).click();
    await nextDialog.getByText(/\(code [A-Z0-9]{6}\)/).waitFor(WAIT);
    const facilitatorLink = await nextDialog.getByLabel(nl('admin.next.facilitatorLink')).inputValue();
    const boardLink = await nextDialog.getByLabel(nl('admin.next.boardLink')).inputValue();
    const [, nextId] = /\/f\/([^#]+)#k=/.exec(facilitatorLink)!;
    expect(boardLink).toMatch(new RegExp(`/b/${nextId}#k=.+$`));
    await shot(page, '07-admin-next-links');

    // Its console: the carried date, theme and place, and one refresher first in the agenda.
    const popup = page.waitForEvent('popup', WAIT);
    await nextDialog.getByRole('link', { name: nl('admin.next.open') }).click();
    const consolePage = await popup;
    watchPage(fx, consolePage);
    await consolePage.setViewportSize(LAPTOP.viewport);
    await waitForStatus(consolePage, 'connected');
    const refresher = consolePage.getByText(nl('series.title'), { exact: true });
    await refresher.first().waitFor(WAIT);
    expect(await refresher.count()).toBe(1);
    expect(await consolePage.getByText(nl('tpl.ln.words.title')).count()).toBe(0);
    await consolePage.getByText(nl('meta.heading')).click();
    expect(await consolePage.locator('#meta-date').inputValue()).toBe(NEXT.date);
    expect(await consolePage.locator('#meta-theme').inputValue()).toBe(NEXT.theme);
    expect(await consolePage.locator('#meta-place').inputValue()).toBe(NEXT.place);
    expect(await consolePage.locator('#meta-title').inputValue()).toBe(`Lerend netwerk sessie 7: ${NEXT.theme}`);
    await shot(consolePage, '08-next-console');
    await consolePage.close();

    // Back in the list: the series has three sessions now, in order.
    await nextDialog.getByRole('button', { name: nl('admin.dialog.close') }).click();
    await nextDialog.waitFor({ state: 'detached', ...WAIT });
    await expect
      .poll(() => page.getByRole('rowheader').allTextContents(), WAIT)
      .toEqual([FIVE, SIX, `Lerend netwerk sessie 7: ${NEXT.theme}`]);
    // Only the last of the series offers a next session.
    expect(await sixRow.getByRole('button', { name: nl('admin.row.nextAria', { title: SIX }) }).count()).toBe(0);

    // A phone: 360×740 and 320 wide, nothing sticks out.
    const { ctx: phoneCtx, page: phone } = await fx.newPage(PHONE_NL);
    await phoneCtx.addInitScript((t) => sessionStorage.setItem('kring.admin.token', t), token);
    await phone.goto(`${fx.server.url}/admin`);
    await seriesHeading(phone).waitFor(WAIT);
    await expectNoSideScroll(phone);
    await shot(phone, '09-admin-360');
    await phone.setViewportSize({ width: 320, height: 640 });
    await expectNoSideScroll(phone);
    // In Arabic the page turns right to left (looked at in the screenshot).
    await phone.setViewportSize(PHONE_NL.viewport);
    await phone.locator('#admin-lang').selectOption('ar');
    await phone.getByRole('heading', { level: 3, name: translate('ar', 'admin.group.singles') }).waitFor(WAIT);
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectNoSideScroll(phone);
    await shot(phone, '10-admin-360-ar');
    expect(fx.pageErrors).toEqual([]);
  },
);
