/**
 * SPEC: R-I18N-PICK, R-PHONE-NAME-ONCE, R-PHONE-CHROME, R-BRAIN-NAME-RESET — a phone in a real room: the
 * name is asked once, then one small line that opens it again; while an activity is on,
 * the header is one line, even at 320 px; "show my name" is a choice per post-it.
 */
import { expect, test } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import { createSession, facilitator } from '../helpers/client.ts';
import { brainstormDraft } from '../helpers/drafts.ts';
import { translate } from '../../shared/i18n/index.ts';
import { browserFixture, nl, PHONE, shot, WAIT } from './fixture.ts';

const fx = browserFixture();

test('R-PHONE-NAME-ONCE, R-PHONE-CHROME, R-BRAIN-NAME-RESET: the name once, a one-line header during an activity, a name per post-it', async () => {
  const s = await createSession(fx.server.url, 'Buurtoverleg Sint-Amandsberg en omstreken, tweede avond');
  const f = await facilitator(fx.server.url, s);
  const { page: phone } = await fx.newPage({ ...PHONE, viewport: { width: 320, height: 640 } });
  await phone.goto(`${fx.server.url}/j/${s.code}`);

  // Before the first activity every language is one tap away (R-I18N-PICK), and remembered.
  const langs = phone.getByTestId('phone-langs');
  await langs.getByRole('button', { name: 'العربية' }).click();
  await phone.waitForFunction(() => document.documentElement.lang === 'ar' && document.documentElement.dir === 'rtl');
  await phone.getByText(translate('ar', 'phone.waiting')).waitFor(WAIT);
  expect(await langs.getByRole('button', { name: 'العربية' }).getAttribute('aria-pressed')).toBe('true');
  await shot(phone, 'phone-320-langs-ar');
  await phone.reload();
  await phone.getByText(translate('ar', 'phone.waiting')).waitFor(WAIT);
  await langs.getByRole('button', { name: 'Nederlands' }).click();
  await phone.waitForFunction(() => document.documentElement.lang === 'nl' && document.documentElement.dir === 'ltr');

  // Asked once: the form, then one line that opens it again.
  await phone.getByLabel(nl('phone.name.label')).fill('Sam');
  await phone.getByRole('button', { name: nl('phone.name.save') }).click();
  await phone
    .getByTestId('phone-you')
    .getByText(nl('phone.name.you', { name: 'Sam' }))
    .waitFor(WAIT);
  expect(await phone.getByLabel(nl('phone.name.label')).count()).toBe(0);
  await f.until((v) => Object.values(v.participants).some((p) => p.name === 'Sam'));
  await phone.reload();
  await phone.getByTestId('phone-you').waitFor(WAIT);
  expect(await phone.getByLabel(nl('phone.name.label')).count()).toBe(0);

  // An activity: the header shrinks to one line.
  const headerHeight = () => phone.locator('.phone-header').evaluate((el) => el.getBoundingClientRect().height);
  const before = await headerHeight();
  expect(await f.cmd('agenda.add', { activity: brainstormDraft({ allowNames: true, maxPerPerson: 5 }) })).toMatchObject({ ok: true });
  const id = f.view!.agenda.at(-1)!.id;
  await f.cmd('agenda.goto', { activityId: id });
  await phone.locator('.phone-header.compact').waitFor(WAIT);
  const after = await headerHeight();
  expect(after).toBeLessThan(before);
  expect(after).toBeLessThanOrEqual(64);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
  await shot(phone, 'phone-320-compact-header');

  // Name per post-it: ticked for one, off again for the next.
  const box = phone.getByRole('checkbox', { name: nl('brainstorm.phone.showName', { name: 'Sam' }) });
  await box.check();
  await phone.getByLabel(nl('brainstorm.phone.textLabel')).fill('Met mijn naam');
  await phone.getByRole('button', { name: nl('brainstorm.phone.add') }).click();
  await f.until((v) => (v.agenda.at(-1)!.state as BrainstormState).items.length === 1);
  expect(await box.isChecked()).toBe(false);
  await phone.getByLabel(nl('brainstorm.phone.textLabel')).fill('Zonder naam');
  await phone.getByRole('button', { name: nl('brainstorm.phone.add') }).click();
  await f.until((v) => (v.agenda.at(-1)!.state as BrainstormState).items.length === 2);
  const items = (f.view!.agenda.at(-1)!.state as BrainstormState).items;
  expect(items.find((i) => i.text === 'Met mijn naam')?.name).toBe('Sam');
  expect(items.find((i) => i.text === 'Zonder naam')?.name).toBeUndefined();

  // One tap opens the name again.
  await phone.getByRole('button', { name: nl('phone.name.change') }).click();
  await phone.getByLabel(nl('phone.name.label')).waitFor(WAIT);
  expect(fx.pageErrors).toEqual([]);
  f.close();
});

test('R-READ-ALOUD: a read-aloud button where the browser has a voice for the language shown, reading each text in its own language', async () => {
  const s = await createSession(fx.server.url, 'Voorlezen');
  const f = await facilitator(fx.server.url, s);
  expect(await f.cmd('agenda.add', { activity: brainstormDraft({ prompt: 'Wat neem je mee?' }) })).toMatchObject({ ok: true });
  const id = f.view!.agenda.at(-1)!.id;
  expect(
    await f.cmd('agenda.translate', { activityId: id, lang: 'uk', texts: { 'Wat neem je mee?': 'Що ви берете з собою?' } }),
  ).toMatchObject({
    ok: true,
  });
  await f.cmd('agenda.goto', { activityId: id });
  // The browser's speech engine, as a phone with a Dutch and a Ukrainian voice has it (headless
  // Chromium has none): it records what it is asked to say.
  const voices = (langs: string[]) => `
    const voices = ${JSON.stringify(langs)}.map((lang) => ({ lang, name: lang, default: false, localService: true, voiceURI: lang }));
    window.__spoken = [];
    Object.defineProperty(window, 'speechSynthesis', { value: {
      getVoices: () => voices, speak: (u) => { window.__spoken.push({ text: u.text, lang: u.lang }); setTimeout(() => u.onend && u.onend(), 10); },
      cancel: () => {}, addEventListener: () => {}, removeEventListener: () => {},
    } });
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };`;
  const open = async (locale: string, langs: string[]) => {
    const { ctx, page } = await fx.newPage({ ...PHONE, locale });
    await ctx.addInitScript({ content: voices(langs) });
    await page.goto(`${fx.server.url}/j/${s.code}`);
    return page;
  };
  // A Ukrainian phone with a Ukrainian voice: the translated prompt in Ukrainian; the (untranslated) title in Dutch.
  const uk = await open('uk-UA', ['nl-NL', 'uk-UA']);
  await uk.getByRole('button', { name: translate('uk', 'phone.readAloud') }).click();
  const spoken = await uk.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
  expect(spoken).toEqual([
    { text: 'Engagementen', lang: 'nl' },
    { text: 'Що ви берете з собою?', lang: 'uk' },
  ]);
  // Without a Ukrainian voice there is no button.
  const mute = await open('uk-UA', ['nl-NL']);
  await mute.getByText('Що ви берете з собою?').waitFor(WAIT);
  expect(await mute.getByRole('button', { name: translate('uk', 'phone.readAloud') }).count()).toBe(0);
  expect(fx.pageErrors).toEqual([]);
  f.close();
});
