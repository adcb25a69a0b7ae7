/**
 * The dot vote at room scale, in real Chromium against the real server; votes come in
 * through the real socket protocol (40 participants, `dotvote.place`).
 *
 * SPEC: R-DOT-BOARD — a revealed vote of 30 items on a 1920×1080 board with a full room: the
 * page never scrolls, no row for an item without a dot (one line says how many), a tie in
 * words ("gedeeld"), the first places 28 px or more, no text cut off. R-DOT-RANK — ties
 * share a rank. R-DOT-PHONE — a 320 px phone voting on 120 items: compact rows (no row over
 * 56 px, the page a fraction of the old 23,600 px), the search narrows the list, a dot placed
 * from the filtered list reaches the server, "my dots" shows where they are, the dots left
 * stay in view while scrolling. R-DOT-UNIT — the facilitator picks "the clusters" in the
 * builder; a phone votes on clusters and opens what is in one.
 *
 * Screenshots in test-artifacts/e2e/dotvote-room/.
 */
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, participant, type Peer } from '../helpers/client.ts';
import {
  artifactsIn,
  axeFindings,
  BOARD,
  browserFixture,
  expectNoSideScroll,
  LAPTOP,
  newSession,
  nl,
  PHONE,
  WAIT,
  waitForStatus,
} from './fixture.ts';
import { ENGAGEMENTS, engagementText } from '../helpers/engagements.ts';
import { ok } from '../helpers/rooms.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;
const art = artifactsIn('dotvote-room', { fresh: true, fromTop: true });
const peers: Peer[] = [];
afterAll(() => peers.splice(0).forEach((p) => p.close()));

const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `item${i}`, text: engagementText(i) }));

/** A session with a typed dot vote of `n` items, shown; the console's socket. */
async function typedVote(title: string, n: number, budget: number) {
  const s = await newSession(fx.server.url, title);
  const f = await facilitator(fx.server.url, s);
  peers.push(f);
  const config = {
    prompt: 'Welke engagementen vind jij het belangrijkst?',
    sourceId: null,
    items: itemsOf(n),
    budget,
    stacking: true,
    capPerItem: null,
  };
  await ok(f, 'agenda.add', { activity: { kind: 'dotvote', title: 'Stemmen met bolletjes', config } });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  const state = () => f.view!.agenda.find((a) => a.id === id)!.state as DotvoteState;
  return { s, f, id, state };
}

async function people(s: CreatedSession, n: number) {
  const out: Peer[] = [];
  for (let i = 0; i < n; i++) {
    const p = await participant(fx.server.url, s, { name: `Deelnemer ${i + 1}` });
    peers.push(p);
    out.push(p);
  }
  return out;
}

/** What the revealed board shows: rows, sizes, what sticks out, and the page's size. */
const onBoard = (board: Page) =>
  board.evaluate(() => {
    const box = document.querySelector<HTMLElement>('[data-testid="ranking"]')!;
    const b = box.getBoundingClientRect();
    const within = (r: DOMRect, o: DOMRect) =>
      r.top >= o.top - 0.5 && r.bottom <= o.bottom + 0.5 && r.left >= o.left - 0.5 && r.right <= o.right + 0.5;
    const rows = [...box.querySelectorAll<HTMLElement>('[data-testid="rank-row"]')].map((li) => {
      const text = li.querySelector<HTMLElement>('[data-testid="rank-text"]')!;
      const r = li.getBoundingClientRect();
      const cut: string[] = [];
      if (li.scrollHeight > li.clientHeight + 0.5 || li.scrollWidth > li.clientWidth + 0.5) cut.push('content out of the row');
      if (!within(r, b)) cut.push('row out of the ranking');
      if (r.bottom > window.innerHeight || r.right > window.innerWidth) cut.push('row out of the window');
      for (const line of text.getClientRects()) if (!within(line, r)) cut.push('a line out of the row');
      const votes = li.querySelector<HTMLElement>('[data-testid="rank-votes"]')!;
      return {
        text: li.innerText.replace(/\s+/g, ' '),
        /** "18 stemmen" (a compact row shows the number, its words are for screen readers). */
        votes: (votes.querySelector('.visually-hidden') ?? votes).textContent!.trim(),
        item: text.firstChild?.textContent ?? '',
        size: li.dataset.size,
        font: parseFloat(getComputedStyle(text).fontSize),
        cut,
      };
    });
    const doc = document.documentElement;
    return {
      rows,
      level: box.dataset.level,
      height: doc.scrollHeight,
      width: doc.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
    };
  });

