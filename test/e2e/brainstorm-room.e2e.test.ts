/**
 * The brainstorm at room scale, in real Chromium against the real server; post-its come in
 * through the real socket protocol (ten participants, `brainstorm.add`).
 *
 * SPEC: R-BRAIN-WALL — walls of 12, 40, 120 and 300 post-its on a 1920×1080 board: the page
 * never scrolls, every post-it's text is 28 px or more and never cut off (no card sticks out
 * of the wall, no card's content out of the card), and stepping through the pages shows
 * every post-it exactly once. R-BRAIN-PAGES — the board turns its pages by itself every 8
 * seconds and the facilitator steps them (socket and console button); "page 2 of 4".
 * R-BRAIN-BULK — the console with 300 post-its: the list scrolls in its own box, search
 * narrows it, ten post-its selected go into a new cluster with exactly one command.
 * R-BRAIN-SPOTLIGHT — a post-it and a cluster full-screen on the board, and back.
 * R-BRAIN-FOLLOWUP — an owner and a due date set on the console, on the board and in the
 * report. R-BRAIN-NAME-RESET — "show my name" is off again after each post-it.
 *
 * Screenshots in test-artifacts/e2e/brainstorm-room/.
 */
import { afterAll, expect, test } from 'vitest';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, participant, type Peer } from '../helpers/client.ts';
import { artifactsIn, axeFindings, BOARD, browserFixture, LAPTOP, newSession, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';
import { engagementText } from '../helpers/engagements.ts';
import { ok } from '../helpers/rooms.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;
const art = artifactsIn('brainstorm-room', { fresh: true, fromTop: true });
/** The window as the facilitator sees it (1280×800), with this part of the page in the middle. */
async function viewShot(page: Page, part: Locator, name: string) {
  await part.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: path.join(art.dir, `${name}.png`), animations: 'disabled' });
}
const peers: Peer[] = [];
afterAll(() => peers.splice(0).forEach((p) => p.close()));

/** A session with a brainstorm for the room: ten participants on sockets, the console's socket. */
async function roomWall(title: string, config: Record<string, unknown> = {}) {
  const s = await newSession(fx.server.url, title);
  const f = await facilitator(fx.server.url, s);
  peers.push(f);
  const wall = {
    prompt: 'Waar engageer jij je voor?',
    columns: [],
    maxPerPerson: 50,
    maxLength: 280,
    allowNames: false,
    privateUntilReveal: false,
    ...config,
  };
  await ok(f, 'agenda.add', { activity: { kind: 'brainstorm', title: 'Engagementen', config: wall } });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  const state = () => f.view!.agenda.find((a) => a.id === id)!.state as BrainstormState;
  return { s, f, id, state };
}

/** Post-its until the wall holds `n`: ten participants side by side, each in turn. */
async function fillTo(
  url: string,
  s: CreatedSession,
  id: string,
  writers: Peer[],
  from: number,
  n: number,
  column: (i: number) => number | null = () => null,
) {
  while (writers.length < 10) {
    const p = await participant(url, s, { name: `Deelnemer ${writers.length + 1}` });
    peers.push(p);
    writers.push(p);
  }
  const mine = writers.map((_, w) => Array.from({ length: n - from }, (_, k) => from + k).filter((i) => i % writers.length === w));
  await Promise.all(
    writers.map(async (p, w) => {
      for (const i of mine[w])
        await ok(p, 'brainstorm.add', { activityId: id, text: engagementText(i), column: column(i), showName: false });
    }),
  );
}

interface Seen {
  text: string;
  font: number;
  /** Its column's name (the section it is in). */
  column: string | null;
  /** Sticks out of its card, its card out of the wall, or the wall out of the window. */
  cut: string[];
}

