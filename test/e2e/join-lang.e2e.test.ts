/**
 * SPEC: R-JOIN-LANG in a real browser. A phone's join answer carries the facilitator's
 * translations in the phone's language only, so a phone that switches language in the
 * picker must fetch them: it asks for a new snapshot and shows the prompt in the
 * language it picked (its first snapshot, in Dutch, had no Arabic in it), and its
 * post-it, written before the switch, is still there.
 */
import { afterAll, expect, test } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { createSession, facilitator, type Peer } from '../helpers/client.ts';
import { artifactsIn, browserFixture, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { newPage } = fx;
const { shot } = artifactsIn('join-lang', { fresh: true, fromTop: true });
const peers: Peer[] = [];
afterAll(() => {
  for (const p of peers) p.close();
});

test('R-JOIN-LANG: a Dutch phone that picks Arabic gets the Arabic prompt, and keeps what it wrote', { timeout: 60_000 }, async () => {
  const s = await createSession(fx.server.url, 'Buurtoverleg');
  const f = await facilitator(fx.server.url, s);
  peers.push(f);
  const prompt = 'Wat maakt onze straat een fijne plek om te wonen?';
  const arabic = 'ما الذي يجعل شارعنا مكانًا جميلًا للعيش؟';
  const config = { prompt, columns: [], maxPerPerson: 5, maxLength: 280, allowNames: false, privateUntilReveal: false };
  expect(await f.cmd('agenda.add', { activity: { kind: 'brainstorm', title: 'Buurtgesprek', config } })).toMatchObject({ ok: true });
  const id = f.view!.agenda.at(-1)!.id;
  expect(await f.cmd('agenda.translate', { activityId: id, lang: 'ar', texts: { [prompt]: arabic } })).toMatchObject({ ok: true });
  expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });

  const { page } = await newPage({ ...PHONE, locale: 'nl-BE' });
  await page.goto(s.links.join);
  await waitForStatus(page, 'connected');
  await page.getByText(prompt, { exact: true }).waitFor(WAIT);

  // A post-it in Dutch, then Arabic from the picker.
  await page.getByLabel(translate('nl', 'brainstorm.phone.textLabel'), { exact: true }).fill('Bomen');
  await page.getByRole('button', { name: translate('nl', 'brainstorm.phone.add'), exact: true }).click();
  await f.until((v) => JSON.stringify(v.agenda.find((a) => a.id === id)?.state ?? {}).includes('Bomen'));
  await page.getByRole('combobox', { name: translate('nl', 'lang.label') }).selectOption('ar');
  await page.getByText(arabic, { exact: true }).waitFor(WAIT);
  await waitForStatus(page, 'connected');
  await page.getByTestId('my-postit').filter({ hasText: 'Bomen' }).waitFor(WAIT);
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
  await shot(page, 'phone-ar-after-switch');
});
