/**
 * The i18n runtime, for Node and the browser alike: catalogues of the areas loaded so far,
 * and `translate`. Every UI string lives in `shared/i18n/<lang>/<area>.json` (see areas.ts);
 * Dutch is the default, English is complete (a test checks every language has every key of
 * nl, area by area). Messages are ICU MessageFormat (format.ts): `{name}` placeholders,
 * `{count, plural, one {…} other {…}}` with every CLDR category of the language.
 *
 * No catalogue is imported here. Node (server, tests, scripts) reads every area of every
 * language from disk when this module loads, so `translate` is synchronous and complete
 * there. The browser loads areas on demand (client/src/lib/i18n.svelte.ts) and adds them
 * with `addCatalogue`; `translate` there knows the areas loaded so far.
 */
import { DEFAULT_LANG } from './languages.ts';
import { format, type Params } from './format.ts';
import { loadEveryCatalogue } from './node.ts';

export { DEFAULT_LANG, LANGUAGES, LANGUAGE_NAMES, RTL_LANGS, dirOf, isLanguage, pickLang } from './languages.ts';

export type Catalogue = Record<string, string>;
export type { Params };

/** Per language, the keys of every area loaded so far (on Node: all of them). */
export const CATALOGUES: Record<string, Catalogue> = {};
const loadedAreas = new Set<string>();

/** Add one area of one language (the browser's loader, and Node's at start). */
export function addCatalogue(lang: string, area: string, entries: Catalogue): void {
  Object.assign((CATALOGUES[lang] ??= {}), entries);
  loadedAreas.add(`${lang}/${area}`);
}

export const hasArea = (lang: string, area: string): boolean => loadedAreas.has(`${lang}/${area}`);

export function translate(lang: string, key: string, params?: Params): string {
  const own = CATALOGUES[lang]?.[key];
  const text = own ?? CATALOGUES[DEFAULT_LANG]?.[key];
  if (text === undefined) return key;
  return format(text, own === undefined ? DEFAULT_LANG : lang, params);
}

// Node: everything, now. A production browser build drops this line and node.ts with it
// (Vite replaces import.meta.env.PROD by true); in the dev server's browser it does nothing.
if (!import.meta.env?.PROD) loadEveryCatalogue(addCatalogue);
