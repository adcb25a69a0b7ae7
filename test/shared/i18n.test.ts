/**
 * SPEC: R-I18N-COMPLETE, R-I18N-ICU — the catalogues, split per language and area
 * (`shared/i18n/<lang>/<area>.json`, see shared/i18n/areas.ts):
 * - every language has every area and every key of Dutch, and nothing else;
 * - every key the client can ask for is in the areas its page loads: a static scan of
 *   client/src (test/shared/i18n-usage.ts), part by part — the phone's frame, each kind's
 *   phone view, the board, the console (with each kind's shared module as the console loads
 *   it: its builder's summaries and field labels, not its report.ts, which only the server
 *   runs), the report, start and admin pages;
 * - the phone's areas hold only words the phone shows (its catalogue stays small);
 * - Node has every area of every language, synchronously; the runtime is tiny and imports
 *   no catalogue (the browser build loads them on demand).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { CATALOGUES, DEFAULT_LANG, LANGUAGE_NAMES, LANGUAGES, dirOf, hasArea, pickLang, translate } from '../../shared/i18n/index.ts';
import { KINDS, ROLE_AREAS, ROUTE_AREAS, ROUTE_AREAS_SESSION_LANGUAGE } from '../../shared/i18n/areas.ts';
import { ERROR_CODES } from '../../shared/constants.ts';
import { fullKindOf, KIND_NAMES } from '../../shared/activities/registry.ts';
import { clientKinds, clientParts, consoleSharedFiles, files, partNeeds } from './i18n-usage.ts';
import MessageFormat from '@messageformat/core';
import { shapeOf, type Shape } from '../../scripts/catalogue-shape.mjs';

const I18N = path.resolve('shared/i18n');
type Cat = Record<string, string>;

/** Every `<lang>/<area>.json`, read from disk. */
const AREAS: Record<string, Record<string, Cat>> = Object.fromEntries(
  fs
    .readdirSync(I18N, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => [
      e.name,
      Object.fromEntries(
        fs
          .readdirSync(path.join(I18N, e.name))
          .filter((f) => f.endsWith('.json'))
          .map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(I18N, e.name, f), 'utf8')) as Cat]),
      ),
    ]),
);
const NL = AREAS[DEFAULT_LANG];
const ALL_KEYS = Object.values(NL).flatMap((c) => Object.keys(c));
const KIND_AREAS = Object.keys(NL).filter((a) => !(ROLE_AREAS as readonly string[]).includes(a));

const expand = (areas: readonly string[]) => areas.flatMap((a) => (a === KINDS ? KIND_AREAS : [a]));
const areaOf = (key: string) => Object.keys(NL).filter((a) => key in NL[a]);

/** What each part of the client needs (key → a file asking for it), and where it may look. */
const PARTS = clientParts();
const NEEDS: Record<string, Map<string, string>> = Object.fromEntries(Object.entries(PARTS).map(([p, fl]) => [p, partNeeds(fl, ALL_KEYS)]));
for (const [k, f] of partNeeds(consoleSharedFiles(), ALL_KEYS)) if (!NEEDS.console.has(k)) NEEDS.console.set(k, f);

/** Keys made at run time from a known set, where no pattern in the code shows them all. */
const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'offline'];
const CLIENT_ERRORS = [...ERROR_CODES, 'NETWORK', 'BAD_CODE', 'MISSING_KEY'];
for (const s of CONNECTION_STATES) NEEDS.shell.set(`status.${s}`, 'connection states');
for (const c of CLIENT_ERRORS) NEEDS.shell.set(`error.${c}`, 'error codes (lib/errors.ts)');
for (const k of KIND_NAMES) NEEDS.console.set(`kind.${k}`, 'activity kinds (agenda, builder)');
// A builder's field labels are a table of keys the console translates later: each must exist.
for (const k of KIND_NAMES) {
  for (const key of Object.values(fullKindOf(k)!.builder.fieldLabels ?? {}))
    NEEDS.console.set(key, `shared/activities/${k}/builder.ts (fieldLabels)`);
}

/**
 * The areas a part can rely on. A kind's phone and board views get their kind's area (the
 * kind views load it when they are loaded); the frames must not rely on any kind's.
 */
function visible(part: string): string[] {
  const [role, kind] = part.split(':');
  if (role === 'shell') return ['common'];
  if (role === 'phone' || role === 'board') return ['common', role, ...(kind ? [kind] : [])];
  return [...expand(ROUTE_AREAS[role] ?? []), ...(ROUTE_AREAS_SESSION_LANGUAGE[role] ?? [])];
}

const gz = (o: unknown) => zlib.gzipSync(JSON.stringify(o), { level: 9 }).length;

