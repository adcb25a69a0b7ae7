/**
 * Lines of mixed-direction text for the PDF (R-REPORT-PDF-RTL). pdfkit draws a string
 * left to right and has no bidi; its font engine (fontkit) shapes Arabic joining forms
 * when a run of one script comes in logical order, and reverses a right-to-left script's
 * glyphs itself. So each paragraph is:
 * 1. resolved with the Unicode bidi algorithm (bidi-js): an embedding level per character,
 *    the paragraph's direction from its first strong letter (as `dir="auto"`), else the
 *    report's;
 * 2. wrapped into lines by measuring words (in logical order, breaking at spaces; a word
 *    wider than the line is cut);
 * 3. each line reordered (rule L2) and cut into runs of one direction, in visual order,
 *    each run's text in the order fontkit needs to draw it the right way round: mirrored
 *    brackets in right-to-left runs; reversed by us where fontkit would not reverse it (a
 *    right-to-left run of neutrals) or would reverse it wrongly (Arabic-Indic digits, which
 *    run left to right).
 * Bidi controls (isolates, marks) steer the levels and are not drawn.
 */
import bidiFactory from 'bidi-js';
import { firstStrong } from '../../shared/bidi.ts';

const bidi = bidiFactory();

export interface Run {
  /** The text to hand to pdfkit, drawn left to right from the run's x. */
  text: string;
  width: number;
}
export interface Line {
  runs: Run[];
  width: number;
}
export interface Laid {
  lines: Line[];
  /** The paragraph's own direction (its first strong letter, else the fallback). */
  rtl: boolean;
}
export type Measure = (text: string) => number;

/** Bidi formatting characters: they shape the levels but have no glyph to draw. */
const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- control characters cannot be drawn; tabs become spaces
const UNDRAWABLE = /[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]/g;
const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/** The first character fontkit takes a script from: not Common, Inherited or Unknown. */
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/u;

/** Would fontkit lay this text out right to left (and so reverse its glyphs)? */
function fontkitRtl(text: string): boolean {
  const m = SCRIPTED.exec(text);
  return !!m && RTL_SCRIPT.test(m[0]);
}
const reversed = (s: string) => Array.from(s).reverse().join('');

/** The text as it can be drawn: no controls, tabs as spaces. */
export const drawable = (s: string): string => s.replace(/\t/g, ' ').replace(UNDRAWABLE, '');

/** Line ranges [start, end) of `p`, each at most `max` wide, broken at spaces (logical order). */
export function wrap(p: string, max: number, measure: Measure): [number, number][] {
  const words = [...p.matchAll(/[^ ]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const space = measure(' ');
  const lines: [number, number][] = [];
  let start = -1;
  let end = -1;
  let width = 0;
  const w = (a: number, b: number) => measure(p.slice(a, b).replace(CONTROLS, ''));
  for (const word of words) {
    let ww = w(word.start, word.end);
    if (start >= 0 && width + space + ww <= max) {
      end = word.end;
      width += space + ww;
      continue;
    }
    if (start >= 0) lines.push([start, end]);
    start = word.start;
    // A word wider than a line: cut it, by code points, into pieces that fit.
    while (ww > max) {
      let cut = start;
      for (const ch of p.slice(start, word.end)) {
        if (cut > start && w(start, cut + ch.length) > max) break;
        cut += ch.length;
      }
      if (cut >= word.end) break;
      lines.push([start, cut]);
      start = cut;
      ww = w(start, word.end);
    }
    end = word.end;
    width = ww;
  }
  if (start >= 0) lines.push([start, end]);
  return lines;
}

/** One line [start, end) of a resolved paragraph, as runs in visual order. */
function runsOf(p: string, levels: ReturnType<typeof bidi.getEmbeddingLevels>, start: number, end: number, measure: Measure): Run[] {
  const order = bidi.getReorderedIndices(p, levels, start, end - 1).slice(start, end);
  const groups: number[][] = [];
  for (const i of order) {
    const last = groups.at(-1);
    const prev = last?.at(-1);
    const odd = levels.levels[i] & 1;
    if (last && prev !== undefined && (levels.levels[prev] & 1) === odd && i === prev + (odd ? -1 : 1)) last.push(i);
    else groups.push([i]);
  }
  return groups.flatMap((g) => {
    const rtl = (levels.levels[g[0]] & 1) === 1;
    const logical = rtl ? [...g].reverse() : g;
    let text = logical.map((i) => (rtl ? (bidi.getMirroredCharacter(p[i]) ?? p[i]) : p[i])).join('');
    text = drawable(text.replace(CONTROLS, ''));
    if (!text) return [];
    if (fontkitRtl(text) !== rtl) text = reversed(text);
    return [{ text, width: measure(text) }];
  });
}

/**
 * `text` laid out in lines at most `max` wide: each line's runs in visual order.
 * `fallback` is the direction of a paragraph without a strong letter (the report's).
 */
export function layout(text: string, max: number, measure: Measure, fallback: 'rtl' | 'ltr'): Laid {
  const paragraphs = text.split(/\r\n|\r|\n|\u2029/);
  const dir = firstStrong(text) ?? fallback;
  const lines: Line[] = [];
  for (const raw of paragraphs) {
    const p = raw.replace(/\t/g, ' ');
    if (!p.trim()) {
      lines.push({ runs: [], width: 0 });
      continue;
    }
    const ranges = wrap(p, max, measure);
    // Plain left-to-right text needs no reordering.
    const plain = dir === 'ltr' && !RTL_CHAR.test(p);
    const levels = plain ? undefined : bidi.getEmbeddingLevels(p, dir);
    for (const [s, e] of ranges) {
      const runs = levels
        ? runsOf(p, levels, s, e, measure)
        : [{ text: drawable(p.slice(s, e).replace(CONTROLS, '')), width: 0 }].map((r) => ({ ...r, width: measure(r.text) }));
      lines.push({ runs, width: runs.reduce((n, r) => n + r.width, 0) });
    }
  }
  return { lines, rtl: dir === 'rtl' };
}
