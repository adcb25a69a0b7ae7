/**
 * Accessibility: axe-core (WCAG 2 A/AA rules) on every view, in real Chromium, in Dutch
 * and English, on a phone and at 320 px. Serious and critical findings fail the test.
 * SPEC: R-A11Y.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { facilitator, type Peer } from '../helpers/client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from './browser.ts';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server: TestServer;
let browser: Browser;
let s: CreatedSession;
let f: Peer;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  s = await createFromTemplate(server.url, 'Toegankelijkheid');
  f = await facilitator(server.url, s);
});
afterAll(async () => {
  f?.close();
  await browser?.close();
  await server?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Run axe in the page (evaluate is not subject to the page's CSP). */
async function audit(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<{ violations: unknown[] }> } }).axe
      .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function open(url: string, viewport: { width: number; height: number }, lang = 'nl') {
  const ctx = await browser.newContext({ viewport, locale: lang === 'nl' ? 'nl-BE' : 'en-GB' });
  const page = await ctx.newPage();
  await page.goto(url);
  return { ctx, page };
}

const PHONE = { width: 360, height: 740 };
const NARROW = { width: 320, height: 640 };

test('R-A11Y: every view passes axe (serious and critical) in nl and en, on phones and at 320 px', async () => {
  const ids = f.view!.agenda.map((a) => a.id);
  const views: [string, string, { width: number; height: number }, () => Promise<void>][] = [
    ['start', `${server.url}/`, PHONE, async () => {}],
    ['phone', `${server.url}/j/${s.code}`, NARROW, async () => void (await f.cmd('agenda.goto', { activityId: ids[0] }))],
    ['phone check-in', `${server.url}/j/${s.code}`, PHONE, async () => void (await f.cmd('agenda.goto', { activityId: ids[1] }))],
    ['phone brainstorm', `${server.url}/j/${s.code}`, PHONE, async () => void (await f.cmd('agenda.goto', { activityId: ids[4] }))],
    ['board', `${server.url}/b/${s.sessionId}#k=${s.boardKey}`, { width: 1920, height: 1080 }, async () => {}],
    ['console', `${server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`, { width: 1280, height: 800 }, async () => {}],
    ['console narrow', `${server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`, NARROW, async () => {}],
  ];
  const problems: string[] = [];
  for (const lang of ['nl', 'en']) {
    for (const [name, url, viewport, before] of views) {
      await before();
      const { ctx, page } = await open(url, viewport, lang);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => [document.documentElement.lang.length > 0, ['ltr', 'rtl'].includes(document.documentElement.dir)])).toEqual([true, true]);
      for (const p of await audit(page)) problems.push(`${lang} ${name}: ${p}`);
      await ctx.close();
    }
  }
  expect(problems).toEqual([]);
}, 120_000);
