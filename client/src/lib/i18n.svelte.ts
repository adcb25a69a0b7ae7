/**
 * The page's UI language as a rune, and its catalogue, loaded on demand: each
 * `shared/i18n/<lang>/<area>.json` is fetched on its own, so a phone downloads its own
 * language's common + phone words and the words of the kinds it meets, nothing else.
 *
 * Every visible string goes through `i18n.t`, which reads `lang`, so templates re-render
 * when the language changes. A page names the areas it shows (main.ts, per route; a kind's
 * view when it is loaded); changing the language loads those areas in the new language
 * first, then switches, so text never shows as keys. Switching also sets `<html lang dir>`.
 */
import { KINDS, ROLE_AREAS } from '../../../shared/i18n/areas.ts';
import { isolateParams } from '../../../shared/bidi.ts';
import type { BuiltKey, MessageKey } from '../../../shared/i18n/keys.ts';
import {
  addCatalogue,
  DEFAULT_LANG,
  dirOf,
  hasArea,
  isLanguage,
  LANGUAGES,
  translate,
  type Catalogue,
  type Params,
} from '../../../shared/i18n/index.ts';

// The catalogues are data, not code: each `shared/i18n/<lang>/<area>.json` is served as
// `/i18n/<lang>/<area>.json` (vite.config.ts copies them; the build's catalogue version
// busts caches), fetched when asked for. No table of chunks in the entry, so adding a
// language costs a page nothing (the server's words never leave the server).
declare const __I18N_AREAS__: readonly string[];
declare const __I18N_VERSION__: string;
const AREAS: readonly string[] = typeof __I18N_AREAS__ === 'undefined' ? [] : __I18N_AREAS__;
const VERSION = typeof __I18N_VERSION__ === 'undefined' ? 'dev' : __I18N_VERSION__;

const exists = (lang: string, area: string) => isLanguage(lang) && AREAS.includes(area);
async function fetchArea(lang: string, area: string): Promise<Catalogue> {
  const res = await fetch(`/i18n/${lang}/${area}.json?v=${VERSION}`);
  if (!res.ok) throw new Error(`catalogue ${lang}/${area}: ${res.status}`);
  return (await res.json()) as Catalogue;
}

/** The kinds that have words of their own: a `<kind>.json` beside the role areas. */
export const KIND_AREAS: readonly string[] = AREAS.filter((a) => !(ROLE_AREAS as readonly string[]).includes(a));

const expand = (areas: readonly string[]) => [...new Set(areas.flatMap((a) => (a === KINDS ? KIND_AREAS : [a])))];

const loading = new Map<string, Promise<void>>();

/** One area in one language; an area without a file (a kind with no words) is nothing to load. */
function loadArea(lang: string, area: string): Promise<void> {
  if (!exists(lang, area) || hasArea(lang, area)) return Promise.resolve();
  const id = `${lang}/${area}`;
  let p = loading.get(id);
  if (!p) {
    p = fetchArea(lang, area).then(
      (entries) => addCatalogue(lang, area, entries),
      (err: unknown) => {
        loading.delete(id); // a later call tries again
        throw err;
      },
    );
    loading.set(id, p);
  }
  return p;
}

export class I18n {
  #lang = $state(DEFAULT_LANG);
  /** Bumped when areas arrive for the shown language, so text waiting for them re-renders. */
  #loads = $state(0);
  /** The language asked for last (shown once its areas are here). */
  #wanted: string = DEFAULT_LANG;
  /** The areas this page shows. */
  #areas = new Set<string>();

  get lang(): string {
    return this.#lang;
  }

  /** The languages the UI can show (the language pickers' options). */
  get languages(): string[] {
    return [...LANGUAGES];
  }

  /**
   * Load areas. Without `lang`: the page shows them from now on, in its language, now and
   * after every switch (a kind's view: `await i18n.use([kind])`). With `lang`: once, in that
   * language only (the console's default texts in the session's language).
   */
  async use(areas: readonly string[], lang?: string): Promise<void> {
    const list = expand(areas);
    if (lang === undefined) for (const a of list) this.#areas.add(a);
    const langs = lang === undefined ? [...new Set([this.#lang, this.#wanted])] : [lang];
    const shown = this.#lang;
    const news = langs.includes(shown) && list.some((a) => exists(shown, a) && !hasArea(shown, a));
    await Promise.all(langs.flatMap((l) => list.map((a) => loadArea(l, a))));
    // Only when words arrived: an effect that calls use() and t() must not loop.
    if (news) this.#loads++;
  }

  /**
   * Switch to `lang` (an unsupported one: the default) once every area the page shows is
   * loaded in it; `areas` are added to those first (main.ts, before mounting). Resolves to
   * false, without switching, when a catalogue cannot be loaded (offline) or a later call
   * asked for another language.
   */
  async set(lang: string, areas: readonly string[] = []): Promise<boolean> {
    const next = isLanguage(lang) ? lang : DEFAULT_LANG;
    this.#wanted = next;
    for (const a of expand(areas)) this.#areas.add(a);
    try {
      // Again while `use` added areas during the wait.
      for (let missing = this.#missing(next); missing.length; missing = this.#missing(next)) {
        await Promise.all(missing.map((a) => loadArea(next, a)));
      }
    } catch {
      return false;
    }
    if (this.#wanted !== next) return false;
    this.#lang = next;
    if (typeof document !== 'undefined') {
      document.documentElement.lang = next;
      document.documentElement.dir = dirOf(next);
    }
    return true;
  }

  #missing(lang: string): string[] {
    return [...this.#areas].filter((a) => exists(lang, a) && !hasArea(lang, a));
  }

  t = (key: MessageKey | BuiltKey, params?: Params): string => {
    void this.#loads;
    // A participant's text inside a sentence keeps its own direction (R-I18N-DIR).
    return translate(this.#lang, key, params && isolateParams(params, this.#lang));
  };

  /**
   * `t` for a key taken from a table rather than written at the call (a kind's field
   * labels and summaries, a form's message keys): such tables are checked against the
   * catalogue by test/shared/i18n.test.ts instead of by the type.
   */
  tk = (key: string, params?: Params): string => this.t(key as MessageKey, params);
}

export const i18n = new I18n();