/** What the board shows now: every post-it's text and font size, and whatever sticks out. */
const onBoard = (board: Page) =>
  board.evaluate(() => {
    const wall = document.querySelector<HTMLElement>('[data-testid="wall"]')!;
    const w = wall.getBoundingClientRect();
    const within = (r: DOMRect, o: DOMRect) =>
      r.top >= o.top - 0.5 && r.bottom <= o.bottom + 0.5 && r.left >= o.left - 0.5 && r.right <= o.right + 0.5;
    const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="board-postit"]')].map((li) => {
      const text = li.querySelector<HTMLElement>('.text')!;
      const r = li.getBoundingClientRect();
      const cut: string[] = [];
      if (li.scrollHeight > li.clientHeight + 0.5 || li.scrollWidth > li.clientWidth + 0.5) cut.push('content out of the card');
      if (!within(r, w)) cut.push('card out of the wall');
      if (r.bottom > window.innerHeight || r.right > window.innerWidth) cut.push('card out of the window');
      const track = li.closest<HTMLElement>('.track');
      if (track && !within(r, track.getBoundingClientRect())) cut.push('card out of its column');
      for (const line of text.getClientRects()) if (!within(line, r)) cut.push('a line out of the card');
      return {
        text: text.textContent ?? '',
        font: parseFloat(getComputedStyle(text).fontSize),
        column: track?.getAttribute('aria-label') ?? null,
        cut,
      };
    });
    const doc = document.documentElement;
    return {
      cards,
      page: Number(wall.dataset.page),
      pages: Number(wall.dataset.pages),
      scroll: { height: doc.scrollHeight, width: doc.scrollWidth, innerHeight: window.innerHeight, innerWidth: window.innerWidth },
    };
  });

/** The board settled: every ghost measured, the count shown, no page change for a moment. */
async function settled(board: Page, n: number) {
  await board
    .getByTestId('postit-board-count')
    .filter({ hasText: nl('brainstorm.board.count', { count: n }) })
    .waitFor(WAIT);
  await board.locator('[data-testid="wall"][data-measured="true"]').waitFor(WAIT);
  let last = '';
  for (let tries = 0; tries < 40; tries++) {
    const now = await board.getByTestId('wall').evaluate((w) => `${w.dataset.pages}:${w.style.blockSize}`);
    if (now === last) return;
    last = now;
    await board.waitForTimeout(250);
  }
}

/** Step the board through every page from the console's socket; what it showed, page by page. */
async function everyPage(board: Page, f: Peer, id: string) {
  const pages = Number(await board.getByTestId('wall').getAttribute('data-pages'));
  const seen: Seen[][] = [];
  for (let p = 0; p < pages; p++) {
    await ok(f, 'brainstorm.page', { activityId: id, page: p, auto: false });
    await board.locator(`[data-testid="wall"][data-page="${p}"]`).waitFor(WAIT);
    if (pages > 1)
      await board
        .getByTestId('board-page')
        .filter({ hasText: nl('brainstorm.board.page', { page: p + 1, pages }) })
        .waitFor(WAIT);
    const now = await onBoard(board);
    expect(now.pages, 'the pages stayed the same while stepping').toBe(pages);
    // R-BRAIN-WALL: the board never scrolls, whatever the page.
    expect(now.scroll.height, `page ${p + 1}: document height`).toBeLessThanOrEqual(now.scroll.innerHeight);
    expect(now.scroll.width, `page ${p + 1}: document width`).toBeLessThanOrEqual(now.scroll.innerWidth);
    seen.push(now.cards);
  }
  return seen;
}