test('R-DOT-BOARD, R-DOT-RANK: a revealed vote of 30 items fits the 1920×1080 board of a full room', { timeout: 240_000 }, async () => {
  const { s, f, id, state } = await typedVote('Lerend netwerk: de zaal stemt', 30, 5);
  const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE', reducedMotion: 'reduce' });
  await board.goto(s.links.board);
  await waitForStatus(board, 'connected');
  const room = await people(s, 40);

  // Before the reveal: the 30 items, no scrolling either.
  await board.getByTestId('board-items').waitFor(WAIT);
  await expect.poll(() => board.locator('[data-testid="board-items"] li').count()).toBe(30);
  const before = await board.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
  expect(before[0], 'before the reveal: document height').toBeLessThanOrEqual(before[1]);

  // 40 people, 5 dots each: 22 items get dots, 8 none; ties for the 2nd, the 9th and lower places.
  const target = [25, 22, 22, 18, 15, 13, 11, 10, 9, 9, 8, 6, 6, 5, 4, 4, 3, 3, 3, 2, 1, 1];
  expect(target.reduce((a, b) => a + b, 0)).toBe(200);
  // Items with dots spread over the list (every item whose index is not in `none`).
  const none = new Set([3, 7, 11, 15, 19, 23, 27, 29]);
  const voted = itemsOf(30).filter((_, i) => !none.has(i));
  const dots = target.flatMap((n, k) => Array<string>(n).fill(voted[k].id));
  await Promise.all(
    room.map(async (p, w) => {
      for (const itemId of dots.slice(w * 5, w * 5 + 5)) await ok(p, 'dotvote.place', { activityId: id, itemId });
    }),
  );
  await f.until(() => state().voters === 40);
  await board.getByText(nl('dotvote.board.voters', { count: 40 })).waitFor(WAIT);
  await art.shot(board, 'board-30-before-reveal');

  await ok(f, 'dotvote.reveal', { activityId: id, revealed: true });
  await board.locator('[data-testid="ranking"][data-fitted="true"]').waitFor(WAIT);
  await art.shot(board, 'board-30-revealed');
  const seen = await onBoard(board);
  // Never a scroll bar.
  expect(seen.height, 'document height').toBeLessThanOrEqual(seen.innerHeight);
  expect(seen.width, 'document width').toBeLessThanOrEqual(seen.innerWidth);
  // Every item with a dot, in ranking order, and no row for the 8 without.
  expect(seen.rows.map((r) => r.item)).toEqual(
    target
      .map((_, k) => k)
      .sort((a, b) => target[b] - target[a] || a - b)
      .map((k) => voted[k].text),
  );
  expect(seen.rows.map((r) => r.votes)).toEqual(target.map((count) => nl('dotvote.votes', { count })));
  expect(await board.getByTestId('rank-more').count(), 'every row with dots is on the board').toBe(0);
  await board
    .getByTestId('no-dots')
    .filter({ hasText: nl('dotvote.noDots', { count: 8 }) })
    .waitFor(WAIT);
  // Ties in words: "2" with "gedeeld" under it, never "=2" or "2=".
  expect(seen.rows[1].text).toContain(nl('dotvote.tied'));
  expect(seen.rows[2].text).toContain(nl('dotvote.tied'));
  expect(seen.rows[0].text).not.toContain(nl('dotvote.tied'));
  expect(seen.rows.filter((r) => /=\s*\d|\d\s*=/.test(r.text)).map((r) => r.text)).toEqual([]);
  expect(seen.rows[1].text).toMatch(new RegExp(`^2 ?${nl('dotvote.tied')}`));
  // The first places large (28 px and more), the rest compact; nothing cut off.
  const top = seen.rows.filter((r) => r.size === 'top');
  expect(top.length, 'rows shown large').toBeGreaterThanOrEqual(3);
  expect(top.filter((r) => r.font < 28).map((r) => `${r.item}: ${r.font}px`)).toEqual([]);
  expect(seen.rows.filter((r) => r.cut.length).map((r) => `${r.item}: ${r.cut.join(', ')}`)).toEqual([]);
  expect(await axeFindings(board)).toEqual([]);

  // A phone sees the result too: only rows with dots, then one line.
  const { page: phone } = await newPage({ ...PHONE });
  await phone.goto(s.links.join);
  await waitForStatus(phone, 'connected');
  await phone.getByTestId('ranking').waitFor(WAIT);
  await phone
    .getByTestId('no-dots')
    .filter({ hasText: nl('dotvote.noDots', { count: 8 }) })
    .waitFor(WAIT);
  expect(await phone.getByTestId('ranking').getByTestId('rank-row').count()).toBe(10);
  await expectNoSideScroll(phone);
  await art.shot(phone, 'phone-30-revealed');
  expect(pageErrors).toEqual([]);
});

