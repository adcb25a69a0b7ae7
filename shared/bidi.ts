/**
 * Mixed directions in plain text (reports): an Arabic post-it inside a Dutch sentence, a
 * Dutch one inside an Arabic report. Text of the other direction is wrapped in Unicode
 * isolates (FSI … PDI, the plain-text `<bdi>`), so "6 stemmen" stays after its text.
 * Text that needs none gets none: a Dutch report of Dutch post-its is unchanged.
 */
import { dirOf } from './i18n/languages.ts';

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/** Strong left-to-right letters (Latin, Greek, Cyrillic…), roughly. */
const LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]/;
const FSI = '\u2068';
const PDI = '\u2069';

export const hasRtl = (s: string): boolean => RTL.test(s);

/** The direction of the first strong letter outside isolates, as `dir="auto"` finds it. */
export function firstStrong(s: string): 'rtl' | 'ltr' | null {
  let depth = 0;
  for (const ch of s) {
    if (ch === FSI || ch === '\u2066' || ch === '\u2067') depth++;
    else if (ch === PDI) depth = Math.max(0, depth - 1);
    else if (depth === 0 && RTL.test(ch)) return 'rtl';
    else if (depth === 0 && LTR.test(ch)) return 'ltr';
  }
  return null;
}

/** `s` isolated when it holds letters that run against `lang`'s direction. */
export function isolate(s: string, lang: string): string {
  const against = dirOf(lang) === 'rtl' ? LTR : RTL;
  return against.test(s) && !s.startsWith(FSI) ? `${FSI}${s}${PDI}` : s;
}

/** The language of right-to-left text, for documents that mark it: Persian by its own letters, else Arabic. */
export const rtlLangOf = (s: string, lang: string): string => (dirOf(lang) === 'rtl' ? lang : /[پچژگکی]/.test(s) ? 'fa' : 'ar');

/**
 * `text`, then `suffix` (a count, a note) after it in reading order: when the text runs
 * against the report's direction the paragraph takes the text's direction (an Arabic
 * post-it is an Arabic line) and the suffix, in the report's language, is isolated in it.
 */
export function withSuffix(text: string, sep: string, suffix: string, lang: string): string {
  const d = firstStrong(text);
  return `${text}${sep}${d && d !== dirOf(lang) ? `${FSI}${suffix}${PDI}` : suffix}`;
}

/** Every text parameter of a message isolated where needed (numbers are formatted by the message). */
export const isolateParams = (params: Record<string, string | number>, lang: string): Record<string, string | number> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? isolate(v, lang) : v]));
