/**
 * SPEC: R-SIZE-PHONE, R-SIZE-ROLES — what each role downloads, measured in real Chromium.
 *
 * Every JavaScript file the page fetches, and every catalogue (the words, fetched as JSON
 * from /i18n/), is gzipped at level 9 on its own and the sizes are added up ("gzipped file
 * by file"). The phone is measured from opening the join
 * link to a dot placed in a dot vote, in the learning-network session (every kind on the
 * agenda, the vote current). The issue's target for the phone is 40 KB; it is not met
 * yet (51.1 KiB when this was written: see docs/benchmarks.md for where it goes), so the
 * budgets below are the measured sizes plus a little, a guard against growth until the
 * target is reached. The sizes are deterministic for a build, so this is a test, not a
 * benchmark. The table goes to test-artifacts/sizes.md (and by hand into docs/benchmarks.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, onTestFinished, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { facilitator, participant } from '../helpers/client.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { BOARD, browserFixture, LAPTOP, nl, PHONE, WAIT } from './fixture.ts';

const fx = browserFixture();

/** Budgets in bytes (gzip -9, file by file); see docs/benchmarks.md. The phone's target is 40 KiB. */
const TARGET_PHONE = 40 * 1024;
const BUDGETS = { phone: 57 * 1024, board: 75.5 * 1024, console: 162 * 1024 };

interface Measured {
  files: { name: string; raw: number; gz: number }[];
  gz: number;
}

/** Record every script the page downloads from now on. */
function recordScripts(page: Page) {
  const bodies = new Map<string, Promise<Buffer>>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    // Code, and the catalogues (data fetched from /i18n/, counted as well: a language is part of the download).
    const counted = url.pathname.endsWith('.js') || (url.pathname.startsWith('/i18n/') && url.pathname.endsWith('.json'));
    if (counted && !bodies.has(url.pathname)) bodies.set(url.pathname, res.body());
  });
  return async (): Promise<Measured> => {
    const files = await Promise.all(
      [...bodies].map(async ([name, body]) => {
        const b = await body;
        const short = name.startsWith('/i18n/') ? `i18n:${name.slice('/i18n/'.length, -'.json'.length)}` : path.basename(name);
        return { name: short, raw: b.length, gz: zlib.gzipSync(b, { level: 9 }).length };
      }),
    );
    files.sort((a, b) => b.gz - a.gz);
    return { files, gz: files.reduce((n, f) => n + f.gz, 0) };
  };
}

const kb = (n: number) => (n / 1024).toFixed(1);

test('R-SIZE-PHONE, R-SIZE-ROLES: what a phone downloads to join and place a dot, and what the board and console download, stay within their budgets', async () => {
  const url = fx.server.url;
  const s = await createFromTemplate(url, 'Lerend netwerk', 'learningNetwork', 'nl');
  const f = await facilitator(url, s);
  const agenda = f.view!.agenda;
  const engagements = agenda.find((a) => a.kind === 'brainstorm' && a.config && (a.config as { maxPerPerson: number }).maxPerPerson === 3)!;
  const vote = agenda.find((a) => a.kind === 'dotvote')!;
  await f.cmd('agenda.goto', { activityId: engagements.id });
  const writer = await participant(url, s, { name: 'Schrijver' });
  onTestFinished(() => {
    f.close();
    writer.close();
  });
  for (const text of ['Meer diverse vrijwilligers', 'Dialoog met de politie', 'Vormingen blijven volgen']) {
    const ack = await writer.cmd('brainstorm.add', { activityId: engagements.id, text, column: null, showName: false });
    expect(ack.ok).toBe(true);
  }
  await f.cmd('agenda.goto', { activityId: vote.id });
  await f.until((v) => (v.agenda.find((a) => a.id === vote.id)!.state as DotvoteState).items.length === 3);

  // The phone: join link → the vote → one dot, confirmed.
  const { page: phone } = await fx.newPage(PHONE);
  const phoneJs = recordScripts(phone);
  await phone.goto(`${url}/j/${s.code}`);
  const plus = phone.getByRole('button', { name: nl('dotvote.phone.plusAria', { text: 'Dialoog met de politie' }) });
  await plus.click(WAIT);
  await f.until((v) => (v.agenda.find((a) => a.id === vote.id)!.state as DotvoteState).voters === 1);
  await phone.getByText(nl('dotvote.phone.left', { count: 4 })).waitFor(WAIT);
  const phoneSize = await phoneJs();

  // The board and the console, showing the same vote (the board after the reveal).
  await f.cmd('dotvote.reveal', { activityId: vote.id, revealed: true });
  const { page: boardPage } = await fx.newPage(BOARD);
  const boardJs = recordScripts(boardPage);
  await boardPage.goto(`${url}/b/${s.sessionId}#k=${s.boardKey}`);
  await boardPage.getByText('Dialoog met de politie').first().waitFor(WAIT);
  const boardSize = await boardJs();

  const { page: consolePage } = await fx.newPage(LAPTOP);
  const consoleJs = recordScripts(consolePage);
  await consolePage.goto(`${url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
  await consolePage.getByTestId('console-current').getByText('Dialoog met de politie').first().waitFor(WAIT);
  const consoleSize = await consoleJs();

  const rows = (
    [
      ['phone (join → dot)', phoneSize, BUDGETS.phone],
      ['board (revealed vote)', boardSize, BUDGETS.board],
      ['console (the vote)', consoleSize, BUDGETS.console],
    ] as const
  ).map(
    ([route, m, budget]) =>
      `| ${route} | ${m.files.length} | ${kb(m.gz)} KiB | ${kb(budget)} KiB${route.startsWith('phone') ? ` (target ${kb(TARGET_PHONE)} KiB)` : ''} | ${m.files.map((x) => `${x.name.replace(/-[\w-]{8}\.js$/, '')} ${kb(x.gz)}`).join(', ')} |`,
  );
  const table = [
    '| route | files (JS and words) | gzipped (file by file) | budget | files (KiB gz) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  fs.mkdirSync('test-artifacts', { recursive: true });
  fs.writeFileSync('test-artifacts/sizes.md', `${table}\n`);
  console.log(table);

  expect(fx.pageErrors).toEqual([]);
  expect(phoneSize.gz, table).toBeLessThanOrEqual(BUDGETS.phone);
  expect(boardSize.gz, table).toBeLessThanOrEqual(BUDGETS.board);
  expect(consoleSize.gz, table).toBeLessThanOrEqual(BUDGETS.console);
});
