/**
 * The console's main flow with the keyboard only, in real Chromium: no mouse, no `.click()`,
 * no `focus()`; only Tab, Shift+Tab, Enter, Space, arrow keys and typing. The facilitator
 * adds a brainstorm with a prompt and an info card through the add form, shows the
 * brainstorm, closes its input and moves on to the next activity. Every effect is checked
 * in the server's state (a facilitator socket), and after every key the focused element
 * shows it: it matches `:focus-visible`, has a focus ring (not faded) and is on the screen.
 *
 * SPEC: R-KEYBOARD-CONSOLE.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, type Peer } from '../helpers/client.ts';
import { artifactsIn, browserFixture, LAPTOP, newSession, nl, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { shot } = artifactsIn('keyboard', { fresh: true });
let s: CreatedSession;
let f: Peer;

beforeAll(async () => {
  s = await newSession(fx.server.url, 'Toetsenbord');
  f = await facilitator(fx.server.url, s);
});
afterAll(() => {
  f?.close();
});

/** What has the focus, in a few words (for messages). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing';
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`;
  });

/** Why the focus cannot be seen now, or null when it can. */
const focusProblem = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'the focus is lost (on the body)';
    if (!el.matches(':focus-visible')) return 'the focused element does not match :focus-visible';
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    if (!ring) return 'the focused element has no focus ring';
    for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return 'the focus ring is faded';
    const r = el.getBoundingClientRect();
    const onScreen = r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
    return onScreen ? null : 'the focused element is not on the screen';
  });

test('R-KEYBOARD-CONSOLE: add, show, close input and move on with the keyboard only', { timeout: 90_000 }, async () => {
  const { page } = await fx.newPage({ ...LAPTOP, locale: 'nl-BE' });
  await page.goto(`${fx.server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
  await waitForStatus(page, 'connected');
  await page.locator('details.add summary').waitFor(WAIT);

  const problems: string[] = [];
  /** Press a key; afterwards the focus must be visible. */
  async function press(key: string) {
    const on = await focused(page);
    await page.keyboard.press(key);
    // An action may re-render before it places the focus: let two frames pass.
    if (!key.endsWith('Tab')) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const problem = await focusProblem(page);
    if (problem) problems.push(`${key} on ${on}: ${problem}`);
  }
  /** Tab (or Shift+Tab) until `want` holds for the focused element; at most 80 stops. */
  async function tabTo(what: string, want: (el: { tag: string; id: string; text: string; label: string }) => boolean, back = false) {
    for (let i = 0; i < 80; i++) {
      await press(back ? 'Shift+Tab' : 'Tab');
      const el = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return {
          tag: a?.tagName.toLowerCase() ?? '',
          id: a?.id ?? '',
          text: (a?.textContent ?? '').trim().replace(/\s+/g, ' '),
          label: a?.getAttribute('aria-label') ?? '',
        };
      });
      if (want(el)) return;
    }
    throw new Error(`${what}: not reached with ${back ? 'Shift+Tab' : 'Tab'} (focus on ${await focused(page)})`);
  }
  /** Arrow through a focused <select> until it shows `value`. */
  async function choose(value: string, key: 'ArrowDown' | 'ArrowUp') {
    for (let i = 0; i < 10 && (await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)) !== value; i++)
      await press(key);
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).toBe(value);
  }
  const agenda = () => f.view!.agenda;
  const before = agenda().length; // a new session starts with the house rules

  // The add form: open it (a <summary>), pick the brainstorm, give it a title and a prompt.
  await tabTo('the add form', (el) => el.tag === 'summary' && el.text === nl('console.add.heading'));
  await press('Enter');
  expect(await page.locator('details.add').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  await tabTo('the kind', (el) => el.id === 'add-kind');
  await choose('brainstorm', 'ArrowDown');
  await tabTo('the title', (el) => el.id === 'add-title');
  await page.keyboard.type('Ideeën voor de buurt');
  await tabTo('the prompt', (el) => el.id === 'add-prompt');
  await page.keyboard.type('Wat maakt onze buurt beter?');
  await shot(page, '01-add-brainstorm');
  await tabTo('the add button', (el) => el.tag === 'button' && el.text === nl('console.add.submit'));
  await press('Enter');
  await f.until(() => agenda().length === before + 1);
  expect(agenda()[before]).toMatchObject({
    kind: 'brainstorm',
    title: 'Ideeën voor de buurt',
    config: { prompt: 'Wat maakt onze buurt beter?' },
  });

  // A second activity, an info card: the focus is back at the title; the kind is just before it.
  expect(await focused(page)).toMatch(/^input#add-title/);
  await tabTo('the kind', (el) => el.id === 'add-kind', true);
  await choose('info', 'ArrowUp');
  await tabTo('the title', (el) => el.id === 'add-title');
  await page.keyboard.type('Pauze');
  await tabTo('the text', (el) => el.id === 'add-body');
  await page.keyboard.type('Koffie in de gang.');
  await tabTo('the add button', (el) => el.tag === 'button' && el.text === nl('console.add.submit'));
  await press('Space');
  await f.until(() => agenda().length === before + 2);
  expect(agenda()[before + 1]).toMatchObject({ kind: 'info', title: 'Pauze', config: { body: 'Koffie in de gang.' } });
  const [brainstorm, pause] = agenda()
    .slice(before)
    .map((a) => a.id);

  // Show the brainstorm: its "Toon" button in the agenda, above the add form.
  const showName = nl('console.agenda.showAria', { title: 'Ideeën voor de buurt' });
  await tabTo('Toon', (el) => el.label === showName, true);
  await press('Enter');
  await f.until((v) => v.currentId === brainstorm);
  await shot(page, '02-shown');

  // Close its input: "Invoer sluiten", a few stops further along the same line.
  const lockName = nl('builder.lockAria', { title: 'Ideeën voor de buurt' });
  await tabTo('Invoer sluiten', (el) => el.label === lockName);
  await press('Space');
  await f.until((v) => v.agenda.find((a) => a.id === brainstorm)!.locked);

  // Move on: "Volgende →" in the stepper at the top (not the board's "Volgende pagina").
  await tabTo('Volgende', (el) => el.tag === 'button' && el.text === `${nl('console.agenda.next')} →`, true);
  await press('Enter');
  await f.until((v) => v.currentId === pause);
  await shot(page, '03-next');

  expect(problems).toEqual([]);
  expect(fx.pageErrors).toEqual([]);
});
