/**
 * A town hall of 5,000 (issue 13): a wall of 5,000 post-its, written through the real socket
 * protocol by 100 participants (50 each), in 8 clusters made with `brainstorm.bulk`, in real
 * Chromium against the real server.
 *
 * SPEC: R-TOWNHALL — the 1920×1080 board shows "5.000 post-its", pages the wall without a
 * scroll bar or a post-it cut off, and a page turn from the console still reaches it; the
 * 1280×800 console lists a hundred at a time, finds one post-it among the 5,000, filters by
 * cluster, shows more, and its sticky controls stay in reach; a 360×740 phone (nl and ar)
 * shows the newest post-its of others with the count of all and "show more" (never all
 * 5,000), and then votes with a dot on the wall's 8 clusters.
 *
 * What it measured (seed time, the main thread's long tasks while the 5,000th post-it
 * arrives) is printed as observations, never asserted. Screenshots in
 * test-artifacts/e2e/town-hall/.
 */
import { afterAll, expect, test } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import { BRAINSTORM_BULK_MAX, BRAINSTORM_CLUSTER_SAMPLE } from '../../shared/activities/brainstorm/constants.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { isolateParams } from '../../shared/bidi.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, participant, type Peer } from '../helpers/client.ts';
import { engagementText } from '../helpers/engagements.ts';
import { ok } from '../helpers/rooms.ts';
import {
  artifactsIn,
  axeFindings,
  BOARD,
  browserFixtureWith,
  expectNoSideScroll,
  LAPTOP,
  newSession,
  nl,
  PHONE,
  WAIT,
  waitForStatus,
} from './fixture.ts';

// 100 sockets write 50 post-its each, pipelined: more than the default 20 messages a second.
const fx = browserFixtureWith({ socketRate: 1000 });
const { newPage, pageErrors } = fx;
const art = artifactsIn('town-hall', { fresh: true, fromTop: true });
const peers: Peer[] = [];
afterAll(() => peers.splice(0).forEach((p) => p.close()));
const LONG = { timeout: 120_000 };

const N = 5000;
const WRITERS = 100;
const EACH = 50;
/** Commands one writer has on the wire at a time. */
const WINDOW = 5;
const CLUSTERS = [
  'Fietsen en stallingen',
  'Veilig naar school',
  'Samen in de buurt',
  'Diversiteit in ons werk',
  'Groen en parken',
  'Nieuwkomers welkom',
  'Jongeren bereiken',
  'Minder papier en afval',
];

interface Town {
  s: CreatedSession;
  f: Peer;
  id: string;
  state: () => BrainstormState;
  /** The writer of the 5,000th post-it (it holds one back for the board's test). */
  last: Peer;
  board: Page;
  consolePage: Page;
  phones: Partial<Record<'nl' | 'ar', Page>>;
}
let town: Town | undefined;

