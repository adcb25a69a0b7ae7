/**
 * The languages Kring speaks: the one list, used by the language pickers, by pickLang and
 * by the catalogue loaders. Adding a language = one line here and one folder of JSON,
 * `shared/i18n/<lang>/`, with the same files and keys as `nl/` (a test checks).
 */
export const LANGUAGES = ['nl', 'en', 'fr', 'ar', 'fa', 'tr', 'uk', 'ru'] as const;
export const DEFAULT_LANG = 'nl';

/** The names of the languages, each in its own language (for the language pickers). */
export const LANGUAGE_NAMES: Record<string, string> = {
  nl: 'Nederlands',
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  fa: 'فارسی',
  tr: 'Türkçe',
  uk: 'Українська',
  ru: 'Русский',
};

/** Browser language tags that mean one of ours: Dari (prs) is written as Persian. */
const ALIASES: Record<string, string> = { prs: 'fa' };

/** Languages written right to left; `dir="rtl"` is set for them. */
export const RTL_LANGS = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb']);

export const isLanguage = (lang: string): boolean => (LANGUAGES as readonly string[]).includes(lang);

export const dirOf = (lang: string): 'rtl' | 'ltr' => (RTL_LANGS.has(lang.split('-')[0]) ? 'rtl' : 'ltr');

/** The best supported language for a list of preferences (e.g. navigator.languages). */
export function pickLang(prefs: readonly string[] | undefined, fallback = DEFAULT_LANG): string {
  for (const p of prefs ?? []) {
    const base = p.toLowerCase().split('-')[0];
    const lang = ALIASES[base] ?? base;
    if (isLanguage(lang)) return lang;
  }
  return fallback;
}