test(
  'R-DOT-PHONE: a 320 px phone votes on 120 items: compact rows, search, my dots, the dots left in view',
  { timeout: 180_000 },
  async () => {
    const { s, f, state } = await typedVote('Lerend netwerk: 120 engagementen', 120, 4);
    const { page: phone } = await newPage({ ...PHONE, viewport: { width: 320, height: 640 } });
    await phone.goto(s.links.join);
    await waitForStatus(phone, 'connected');
    const rows = phone.getByTestId('vote-item');
    await expect.poll(() => rows.count()).toBe(120);
    await expectNoSideScroll(phone);

    // Compact: one row per item of at most 56 px, and the page a fraction of 23,600 px.
    const heights = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.max(...heights), 'the tallest row').toBeLessThanOrEqual(56);
    const page = await phone.evaluate(() => document.documentElement.scrollHeight);
    expect(page, 'page height').toBeLessThan(120 * 56 + 1200);
    console.log(`R-DOT-PHONE: 120 items on 320 px: ${Math.round(page)} px page, rows ${Math.min(...heights)}–${Math.max(...heights)} px`);
    await art.shot(phone, 'phone-120-top');

    // The dots left stay in view while scrolling, at the bottom of the list too.
    await phone.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const bar = await phone.getByTestId('dots-bar').evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, scrolled: window.scrollY };
    });
    expect(bar.scrolled).toBeGreaterThan(2000);
    expect(bar.top).toBeGreaterThanOrEqual(0);
    expect(bar.bottom).toBeLessThan(200);
    await phone.screenshot({ path: path.join(art.dir, 'phone-120-scrolled-sticky.png'), animations: 'disabled' });

    // The search narrows the list (accents and case do not matter).
    const search = phone.getByLabel(nl('dotvote.phone.search'), { exact: true });
    await search.fill('FIËTSENSTALLINGEN');
    const matching = itemsOf(120).filter((i) => i.text.toLowerCase().includes('fietsenstallingen'));
    expect(matching.length).toBe(10);
    await expect.poll(() => rows.count()).toBe(10);
    await phone
      .getByTestId('vote-found')
      .filter({ hasText: nl('dotvote.phone.found', { count: 10, total: 120 }) })
      .waitFor(WAIT);
    expect(await rows.allInnerTexts()).toEqual(matching.map((i) => expect.stringContaining(i.text)));
    await search.fill('zzz geen');
    await phone
      .getByTestId('vote-found')
      .filter({ hasText: nl('dotvote.phone.nothingFound', { query: 'zzz geen' }) })
      .waitFor(WAIT);
    await search.fill('fietsenstallingen (25');
    await expect.poll(() => rows.count()).toBe(1);

    // A dot placed from the filtered list reaches the server.
    const target = matching.find((i) => i.text.endsWith('(25)'))!;
    await search.fill('fietsenstallingen');
    const row = rows.filter({ hasText: target.text });
    await row.getByRole('button', { name: nl('dotvote.phone.plusAria', { text: target.text }) }).click();
    await row.locator('[data-testid="my-dots"][data-count="1"]').waitFor(WAIT);
    await row.getByRole('button', { name: nl('dotvote.phone.plusAria', { text: target.text }) }).click();
    await row.locator('[data-testid="my-dots"][data-count="2"]').waitFor(WAIT);
    await phone
      .getByTestId('dots-left')
      .filter({ hasText: nl('dotvote.phone.left', { count: 2 }) })
      .waitFor(WAIT);
    await f.until(() => Object.values(state().dots).some((d) => d[target.id] === 2));
    await art.shot(phone, 'phone-120-search');

    // One more elsewhere, then "my dots": only where mine are.
    await search.fill('');
    await expect.poll(() => rows.count()).toBe(120);
    const other = itemsOf(120)[77];
    await rows
      .filter({ hasText: other.text })
      .getByRole('button', { name: nl('dotvote.phone.plusAria', { text: other.text }) })
      .click();
    await phone
      .getByTestId('dots-left')
      .filter({ hasText: nl('dotvote.phone.left', { count: 1 }) })
      .waitFor(WAIT);
    const mineButton = phone.getByRole('button', { name: nl('dotvote.phone.mine'), exact: true });
    await mineButton.click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(target.text), expect.stringContaining(other.text)]);
    expect(await mineButton.getAttribute('aria-pressed')).toBe('true');
    await art.shot(phone, 'phone-120-my-dots');
    await mineButton.click();
    await expect.poll(() => rows.count()).toBe(120);

    // A long text is cut to two lines in its row; a tap shows all of it.
    const long = itemsOf(120)[6];
    const longRow = rows.filter({ hasText: long.text });
    const line = longRow.getByRole('button', { name: long.text, exact: true });
    const closedHeight = await longRow.evaluate((e) => e.getBoundingClientRect().height);
    await line.click();
    expect(await line.getAttribute('aria-expanded')).toBe('true');
    const openHeight = await longRow.evaluate((e) => e.getBoundingClientRect().height);
    expect(openHeight).toBeGreaterThan(closedHeight + 40);
    const clipped = await longRow.locator('.text').evaluate((e) => e.scrollHeight > e.clientHeight + 1);
    expect(clipped, 'open: the whole text').toBe(false);
    await longRow.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(art.dir, 'phone-120-long-open.png'), animations: 'disabled' });
    expect(await axeFindings(phone)).toEqual([]);
    await expectNoSideScroll(phone);
    expect(pageErrors).toEqual([]);
  },
);

