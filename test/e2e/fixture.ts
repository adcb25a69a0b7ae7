/**
 * What every browser test shares: the server and Chromium for the file, pages per role
 * (phone at 360×740, board at 1920×1080, console), page errors collected, screenshots in
 * test-artifacts/e2e/ (or a folder of the file's own), small waits on what the UI shows,
 * axe-core findings, and a fresh session through the API.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate, type Params } from '../../shared/i18n/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import type { Config } from '../../server/config.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from './browser.ts';

export const ARTIFACTS = path.resolve('test-artifacts/e2e');
export const nl = (key: string, params?: Params) => translate('nl', key, params);
export const en = (key: string, params?: Params) => translate('en', key, params);

export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'nl-BE' };
export const BOARD = { viewport: { width: 1920, height: 1080 } };
export const LAPTOP = { viewport: { width: 1280, height: 800 } };
export const WAIT = { timeout: 15_000 };

export interface BrowserFixture {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Uncaught errors in any page: a bug, checked by the test. */
  readonly pageErrors: string[];
  newPage(options: Parameters<Browser['newContext']>[0]): Promise<{ ctx: BrowserContext; page: Page }>;
}

/** A real server and Chromium for this test file, closed after it. */
export function browserFixture(): BrowserFixture {
  return browserFixtureWith();
}

/** browserFixture() with a server started with these options (e.g. an organiser password). */
export function browserFixtureWith(serverOptions: Partial<Config> = {}): BrowserFixture {
  const contexts: BrowserContext[] = [];
  const state = { server: undefined as TestServer | undefined, browser: undefined as Browser | undefined };
  const pageErrors: string[] = [];
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    state.server = await startServer(serverOptions);
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await state.browser?.close();
    await state.server?.close();
  });
  return {
    get server() {
      return state.server!;
    },
    get browser() {
      return state.browser!;
    },
    pageErrors,
    async newPage(options) {
      const ctx = await state.browser!.newContext(options);
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      return { ctx, page };
    },
  };
}

/** Collect the uncaught errors of a page the fixture did not open itself (e.g. a popup). */
export function watchPage(fx: BrowserFixture, page: Page) {
  page.on('pageerror', (e) => fx.pageErrors.push(`${page.url()}: ${e.message}`));
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Wait until the connection badge reports this state. */
export async function waitForStatus(page: Page, status: 'connected' | 'reconnecting' | 'offline') {
  await page.locator(`[data-testid="connection-badge"][data-status="${status}"]`).waitFor(WAIT);
}

/** Nothing sticks out sideways: the page works on narrow phones (no horizontal scrolling). */
export async function expectNoSideScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
  );
  expect({ url: page.url(), scroll, wide }).toEqual({ url: page.url(), scroll: Math.min(scroll, client), wide: [] });
}

/**
 * Screenshots (and other files) in a folder of their own, test-artifacts/e2e/<folder>/,
 * made before the file's tests; `fresh` empties it first. `fromTop` scrolls to the top and
 * stops animations before each shot (so sticky bars sit where they belong).
 */
export function artifactsIn(folder: string, { fresh = false, fromTop = false } = {}) {
  const dir = path.join(ARTIFACTS, folder);
  beforeAll(() => {
    if (fresh) fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  });
  return {
    dir,
    async shot(page: Page, name: string) {
      if (fromTop) await page.evaluate(() => window.scrollTo(0, 0));
      return page.screenshot({
        path: path.join(dir, `${name}.png`),
        fullPage: true,
        ...(fromTop ? { animations: 'disabled' as const } : {}),
      });
    },
  };
}

let axeSource: string | undefined;

/**
 * axe-core (WCAG 2.1 A/AA rules: tags wcag2a, wcag2aa, wcag21a, wcag21aa) on the page as it
 * is now, one line each: its serious and critical findings, or with `all` every finding of
 * any impact (R-A11Y-AR). `evaluate` is not subject to the page's CSP. SPEC: R-A11Y.
 */
export async function axeFindings(page: Page, { all = false }: { all?: boolean } = {}): Promise<string[]> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<{ violations: unknown[] }> } }).axe
      .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
  return violations
    .filter((v) => all || v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length > 3 ? `${v.nodes.length} elements, first: ` : ''}${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')}${all && n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`)
          .join(', ')}`,
    );
}

/** A fresh session through the start page's API (answered 201): its keys, code and links. */
export async function newSession(url: string, title: string, lang: 'nl' | 'en' = 'nl'): Promise<CreatedSession> {
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, lang }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedSession;
}
