/**
 * The page's UI language as a rune. Every visible string goes through `i18n.t`, which
 * reads `lang`, so templates re-render when the language changes. Setting the language
 * also sets `<html lang dir>` and the document title.
 */
import { CATALOGUES, DEFAULT_LANG, dirOf, translate, type Params } from '../../../shared/i18n/index.ts';

export class I18n {
  #lang = $state(DEFAULT_LANG);

  get lang(): string {
    return this.#lang;
  }

  /** The languages the UI can show, in catalogue order. */
  get languages(): string[] {
    return Object.keys(CATALOGUES);
  }

  set(lang: string): void {
    const next = CATALOGUES[lang] ? lang : DEFAULT_LANG;
    this.#lang = next;
    if (typeof document !== 'undefined') {
      document.documentElement.lang = next;
      document.documentElement.dir = dirOf(next);
    }
  }

  t = (key: string, params?: Params): string => translate(this.#lang, key, params);
}

export const i18n = new I18n();