test(
  'R-DOT-UNIT: the facilitator chooses the clusters in the builder; a phone votes on clusters and opens one',
  { timeout: 180_000 },
  async () => {
    const s = await newSession(fx.server.url, 'Lerend netwerk: clusters');
    const f = await facilitator(fx.server.url, s);
    peers.push(f);
    const wall = {
      prompt: 'Waar engageer jij je voor?',
      columns: [],
      maxPerPerson: 10,
      maxLength: 280,
      allowNames: false,
      privateUntilReveal: false,
    };
    await ok(f, 'agenda.add', { activity: { kind: 'brainstorm', title: 'Engagementen', config: wall } });
    const brain = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: brain });
    const writers = await people(s, 3);
    const texts = ENGAGEMENTS.slice(0, 9);
    for (const [i, text] of texts.entries())
      await ok(writers[i % 3], 'brainstorm.add', { activityId: brain, text, column: null, showName: false });
    const bs = () => f.view!.agenda.find((a) => a.id === brain)!.state as BrainstormState;
    await f.until(() => bs().items.length === 9);
    const clusters = [
      ['Mobiliteit en veiligheid', [0, 5]],
      ['Samen in de buurt', [1, 7, 8]],
      ['Diversiteit in ons werk', [2, 3, 4, 6]],
    ] as const;
    for (const [title] of clusters) await ok(f, 'brainstorm.clusterAdd', { activityId: brain, title });
    await f.until(() => bs().clusters.length === 3);
    for (const [k, [, members]] of clusters.entries())
      for (const m of members) {
        const itemId = bs().items.find((i) => i.text === texts[m])!.id;
        await ok(f, 'brainstorm.cluster', { activityId: brain, itemId, clusterId: bs().clusters[k].id });
      }

    // The console's builder: a dot vote on the brainstorm, on its clusters.
    const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-BE' });
    await consolePage.goto(s.links.facilitator);
    await waitForStatus(consolePage, 'connected');
    const title = 'Stemmen op de clusters';
    await consolePage.getByText(nl('console.add.heading')).click();
    await consolePage.getByLabel(nl('builder.kind'), { exact: true }).selectOption('dotvote');
    await consolePage.getByLabel(nl('console.add.title'), { exact: true }).fill(title);
    await expect.poll(() => consolePage.getByLabel(nl('builder.dotvote.source'), { exact: true }).inputValue()).toBe(brain);
    const onClusters = consolePage.getByRole('radio', { name: nl('dotvote.builder.unitClusters') });
    await expect.poll(() => consolePage.getByRole('radio', { name: nl('dotvote.builder.unitItems') }).isChecked()).toBe(true);
    await consolePage.getByText(nl('dotvote.builder.unitNow', { count: 3 })).waitFor(WAIT);
    await onClusters.check();
    await onClusters.scrollIntoViewIfNeeded();
    await consolePage.screenshot({ path: path.join(art.dir, 'console-builder-clusters.png') });
    expect(await axeFindings(consolePage)).toEqual([]);
    await consolePage.getByRole('button', { name: nl('console.add.submit') }).click();
    await f.until((v) => v.agenda.some((a) => a.title === title));
    const voteActivity = f.view!.agenda.find((a) => a.title === title)!;
    expect(voteActivity.config).toMatchObject({ sourceId: brain, unit: 'clusters' });
    await ok(f, 'agenda.goto', { activityId: voteActivity.id });
    const vs = () => f.view!.agenda.find((a) => a.id === voteActivity.id)!.state as DotvoteState;
    await f.until(() => vs().items.length === 3);

    // The phone: three clusters to vote on, each with what is in it on demand.
    const { page: phone } = await newPage({ ...PHONE });
    await phone.goto(s.links.join);
    await waitForStatus(phone, 'connected');
    const rows = phone.getByTestId('vote-item');
    await expect.poll(() => rows.allInnerTexts()).toEqual(clusters.map(([t]) => expect.stringContaining(t)));
    const diversity = rows.filter({ hasText: clusters[2][0] });
    const members = diversity.getByText(nl('dotvote.phone.members', { count: 4 }));
    await members.click();
    for (const m of clusters[2][1]) await diversity.getByRole('listitem').filter({ hasText: texts[m] }).waitFor(WAIT);
    await diversity.getByRole('button', { name: nl('dotvote.phone.plusAria', { text: clusters[2][0] }) }).click();
    await diversity.locator('[data-testid="my-dots"][data-count="1"]').waitFor(WAIT);
    await f.until(() => Object.values(vs().dots).some((d) => d[bs().clusters[2].id] === 1));
    await expectNoSideScroll(phone);
    expect(await axeFindings(phone)).toEqual([]);
    await art.shot(phone, 'phone-clusters-open');

    // The console says what the vote is on; the board shows the clusters with their size.
    await consolePage.getByTestId('dv-on-clusters').waitFor(WAIT);
    const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE' });
    await board.goto(s.links.board);
    await waitForStatus(board, 'connected');
    await board.getByTestId('board-items').getByText(clusters[2][0]).waitFor(WAIT);
    await ok(f, 'dotvote.reveal', { activityId: voteActivity.id, revealed: true });
    await board.locator('[data-testid="ranking"][data-fitted="true"]').waitFor(WAIT);
    await board
      .getByTestId('rank-row')
      .filter({ hasText: clusters[2][0] })
      .filter({ hasText: nl('dotvote.clusterSize', { count: 4 }) })
      .waitFor(WAIT);
    await board
      .getByTestId('no-dots')
      .filter({ hasText: nl('dotvote.noDots', { count: 2 }) })
      .waitFor(WAIT);
    await art.shot(board, 'board-clusters-revealed');
    await art.shot(consolePage, 'console-clusters-revealed');
    expect(pageErrors).toEqual([]);
  },
);
