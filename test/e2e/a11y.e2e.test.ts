/**
 * Accessibility as a gate, in real Chromium, in a left-to-right and a right-to-left
 * language (Dutch and Arabic; English too).
 *
 * SPEC: R-A11Y (every view: start, phone, board, console, report, organiser; lang and dir),
 * R-A11Y-AR (zero axe-core WCAG 2.1 A/AA findings of any impact, in nl, ar and en),
 * R-TEXT-200 (320 px wide with the text at 200 %: no sideways scrolling, no clipped
 * controls, in nl and ar), R-REDUCED-MOTION (no running animation on the phone's waiting
 * screen when the device asks for reduced motion).
 *
 * Each language has its own session, made through the API from the learning-network
 * template in that language (the start page offers nl and en only), so the board and the
 * report speak it too; the start page, the phone and the organiser's page take the language
 * their picker stores (LANG_KEY), the console its own (CONSOLE_LANG_KEY).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { CONSOLE_LANG_KEY, LANG_KEY } from '../../client/src/lib/storage.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { facilitator, participant, type Peer } from '../helpers/client.ts';
import { artifactsIn, axeFindings, BOARD, browserFixtureWith, LAPTOP, PHONE, WAIT, waitForStatus } from './fixture.ts';

const PASSWORD = 'a11y-organiser-password';
const fx = browserFixtureWith({ adminPassword: PASSWORD });
const { shot } = artifactsIn('a11y', { fresh: true });

const LANGS = ['nl', 'ar', 'en'] as const;
type Lang = (typeof LANGS)[number];
const TITLE: Record<Lang, string> = { nl: 'Toegankelijkheid', ar: 'إمكانية الوصول', en: 'Accessibility' };
const ENGAGEMENTS: Record<Lang, string[]> = {
  nl: ['Ik werk samen met ervaringsdeskundigen', 'Ik nodig de buurt uit'],
  ar: ['أعمل مع أصحاب الخبرة', 'أدعو الحي'],
  en: ['I work with experts by experience', 'I invite the neighbourhood'],
};

interface Room {
  s: CreatedSession;
  f: Peer;
  p: Peer;
  ids: { checkin: string; engagements: string; vote: string };
}
const rooms = {} as Record<Lang, Room>;
let adminToken = '';

beforeAll(async () => {
  for (const lang of LANGS) {
    const s = await createFromTemplate(fx.server.url, TITLE[lang], 'learningNetwork', lang);
    const f = await facilitator(fx.server.url, s);
    const p = await participant(fx.server.url, s, { name: lang === 'ar' ? 'سارة' : 'Sara' });
    const [, checkin, , , engagements, vote] = f.view!.agenda.map((a) => a.id);
    // The vote takes the engagements' post-its when it opens (R-DOT-LOAD).
    expect((await f.cmd('agenda.goto', { activityId: engagements })).ok).toBe(true);
    for (const text of ENGAGEMENTS[lang]) {
      expect((await p.cmd('brainstorm.add', { activityId: engagements, text, column: null, showName: false })).ok).toBe(true);
    }
    await f.until((v) => (v.agenda.find((a) => a.id === engagements)!.state as BrainstormState).items.length === 2);
    rooms[lang] = { s, f, p, ids: { checkin, engagements, vote } };
  }
  const res = await fetch(`${fx.server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  adminToken = ((await res.json()) as { token: string }).token;
}, 60_000);

afterAll(() => {
  for (const r of Object.values(rooms)) {
    r.f.close();
    r.p.close();
  }
});

/**
 * Findings whose fix lies in a file this test's authors could not change at the time (a
 * catalogue outside the client). Each must still be found, so that its entry goes as soon
 * as it is fixed, and nothing else may be found. Keep this list empty.
 */
const PENDING: { where: string; finding: RegExp; fix: string }[] = [];

/** The problems less the PENDING ones, plus a line for each PENDING one no longer found. */
function withoutPending(problems: string[], wheres: string[]): string[] {
  const pending = PENDING.filter((p) => wheres.some((w) => p.where.startsWith(w)));
  const rest = problems.filter(
    (line) => !pending.some((p) => line.startsWith(`${p.where}: `) && p.finding.test(line.slice(p.where.length + 2))),
  );
  const fixed = pending.filter(
    (p) => !problems.some((line) => line.startsWith(`${p.where}: `) && p.finding.test(line.slice(p.where.length + 2))),
  );
  return [...rest, ...fixed.map((p) => `${p.where}: fixed now (${p.fix}): remove it from PENDING`)];
}

