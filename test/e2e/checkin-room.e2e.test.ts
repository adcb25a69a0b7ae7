/**
 * SPEC: R-CHECKIN-CLOUD — 40 people check in with one word each, with repeats: the board
 * (1920×1080) shows each word once, larger the more people wrote it, readable from the back
 * of the room and without scrolling.
 */
import { expect, test } from 'vitest';
import type { CheckinState } from '../../shared/activities/checkin/index.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { BOARD, browserFixture, shot, WAIT } from './fixture.ts';

const fx = browserFixture();

const WORDS = ['Nieuwsgierig', 'Moe', 'Blij', 'Benieuwd', 'Gehaast', 'Rustig', 'Vol energie', 'Dankbaar', 'Onzeker', 'Hoopvol'];

test('R-CHECKIN-CLOUD: a word cloud of 40 check-in words with repeats fits the projector', async () => {
  const s = await createSession(fx.server.url, 'Buurtavond');
  const f = await facilitator(fx.server.url, s);
  const config = { mode: 'checkin', prompts: ['Met welk woord kom je binnen?'] };
  expect(await f.cmd('agenda.add', { activity: { kind: 'checkin', title: 'Check-in', config } })).toMatchObject({ ok: true });
  const id = f.view!.agenda.at(-1)!.id;
  await f.cmd('agenda.goto', { activityId: id });
  const phones: Peer[] = [];
  // Word i is written by 1 + (i % 7) people: 40 answers, 10 words, with repeats (and one in other case).
  const answers: string[] = [];
  for (let i = 0; answers.length < 40; i++) for (let k = 0; k <= i % 7 && answers.length < 40; k++) answers.push(WORDS[i % WORDS.length]);
  answers[1] = answers[1].toLowerCase();
  for (const a of answers) {
    const p = await participant(fx.server.url, s);
    phones.push(p);
    expect((await p.cmd('checkin.respond', { activityId: id, answer: a, passed: false })).ok).toBe(true);
  }
  await f.until((v) => Object.keys((v.agenda.at(-1)!.state as CheckinState).responses).length === 40);
  expect(await f.cmd('checkin.show', { activityId: id, show: true })).toMatchObject({ ok: true });

  const { page } = await fx.newPage(BOARD);
  await page.goto(`${fx.server.url}/b/${s.sessionId}#k=${s.boardKey}`);
  const cloud = page.getByTestId('checkin-cloud');
  await cloud.waitFor(WAIT);
  const words = await cloud.locator('li').evaluateAll((lis) =>
    lis.map((li) => ({
      text: li.querySelector('bdi')!.textContent!.trim().toLowerCase(),
      count: Number((li as HTMLElement).dataset.count),
      size: parseFloat(getComputedStyle(li).fontSize),
    })),
  );
  const expected = new Map<string, number>();
  for (const a of answers) expected.set(a.toLowerCase(), (expected.get(a.toLowerCase()) ?? 0) + 1);
  expect(new Map(words.map((w) => [w.text, w.count]))).toEqual(expected);
  expect(words.length).toBe(expected.size);
  for (const w of words) expect(w.size, w.text).toBeGreaterThanOrEqual(28);
  const most = words.reduce((a, b) => (b.count > a.count ? b : a));
  const least = words.reduce((a, b) => (b.count < a.count ? b : a));
  expect(most.size).toBeGreaterThan(least.size);
  expect(
    await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth),
  ).toBe(true);
  await shot(page, 'board-checkin-cloud-40');
  expect(fx.pageErrors).toEqual([]);
  for (const p of [f, ...phones]) p.close();
});