test(
  'R-BRAIN-NAME-RESET: "show my name" is off again after a post-it; the next one is anonymous on the board',
  { timeout: 90_000 },
  async () => {
    const { s, f, id, state } = await roomWall('Naam per post-it', { allowNames: true, maxPerPerson: 5 });
    const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE' });
    await board.goto(s.links.board);
    await waitForStatus(board, 'connected');
    const { page: phone } = await newPage({ ...PHONE });
    await phone.goto(s.links.join);
    await waitForStatus(phone, 'connected');
    await phone.getByLabel(nl('phone.name.label'), { exact: true }).fill('Noor');
    await phone.getByRole('button', { name: nl('phone.name.save'), exact: true }).click();

    const box = phone.getByLabel(nl('brainstorm.phone.showName', { name: 'Noor' }), { exact: true });
    await box.waitFor(WAIT);
    await expect.poll(() => box.isEnabled()).toBe(true);
    await box.check();
    const text = phone.getByLabel(nl('brainstorm.phone.textLabel'), { exact: true });
    await text.fill('Met mijn naam erbij');
    await phone.getByRole('button', { name: nl('brainstorm.phone.add'), exact: true }).click();
    await phone.getByTestId('my-postit').filter({ hasText: 'Met mijn naam erbij' }).waitFor(WAIT);
    // The choice was for that post-it only.
    expect(await box.isChecked()).toBe(false);
    await art.shot(phone, 'name-01-phone-box-off-again');
    await text.fill('Deze zonder naam');
    await phone.getByRole('button', { name: nl('brainstorm.phone.add'), exact: true }).click();
    await f.until(() => state().items.length === 2);
    expect(state().items.map((i) => [i.text, i.name ?? null])).toEqual([
      ['Met mijn naam erbij', 'Noor'],
      ['Deze zonder naam', null],
    ]);
    const card = (t: string) => board.getByTestId('board-postit').filter({ hasText: t });
    await card('Deze zonder naam').waitFor(WAIT);
    expect(await card('Met mijn naam erbij').locator('.by').innerText()).toBe('Noor');
    expect(await card('Deze zonder naam').locator('.by').count()).toBe(0);
    expect(await board.getByText('Noor').count()).toBe(1);
    await art.shot(board, 'name-02-board');
    expect(pageErrors).toEqual([]);
    void id;
  },
);

test(
  'R-BRAIN-WALL: three columns side by side, a busy one and a cluster: each column pages through its own post-its, nothing cut off',
  { timeout: 120_000 },
  async () => {
    const columns = ['Wat werkt', 'Wat werkt niet', 'Wat willen we'];
    const { s, f, id, state } = await roomWall('Drie vragen', { columns });
    const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE', reducedMotion: 'reduce' });
    await board.goto(s.links.board);
    await waitForStatus(board, 'connected');
    const n = 60;
    const columnOf = (i: number) => (i < 34 ? 0 : i < 52 ? 1 : 2);
    await fillTo(fx.server.url, s, id, [], 0, n, columnOf);
    await f.until(() => state().items.length === n);
    // Six post-its of the first column in a cluster.
    const six = state()
      .items.filter((i) => i.column === 0)
      .slice(2, 8)
      .map((i) => i.id);
    await ok(f, 'brainstorm.bulk', { activityId: id, itemIds: six, action: 'newCluster', title: 'Fietsen en stallingen' });
    await settled(board, n);
    const pages = await everyPage(board, f, id);
    const all = pages.flat();
    expect([...all.map((c) => c.text)].sort()).toEqual(Array.from({ length: n }, (_, i) => engagementText(i)).sort());
    // Every post-it in its own column, on every page.
    const home = new Map(Array.from({ length: n }, (_, i) => [engagementText(i), columns[columnOf(i)]]));
    expect(all.filter((c) => c.column !== home.get(c.text)).map((c) => c.text)).toEqual([]);
    expect(all.filter((c) => c.font < 28).map((c) => c.text)).toEqual([]);
    expect(all.filter((c) => c.cut.length).map((c) => `${c.text}: ${c.cut.join(', ')}`)).toEqual([]);
    // The cluster is a titled stack with its count in its column.
    await ok(f, 'brainstorm.page', { activityId: id, page: 0, auto: false });
    const first = board.getByRole('region', { name: columns[0], exact: true });
    await first.getByRole('heading', { name: 'Fietsen en stallingen', exact: true }).waitFor(WAIT);
    await first
      .getByTestId('cluster-count')
      .filter({ hasText: nl('brainstorm.board.count', { count: 6 }) })
      .waitFor(WAIT);
    await art.shot(board, 'columns-page-1');
    if (pages.length > 1) {
      await ok(f, 'brainstorm.page', { activityId: id, page: 1, auto: false });
      await board.locator('[data-testid="wall"][data-page="1"]').waitFor(WAIT);
      await art.shot(board, 'columns-page-2');
    }
    expect(await axeFindings(board)).toEqual([]);
    expect(pageErrors).toEqual([]);
  },
);