const NARROW = { width: 320, height: 640 };
type Viewport = { width: number; height: number };

/** A page with this language stored as the picker stores it (the phone's and the console's own). */
async function open(lang: Lang, url: string, viewport: Viewport, extra: BrowserContextOptions = {}, signedIn = true) {
  const phoneLike = viewport.width < 500;
  const { ctx, page } = await fx.newPage({
    viewport,
    locale: lang === 'nl' ? 'nl-BE' : lang === 'ar' ? 'ar' : 'en-GB',
    ...(phoneLike ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    ...extra,
  });
  await ctx.addInitScript(
    ([l, keys, token]) => {
      for (const key of keys) localStorage.setItem(key, JSON.stringify(l));
      if (token) sessionStorage.setItem('kring.admin.token', token);
    },
    [lang, [LANG_KEY, CONSOLE_LANG_KEY], signedIn ? adminToken : ''] as const,
  );
  await page.goto(url);
  await page.locator('main').first().waitFor(WAIT);
  return { ctx, page };
}

const urls = (r: Room) => ({
  start: `${fx.server.url}/`,
  phone: `${fx.server.url}/j/${r.s.code}`,
  board: `${fx.server.url}/b/${r.s.sessionId}#k=${r.s.boardKey}`,
  console: `${fx.server.url}/f/${r.s.sessionId}#k=${r.s.facilitatorKey}`,
  report: `${fx.server.url}/r/${r.s.sessionId}#k=${encodeURIComponent(r.s.facilitatorKey)}`,
  admin: `${fx.server.url}/admin`,
});

/** Until the page shows what it is for: `ready` visible, connected where it has a socket, fonts and images in. */
async function settle(page: Page, ready: string, socket: boolean) {
  await page.locator(ready).first().waitFor(WAIT);
  if (socket) await waitForStatus(page, 'connected');
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

async function goto(r: Room, activityId: string | null) {
  expect((await r.f.cmd('agenda.goto', { activityId })).ok).toBe(true);
}

async function expectLangDir(page: Page, lang: Lang) {
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
    lang,
    lang === 'ar' ? 'rtl' : 'ltr',
  ]);
}

for (const lang of LANGS) {
  test(`R-A11Y, R-A11Y-AR: no axe finding of any impact on any view in ${lang}`, { timeout: 180_000 }, async () => {
    const r = rooms[lang];
    const u = urls(r);
    const problems: string[] = [];
    const check = async (name: string, url: string, viewport: Viewport, ready: string, socket: boolean, opened = false) => {
      const { ctx, page } = await open(lang, url, viewport, {}, name !== 'admin login');
      await settle(page, ready, socket);
      // With every fold-out open: the add form, the session details, the board languages.
      if (opened) await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await expectLangDir(page, lang);
      for (const p of await axeFindings(page, { all: true })) problems.push(`${lang} ${name}: ${p}`);
      await shot(page, `${lang}-${name.replace(/\s+/g, '-')}`);
      await ctx.close();
    };

    await check('start', u.start, PHONE.viewport, 'form', false);
    await check('admin login', u.admin, LAPTOP.viewport, 'input[type="password"]', false);
    await check('admin', u.admin, LAPTOP.viewport, 'table', false);

    await goto(r, null);
    await check('phone waiting', u.phone, NARROW, '.waiting', true);
    await check('phone waiting wide', u.phone, PHONE.viewport, '.waiting', true);

    await goto(r, r.ids.checkin);
    await check('phone check-in', u.phone, PHONE.viewport, 'textarea', true);
    await check('board check-in', u.board, BOARD.viewport, 'main .activity h2, main .activity h1', true);

    await goto(r, r.ids.vote);
    await r.f.until((v) => (v.agenda.find((a) => a.id === r.ids.vote)!.state as DotvoteState).items.length === 2);
    await check('phone dot vote', u.phone, PHONE.viewport, '[data-testid="vote-item"]', true);
    await check('board dot vote', u.board, BOARD.viewport, 'main .activity h2, main .activity h1', true);
    await check('console', u.console, LAPTOP.viewport, '[data-testid="agenda-item"]', true);
    await check('console opened', u.console, LAPTOP.viewport, '[data-testid="agenda-item"]', true, true);
    await check('console narrow', u.console, NARROW, '[data-testid="agenda-item"]', true);
    await check('report', u.report, LAPTOP.viewport, '[data-testid="report"]', false);

    expect(withoutPending(problems, [lang])).toEqual([]);
  });
}

