/**
 * The phone's own entry (`/j/CODE`, served as phone.html): only what a participant's
 * phone needs, so its first download carries nothing of the console, the board, the
 * start page or the organiser's page. Words first, in the phone's language, then the view.
 */
import { mount } from 'svelte';
import './styles/boot.css';
import './app.css';
import PhoneApp from './PhoneApp.svelte';
import { provideParts } from './activities/registry.ts';
import phoneViews from './activities/parts/phone.ts';
import { pickLang } from '../../shared/i18n/languages.ts';
import { i18n } from './lib/i18n.svelte.ts';
import { normalizeCode, isValidCode } from './lib/router.ts';
import { LANG_KEY, load } from './lib/storage.ts';

// Only the phone's own views (their list is part of this page, as every phone needs it):
// no board, console or builder view is part of this page.
provideParts({ Phone: async () => ({ default: phoneViews }) });

const code = normalizeCode(decodeURIComponent(location.pathname.split('/')[2] ?? ''));
const lang = load<string>(LANG_KEY) ?? pickLang(navigator.languages);

async function start(): Promise<void> {
  // Weak Wi-Fi: try a few times; then show the page anyway rather than nothing.
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (await i18n.set(lang, ['common', 'phone'])) break;
    await new Promise((r) => setTimeout(r, 700 * attempt));
  }
  const target = document.getElementById('app');
  if (target) {
    target.replaceChildren(); // the boot ring (phone.html) makes way
    mount(PhoneApp, { target, props: { code, valid: isValidCode(code) } });
  }
}

void start();
