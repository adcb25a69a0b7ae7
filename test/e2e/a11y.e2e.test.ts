/**
 * Accessibility: axe-core (WCAG 2 A/AA rules) on every view, in real Chromium, in Dutch
 * and English, on a phone and at 320 px. Serious and critical findings fail the test.
 * SPEC: R-A11Y.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { facilitator, type Peer } from '../helpers/client.ts';
import { axeFindings, BOARD, browserFixture, LAPTOP, PHONE } from './fixture.ts';

const fx = browserFixture();
let s: CreatedSession;
let f: Peer;

beforeAll(async () => {
  s = await createFromTemplate(fx.server.url, 'Toegankelijkheid');
  f = await facilitator(fx.server.url, s);
});
afterAll(() => {
  f?.close();
});

async function open(url: string, viewport: { width: number; height: number }, lang = 'nl') {
  const { ctx, page } = await fx.newPage({ viewport, locale: lang === 'nl' ? 'nl-BE' : 'en-GB' });
  await page.goto(url);
  return { ctx, page };
}

const NARROW = { width: 320, height: 640 };

test('R-A11Y: every view passes axe (serious and critical) in nl and en, on phones and at 320 px', async () => {
  const ids = f.view!.agenda.map((a) => a.id);
  const views: [string, string, { width: number; height: number }, () => Promise<void>][] = [
    ['start', `${fx.server.url}/`, PHONE.viewport, async () => {}],
    ['phone', `${fx.server.url}/j/${s.code}`, NARROW, async () => void (await f.cmd('agenda.goto', { activityId: ids[0] }))],
    [
      'phone check-in',
      `${fx.server.url}/j/${s.code}`,
      PHONE.viewport,
      async () => void (await f.cmd('agenda.goto', { activityId: ids[1] })),
    ],
    [
      'phone brainstorm',
      `${fx.server.url}/j/${s.code}`,
      PHONE.viewport,
      async () => void (await f.cmd('agenda.goto', { activityId: ids[4] })),
    ],
    ['board', `${fx.server.url}/b/${s.sessionId}#k=${s.boardKey}`, BOARD.viewport, async () => {}],
    ['console', `${fx.server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`, LAPTOP.viewport, async () => {}],
    ['console narrow', `${fx.server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`, NARROW, async () => {}],
  ];
  const problems: string[] = [];
  for (const lang of ['nl', 'en']) {
    for (const [name, url, viewport, before] of views) {
      await before();
      const { ctx, page } = await open(url, viewport, lang);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(
        await page.evaluate(() => [document.documentElement.lang.length > 0, ['ltr', 'rtl'].includes(document.documentElement.dir)]),
      ).toEqual([true, true]);
      for (const p of await axeFindings(page)) problems.push(`${lang} ${name}: ${p}`);
      await ctx.close();
    }
  }
  expect(problems).toEqual([]);
}, 120_000);