/** How wide the page is, and the controls cut off at either edge or by their own text (R-TEXT-200). */
async function clipped(page: Page): Promise<{ scroll: number; client: number; controls: string[] }> {
  return page.evaluate(() => {
    const html = document.documentElement;
    const client = html.clientWidth;
    const controls = [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, a.button, summary')]
      .filter(
        (e) => e.checkVisibility({ visibilityProperty: true }) && !e.closest('.visually-hidden') && e.getBoundingClientRect().width > 1,
      )
      .filter((e) => {
        const r = e.getBoundingClientRect();
        // Out of the viewport, out of the card or list item it sits in, or a button whose
        // own text runs out of it.
        const box = e.closest('.card, li')?.getBoundingClientRect() ?? { left: 0, right: client };
        const cut = !['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) && e.scrollWidth > e.clientWidth + 1;
        return Math.min(r.left, r.left - box.left) < -1 || Math.max(r.right - client, r.right - box.right) > 1 || cut;
      })
      .map((e) => {
        const r = e.getBoundingClientRect();
        const name = (e.getAttribute('aria-label') ?? e.textContent ?? e.id).trim().slice(0, 40);
        return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${name}" ${Math.round(r.left)}..${Math.round(r.right)}`;
      });
    return { scroll: html.scrollWidth, client, controls };
  });
}

for (const lang of ['nl', 'ar'] as const) {
  test(
    `R-TEXT-200: the phone and the console at 320 px with 200 % text, in ${lang}: no sideways scrolling, no clipped controls`,
    { timeout: 120_000 },
    async () => {
      const r = rooms[lang];
      const u = urls(r);
      const found: string[] = [];
      const check = async (name: string, url: string, ready: string, opened = false) => {
        const { ctx, page } = await open(lang, url, NARROW);
        await settle(page, ready, true);
        // The root font size doubled: every rem, and so all text, twice as large.
        await page.evaluate(() => {
          document.documentElement.style.fontSize = '200%';
        });
        if (opened) await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const { scroll, client, controls } = await clipped(page);
        if (scroll > client + 1) found.push(`${lang} ${name}: scrollWidth ${scroll} > clientWidth ${client}`);
        for (const c of controls) found.push(`${lang} ${name}: clipped ${c}`);
        await shot(page, `${lang}-text200-${name.replace(/\s+/g, '-')}`);
        await ctx.close();
      };
      await goto(r, null);
      await check('phone waiting', u.phone, '.waiting');
      await goto(r, r.ids.checkin);
      await check('phone check-in', u.phone, 'textarea');
      await goto(r, r.ids.vote);
      await check('phone dot vote', u.phone, '[data-testid="vote-item"]');
      await check('console', u.console, '[data-testid="agenda-item"]');
      await check('console opened', u.console, '[data-testid="agenda-item"]', true);
      expect(found).toEqual([]);
    },
  );
}

test('R-REDUCED-MOTION: with reduced motion the phone’s waiting screen runs no animation', { timeout: 60_000 }, async () => {
  const r = rooms.nl;
  await goto(r, null);
  const running = async (reducedMotion: 'reduce' | 'no-preference') => {
    const { ctx, page } = await open('nl', urls(r).phone, PHONE.viewport, { reducedMotion });
    await settle(page, '.waiting', true);
    await page.waitForTimeout(200);
    const n = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
    await ctx.close();
    return n;
  };
  // The waiting ring turns by default (so the check below can see an animation at all) …
  expect(await running('no-preference')).toBeGreaterThan(0);
  // … and stands still when the phone asks for less motion.
  expect(await running('reduce')).toBe(0);
});
