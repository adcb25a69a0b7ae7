/**
 * Grouping post-its by drag and drop on the facilitator's console, in real Chromium against
 * the real server; the post-its come in through the real socket protocol.
 *
 * SPEC: R-BRAIN-DRAG — on a laptop (pointer: fine) a post-it in the moderation list dragged
 * onto a group's heading joins that group, onto a post-it in no group makes a new group of
 * the two (one command), onto "No group" leaves its group; the result is said in the list's
 * live region, and the server (a facilitator's view) holds it. On touch (pointer: coarse)
 * nothing is draggable (the list scrolls) and select-and-assign stays.
 *
 * Screenshots in test-artifacts/e2e/brainstorm-drag/.
 */
import { afterAll, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import { facilitator, participant, type Peer } from '../helpers/client.ts';
import { artifactsIn, axeFindings, browserFixture, LAPTOP, newSession, nl, WAIT, waitForStatus } from './fixture.ts';
import { ok } from '../helpers/rooms.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;
const art = artifactsIn('brainstorm-drag', { fresh: true });
const peers: Peer[] = [];
afterAll(() => peers.splice(0).forEach((p) => p.close()));

const TEXTS = [
  'Meer fietsenstallingen aan het station',
  'Een buurtfeest in de zomer',
  'Veilige oversteekplaatsen aan de school',
  'Minder papier',
  'Bankjes in het park',
  'Een vast aanspreekpunt voor nieuwkomers bij de stad',
  'Deelfietsen in elke wijk',
  'Een moestuin op het pleintje',
  'Vormingen over racisme voor het hele team',
  'Ervaringsdeskundigen in ons team',
  'Een dialoog met de politie over polarisatie',
  'Toegankelijkheidsverantwoordelijke aanstellen',
];

/** A brainstorm of twelve post-its from three participants, two groups (two post-its in "Mobiliteit"). */
async function wall() {
  const s = await newSession(fx.server.url, 'Slepen');
  const f = await facilitator(fx.server.url, s);
  peers.push(f);
  const config = {
    prompt: 'Waar engageer jij je voor?',
    columns: [],
    maxPerPerson: 10,
    maxLength: 280,
    allowNames: false,
    privateUntilReveal: false,
  };
  await ok(f, 'agenda.add', { activity: { kind: 'brainstorm', title: 'Engagementen', config } });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  const writers = await Promise.all([1, 2, 3].map((n) => participant(fx.server.url, s, { name: `Deelnemer ${n}` })));
  peers.push(...writers);
  for (const [n, text] of TEXTS.entries())
    await ok(writers[n % 3], 'brainstorm.add', { activityId: id, text, column: null, showName: false });
  const state = () => f.view!.agenda.find((a) => a.id === id)!.state as BrainstormState;
  await ok(f, 'brainstorm.clusterAdd', { activityId: id, title: 'Mobiliteit' });
  await ok(f, 'brainstorm.clusterAdd', { activityId: id, title: 'Buurt' });
  const [mobility, buurt] = state().clusters;
  const item = (text: string) => state().items.find((i) => i.text === text)!;
  for (const t of [TEXTS[0], TEXTS[6]]) await ok(f, 'brainstorm.cluster', { activityId: id, itemId: item(t).id, clusterId: mobility.id });
  return { s, f, id, state, item, mobility, buurt };
}

/** The selection's line (the live region), the groups' headings and the list in the window, below the console's sticky bar. */
const inView = (page: Page) =>
  page.getByTestId('bulk').evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -110);
  });
/** The console's window (1280×800) as the facilitator sees it (not scrolled: a drag may be under way). */
const viewShot = (page: Page, name: string) => page.screenshot({ path: `${art.dir}/${name}.png`, animations: 'disabled' });
/** Hold the dragged post-it over `target`, moving a little as a hand does (the browser fires dragover on moves). */
async function holdOver(page: Page, target: Locator) {
  await target.hover();
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + 24, box.y + 16, { steps: 4 });
}