/** Every post-it's text exactly once, then the post-its in the clusters (no more than BRAINSTORM_BULK_MAX a command). */
async function seed(): Promise<Town> {
  const s = await newSession(fx.server.url, 'Stadsgesprek: 5.000 stemmen');
  const f = await facilitator(fx.server.url, s);
  peers.push(f);
  const wall = {
    prompt: 'Wat maakt onze stad beter?',
    columns: [],
    maxPerPerson: EACH,
    maxLength: 280,
    allowNames: false,
    privateUntilReveal: false,
  };
  f.ackTimeoutMs = 30_000; // as the writers' below
  await ok(f, 'agenda.add', { activity: { kind: 'brainstorm', title: 'Stadsgesprek', config: wall } });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  const state = () => f.view!.agenda.find((a) => a.id === id)!.state as BrainstormState;

  // The board is on from the start: the post-its pour in while it shows them.
  const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE', reducedMotion: 'reduce' });
  await board.goto(s.links.board);
  await waitForStatus(board, 'connected');

  const writers: Peer[] = [];
  for (let w = 0; w < WRITERS; w++) {
    const p = await participant(fx.server.url, s, { name: `Inwoner ${w + 1}` });
    // 5,000 post-its from 100 sockets beside three browsers: on a busy CI machine an ack can
    // take longer than the usual 5 s (how fast is the benchmarks' question, not this test's).
    p.ackTimeoutMs = 30_000;
    peers.push(p);
    writers.push(p);
  }
  const started = Date.now();
  // Writer w writes the texts w, w + 100, w + 200, …; the last one holds its last text back.
  await Promise.all(
    writers.map(async (p, w) => {
      const texts = Array.from({ length: EACH }, (_, k) => w + k * WRITERS).filter((i) => i < N - 1);
      let next = 0;
      const lane = async () => {
        while (next < texts.length) {
          const i = texts[next++];
          await ok(p, 'brainstorm.add', { activityId: id, text: engagementText(i), column: null, showName: false });
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
    }),
  );
  await f.until(() => state().items.length === N - 1, 60_000);
  const wrote = Date.now() - started;

  for (const title of CLUSTERS) await ok(f, 'brainstorm.clusterAdd', { activityId: id, title });
  await f.until(() => state().clusters.length === CLUSTERS.length);
  const clusters = state().clusters.map((k) => k.id);
  const items = state().items.map((i) => i.id);
  for (const [k, clusterId] of clusters.entries()) {
    const mine = items.filter((_, n) => n % clusters.length === k);
    for (let n = 0; n < mine.length; n += BRAINSTORM_BULK_MAX)
      await ok(f, 'brainstorm.bulk', { activityId: id, itemIds: mine.slice(n, n + BRAINSTORM_BULK_MAX), action: 'cluster', clusterId });
  }
  await f.until(() => state().items.every((i) => i.clusterId), 60_000);
  console.log(
    `R-TOWNHALL observation: ${N - 1} post-its from ${WRITERS} sockets in ${wrote} ms; clustered after ${Date.now() - started} ms`,
  );

  // Only the writer of the last one stays: the others' sockets would receive every frame for nothing.
  const last = writers.at(-1)!;
  for (const p of writers.slice(0, -1)) p.close();
  const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-BE' });
  await consolePage.goto(s.links.facilitator);
  await waitForStatus(consolePage, 'connected');
  return { s, f, id, state, last, board, consolePage, phones: {} };
}

/** What the board shows on its page: each card's text and what sticks out, and the page's size. */
const onBoard = (board: Page) =>
  board.evaluate(() => {
    const wall = document.querySelector<HTMLElement>('[data-testid="wall"]')!;
    const w = wall.getBoundingClientRect();
    const within = (r: DOMRect, o: DOMRect) =>
      r.top >= o.top - 0.5 && r.bottom <= o.bottom + 0.5 && r.left >= o.left - 0.5 && r.right <= o.right + 0.5;
    const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="board-postit"]')].map((li) => {
      const r = li.getBoundingClientRect();
      const cut: string[] = [];
      if (li.scrollHeight > li.clientHeight + 0.5 || li.scrollWidth > li.clientWidth + 0.5) cut.push('content out of the card');
      if (!within(r, w)) cut.push('card out of the wall');
      if (r.bottom > window.innerHeight || r.right > window.innerWidth) cut.push('card out of the window');
      return { text: li.querySelector('.text')?.textContent ?? '', font: parseFloat(getComputedStyle(li).fontSize), cut };
    });
    const doc = document.documentElement;
    return {
      cards,
      page: Number(wall.dataset.page),
      pages: Number(wall.dataset.pages),
      scroll: { height: doc.scrollHeight, width: doc.scrollWidth, innerHeight: window.innerHeight, innerWidth: window.innerWidth },
    };
  });

/** A text as the page in this language shows it (a Latin title in an Arabic sentence is isolated, as the client does). */
const inLang = (lang: 'nl' | 'ar') => (key: string, params?: Record<string, string | number>) =>
  translate(lang, key, params && isolateParams(params, lang));

