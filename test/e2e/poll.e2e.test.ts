/**
 * Browser acceptance test of the quick poll: one facilitator, one board, three phones, in
 * real Chromium against the real server (serving the built client from dist/).
 *
 * SPEC: E2E-POLL — the facilitator adds a poll in the console's builder and shows it;
 * three phones answer (one changes its answer, one phone is in English); the board and
 * the phones see no result before the reveal; the facilitator closes input and reveals;
 * the board shows bars with counts and percentages; the markdown report holds the poll.
 *
 * Every text the test looks for comes from the catalogues, so rewording the UI does not
 * break it. Screenshots of each view at each step go to test-artifacts/e2e/.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { BOARD, browserFixture, en, expectNoSideScroll, LAPTOP, newSession, nl, PHONE, shot, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;

/** The counts the results show, row by row (data-count of each row). */
const counts = (page: Page) => page.getByTestId('poll-count').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));

test(
  'E2E-POLL: a poll added in the console, answered on three phones, revealed on the board and in the report',
  { timeout: 180_000 },
  async () => {
    const title = 'Vergaderdag';
    const question = 'Welke dag past het best?';
    const s = await newSession(fx.server.url, 'Teamoverleg');

    // ---- 1. Console, board and three phones (C speaks English).
    const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-NL' });
    await consolePage.goto(s.links.facilitator);
    await waitForStatus(consolePage, 'connected');
    const { page: board } = await newPage({ ...BOARD, locale: 'nl-NL' });
    await board.goto(s.links.board);
    await waitForStatus(board, 'connected');
    const phones: Page[] = [];
    for (const locale of ['nl-NL', 'nl-NL', 'en-GB']) {
      const { page } = await newPage({ ...PHONE, locale });
      await page.goto(s.links.join);
      await waitForStatus(page, 'connected');
      phones.push(page);
    }
    const [phoneA, phoneB, phoneC] = phones;
    await consolePage.getByText(nl('console.here', { count: 3 })).waitFor(WAIT);

    // ---- 2. The facilitator adds a single-choice poll with the builder.
    await consolePage.getByText(nl('console.add.heading')).click();
    await consolePage.getByLabel(nl('builder.kind'), { exact: true }).selectOption('poll');
    await consolePage.getByLabel(nl('console.add.title'), { exact: true }).fill(title);
    await consolePage.getByLabel(nl('poll.builder.question'), { exact: true }).fill(question);
    await expect.poll(() => consolePage.getByRole('radio', { name: nl('poll.builder.modeSingle') }).isChecked()).toBe(true);
    await consolePage.getByLabel(nl('poll.builder.options'), { exact: true }).fill('Maandag\nDinsdag\nWoensdag\n');
    await shot(consolePage, 'poll-01-console-builder');
    await consolePage.getByRole('button', { name: nl('console.add.submit') }).click();
    const item = consolePage.getByRole('listitem').filter({ hasText: title });
    await item.getByTestId('agenda-summary').filter({ hasText: 'Maandag · Dinsdag · Woensdag' }).waitFor(WAIT);
    // The builder starts afresh for the next activity, options included.
    await expect.poll(() => consolePage.getByLabel(nl('poll.builder.options'), { exact: true }).inputValue()).toBe('');
    await item.getByRole('button', { name: nl('console.agenda.showAria', { title }) }).click();

    // ---- 3. Phones see the question; the board counts answers but shows no result.
    for (const p of phones) await p.getByRole('heading', { name: title }).waitFor(WAIT);
    await board.getByText(question).waitFor(WAIT);
    await board.getByText(nl('poll.board.hiddenUntilReveal')).waitFor(WAIT);
    await phoneA.getByText(nl('poll.phone.single')).waitFor(WAIT);
    await phoneC.getByText(en('poll.phone.single')).waitFor(WAIT);
    await expectNoSideScroll(phoneA);
    await shot(phoneA, 'poll-02-phone-question');

    await phoneA.getByRole('radio', { name: 'Maandag' }).check();
    await phoneB.getByRole('radio', { name: 'Dinsdag' }).check();
    await phoneC.getByRole('radio', { name: 'Woensdag' }).check();
    for (const [p, t] of [
      [phoneA, nl],
      [phoneB, nl],
      [phoneC, en],
    ] as const) {
      await p.getByText(t('poll.phone.saved')).waitFor(WAIT);
      await p.getByText(t('saved.done')).first().waitFor(WAIT);
    }
    // Phone A changes its mind: still one answer.
    await phoneA.getByRole('radio', { name: 'Dinsdag' }).check();
    await expect.poll(() => phoneA.getByRole('radio', { name: 'Maandag' }).isChecked()).toBe(false);
    await consolePage
      .getByTestId('poll-progress')
      .filter({ hasText: nl('poll.console.progress', { count: 3, total: 3 }) })
      .waitFor(WAIT);
    await expect.poll(() => counts(consolePage)).toEqual([0, 2, 1]); // live, for the facilitator only
    await board.getByText(nl('poll.respondents', { count: 3 })).waitFor(WAIT);
    // R-POLL-HIDDEN: no result anywhere but the console before the reveal.
    for (const p of [board, ...phones]) expect(await p.getByTestId('poll-results').count()).toBe(0);
    await shot(phoneA, 'poll-03-phone-changed');
    await shot(board, 'poll-04-board-hidden');
    await shot(consolePage, 'poll-05-console-live');

    // ---- 4. The facilitator closes input and reveals.
    await consolePage.getByRole('button', { name: nl('poll.console.close') }).click();
    await phoneB.getByText(nl('poll.phone.closed')).waitFor(WAIT);
    expect(await phoneB.getByRole('radio', { name: 'Maandag' }).isDisabled()).toBe(true);
    await consolePage.getByRole('button', { name: nl('poll.console.reveal') }).click();

    // The board: bars with counts and percentages.
    await board.getByTestId('poll-results').waitFor(WAIT);
    await expect.poll(() => counts(board)).toEqual([0, 2, 1]);
    const rows = board.getByTestId('poll-row');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([
        expect.stringMatching(/Maandag[\s\S]*0[\s\S]*0%/),
        expect.stringMatching(/Dinsdag[\s\S]*2[\s\S]*67%/),
        expect.stringMatching(/Woensdag[\s\S]*1[\s\S]*33%/),
      ]);
    await board
      .getByTestId('poll-respondents')
      .filter({ hasText: nl('poll.respondents', { count: 3 }) })
      .waitFor(WAIT);
    await shot(board, 'poll-06-board-revealed');

    // The phones: the results, with their own answer marked.
    await phoneA.getByTestId('poll-results').waitFor(WAIT);
    await expect.poll(() => counts(phoneA)).toEqual([0, 2, 1]);
    await phoneA.getByTestId('poll-row').filter({ hasText: 'Dinsdag' }).getByText(nl('poll.yours')).waitFor(WAIT);
    await phoneC.getByTestId('poll-row').filter({ hasText: 'Woensdag' }).getByText(en('poll.yours')).waitFor(WAIT);
    expect(await phoneA.getByText(nl('poll.yours')).count()).toBe(1);
    await expectNoSideScroll(phoneA);
    await shot(phoneA, 'poll-07-phone-revealed');
    await shot(phoneC, 'poll-08-phone-en-revealed');

    // ---- 5. The report (markdown through the API) holds the poll's part.
    const res = await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    expect(res.status).toBe(200);
    const md = await res.text();
    expect(md).toContain(`## ${title}`);
    expect(md).toContain(`**${question}**`);
    expect(md).toContain(nl('poll.report.respondents', { count: 3 }));
    expect(md).toContain('| Maandag | 0 | 0% |');
    expect(md).toContain('| Dinsdag | 2 | 67% |');
    expect(md).toContain('| Woensdag | 1 | 33% |');

    expect(pageErrors).toEqual([]);
  },
);
