/**
 * SPEC: R-CONSOLE-STEPPER, R-AGENDA-NOTE — the console in a real room: with 120 post-its
 * to moderate, previous / next and the timer stay on screen wherever the page is
 * scrolled, on a laptop and on a phone held as a remote; presenter-clicker keys step the
 * agenda; the facilitator's note is saved and stays on the console.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { board, createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { brainstormDraft } from '../helpers/drafts.ts';
import { browserFixture, LAPTOP, nl, shot, WAIT } from './fixture.ts';

const fx = browserFixture();

/** The element's box lies inside the viewport. */
async function inView(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0;
    });
}

test('R-CONSOLE-STEPPER, R-AGENDA-NOTE: next, previous and the timer stay in reach beside 120 post-its; keys step; a note stays on the console', async () => {
  const s = await createSession(fx.server.url, 'Lerend netwerk, grote zaal');
  const f = await facilitator(fx.server.url, s);
  const b = await board(fx.server.url, s);
  expect(await f.cmd('agenda.add', { activity: brainstormDraft({ maxPerPerson: 10 }) })).toMatchObject({ ok: true });
  expect(
    await f.cmd('agenda.add', { activity: { kind: 'info', title: 'Pauze', config: { body: 'Koffie', agreeable: false } } }),
  ).toMatchObject({
    ok: true,
  });
  const [, wall, pause] = f.view!.agenda.map((a) => a.id);
  await f.cmd('agenda.goto', { activityId: wall });
  const phones: Peer[] = [];
  for (let i = 0; i < 12; i++) phones.push(await participant(fx.server.url, s));
  for (let n = 0; n < 120; n++) {
    const ack = await phones[n % 12].cmd('brainstorm.add', {
      activityId: wall,
      text: `Engagement nummer ${n + 1}`,
      column: null,
      showName: false,
    });
    expect(ack.ok).toBe(true);
  }
  await f.cmd('timer.start', { seconds: 600, activityId: null, lockAtZero: false });

  for (const [name, viewport] of [
    ['laptop', LAPTOP.viewport],
    ['remote', { width: 390, height: 844 }],
  ] as const) {
    const { page } = await fx.newPage({ viewport });
    await page.goto(`${fx.server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
    await page.getByTestId('console-stepper').getByText('Engagementen').waitFor(WAIT);
    await page.getByText('Engagement nummer 120').first().waitFor(WAIT);
    // The page is long; at its end, the stepper and its timer are still on screen.
    expect(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight * 2)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(200);
    const next = page.getByTestId('console-stepper').getByRole('button', { name: nl('console.agenda.next'), exact: true });
    expect(await next.evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight && el.getBoundingClientRect().top >= 0)).toBe(true);
    expect(await inView(page, '[data-testid=console-stepper] [data-testid=timer]')).toBe(true);
    await shot(page, `console-${name}-scrolled`);
    if (name === 'laptop') {
      // A presenter clicker sends PageDown / PageUp; T pauses the timer.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('PageDown');
      await f.until((v) => v.currentId === pause);
      await page.keyboard.press('PageUp');
      await f.until((v) => v.currentId === wall);
      await page.keyboard.press('t');
      await f.until((v) => v.timer?.endsAt === null);
      // Typing in a field never steps the agenda.
      await page.getByText(nl('console.note.heading'), { exact: true }).first().click();
      const note = page.getByRole('textbox', { name: nl('console.note.heading') });
      await note.fill('Vraag eerst Noor; zij kent het dossier');
      await note.press('n');
      await note.press('PageDown');
      await page.getByRole('button', { name: nl('console.note.save') }).click();
      await f.until((v) => v.agenda.find((a) => a.id === wall)?.note?.startsWith('Vraag eerst Noor') === true);
      expect(f.view!.currentId).toBe(wall);
      expect(JSON.stringify(b.wire)).not.toContain('Vraag eerst Noor');
    }
    await next.click();
    await f.until((v) => v.currentId === pause);
    await f.cmd('agenda.goto', { activityId: wall });
  }
  expect(fx.pageErrors).toEqual([]);
  for (const p of [f, b, ...phones]) p.close();
});