/** Start counting the main thread's long tasks (what a frame costs that the page cannot hide). */
const watchLongTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; longTaskObserver?: PerformanceObserver };
    w.longTasks = [];
    w.longTaskObserver?.disconnect();
    w.longTaskObserver = new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push(Math.round(e.duration))));
    w.longTaskObserver.observe({ type: 'longtask' });
  });
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
/** The window as one sees it, with this part of the page in the middle (or at the top). */
async function viewShot(page: Page, part: ReturnType<Page['getByTestId']>, name: string, block: ScrollLogicalPosition = 'center') {
  await part.evaluate((el, block) => el.scrollIntoView({ block }), block);
  await page.screenshot({ path: path.join(art.dir, `${name}.png`), animations: 'disabled' });
}

test(
  'R-TOWNHALL: 4,999 post-its from 100 sockets, in 8 clusters with brainstorm.bulk; the 5,000th reaches the board and the console',
  { timeout: 900_000 },
  async () => {
    const t = (town = await seed());
    const { board, consolePage, f, id, state } = t;
    expect(state().items).toHaveLength(N - 1);
    expect(new Set(state().items.map((i) => i.text)).size).toBe(N - 1);

    // The board and the console have settled on 4,999 post-its.
    await board
      .getByTestId('postit-board-count')
      .filter({ hasText: nl('brainstorm.board.count', { count: N - 1 }) })
      .waitFor(LONG);
    await board.locator('[data-testid="wall"][data-measured="true"]').waitFor(LONG);
    const rows = consolePage.getByTestId('console-current').getByTestId('console-postit');
    await expect.poll(() => rows.count(), LONG).toBe(100);

    // The 5,000th post-it: what it costs the board and the console to show it.
    await watchLongTasks(board);
    await watchLongTasks(consolePage);
    await ok(t.last, 'brainstorm.add', { activityId: id, text: engagementText(N - 1), column: null, showName: false });
    await f.until(() => state().items.length === N);
    await board
      .getByTestId('postit-board-count')
      .filter({ hasText: nl('brainstorm.board.count', { count: N }) })
      .waitFor(LONG);
    await board.locator('[data-testid="wall"][data-measured="true"]').waitFor(LONG);
    await consolePage
      .getByTestId('bulk-count')
      .filter({ hasText: nl('brainstorm.console.shown', { shown: N, total: N }) })
      .waitFor(LONG);
    await board.waitForTimeout(1500);
    const [onBoardTasks, onConsoleTasks] = [await longTasks(board), await longTasks(consolePage)];
    console.log(
      `R-TOWNHALL observation: the 5,000th post-it: board long tasks ${JSON.stringify(onBoardTasks)} ms, console long tasks ${JSON.stringify(onConsoleTasks)} ms`,
    );
    expect(pageErrors).toEqual([]);
  },
);

