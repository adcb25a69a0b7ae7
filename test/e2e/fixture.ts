/**
 * What every browser test shares: the server and Chromium for the file, pages per role
 * (phone at 360×740, board at 1920×1080, console), page errors collected, screenshots in
 * test-artifacts/e2e/, and small waits on what the UI shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate, type Params } from '../../shared/i18n/index.ts';
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
  const contexts: BrowserContext[] = [];
  const state = { server: undefined as TestServer | undefined, browser: undefined as Browser | undefined };
  const pageErrors: string[] = [];
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    state.server = await startServer();
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
