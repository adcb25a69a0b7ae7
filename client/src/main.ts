/**
 * Entry point: pick the view from the path, load the words it shows in the UI language,
 * then mount it (never text before its catalogue). No inline scripts or styles anywhere:
 * the Content-Security-Policy forbids them.
 */
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { provideParts } from './activities/registry.ts';
import { ROUTE_AREAS } from '../../shared/i18n/areas.ts';
import { pickLang } from '../../shared/i18n/languages.ts';
import { i18n } from './lib/i18n.svelte.ts';
import { hideKey, parseRoute } from './lib/router.ts';
import { LANG_KEY, load } from './lib/storage.ts';

// sessionStorage is reached inside hideKey's try: a browser that blocks it throws on access.
const tabStore = { getItem: (k: string) => sessionStorage.getItem(k), setItem: (k: string, v: string) => sessionStorage.setItem(k, v) };
const route = hideKey(parseRoute(location.pathname, location.hash), tabStore, () =>
  history.replaceState(history.state, '', location.pathname + location.search),
);

provideParts({
  Phone: () => import('./activities/parts/phone.ts'),
  Board: () => import('./activities/parts/board.ts'),
  Console: () => import('./activities/parts/console.ts'),
  Fields: () => import('./activities/parts/fields.ts'),
});

// Start page and phone: the person's own language. Board and console switch to the
// session's language as soon as they know it.
const lang = load<string>(LANG_KEY) ?? pickLang(navigator.languages);

async function loadWords(): Promise<boolean> {
  return i18n.set(lang, ROUTE_AREAS[route.view] ?? ['common']);
}

async function start(): Promise<void> {
  // Weak Wi-Fi: try a few times; then show the page anyway rather than nothing.
  for (let attempt = 1; !(await loadWords()) && attempt < 3; attempt++) {
    await new Promise((r) => setTimeout(r, 700 * attempt));
  }
  const target = document.getElementById('app');
  if (target) mount(App, { target, props: { route } });
}

void start();
