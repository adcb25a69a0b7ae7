/**
 * R-TEXT-CLEAN: text as it enters Kring (socket payloads, imports, names). Tiny and
 * dependency-free, so that the phone may use it too.
 *
 * - `cleanText`: line breaks become `\n` (from `\r\n` or a lone `\r`); other C0 and C1
 *   control characters (NUL, vertical tab, escape, …; tabs stay), the bidi embedding,
 *   override and isolate controls (U+202A–U+202E, U+2066–U+2069), lone surrogates and
 *   the non-characters U+FFFE/U+FFFF are removed. Kept: ZWNJ/ZWJ (U+200C/U+200D, needed in
 *   Persian and Indic scripts) and the direction marks LRM, RLM and ALM.
 * - `cleanName`: a display name: cleanText, NFC, line breaks and tabs as one space,
 *   trimmed; a name with no visible character (only spaces, zero-width, format or other
 *   invisible characters) becomes '' (no name).
 * - `cleanDeep`: cleanText on every string in a JSON value (not on keys).
 */

// C0 controls but \t and \n, DEL, C1; bidi embeddings, overrides and isolates;
// U+FFFE/U+FFFF; lone surrogates (with the u flag a pair is one code point, so only a
// lone half matches; no lookbehind, which older Safari lacks). \r becomes \n before.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const DIRTY = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF\uD800-\uDFFF]/u;
const STRIP = new RegExp(DIRTY.source, 'gu');

export function cleanText(s: string): string {
  if (!DIRTY.test(s)) return s;
  return s.replace(/\r\n?/g, '\n').replace(STRIP, '');
}

/**
 * What shows nothing on its own: white space, controls, format characters (zero-width
 * space and joiners, direction marks, soft hyphen, word joiner, BOM), other default-ignorable
 * code points (Hangul fillers, variation selectors), combining marks without a letter, and
 * the blank braille pattern.
 */
const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800]*$/u;

export function cleanName(s: string): string {
  const name = cleanText(s)
    .normalize('NFC')
    .replace(/[\n\t]+/g, ' ')
    .trim();
  return INVISIBLE.test(name) ? '' : name;
}

/** A name that cleanName leaves as it is (what a stored name must be). */
export const isCleanName = (s: string): boolean => cleanName(s) === s;

/** Nesting beyond this is left as it is (no schema accepts it; no recursion without end). */
const MAX_DEPTH = 64;

/** cleanText on every string in a JSON value; a value with nothing to clean comes back as it was. */
export function cleanDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const c = cleanDeep(item, depth + 1);
      if (c !== item) (out ??= [...value])[i] = c;
    });
    return (out ?? value) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // a Buffer, a Date: not JSON text
  const entries = Object.entries(value);
  let changed = false;
  const cleaned = entries.map(([k, item]) => {
    const c = cleanDeep(item, depth + 1);
    if (c !== item) changed = true;
    return [k, c] as const;
  });
  // fromEntries defines the keys as own data properties (a `__proto__` key stays a key).
  return changed ? (Object.fromEntries(cleaned) as T) : value;
}
