/**
 * Browser acceptance test for the eight languages: phones in Arabic, Persian, Ukrainian,
 * Turkish and Dutch in the same rooms, a console that translates a prompt, a Deep
 * Democracy round with an Arabic minority, and a board that shows a prompt in Arabic too.
 * Real Chromium against the real server (the built client from dist/).
 *
 * SPEC: E2E-I18N —
 *   R-I18N-AUTO, R-I18N-DIR: a phone opened by the join link takes its language from the
 *     browser (ar, fa: right to left; uk: left to right) without touching the picker.
 *   R-TR-TEXTS, R-TR-LOCALISE: the facilitator translates a prompt in the console's
 *     translations editor; nl, ar and tr phones each see it in their own language, and
 *     "show the original" switches one phone to the original and back.
 *   R-DD-LANG, R-DD-MINORITY: the minority question of a Deep Democracy round reaches an
 *     Arabic phone that abstained, in Arabic, on a right-to-left page.
 *   R-TR-TEMPLATE: a learning-network session made in Dutch shows its built-in prompts on
 *     a Ukrainian phone in Ukrainian.
 *   R-BOARD-LANGS: with Arabic picked for the board, a translated prompt shows an Arabic
 *     line (lang="ar", dir="rtl") under the Dutch one; an unpicked language does not show.
 *
 * Every UI text the test looks for comes from the catalogues (`translate(lang, key)`); only
 * the facilitator's own texts and their translations are written here. Screenshots of the
 * phones (360×740), the console and the board go to test-artifacts/e2e/i18n/.
 */
import { afterAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { isolateParams } from '../../shared/bidi.ts';
import { LANGUAGE_NAMES, translate, type Params } from '../../shared/i18n/index.ts';
import type { Activity } from '../../shared/model.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { artifactsIn, BOARD, browserFixture, expectNoSideScroll, LAPTOP, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;
const { shot } = artifactsIn('i18n', { fresh: true, fromTop: true });

/** A catalogue text as a page in `lang` shows it: text parameters isolated where their direction differs (as i18n.t does). */
const t = (lang: string, key: string, params?: Params) => translate(lang, key, params && isolateParams(params, lang));

const peers: Peer[] = [];
afterAll(() => {
  for (const p of peers) p.close();
});

async function fac(s: CreatedSession): Promise<Peer> {
  const p = await facilitator(fx.server.url, s);
  peers.push(p);
  return p;
}

async function ok(p: Peer, type: string, payload: Record<string, unknown>) {
  const ack = await p.cmd(type, payload);
  expect(ack.ok, `${type}: ${JSON.stringify(ack)}`).toBe(true);
}

/** Add an activity on the facilitator's socket; its id once the frame with it arrived. */
async function addActivity(f: Peer, activity: { kind: string; title: string; config: Record<string, unknown> }): Promise<string> {
  await ok(f, 'agenda.add', { activity });
  await f.until((v) => v.agenda.some((a) => a.title === activity.title));
  return f.view!.agenda.find((a) => a.title === activity.title)!.id;
}

const activityOf = (f: Peer, id: string): Activity => f.view!.agenda.find((a) => a.id === id)!;

/**
 * A phone whose browser speaks `locale` (navigator.languages and Accept-Language) opens the
 * join link, /j/CODE, and never touches the language picker.
 */
async function joinPhone(s: CreatedSession, locale: string): Promise<Page> {
  const { page } = await newPage({ ...PHONE, locale });
  expect(s.links.join).toContain(`/j/${s.code}`);
  await page.goto(s.links.join);
  await waitForStatus(page, 'connected');
  return page;
}

/** `<html lang dir>` of the page. R-I18N-DIR */
const htmlLangDir = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

/**
 * Which side of the phone's header the session title starts on: during an activity the
 * header is one line (R-PHONE-CHROME), the title first and the language picker last, so
 * the title is right of the picker on a right-to-left page and left of it otherwise.
 */
async function pickerSide(page: Page, lang: string): Promise<'left' | 'right'> {
  const title = await page.locator('.phone-header .session-title').boundingBox();
  const picker = await page.getByRole('combobox', { name: translate(lang, 'lang.label') }).boundingBox();
  expect(title).not.toBeNull();
  expect(picker).not.toBeNull();
  return title!.x > picker!.x ? 'right' : 'left';
}

/**
 * Words in Latin letters the page shows, apart from what may be in Latin in any language
 * (the language names in the picker, the app's name, what the facilitator wrote and left
 * untranslated): on an Arabic, Persian or Ukrainian page, these would be untranslated UI.
 */
async function latinWords(page: Page, allowed: string[]): Promise<string[]> {
  let text = await page.evaluate(() => document.body.innerText);
  for (const a of [...allowed, ...Object.values(LANGUAGE_NAMES), translate('nl', 'app.name')]) text = text.split(a).join(' ');
  return text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
}

test('R-I18N-AUTO: ar, fa and uk phones get their own language and direction from the browser', { timeout: 60_000 }, async () => {
  const title = 'Lerend netwerk sessie 7';
  const s = await createFromTemplate(fx.server.url, title, 'learningNetwork', 'nl');
  const f = await fac(s);
  const checkin = f.view!.agenda.find((a) => a.kind === 'checkin' && (a.config as { mode: string }).mode === 'checkin')!;
  expect(checkin.title).toBe(nl('tpl.ln.checkin.title'));

  const langs = [
    { lang: 'ar', locale: 'ar', dir: 'rtl', side: 'right' },
    { lang: 'fa', locale: 'fa-IR', dir: 'rtl', side: 'right' },
    { lang: 'uk', locale: 'uk-UA', dir: 'ltr', side: 'left' },
  ] as const;
  const phones: Page[] = [];
  for (const { lang, locale, dir } of langs) {
    const page = await joinPhone(s, locale);
    // The browser really speaks the language (Playwright's locale), and nothing was saved by a picker.
    expect((await page.evaluate(() => [...navigator.languages]))[0]).toMatch(new RegExp(`^${lang}(-|$)`));
    expect(await page.evaluate(() => localStorage.getItem('kring.lang'))).toBeNull();
    expect(await htmlLangDir(page)).toEqual([lang, dir]);
    await page.getByText(translate(lang, 'phone.waiting'), { exact: true }).waitFor(WAIT);
    expect(await page.getByRole('combobox', { name: translate(lang, 'lang.label'), exact: true }).inputValue()).toBe(lang);
    phones.push(page);
  }

  // The facilitator shows the template's check-in: each phone gets it in its own language.
  await ok(f, 'agenda.goto', { activityId: checkin.id });
  for (const [i, { lang, dir, side }] of langs.entries()) {
    const page = phones[i];
    await page.getByRole('heading', { name: translate(lang, 'tpl.ln.checkin.title'), exact: true }).waitFor(WAIT);
    for (const key of ['tpl.ln.checkin.p1', 'tpl.ln.checkin.p2']) {
      const prompt = page.getByText(translate(lang, key), { exact: true });
      await prompt.waitFor(WAIT);
      expect(await prompt.evaluate((el) => getComputedStyle(el).direction)).toBe(dir);
      expect(await page.getByText(nl(key), { exact: true }).count()).toBe(0);
    }
    await page.getByLabel(translate(lang, 'checkin.phone.answerLabel'), { exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: translate(lang, 'checkin.phone.checkIn'), exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: translate(lang, 'checkin.phone.pass'), exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: translate(lang, 'phone.original.show'), exact: true }).waitFor(WAIT);
    // Still the language the browser asked for, laid out in its direction.
    expect(await htmlLangDir(page)).toEqual([lang, dir]);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe(dir);
    expect(await pickerSide(page, lang)).toBe(side);
    // Nothing in Latin letters but the session's (Dutch) title and the language names.
    expect(await latinWords(page, [title])).toEqual([]);
    await expectNoSideScroll(page);
  }
  await shot(phones[0], 'ar-phone-checkin');
  await shot(phones[1], 'fa-phone-checkin');
  await shot(phones[2], 'uk-phone-checkin');

  expect(pageErrors).toEqual([]);
});

test(
  'R-TR-LOCALISE: nl, ar and tr phones see a prompt each in their own language; "show the original" and back',
  { timeout: 60_000 },
  async () => {
    const s = await createSession(fx.server.url, 'Buurtoverleg');
    const f = await fac(s);
    const title = 'Buurtgesprek';
    const prompt = 'Wat maakt onze straat een fijne plek om te wonen?';
    const tr: Record<string, { title: string; prompt: string }> = {
      ar: { title: 'حديث الحيّ', prompt: 'ما الذي يجعل شارعنا مكانًا جميلًا للعيش؟' },
      tr: { title: 'Mahalle sohbeti', prompt: 'Sokağımızı yaşamak için güzel bir yer yapan nedir?' },
    };
    const id = await addActivity(f, {
      kind: 'brainstorm',
      title,
      config: { prompt, columns: [], maxPerPerson: 5, maxLength: 280, allowNames: false, privateUntilReveal: false },
    });
    await ok(f, 'agenda.goto', { activityId: id });

    const phones = { nl: await joinPhone(s, 'nl-BE'), ar: await joinPhone(s, 'ar'), tr: await joinPhone(s, 'tr-TR') };
    // Before any translation: the original everywhere, and nothing to switch back to.
    for (const [lang, page] of Object.entries(phones)) {
      expect(await htmlLangDir(page)).toEqual([lang, lang === 'ar' ? 'rtl' : 'ltr']);
      await page.getByText(prompt, { exact: true }).waitFor(WAIT);
      expect(await page.getByRole('button', { name: translate(lang, 'phone.original.show') }).count()).toBe(0);
    }

    // ---- The facilitator translates in the console: "Vertalen", pick a language, type, save.
    const { page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-BE' });
    await consolePage.goto(s.links.facilitator);
    await waitForStatus(consolePage, 'connected');
    const item = consolePage.getByTestId('agenda-item').filter({ hasText: title });
    await item.getByRole('button', { name: nl('console.tr.button') }).click();
    const form = item.getByRole('form', { name: nl('console.tr.heading') });
    await form.waitFor(WAIT);
    for (const lang of ['ar', 'tr'] as const) {
      await form.getByLabel(nl('console.tr.lang'), { exact: true }).selectOption(lang);
      for (const [original, text] of [
        [title, tr[lang].title],
        [prompt, tr[lang].prompt],
      ]) {
        const box = form.getByRole('listitem').filter({ hasText: original }).getByRole('textbox');
        expect(await box.inputValue()).toBe(''); // a fresh language starts empty
        expect([await box.getAttribute('lang'), await box.getAttribute('dir')]).toEqual([lang, lang === 'ar' ? 'rtl' : 'ltr']);
        await box.fill(text);
      }
      await form.getByText(nl('console.tr.count', { count: 2, total: 2 })).waitFor(WAIT);
      await form.getByRole('button', { name: nl('console.tr.save'), exact: true }).click();
      await f.until((v) => v.agenda.find((a) => a.id === id)?.tr?.[lang]?.[prompt] === tr[lang].prompt);
      if (lang === 'ar') await shot(consolePage, 'console-translations-ar');
    }
    expect(activityOf(f, id).tr).toEqual({
      ar: { [title]: tr.ar.title, [prompt]: tr.ar.prompt },
      tr: { [title]: tr.tr.title, [prompt]: tr.tr.prompt },
    });
    await form
      .getByTestId('tr-done')
      .getByText(new RegExp(`${LANGUAGE_NAMES.ar}.*${LANGUAGE_NAMES.tr}|${LANGUAGE_NAMES.tr}.*${LANGUAGE_NAMES.ar}`))
      .waitFor(WAIT);

    // ---- Each phone, live: the same prompt in its own language; the Dutch one keeps the original.
    for (const lang of ['ar', 'tr'] as const) {
      const page = phones[lang];
      await page.getByRole('heading', { name: tr[lang].title, exact: true }).waitFor(WAIT);
      await page.getByText(tr[lang].prompt, { exact: true }).waitFor(WAIT);
      expect(await page.getByText(prompt, { exact: true }).count()).toBe(0);
      // The UI around it stays in the phone's language.
      await page.getByLabel(translate(lang, 'brainstorm.phone.textLabel')).waitFor(WAIT);
    }
    await phones.nl.getByRole('heading', { name: title, exact: true }).waitFor(WAIT);
    await phones.nl.getByText(prompt, { exact: true }).waitFor(WAIT);
    expect(await phones.nl.getByRole('button', { name: nl('phone.original.show') }).count()).toBe(0);
    await shot(phones.ar, 'ar-phone-translated-prompt');
    await shot(phones.tr, 'tr-phone-translated-prompt');

    // ---- "Show the original" on the Arabic phone: the Dutch text, then back to Arabic.
    const ar = phones.ar;
    const showOriginal = ar.getByRole('button', { name: t('ar', 'phone.original.show'), exact: true });
    expect(await showOriginal.getAttribute('aria-pressed')).toBe('false');
    await showOriginal.click();
    const backToMine = ar.getByRole('button', { name: t('ar', 'phone.original.hide'), exact: true });
    await backToMine.waitFor(WAIT);
    expect(await backToMine.getAttribute('aria-pressed')).toBe('true');
    await ar.getByText(prompt, { exact: true }).waitFor(WAIT);
    await ar.getByRole('heading', { name: title, exact: true }).waitFor(WAIT);
    expect(await ar.getByText(tr.ar.prompt, { exact: true }).count()).toBe(0);
    // The page stays Arabic and right to left; the Dutch prompt runs left to right in it.
    expect(await htmlLangDir(ar)).toEqual(['ar', 'rtl']);
    expect(await ar.getByText(prompt, { exact: true }).evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await shot(ar, 'ar-phone-original-shown');
    await backToMine.click();
    await ar.getByText(tr.ar.prompt, { exact: true }).waitFor(WAIT);
    await showOriginal.waitFor(WAIT);
    expect(await ar.getByText(prompt, { exact: true }).count()).toBe(0);
    // The Turkish phone was not affected by the Arabic phone's choice.
    expect(await phones.tr.getByText(tr.tr.prompt, { exact: true }).count()).toBe(1);

    expect(pageErrors).toEqual([]);
  },
);

test('R-DD-LANG: the minority question reaches an Arabic phone in Arabic, right to left', { timeout: 60_000 }, async () => {
  const s = await createSession(fx.server.url, 'Buurtfeest');
  const f = await fac(s);
  const proposal = 'We houden in juni een buurtfeest op het plein';
  const proposalAr = 'نقيم حفلة للحيّ في الساحة في شهر يونيو';
  const title = 'Besluit: een buurtfeest?';
  const titleAr = 'قرار: حفلة للحيّ؟';
  const dd = await addActivity(f, { kind: 'deepdemocracy', title, config: { proposal, smallGroupSafety: false } });
  await ok(f, 'agenda.translate', { activityId: dd, lang: 'ar', texts: { [title]: titleAr, [proposal]: proposalAr } });

  // Two Dutch phones on sockets (the majority) and an Arabic phone in Chromium.
  const others = [await participant(fx.server.url, s, { name: 'Jonas' }), await participant(fx.server.url, s, { name: 'Lotte' })];
  peers.push(...others);
  const ar = await joinPhone(s, 'ar');
  expect(await htmlLangDir(ar)).toEqual(['ar', 'rtl']);

  await ok(f, 'agenda.goto', { activityId: dd });
  await ar.getByRole('heading', { name: titleAr, exact: true }).waitFor(WAIT);
  await ar.getByRole('heading', { name: t('ar', 'dd.phone.views.heading') }).waitFor(WAIT);
  await ar.getByText(proposalAr, { exact: true }).waitFor(WAIT);
  for (const step of ['findNo', 'spreadNo', 'vote']) await ok(f, 'deepdemocracy.step', { activityId: dd, step });

  // The vote: the two vote for the proposal, the Arabic phone abstains (in its own words).
  for (const p of others) await ok(p, 'deepdemocracy.vote', { activityId: dd, optionId: 'proposal' });
  await ar.getByRole('radio', { name: proposalAr, exact: true }).waitFor(WAIT);
  await ar.getByRole('radio', { name: t('ar', 'dd.vote.abstain'), exact: true }).check();
  await ar
    .getByTestId('dd-my-vote')
    .getByText(t('ar', 'dd.phone.vote.mine', { option: t('ar', 'dd.vote.abstain') }), { exact: true })
    .waitFor(WAIT);
  await f.until((v) => (v.agenda.find((a) => a.id === dd)!.state as { rounds: { cast: number }[] }).rounds[0]?.cast === 3);
  await ok(f, 'deepdemocracy.closeVote', { activityId: dd });
  await ok(f, 'deepdemocracy.step', { activityId: dd, step: 'minority' });

  // The minority question, in Arabic, on a right-to-left page; the majority went the proposal's way.
  const asked = ar.getByTestId('dd-asked');
  await asked.getByText(t('ar', 'dd.minority.question'), { exact: true }).waitFor(WAIT);
  await asked.getByText(t('ar', 'dd.phone.minority.ack'), { exact: true }).waitFor(WAIT);
  await ar.getByText(t('ar', 'dd.vote.direction', { option: proposalAr }), { exact: true }).waitFor(WAIT);
  await ar.getByText(t('ar', 'dd.step.minority'), { exact: true }).waitFor(WAIT);
  expect(await ar.getByText(nl('dd.minority.question')).count()).toBe(0);
  expect(await ar.getByTestId('dd-listening').count()).toBe(0);
  expect(await htmlLangDir(ar)).toEqual(['ar', 'rtl']);
  expect(await asked.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await latinWords(ar, ['Buurtfeest'])).toEqual([]);
  await expectNoSideScroll(ar);
  await shot(ar, 'ar-phone-dd-minority');

  // The answer, in Arabic, reaches the facilitator as written (never translated).
  const need = 'أحتاج إلى مكان هادئ للأطفال';
  await ar.getByRole('radio', { name: t('ar', 'dd.minority.need'), exact: true }).check();
  await ar.getByLabel(t('ar', 'dd.phone.minority.needLabel'), { exact: true }).fill(need);
  await ar.getByRole('button', { name: t('ar', 'dd.phone.minority.send'), exact: true }).click();
  await ar.getByText(t('ar', 'dd.phone.minority.sent', { answer: need }), { exact: true }).waitFor(WAIT);
  await f.until((v) => (v.agenda.find((a) => a.id === dd)!.state as { needs: { need?: string }[] }).needs.some((n) => n.need === need));
  await shot(ar, 'ar-phone-dd-need-sent');

  expect(pageErrors).toEqual([]);
});

test(
  'R-TR-TEMPLATE: a Dutch learning-network session shows its prompts on a Ukrainian phone in Ukrainian',
  { timeout: 60_000 },
  async () => {
    const s = await createFromTemplate(fx.server.url, 'Lerend netwerk sessie 8', 'learningNetwork', 'nl');
    const f = await fac(s);
    const agenda = f.view!.agenda;
    const checkin = agenda.find((a) => a.kind === 'checkin' && (a.config as { mode: string }).mode === 'checkin')!;
    const words = agenda.find((a) => a.kind === 'brainstorm')!;
    const checkout = agenda.find((a) => a.kind === 'checkin' && (a.config as { mode: string }).mode === 'checkout')!;
    // The session is Dutch: the activities hold the Dutch texts, the others as translations.
    expect(checkin.config).toMatchObject({ prompts: [nl('tpl.ln.checkin.p1'), nl('tpl.ln.checkin.p2')] });
    expect(checkin.tr?.uk).toMatchObject({ [nl('tpl.ln.checkin.p1')]: translate('uk', 'tpl.ln.checkin.p1') });

    const uk = await joinPhone(s, 'uk');
    expect(await htmlLangDir(uk)).toEqual(['uk', 'ltr']);
    const sees = async (keys: string[]) => {
      for (const key of keys) {
        expect(translate('uk', key)).not.toBe(nl(key));
        await uk.getByText(translate('uk', key), { exact: true }).first().waitFor(WAIT);
        expect(await uk.getByText(nl(key), { exact: true }).count()).toBe(0);
      }
    };

    await ok(f, 'agenda.goto', { activityId: checkin.id });
    await uk.getByRole('heading', { name: translate('uk', 'tpl.ln.checkin.title'), exact: true }).waitFor(WAIT);
    await sees(['tpl.ln.checkin.p1', 'tpl.ln.checkin.p2']);
    await uk.getByRole('button', { name: translate('uk', 'checkin.phone.checkIn'), exact: true }).waitFor(WAIT);
    await shot(uk, 'uk-phone-template-checkin');
    // One tap shows the Dutch original of the template's prompt, one more brings Ukrainian back.
    await uk.getByRole('button', { name: translate('uk', 'phone.original.show'), exact: true }).click();
    await uk.getByText(nl('tpl.ln.checkin.p1'), { exact: true }).waitFor(WAIT);
    await uk.getByRole('button', { name: translate('uk', 'phone.original.hide'), exact: true }).click();
    await uk.getByText(translate('uk', 'tpl.ln.checkin.p1'), { exact: true }).waitFor(WAIT);

    // The brainstorm's prompt and its columns, and the check-out, too.
    await ok(f, 'agenda.goto', { activityId: words.id });
    await uk.getByRole('heading', { name: translate('uk', 'tpl.ln.words.title'), exact: true }).waitFor(WAIT);
    await sees(['tpl.ln.words.prompt']);
    for (const c of ['tpl.ln.words.c1', 'tpl.ln.words.c2', 'tpl.ln.words.c3'])
      await uk.getByRole('radio', { name: translate('uk', c), exact: true }).waitFor(WAIT);
    await ok(f, 'agenda.goto', { activityId: checkout.id });
    await uk.getByRole('heading', { name: translate('uk', 'tpl.ln.checkout.title'), exact: true }).waitFor(WAIT);
    await sees(['tpl.ln.checkout.p1']);
    await uk.getByRole('button', { name: translate('uk', 'checkin.phone.checkOut'), exact: true }).waitFor(WAIT);
    expect(await latinWords(uk, ['Lerend netwerk sessie 8'])).toEqual([]);

    expect(pageErrors).toEqual([]);
  },
);

test('R-BOARD-LANGS: the board shows a translated prompt in the Arabic the facilitator picked', { timeout: 60_000 }, async () => {
  const s = await createSession(fx.server.url, 'Buurtoverleg op het scherm');
  const f = await fac(s);
  const title = 'Ideeën voor het plein';
  const prompt = 'Wat wil jij op het plein zien gebeuren?';
  const promptAr = 'ماذا تريد أن يحدث في الساحة؟';
  const promptTr = 'Meydanda ne olmasını istersin?';
  const id = await addActivity(f, {
    kind: 'brainstorm',
    title,
    config: { prompt, columns: [], maxPerPerson: 5, maxLength: 280, allowNames: false, privateUntilReveal: false },
  });
  await ok(f, 'session.meta', { boardLangs: ['ar'] });
  await f.until((v) => v.meta?.boardLangs?.[0] === 'ar');
  await ok(f, 'agenda.goto', { activityId: id });

  const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE' });
  await board.goto(s.links.board);
  await waitForStatus(board, 'connected');
  expect(await htmlLangDir(board)).toEqual(['nl', 'ltr']);
  await board.getByText(prompt, { exact: true }).waitFor(WAIT);
  // Not translated yet: no line in another language.
  expect(await board.getByTestId('board-tr').count()).toBe(0);

  // Arabic (picked) and Turkish (not picked) translations arrive: only the Arabic line shows.
  await ok(f, 'agenda.translate', { activityId: id, lang: 'ar', texts: { [prompt]: promptAr } });
  await ok(f, 'agenda.translate', { activityId: id, lang: 'tr', texts: { [prompt]: promptTr } });
  const line = board.getByTestId('board-tr');
  await line.getByText(promptAr, { exact: true }).waitFor(WAIT);
  expect(await line.count()).toBe(1);
  expect([await line.getAttribute('lang'), await line.getAttribute('dir')]).toEqual(['ar', 'rtl']);
  expect(await line.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await board.getByText(promptTr).count()).toBe(0);
  // The session's own prompt stays, above the Arabic line.
  const dutch = await board.getByText(prompt, { exact: true }).boundingBox();
  const arabic = await line.boundingBox();
  expect(dutch!.y).toBeLessThan(arabic!.y);
  await shot(board, 'board-ar-line');

  expect(pageErrors).toEqual([]);
});