/** The 300-post-it wall, kept for the console's test. */
let big: { s: CreatedSession; f: Peer; id: string; state: () => BrainstormState; board: Page } | undefined;

test(
  'R-BRAIN-WALL, R-BRAIN-PAGES: walls of 12, 40, 120 and 300 post-its: no scrolling, 28 px or more, nothing cut off, every post-it once over the pages',
  { timeout: 300_000 },
  async () => {
    const room = await roomWall('Lerend netwerk: de zaal');
    const { s, f, id } = room;
    const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE', reducedMotion: 'reduce' });
    await board.goto(s.links.board);
    await waitForStatus(board, 'connected');
    const writers: Peer[] = [];
    let have = 0;
    const pagesAt: Record<number, number> = {};
    for (const n of [12, 40, 120, 300]) {
      await fillTo(fx.server.url, s, id, writers, have, n);
      have = n;
      await settled(board, n);
      const pages = await everyPage(board, f, id);
      pagesAt[n] = pages.length;
      const all = pages.flat();
      const texts = all.map((c) => c.text);
      // Every post-it's text exactly once over all pages.
      expect(texts.length, `${n}: post-its shown over ${pages.length} pages`).toBe(n);
      expect([...texts].sort(), `${n}: each once`).toEqual(Array.from({ length: n }, (_, i) => engagementText(i)).sort());
      // Readable from the back of the room, and never cut off.
      expect(
        all.filter((c) => c.font < 28).map((c) => `${c.text}: ${c.font}px`),
        `${n}: smaller than 28 px`,
      ).toEqual([]);
      expect(
        all.filter((c) => c.cut.length).map((c) => `${c.text}: ${c.cut.join(', ')}`),
        `${n}: cut off`,
      ).toEqual([]);
      // A page is worth it: no page of a few post-its while others are full.
      if (pages.length > 1) expect(Math.min(...pages.slice(0, -1).map((p) => p.length)), `${n}: the fullest pages`).toBeGreaterThan(5);
      await ok(f, 'brainstorm.page', { activityId: id, page: 0, auto: false });
      await board.locator('[data-testid="wall"][data-page="0"]').waitFor(WAIT);
      await art.shot(board, `wall-${n}-page-1`);
      if (pages.length > 1) {
        await ok(f, 'brainstorm.page', { activityId: id, page: 1, auto: false });
        await board.locator('[data-testid="wall"][data-page="1"]').waitFor(WAIT);
        await art.shot(board, `wall-${n}-page-2`);
      }
      expect(await axeFindings(board), `${n}: axe`).toEqual([]);

      if (n === 120) {
        // R-BRAIN-PAGES: by itself, a page every 8 seconds from where the facilitator put it.
        await ok(f, 'brainstorm.page', { activityId: id, page: 0, auto: true });
        await board.locator('[data-testid="wall"][data-page="0"]').waitFor(WAIT);
        const start = Date.now();
        await board.locator('[data-testid="wall"][data-page="1"]').waitFor({ timeout: 15_000 });
        const took = Date.now() - start;
        expect(took).toBeGreaterThan(6000);
        expect(took).toBeLessThan(10_500);
        await board
          .getByTestId('board-page')
          .filter({ hasText: nl('brainstorm.board.page', { page: 2, pages: pages.length }) })
          .waitFor(WAIT);
      }
    }
    // More post-its, more pages; 12 fit on one.
    expect(pagesAt[12]).toBe(1);
    expect(pagesAt[40]).toBeLessThanOrEqual(pagesAt[120]);
    expect(pagesAt[120]).toBeLessThan(pagesAt[300]);
    big = { ...room, board };
    expect(pageErrors).toEqual([]);
  },
);

