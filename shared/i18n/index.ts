/**
 * The i18n catalogues. Every UI string lives here; Dutch is the default, English is
 * complete (a test checks that every catalogue has every key of nl.json). Plural forms
 * use `key.one` / `key.other` chosen by Intl.PluralRules; `{name}` placeholders are
 * filled from params. Adding a language = one JSON file and one line in CATALOGUES.
 */
import nl from './nl.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import nlContent from './content/nl.json' with { type: 'json' };
import enContent from './content/en.json' with { type: 'json' };
import nlFlow from './flow.nl.json' with { type: 'json' };
import enFlow from './flow.en.json' with { type: 'json' };
import nlDecide from './decide.nl.json' with { type: 'json' };
import enDecide from './decide.en.json' with { type: 'json' };
import nlReport from './report.nl.json' with { type: 'json' };
import enReport from './report.en.json' with { type: 'json' };

export type Catalogue = Record<string, string>;
/**
 * One catalogue per language, merged from: the UI core (`<lang>.json`), the session flow
 * (`flow.<lang>.json`: check-in, brainstorm, dot vote, timer, agenda builder), decisions
 * (`decide.<lang>.json`: Deep Democracy, group work), the report (`report.<lang>.json`)
 * and default content (`content/<lang>.json`: templates, question decks).
 */
export const CATALOGUES: Record<string, Catalogue> = {
  nl: { ...nl, ...nlFlow, ...nlDecide, ...nlReport, ...nlContent },
  en: { ...en, ...enFlow, ...enDecide, ...enReport, ...enContent },
};
export const DEFAULT_LANG = 'nl';
/** Languages written right to left; `dir="rtl"` is set for them. */
export const RTL_LANGS = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb']);
/** The names of the languages, each in its own language (for the language picker). */
export const LANGUAGE_NAMES: Record<string, string> = { nl: 'Nederlands', en: 'English' };

export const dirOf = (lang: string): 'rtl' | 'ltr' =>
  RTL_LANGS.has(lang.split('-')[0]) ? 'rtl' : 'ltr';

/** The best catalogue language for a list of preferences (e.g. navigator.languages). */
export function pickLang(prefs: readonly string[] | undefined, fallback = DEFAULT_LANG): string {
  for (const p of prefs ?? []) {
    const base = p.toLowerCase().split('-')[0];
    if (CATALOGUES[base]) return base;
  }
  return fallback;
}

export type Params = Record<string, string | number>;

export function translate(lang: string, key: string, params?: Params): string {
  const cat = CATALOGUES[lang] ?? CATALOGUES[DEFAULT_LANG];
  let text: string | undefined;
  if (params && typeof params.count === 'number') {
    const form = new Intl.PluralRules(lang).select(params.count);
    text = cat[`${key}.${form}`] ?? cat[`${key}.other`];
  }
  text ??= cat[key] ?? CATALOGUES[DEFAULT_LANG][key];
  if (text === undefined) return key;
  return params ? text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : text;
}
