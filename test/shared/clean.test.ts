/**
 * R-TEXT-CLEAN: what shared/clean.ts strips from text at the edge, what it keeps (line
 * breaks, tabs, the joiners Persian needs, direction marks), names with nothing visible,
 * and every string of a JSON value (keys as they are).
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanName, cleanText, isCleanName } from '../../shared/clean.ts';
import { CORE_EVENTS, NameField } from '../../shared/events.ts';

const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join(' ');

describe('cleanText (R-TEXT-CLEAN)', () => {
  it('R-TEXT-CLEAN: strips every C0 and C1 control but tab and line feed, and DEL', () => {
    const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i))
      .concat(Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)))
      .filter((c) => c !== '\t' && c !== '\n' && c !== '\r');
    expect(controls).toHaveLength(0x20 - 3 + 0x21);
    for (const c of controls) expect(hex(cleanText(`a${c}b`)), hex(c)).toBe(hex('ab'));
    expect(cleanText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('R-TEXT-CLEAN: line breaks become \\n (CR LF and a lone CR)', () => {
    expect(cleanText('one\r\ntwo\rthree\n\nfour')).toBe('one\ntwo\nthree\n\nfour');
  });

  it('R-TEXT-CLEAN: strips bidi embeddings, overrides and isolates; keeps ZWNJ, ZWJ, LRM, RLM and ALM', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])
      expect(hex(cleanText(`x${c}y`)), hex(c)).toBe(hex('xy'));
    // "می‌خواهم" (I want) needs its ZWNJ; an emoji family its ZWJs.
    for (const keep of ['می\u200Cخواهم', '👩\u200D👩\u200D👧', 'a\u200Eb', 'a\u200Fb', 'a\u061Cb'])
      expect(cleanText(keep), hex(keep)).toBe(keep);
  });

  it('R-TEXT-CLEAN: strips lone surrogates and U+FFFE/U+FFFF, keeps pairs (emoji, rare CJK)', () => {
    expect(hex(cleanText('a\uD800b\uDC00c\uFFFEd\uFFFF'))).toBe(hex('abcd'));
    for (const keep of ['😀', '𠜎', 'é', 'ﷺ']) expect(cleanText(keep)).toBe(keep);
  });

  it('R-TEXT-CLEAN: ordinary text comes back as the same string', () => {
    for (const s of ['', 'Een betere bus', 'ما الذي ينقص الحي؟', 'Привіт, світ', '  spaces kept  ']) expect(cleanText(s)).toBe(s);
  });
});

describe('cleanName (R-TEXT-CLEAN)', () => {
  it.each([
    ['plain', 'Ann', 'Ann'],
    ['trimmed', '  Ann  ', 'Ann'],
    ['a line break or a tab is one space', 'Ann\r\n\tMarie', 'Ann Marie'],
    ['controls and overrides gone', '\u202EnnA\u0000\u000B', 'nnA'],
    ['NFC', 'Jose\u0301', 'José'],
    ['Persian with its ZWNJ', 'مهر\u200Cانگیز', 'مهر\u200Cانگیز'],
    ['only spaces', '   ', ''],
    ['only zero-width and format characters', '\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''],
    ['only direction marks', '\u200E\u200F\u061C', ''],
    ['only a Hangul filler', '\u3164', ''],
    ['only blank braille', '\u2800\u2800', ''],
    ['only combining marks', '\u0301\u0308', ''],
    ['only bidi controls and no-break spaces', '\u202E\u00A0\u2007\u202F', ''],
    ['a single visible letter among invisible ones', '\u200B a \u200B', '\u200B a \u200B'],
  ])('R-TEXT-CLEAN: %s', (_name, input, output) => {
    expect(hex(cleanName(input))).toBe(hex(output));
    expect(isCleanName(cleanName(input))).toBe(true);
  });

  it('R-TEXT-CLEAN: a stored name must be clean: the event schemas refuse an override, a line break or an invisible-only name', () => {
    for (const bad of ['\u202EAnn', 'Ann\nMarie', ' Ann', '\u200B', 'Jose\u0301']) expect(v.is(NameField, bad), hex(bad)).toBe(false);
    expect(v.is(NameField, 'Ann')).toBe(true);
    expect(v.is(NameField, '')).toBe(true); // participant.renamed: no name
    expect(v.is(CORE_EVENTS['participant.joined'], { type: 'participant.joined', pid: 'pid00001', name: '\u2800' })).toBe(false);
  });
});

describe('cleanDeep (R-TEXT-CLEAN)', () => {
  it('R-TEXT-CLEAN: cleans every string in objects and arrays, not keys; other values as they are', () => {
    const input = JSON.parse(
      '{"a\\u0000":"x\\u0000y","list":["\\u202Eab",{"deep":["c\\r\\nd"]},1,true,null],"__proto__":"p\\u000Bq","n":2}',
    );
    const out = cleanDeep(input) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['a\u0000', 'list', '__proto__', 'n']);
    expect(out['a\u0000']).toBe('xy');
    expect(out.list).toEqual(['ab', { deep: ['c\nd'] }, 1, true, null]);
    // A `__proto__` key stays a key (it does not become the prototype).
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.__proto__ === 'pq' || Object.getOwnPropertyDescriptor(out, '__proto__')?.value === 'pq').toBe(true);
    // The input is not changed.
    expect(input['a\u0000']).toBe('x\u0000y');
  });

  it('R-TEXT-CLEAN: a value with nothing to clean comes back as the same object', () => {
    const clean = { type: 'brainstorm.add', text: 'Een buurtpark', tags: ['a', 'b'], n: 1 };
    expect(cleanDeep(clean)).toBe(clean);
    expect(cleanDeep('plain')).toBe('plain');
  });

  it('R-TEXT-CLEAN: a very deep value neither throws nor loops', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => cleanDeep(deep)).not.toThrow();
  });
});