test(
  'R-BRAIN-BULK, R-BRAIN-SPOTLIGHT, R-BRAIN-FOLLOWUP: the console with 300 post-its: search, a cluster of ten in one command, full-screen, owner and due date',
  { timeout: 180_000 },
  async () => {
    expect(big, 'the 300-post-it wall of the previous test').toBeDefined();
    const { s, f, id, state, board } = big!;
    const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-BE' });
    // Every command the console sends, as it goes over the socket.
    const sent: string[] = [];
    consolePage.on('websocket', (ws) => ws.on('framesent', (e) => sent.push(String(e.payload))));
    await consolePage.goto(s.links.facilitator);
    await waitForStatus(consolePage, 'connected');
    const current = consolePage.getByTestId('console-current');
    const rows = current.getByTestId('console-postit');
    await expect.poll(() => rows.count(), WAIT).toBe(100); // a hundred at a time
    // The list scrolls in its own box: the console's controls below it stay in reach.
    const list = current.getByTestId('console-list');
    const box = await list.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(box.client).toBeLessThanOrEqual(0.6 * LAPTOP.viewport.height + 1);
    expect(box.scroll).toBeGreaterThan(box.client);
    await viewShot(consolePage, list, 'console-300');
    expect(await axeFindings(consolePage)).toEqual([]);

    // Search narrows the list.
    const term = 'fietsenstalling';
    const matching = Array.from({ length: 300 }, (_, i) => engagementText(i)).filter((t) => t.toLowerCase().includes(term));
    await current.getByLabel(nl('brainstorm.console.search'), { exact: true }).fill(term);
    await expect.poll(() => rows.count()).toBe(matching.length);
    for (const t of await rows.locator('.text').allInnerTexts()) expect(t.toLowerCase()).toContain(term);
    await current
      .getByTestId('bulk-count')
      .filter({ hasText: nl('brainstorm.console.shown', { shown: matching.length, total: 300 }) })
      .waitFor(WAIT);

    // Ten selected, one new cluster: exactly one command on the wire.
    for (let i = 0; i < 10; i++) await rows.nth(i).getByRole('checkbox').check();
    await current
      .getByTestId('bulk-count')
      .filter({ hasText: nl('brainstorm.console.selected', { count: 10 }) })
      .waitFor(WAIT);
    await current.getByLabel(nl('brainstorm.console.bulkNewCluster'), { exact: true }).fill('Fietsen');
    await viewShot(consolePage, current.getByTestId('bulk'), 'console-search-selected');
    const before = sent.length;
    const seqBefore = f.view!.seq;
    await current.getByRole('button', { name: nl('brainstorm.console.bulkNewClusterDo'), exact: true }).click();
    await f.until(() => state().items.filter((i) => i.clusterId).length === 10);
    const cmds = sent.slice(before).filter((m) => m.includes('"cmd"'));
    expect(cmds.filter((m) => m.includes('"brainstorm.bulk"'))).toHaveLength(1);
    expect(cmds.filter((m) => /"brainstorm\.(cluster|clusterAdd)"/.test(m))).toEqual([]);
    expect(f.view!.seq - seqBefore, 'one cluster and ten post-its in it').toBe(11);
    const cluster = state().clusters[0];
    expect(cluster.title).toBe('Fietsen');

    // The board: the cluster is a titled stack with its count, on the first page.
    await ok(f, 'brainstorm.page', { activityId: id, page: 0, auto: false });
    await board.getByRole('heading', { name: 'Fietsen', exact: true }).waitFor(WAIT);
    await board
      .getByTestId('cluster-count')
      .filter({ hasText: nl('brainstorm.board.count', { count: 10 }) })
      .waitFor(WAIT);
    await art.shot(board, 'wall-300-cluster');

    // The console steps the board's pages.
    await current.getByRole('button', { name: nl('brainstorm.console.pageNext'), exact: true }).click();
    await board.locator('[data-testid="wall"][data-page="1"]').waitFor(WAIT);
    await current.getByRole('button', { name: nl('brainstorm.console.pagePrev'), exact: true }).click();
    await board.locator('[data-testid="wall"][data-page="0"]').waitFor(WAIT);

    // Owner and due date on one post-it (R-BRAIN-FOLLOWUP).
    const row = rows.filter({ hasText: matching[0] });
    const label = matching[0];
    await row.getByRole('button', { name: nl('brainstorm.console.toolsAria', { text: label }), exact: true }).click();
    await row.getByLabel(nl('brainstorm.console.owner'), { exact: true }).fill('Dienst Mobiliteit');
    await row.getByLabel(nl('brainstorm.console.due'), { exact: true }).fill('2026-05-12');
    await row
      .getByRole('button', { name: nl('common.save'), exact: true })
      .last()
      .click();
    await row
      .getByTestId('console-follow')
      .filter({ hasText: nl('brainstorm.board.owner', { owner: 'Dienst Mobiliteit' }) })
      .waitFor(WAIT);

    // Full-screen: that post-it, then the cluster (R-BRAIN-SPOTLIGHT).
    await row.getByRole('button', { name: nl('brainstorm.console.spotlightAria', { text: label }), exact: true }).click();
    const spot = board.getByTestId('board-spotlight');
    await spot.getByTestId('spotlight-text').filter({ hasText: label }).waitFor(WAIT);
    await spot.getByText(nl('brainstorm.board.owner', { owner: 'Dienst Mobiliteit' })).waitFor(WAIT);
    const full = await spot.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const t = el.querySelector('[data-testid="spotlight-text"]')!;
      return { w: r.width, h: r.height, font: parseFloat(getComputedStyle(t).fontSize), doc: document.documentElement.scrollHeight };
    });
    expect(full.w).toBeGreaterThanOrEqual(BOARD.viewport.width - 1);
    expect(full.h).toBeGreaterThanOrEqual(BOARD.viewport.height - 1);
    expect(full.font).toBeGreaterThanOrEqual(56);
    expect(full.doc).toBeLessThanOrEqual(BOARD.viewport.height);
    await art.shot(board, 'spotlight-postit');
    await consolePage.getByTestId('console-spotlight').waitFor(WAIT);
    await viewShot(consolePage, consolePage.getByTestId('console-spotlight'), 'console-spotlight');
    await current.getByText(nl('brainstorm.console.clusters', { count: 1 })).click();
    await current.getByRole('button', { name: nl('brainstorm.console.spotlightClusterAria', { title: 'Fietsen' }), exact: true }).click();
    await expect.poll(() => spot.getByTestId('spotlight-member').count()).toBe(10);
    await spot.getByRole('heading', { name: 'Fietsen' }).waitFor(WAIT);
    expect(await axeFindings(board)).toEqual([]);
    await art.shot(board, 'spotlight-cluster');
    await current.getByRole('button', { name: nl('brainstorm.console.spotlightOff'), exact: true }).click();
    await expect.poll(() => spot.count()).toBe(0);

    // The report: "text; owner: X; by 12 May 2026".
    const res = await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    const md = await res.text();
    expect(md).toContain(
      `${label}; ${nl('report.brainstorm.owner', { owner: 'Dienst Mobiliteit' })}; ${nl('report.brainstorm.due', { date: '12 mei 2026' })}`,
    );
    expect(pageErrors).toEqual([]);
  },
);
