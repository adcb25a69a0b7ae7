/**
 * Entry point: pick the view from the path, set the UI language, mount it.
 * No inline scripts or styles anywhere: the Content-Security-Policy forbids them.
 */
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { pickLang } from '../../shared/i18n/index.ts';
import { i18n } from './lib/i18n.svelte.ts';
import { parseRoute } from './lib/router.ts';
import { LANG_KEY, load } from './lib/storage.ts';

const route = parseRoute(location.pathname, location.hash);

// Start page and phone: the person's own language. Board and console switch to the
// session's language as soon as they know it.
i18n.set(load<string>(LANG_KEY) ?? pickLang(navigator.languages));

const target = document.getElementById('app');
if (target) mount(App, { target, props: { route } });