describe('layout', () => {
  test('one folder per supported language, nothing else', () => {
    expect(Object.keys(AREAS).sort()).toEqual([...LANGUAGES].sort());
    expect(fs.readdirSync(I18N).filter((f) => f.endsWith('.json'))).toEqual([]);
    for (const lang of LANGUAGES) expect(LANGUAGE_NAMES[lang], lang).toBeTruthy();
  });

  test('areas are the role areas and one per activity kind', () => {
    for (const a of KIND_AREAS) expect(KIND_NAMES, `${a}.json is neither a role area nor a kind`).toContain(a);
    for (const a of KIND_AREAS) expect(clientKinds()).toContain(a);
    expect(Object.keys(NL)).toEqual(expect.arrayContaining(['common', 'phone', 'board', 'console', 'report', 'start', 'admin']));
  });

  test('no key is in two areas', () => {
    for (const lang of LANGUAGES) {
      const seen = new Map<string, string>();
      const twice: string[] = [];
      for (const [area, cat] of Object.entries(AREAS[lang])) {
        for (const k of Object.keys(cat)) {
          if (seen.has(k)) twice.push(`${lang}: ${k} in ${seen.get(k)} and ${area}`);
          seen.set(k, area);
        }
      }
      expect(twice).toEqual([]);
    }
  });

  test('the runtime imports no catalogue (the browser loads them per area)', () => {
    const runtime = ['index.ts', 'languages.ts', 'areas.ts', 'node.ts'].map((f) => fs.readFileSync(path.join(I18N, f), 'utf8'));
    for (const src of runtime) expect(src).not.toMatch(/from\s+['"][^'"]+\.json['"]/);
    const importers = [...files(path.resolve('client/src')), ...files(path.resolve('shared'))].filter((f) =>
      /from\s+['"][^'"]*i18n\/[^'"]*\.json['"]/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});

describe.each(LANGUAGES.filter((l) => l !== DEFAULT_LANG))('language %s', (lang) => {
  test('has every area and every key of Dutch, area by area, and no other', () => {
    expect(Object.keys(AREAS[lang]).sort()).toEqual(Object.keys(NL).sort());
    for (const area of Object.keys(NL)) {
      const cat = AREAS[lang][area] ?? {};
      expect(
        Object.keys(NL[area]).filter((k) => !(k in cat)),
        `${lang}/${area}.json lacks`,
      ).toEqual([]);
      expect(
        Object.keys(cat).filter((k) => !(k in NL[area])),
        `${lang}/${area}.json has extra`,
      ).toEqual([]);
    }
  });
});

describe.each([...LANGUAGES])('catalogue %s', (lang) => {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;

  test("every text is a non-empty ICU message with the same placeholders as Dutch, and every plural has exactly the language's categories", () => {
    const bad: string[] = [];
    for (const [area, cat] of Object.entries(AREAS[lang])) {
      for (const [k, v] of Object.entries(cat)) {
        if (typeof v !== 'string' || !v.trim()) {
          bad.push(`${area}: ${k} is empty`);
          continue;
        }
        let shape: Shape;
        try {
          shape = shapeOf(v);
        } catch (e) {
          bad.push(`${area}: ${k} is not ICU MessageFormat (${(e as Error).message})`);
          continue;
        }
        const nl = NL[area]?.[k] === undefined ? undefined : shapeOf(NL[area][k]);
        if (nl && shape.args.join(',') !== nl.args.join(',')) bad.push(`${area}: ${k} has {${shape.args}}, Dutch {${nl.args}}`);
        if (nl && shape.plurals.join(',') !== nl.plurals.join(',')) bad.push(`${area}: ${k} counts ${shape.plurals}, Dutch ${nl.plurals}`);
        for (const cats of shape.cases) {
          if ([...cats].sort().join(',') !== [...categories].sort().join(','))
            bad.push(`${area}: ${k} has plural forms ${cats.join(' ')}; ${lang} needs exactly ${categories.join(' ')}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('the runtime formats every message as the reference implementation does (@messageformat/core)', () => {
    const mf = new MessageFormat(lang);
    // Both format `#` through Intl; the runtime also formats plain numeric arguments, so digits are compared as digits.
    const latin = (s: string) =>
      s
        .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660))
        .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
        .replace(/[.,\u066b\u066c\u00a0](?=\d{3}\b)/g, '');
    const differ: string[] = [];
    for (const cat of Object.values(AREAS[lang])) {
      for (const [k, v] of Object.entries(cat)) {
        const { args, plurals } = shapeOf(v);
        const compiled = mf.compile(v);
        for (const n of plurals.length ? [0, 1, 2, 3, 5, 11, 21, 100, 102] : [7]) {
          const params = Object.fromEntries(args.map((a) => [a, plurals.includes(a) ? n : `‹${a}›`]));
          const mine = translate(lang, k, params);
          const ref = String(compiled(params));
          if (latin(mine) !== latin(ref)) differ.push(`${k} (${n}): ${mine} ≠ ${ref}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  test.each(Object.keys(PARTS).concat())('part %s finds every key it uses in the areas it loads', (part) => {
    const areas = visible(part);
    const cat = Object.assign({}, ...areas.map((a) => AREAS[lang][a] ?? {}));
    const missing = [...NEEDS[part]]
      .filter(([k]) => !(k in cat))
      .map(([k, file]) => `${k} (${file}) is in ${areaOf(k).join(', ') || 'no area'}; put it in one of ${areas.join(', ')}`);
    expect(missing).toEqual([]);
  });

  test('a text the client counts with `count` and that is not a plural names the count (no "1 items")', () => {
    const re = /i18n\.t\(\s*'([A-Za-z0-9_.]+)'\s*,\s*\{([^}]*)\}/g;
    const bad: string[] = [];
    const cat = Object.assign({}, ...Object.values(AREAS[lang])) as Cat;
    for (const file of files(path.resolve('client/src'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(re)) {
        if (/\bcount\s*:/.test(m[2]) && cat[m[1]] && !shapeOf(cat[m[1]]).args.includes('count')) bad.push(m[1]);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('the phone stays small', () => {
  const phoneParts = Object.keys(PARTS).filter((p) => p === 'phone' || p.startsWith('phone:'));
  const phoneNeeds = new Set([...NEEDS.shell.keys(), ...phoneParts.flatMap((p) => [...NEEDS[p].keys()])]);
  const routesUsing = (k: string) =>
    new Set(
      Object.keys(NEEDS)
        .filter((p) => NEEDS[p].has(k))
        .map((p) => p.split(':')[0]),
    );

  test('phone and kind areas hold only words a phone shows', () => {
    const extra = [
      ...Object.keys(NL.phone)
        .filter((k) => !phoneNeeds.has(k))
        .map((k) => `phone: ${k}`),
      ...KIND_AREAS.flatMap((a) =>
        Object.keys(NL[a])
          .filter((k) => !NEEDS[`phone:${a}`]?.has(k))
          .map((k) => `${a}: ${k}`),
      ),
    ];
    expect(extra).toEqual([]);
  });

  test('common holds words of every page, the phone, or several pages', () => {
    const extra = Object.keys(NL.common).filter((k) => !phoneNeeds.has(k) && routesUsing(k).size < 2);
    expect(extra).toEqual([]);
  });

  // Cyrillic and Arabic letters take two bytes each in UTF-8: the same words weigh about a
  // third more than in Dutch (nl 1.2 / 1.6 KB, uk and ru 1.5 / 2.0 KB when this was set).
  // Issue 11 added what a phone must be able to say on its own when the server refuses
  // (session full or ended, read-only disk, busy, quota): uk and ru 1.8 KB since.
  test.each([...LANGUAGES])('%s: common + phone ≤ 1.875 KB gzipped, each kind ≤ 2.25 KB', (lang) => {
    expect(gz({ ...AREAS[lang].common, ...AREAS[lang].phone })).toBeLessThanOrEqual(1920);
    for (const a of KIND_AREAS) expect(gz(AREAS[lang][a]), a).toBeLessThanOrEqual(2304);
  });
});

describe('Node runtime', () => {
  test('has every area of every language, synchronously', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LANGUAGES].sort());
    for (const lang of LANGUAGES) {
      for (const area of Object.keys(NL)) expect(hasArea(lang, area), `${lang}/${area}`).toBe(true);
      expect(Object.keys(CATALOGUES[lang]).length).toBe(ALL_KEYS.length);
    }
  });

  test('plurals, placeholders, fallbacks', () => {
    expect(AREAS.en.board['board.here']).toBe('{count, plural, one {# participant here} other {# participants here}}');
    expect(translate('en', 'board.here', { count: 1 })).toBe('1 participant here');
    expect(translate('en', 'board.here', { count: 1200 })).toBe('1,200 participants here');
    expect(translate('nl', 'board.here', { count: 1200 })).toBe('1.200 deelnemers aanwezig');
    expect(translate('nl', 'app.name')).toBe(NL.common['app.name']);
    expect(translate('xx', 'phone.joining')).toBe(NL.phone['phone.joining']);
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  test('pickLang and dirOf', () => {
    expect(pickLang(['fr-FR', 'en-GB', 'nl'])).toBe('fr');
    expect(pickLang(['de-DE', 'uk-UA', 'ru'])).toBe('uk');
    expect(pickLang(['ar-MA'])).toBe('ar');
    expect(pickLang(['prs-AF'])).toBe('fa'); // Dari is written as Persian
    expect(pickLang(['de'])).toBe(DEFAULT_LANG);
    expect(pickLang(undefined, 'en')).toBe('en');
    expect(dirOf('ar-EG')).toBe('rtl');
    expect(dirOf('nl')).toBe('ltr');
  });
});