test('R-BRAIN-DRAG: on a laptop, post-its go into a group, into a new group of two and out of a group by drag and drop', async () => {
  const { s, f, state, item, mobility, buurt } = await wall();
  const { page } = await newPage({ ...LAPTOP, locale: 'nl-BE' });
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (e) => sent.push(String(e.payload))));
  await page.goto(s.links.facilitator);
  await waitForStatus(page, 'connected');
  const current = page.getByTestId('console-current');
  const rows = current.getByTestId('console-postit');
  await expect.poll(() => rows.count(), WAIT).toBe(12);
  const row = (text: string) => rows.filter({ hasText: text });
  const handle = (text: string) => row(text).getByTestId('drag-handle');
  const heading = (title: string) => current.getByTestId('drag-cluster').filter({ hasText: title });
  const said = current.getByTestId('drag-said');
  // Only the post-it's text is the handle: a mouse-only extra, so it is not a control.
  expect(await handle(TEXTS[1]).getAttribute('draggable')).toBe('true');
  expect(await row(TEXTS[1]).getByRole('checkbox').getAttribute('draggable')).toBeNull();

  // 1. Onto a group's heading: it joins the group. Held over the heading first (a shot).
  await inView(page);
  await handle(TEXTS[1]).hover();
  await page.mouse.down();
  await holdOver(page, heading('Buurt'));
  await current
    .getByTestId('drag-hint')
    .filter({ hasText: nl('brainstorm.console.dragToCluster', { title: 'Buurt' }) })
    .waitFor(WAIT);
  await expect.poll(() => heading('Buurt').evaluate((el) => el.classList.contains('over'))).toBe(true);
  // Where it may go is marked: the other group, "No group" not (it is in none), and the other post-its.
  expect(await heading('Mobiliteit').evaluate((el) => el.classList.contains('can'))).toBe(true);
  expect(await current.getByTestId('drag-out').evaluate((el) => el.classList.contains('can'))).toBe(false);
  await viewShot(page, '1-over-heading');
  await page.mouse.up();
  await f.until(() => item(TEXTS[1]).clusterId === buurt.id);
  await said.filter({ hasText: nl('brainstorm.console.dragSaidCluster', { text: TEXTS[1], title: 'Buurt' }) }).waitFor(WAIT);
  await heading('Buurt')
    .filter({ hasText: nl('brainstorm.board.count', { count: 1 }) })
    .waitFor(WAIT);

  // 2. One post-it in no group onto another: a new group of the two, with one command.
  const before = sent.length;
  const seqBefore = f.view!.seq;
  await inView(page);
  await handle(TEXTS[3]).hover();
  await page.mouse.down();
  await holdOver(page, row(TEXTS[4]));
  await row(TEXTS[4])
    .getByTestId('drop-say')
    .filter({ hasText: nl('brainstorm.console.dragToNew') })
    .waitFor(WAIT);
  await viewShot(page, '2-over-postit');
  expect(await axeFindings(page), 'while dragging: the marks and words on the targets').toEqual([]);
  await page.mouse.up();
  await f.until(() => state().clusters.length === 3 && item(TEXTS[4]).clusterId === state().clusters[2].id);
  const made = state().clusters[2];
  expect(made.title).toBe(nl('brainstorm.console.dragNewTitle', { n: 3 }));
  expect(
    state()
      .items.filter((i) => i.clusterId === made.id)
      .map((i) => i.text)
      .sort(),
  ).toEqual([TEXTS[3], TEXTS[4]].sort());
  expect(f.view!.seq - seqBefore, 'a group and two post-its in it').toBe(3);
  const cmds = sent.slice(before).filter((m) => m.includes('"cmd"'));
  expect(cmds.filter((m) => m.includes('"brainstorm.bulk"'))).toHaveLength(1);
  expect(cmds.filter((m) => /"brainstorm\.(cluster|clusterAdd)"/.test(m))).toEqual([]);
  await said
    .filter({ hasText: nl('brainstorm.console.dragSaidNew', { title: made.title, text: TEXTS[3], other: TEXTS[4] }) })
    .waitFor(WAIT);

  // 3. Out of its group, with Playwright's own drag: onto "No group".
  await handle(TEXTS[0]).dragTo(current.getByTestId('drag-out'));
  await f.until(() => item(TEXTS[0]).clusterId === null);
  await said.filter({ hasText: nl('brainstorm.console.dragSaidOut', { text: TEXTS[0] }) }).waitFor(WAIT);
  expect(item(TEXTS[6]).clusterId, 'the other post-it stays in Mobiliteit').toBe(mobility.id);

  // 4. Onto a post-it that is in a group: it joins that group.
  await handle(TEXTS[5]).dragTo(row(TEXTS[6]));
  await f.until(() => item(TEXTS[5]).clusterId === mobility.id);

  // Nothing else moved; the page after the drags.
  const groups = Object.fromEntries(state().items.map((i) => [i.text, i.clusterId]));
  expect(groups).toEqual({
    ...Object.fromEntries(TEXTS.map((t) => [t, null])),
    [TEXTS[1]]: buurt.id,
    [TEXTS[3]]: made.id,
    [TEXTS[4]]: made.id,
    [TEXTS[5]]: mobility.id,
    [TEXTS[6]]: mobility.id,
  });
  await inView(page);
  await viewShot(page, '3-after');
  expect(await axeFindings(page)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('R-BRAIN-DRAG: on touch nothing is draggable (the list scrolls) and select-and-assign still groups', async () => {
  const { s, f, item, buurt } = await wall();
  const { page } = await newPage({ ...LAPTOP, hasTouch: true, isMobile: true, locale: 'nl-BE' });
  await page.goto(s.links.facilitator);
  await waitForStatus(page, 'connected');
  const current = page.getByTestId('console-current');
  const rows = current.getByTestId('console-postit');
  await expect.poll(() => rows.count(), WAIT).toBe(12);
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
  expect(await current.locator('[draggable="true"]').count()).toBe(0);
  expect(await current.getByTestId('drag-drops').count()).toBe(0);
  const row = rows.filter({ hasText: TEXTS[2] });
  await row.getByRole('checkbox').check();
  await current.getByLabel(nl('brainstorm.console.bulkCluster'), { exact: true }).selectOption({ label: 'Buurt' });
  await current.getByRole('button', { name: nl('brainstorm.console.bulkClusterDo'), exact: true }).click();
  await f.until(() => item(TEXTS[2]).clusterId === buurt.id);
  expect(pageErrors).toEqual([]);
});