test('R-TOWNHALL: the 1920×1080 board shows 5.000 post-its on pages: no scroll bar, nothing cut off', { timeout: 300_000 }, async () => {
  expect(town, 'the wall of the first test').toBeDefined();
  const { board, f, id } = town!;
  await board.getByTestId('postit-board-count').filter({ hasText: '5.000 post-its' }).waitFor(WAIT);
  await ok(f, 'brainstorm.page', { activityId: id, page: 0, auto: false });
  await board.locator('[data-testid="wall"][data-page="0"]').waitFor(LONG);
  const seen = await onBoard(board);
  console.log(`R-TOWNHALL observation: the board pages 5,000 post-its in ${seen.pages} pages, ${seen.cards.length} on the first`);
  expect(seen.pages, 'the wall is paged').toBeGreaterThan(10);
  expect(seen.cards.length, 'a page worth showing').toBeGreaterThan(5);
  await board
    .getByTestId('board-page')
    .filter({ hasText: nl('brainstorm.board.page', { page: 1, pages: seen.pages }) })
    .waitFor(WAIT);
  expect(seen.scroll.height, 'document height').toBeLessThanOrEqual(seen.scroll.innerHeight);
  expect(seen.scroll.width, 'document width').toBeLessThanOrEqual(seen.scroll.innerWidth);
  expect(seen.cards.filter((c) => c.font < 28).map((c) => c.text)).toEqual([]);
  // What was measured stays measured: no hidden copies of the 5,000 left in the page (it once held 10,016).
  const dom = await board.evaluate(() => [document.querySelectorAll('[data-key]').length, document.getElementsByTagName('*').length]);
  console.log(`R-TOWNHALL observation: the board's page holds ${dom[1]} elements`);
  expect(dom[0], 'measuring copies left').toBe(0);
  expect(dom[1], 'elements in the page').toBeLessThan(1000);
  expect(seen.cards.filter((c) => c.cut.length).map((c) => `${c.text}: ${c.cut.join(', ')}`)).toEqual([]);
  await art.shot(board, 'board-page-1');
  // A page deep in the wall: the same.
  const deep = Math.floor(seen.pages / 2);
  await ok(f, 'brainstorm.page', { activityId: id, page: deep, auto: false });
  await board.locator(`[data-testid="wall"][data-page="${deep}"]`).waitFor(LONG);
  const there = await onBoard(board);
  expect(there.scroll.height).toBeLessThanOrEqual(there.scroll.innerHeight);
  expect(there.cards.filter((c) => c.cut.length).map((c) => `${c.text}: ${c.cut.join(', ')}`)).toEqual([]);
  await art.shot(board, 'board-page-middle');
  expect(await axeFindings(board)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test(
  'R-TOWNHALL: the 1280×800 console lists 100 of 5,000, finds one, filters a cluster, shows more; its sticky controls stay in reach; a page turn reaches the board',
  { timeout: 300_000 },
  async () => {
    expect(town, 'the wall of the first test').toBeDefined();
    const { consolePage: page, board, state } = town!;
    const current = page.getByTestId('console-current');
    const rows = current.getByTestId('console-postit');
    const count = current.getByTestId('bulk-count');
    expect(await rows.count()).toBe(100);
    await count.filter({ hasText: nl('brainstorm.console.shown', { shown: N, total: N }) }).waitFor(WAIT);
    // The list scrolls in its own box.
    const list = current.getByTestId('console-list');
    const box = await list.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(box.client).toBeLessThanOrEqual(0.6 * LAPTOP.viewport.height + 1);
    expect(box.scroll).toBeGreaterThan(box.client);
    await viewShot(page, list, 'console-5000');

    // One post-it among the 5,000: "(4322)" is in one text only.
    await watchLongTasks(page);
    const search = current.getByLabel(nl('brainstorm.console.search'), { exact: true });
    await search.fill('(4322)');
    await expect.poll(() => rows.count(), LONG).toBe(1);
    expect(await rows.locator('.text').innerText()).toBe(engagementText(4321));
    await count.filter({ hasText: nl('brainstorm.console.shown', { shown: 1, total: N }) }).waitFor(WAIT);
    await viewShot(page, list, 'console-search');
    await search.fill('');
    await expect.poll(() => rows.count(), LONG).toBe(100);

    // One cluster: its post-its only, a hundred at a time, then "show more".
    const k = state().clusters[2];
    const inK = state().items.filter((i) => i.clusterId === k.id).length;
    await current.getByLabel(nl('brainstorm.console.filter'), { exact: true }).selectOption(`k:${k.id}`);
    await count.filter({ hasText: nl('brainstorm.console.shown', { shown: inK, total: N }) }).waitFor(LONG);
    await expect.poll(() => rows.count(), LONG).toBe(100);
    expect(new Set(await rows.locator(`select[id^="bs-k-"]`).evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value)))).toEqual(
      new Set([k.id]),
    );
    await current.getByRole('button', { name: nl('brainstorm.console.more', { count: 100 }), exact: true }).click();
    await expect.poll(() => rows.count(), LONG).toBe(200);
    console.log(
      `R-TOWNHALL observation: console long tasks while searching, filtering, showing more: ${JSON.stringify(await longTasks(page))} ms`,
    );

    // At the end of the list and of the page, the stepper is still at the top and takes a click.
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const reach = await page.getByTestId('console-stepper').evaluate((nav) => {
      const next = nav.querySelector<HTMLElement>('button.primary')!.getBoundingClientRect();
      const hit = document.elementFromPoint(next.left + next.width / 2, next.top + next.height / 2);
      return { top: nav.getBoundingClientRect().top, scrolled: window.scrollY, hit: !!hit && nav.contains(hit) };
    });
    expect(reach.scrolled, 'the console scrolled').toBeGreaterThan(0);
    expect(Math.abs(reach.top), 'the stepper at the top').toBeLessThanOrEqual(1);
    expect(reach.hit, 'its "next" button takes a click').toBe(true);
    await page.screenshot({ path: path.join(art.dir, 'console-bottom.png'), animations: 'disabled' });
    expect(await axeFindings(page)).toEqual([]);

    // A page turn from the console reaches the board of 5,000.
    const before = Number(await board.getByTestId('wall').getAttribute('data-page'));
    const pages = Number(await board.getByTestId('wall').getAttribute('data-pages'));
    await current.getByRole('button', { name: nl('brainstorm.console.pageNext'), exact: true }).click();
    await board.locator(`[data-testid="wall"][data-page="${(before + 1) % pages}"]`).waitFor(LONG);
    expect(pageErrors).toEqual([]);
  },
);

for (const lang of ['nl', 'ar'] as const) {
  const tr = inLang(lang);
  test(
    `R-TOWNHALL, R-BRAIN-HIDE: a 360×740 phone (${lang}) shows the newest 30 of the others' 5,000 post-its, the count, and more on request`,
    LONG,
    async () => {
      expect(town, 'the wall of the first test').toBeDefined();
      const { s, f, id, state } = town!;
      const { page: phone } = await newPage({ ...PHONE, locale: lang === 'nl' ? 'nl-BE' : 'ar' });
      town!.phones[lang] = phone;
      await phone.goto(s.links.join);
      await waitForStatus(phone, 'connected');
      const others = phone.getByTestId('other-postits').getByRole('listitem');
      const countOf = (n: number) =>
        phone.getByTestId('others-count').filter({ hasText: tr('brainstorm.phone.othersCount', { count: n }) });
      await countOf(N).waitFor(LONG);
      await expect.poll(() => others.count(), LONG).toBe(30);
      const newest = (n: number) =>
        state()
          .items.filter((i) => !i.hidden)
          .slice(-n)
          .reverse()
          .map((i) => i.text);
      expect(await others.locator('.text').allInnerTexts()).toEqual(newest(30));
      await phone.getByText(tr('brainstorm.phone.othersNewest', { count: 30 })).waitFor(WAIT);
      expect(await phone.evaluate(() => [document.documentElement.dir, document.querySelectorAll('li').length])).toEqual([
        lang === 'ar' ? 'rtl' : 'ltr',
        30,
      ]);
      await expectNoSideScroll(phone);
      await viewShot(phone, phone.getByTestId('others-count'), `phone-${lang}-brainstorm-newest`, 'start');
      const more = phone.getByRole('button', { name: tr('brainstorm.phone.othersMore', { count: 30 }), exact: true });
      await viewShot(phone, more, `phone-${lang}-brainstorm-more`, 'end');
      await more.click();
      await expect.poll(() => others.count()).toBe(60);
      expect(await others.locator('.text').allInnerTexts()).toEqual(newest(60));
      expect(await axeFindings(phone)).toEqual([]);

      if (lang === 'nl') {
        // R-BRAIN-HIDE: a hidden post-it leaves the phone and its count; shown again, it is back.
        const last = state().items.at(-1)!;
        await ok(f, 'brainstorm.hide', { activityId: id, itemId: last.id, hidden: true });
        await countOf(N - 1).waitFor(LONG);
        await expect.poll(() => others.locator('.text').first().innerText()).toBe(newest(1)[0]);
        expect(await phone.getByText(last.text!, { exact: true }).count()).toBe(0);
        await ok(f, 'brainstorm.hide', { activityId: id, itemId: last.id, hidden: false });
        await countOf(N).waitFor(LONG);
      }
      expect(pageErrors).toEqual([]);
    },
  );
}

test("R-TOWNHALL, R-DOT-UNIT: a dot vote on the wall's 8 clusters: the nl and ar phones show the 8 and place a dot", LONG, async () => {
  expect(town?.phones.nl && town.phones.ar, 'the phones of the previous tests').toBeTruthy();
  const { f, id: wallId, phones } = town!;
  const config = {
    prompt: 'Waar moet de stad eerst werk van maken?',
    sourceId: wallId,
    unit: 'clusters',
    items: [],
    budget: 3,
    stacking: true,
    capPerItem: null,
  };
  await ok(f, 'agenda.add', { activity: { kind: 'dotvote', title: 'Stemmen op de clusters', config } });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  const vs = () => f.view!.agenda.find((a) => a.id === id)!.state as DotvoteState;
  await f.until(() => vs().items.length === CLUSTERS.length, 30_000);
  expect(vs().items.map((i) => i.text)).toEqual(CLUSTERS);
  expect(
    vs().items.reduce((n, i) => n + (i.size ?? i.merged?.length ?? 0), 0),
    'every clustered post-it',
  ).toBe(N - 1);
  // Each phone gets a sample of a cluster's texts and its size, not all 4,999 texts.
  for (const i of vs().items) expect(i.merged!.length).toBeLessThanOrEqual(BRAINSTORM_CLUSTER_SAMPLE);

  for (const [n, lang] of (['nl', 'ar'] as const).entries()) {
    const tr = inLang(lang);
    const phone = phones[lang]!;
    const rows = phone.getByTestId('vote-item');
    await expect.poll(() => rows.count(), LONG).toBe(CLUSTERS.length);
    expect(await rows.locator('.text').allInnerTexts()).toEqual(CLUSTERS);
    // The clusters' 4,999 post-its are not laid out unasked.
    expect(await phone.evaluate(() => document.querySelectorAll('li').length)).toBe(CLUSTERS.length);
    const item = vs().items[n * 3];
    const row = rows.filter({ hasText: item.text });
    await row.getByRole('button', { name: tr('dotvote.phone.plusAria', { text: item.text }), exact: true }).click();
    await row.locator('[data-testid="my-dots"][data-count="1"]').waitFor(WAIT);
    await f.until(() => Object.values(vs().dots).some((d) => d[item.id] === 1));
    await phone
      .getByTestId('dots-left')
      .filter({ hasText: tr('dotvote.phone.left', { count: 2 }) })
      .waitFor(WAIT);
    // What is in it, on demand: 50 at a time.
    const size = item.size ?? item.merged!.length;
    expect(size).toBeGreaterThan(BRAINSTORM_CLUSTER_SAMPLE);
    await row.getByText(tr('dotvote.phone.members', { count: size })).click();
    await expect.poll(() => row.locator('.members li').count()).toBe(50);
    await row.getByRole('button', { name: tr('dotvote.phone.membersMore', { count: 50 }), exact: true }).click();
    await expect.poll(() => row.locator('.members li').count()).toBe(BRAINSTORM_CLUSTER_SAMPLE);
    await expect.poll(() => row.getByTestId('members-more').count()).toBe(0);
    await viewShot(phone, row.locator('.members'), `phone-${lang}-dotvote-members`, 'end');
    await row.getByText(tr('dotvote.phone.members', { count: size })).click();
    await expectNoSideScroll(phone);
    await viewShot(phone, phone.getByTestId('dots-bar'), `phone-${lang}-dotvote`, 'start');
    expect(await axeFindings(phone)).toEqual([]);
  }
  expect(pageErrors).toEqual([]);
});
