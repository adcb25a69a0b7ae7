/**
 * ICU MessageFormat for the catalogues: the subset Kring's messages use, small enough for
 * the phone's budget (see docs/languages.md for what was measured).
 *
 *   {name}                                      a placeholder (numbers through Intl.NumberFormat)
 *   {count, plural, =0 {…} one {# item} other {# items}}   CLDR plural categories via Intl.PluralRules
 *   {mode, select, checkin {…} other {…}}       a choice on a string
 *   '{' '' …                                    ICU apostrophe quoting (a lone ' is a letter)
 *
 * test/shared/i18n.test.ts formats every message of every language with this and with the
 * reference implementation (@messageformat/core) and expects the same text.
 */
export type Params = Record<string, string | number>;

type Part = string | { a: string; t?: 'plural' | 'select'; o: Record<string, Part[]> } | 0; // 0 = '#'
type Parsed = Part[];

const cache = new Map<string, Parsed>();

function parse(src: string): Parsed {
  let i = 0;
  const fail = () => {
    throw new SyntaxError(`Bad message at ${i}: ${src}`);
  };
  const ws = () => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const word = () => {
    ws();
    const m = /^[^\s,{}]+/.exec(src.slice(i));
    if (!m) fail();
    i += m![0].length;
    ws();
    return m![0];
  };
  const message = (inPlural: boolean): Parsed => {
    const out: Parsed = [];
    let text = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '}') break;
      if (c === '{') {
        if (text) out.push(text);
        text = '';
        i++;
        const a = word();
        if (src[i] === '}') {
          i++;
          out.push({ a, o: {} });
          continue;
        }
        if (src[i++] !== ',') fail();
        const t = word();
        if (t !== 'plural' && t !== 'select') fail();
        if (src[i++] !== ',') fail();
        const o: Record<string, Part[]> = {};
        for (ws(); src[i] !== '}'; ws()) {
          const key = word();
          if (key.startsWith('offset:')) fail();
          if (src[i++] !== '{') fail();
          o[key] = message(t !== 'select');
          if (src[i++] !== '}') fail();
          if (i > src.length) fail();
        }
        i++;
        out.push({ a, t: t as 'plural' | 'select', o });
      } else if (c === '#' && inPlural) {
        if (text) out.push(text);
        text = '';
        out.push(0);
        i++;
      } else if (c === "'" && src[i + 1] === "'") {
        text += "'";
        i += 2;
      } else if (c === "'" && (/[{}]/.test(src[i + 1] ?? '') || (inPlural && src[i + 1] === '#'))) {
        // quoted literal up to the next lone apostrophe
        for (i++; i < src.length; i++) {
          if (src[i] === "'" && src[i + 1] === "'") text += src[i++];
          else if (src[i] === "'") break;
          else text += src[i];
        }
        i++;
      } else {
        text += c;
        i++;
      }
    }
    if (text) out.push(text);
    return out;
  };
  const parsed = message(false);
  if (i < src.length) fail();
  return parsed;
}

const show = (lang: string, v: string | number | undefined) => (typeof v === 'number' ? new Intl.NumberFormat(lang).format(v) : (v ?? ''));

function run(parts: Parsed, lang: string, params: Params, n?: number): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else if (p === 0) s += show(lang, n);
    else if (!p.t) s += p.a in params ? show(lang, params[p.a]) : `{${p.a}}`;
    else {
      const v = params[p.a];
      const key = p.t === 'select' ? String(v) : `=${v}` in p.o ? `=${v}` : new Intl.PluralRules(lang).select(Number(v));
      s += run(p.o[key] ?? p.o.other ?? [], lang, params, p.t === 'plural' ? Number(v) : n);
    }
  }
  return s;
}

/** Format one catalogue message in `lang` (the parse is cached per message). */
export function format(message: string, lang: string, params: Params = {}): string {
  if (!/[{'#]/.test(message)) return message;
  let parsed = cache.get(message);
  if (!parsed) cache.set(message, (parsed = parse(message)));
  return run(parsed, lang, params);
}
