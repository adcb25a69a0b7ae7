/**
 * The phone's own entry (`/j/CODE`, served as phone.html): only what a participant's
 * phone needs, so its first download carries nothing of the console, the board, the
 * start page or the organiser's page. Words first, in the phone's language, then the view.
 */
import { mount } from 'svelte';
import './app.css';
import PhoneApp from './PhoneApp.svelte';
import { pickLang } from '../../shared/i18n/languages.ts';
import { i18n } from './lib/i18n.svelte.ts';
import { normalizeCode, isValidCode } from './lib/router.ts';
import { LANG_KEY, load } from './lib/storage.ts';

const code = normalizeCode(decodeURIComponent(location.pathname.split('/')[2] ?? ''));
const lang = load<string>(LANG_KEY) ?? pickLang(navigator.languages);

async function start(): Promise<void> {
  // Weak Wi-Fi: try a few times; then show the page anyway rather than nothing.
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (await i18n.set(lang, ['common', 'phone'])) break;
    await new Promise((r) => setTimeout(r, 700 * attempt));
  }
  const target = document.getElementById('app');
  if (target) mount(PhoneApp, { target, props: { code, valid: isValidCode(code) } });
}

void start();
