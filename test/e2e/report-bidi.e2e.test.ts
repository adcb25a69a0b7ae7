/**
 * SPEC: R-REPORT-BIDI-PRINT — the print page of a mixed-language report, printed to PDF in
 * real Chromium: a count stays after its post-it, in the rendered output.
 *
 * A Dutch session with an Arabic and a Dutch post-it and a dot vote on them (6 and 3
 * dots), played over sockets as in test/server/report-bidi.test.ts. The brainstorm's part
 * of the report lists each post-it with its count ("<text>; 6 stemmen"). The print page
 * (`/r/<id>#k=<key>`) is printed with `page.pdf()` (A4), and the PDF's text is read back
 * with pdfjs-dist: its glyphs with their positions, line by line.
 *
 * "After" depends on the line's direction, taken from the DOM: the post-it's `<bdi>` takes
 * the direction of its first strong letter, so the Arabic line runs right to left and its
 * count, after the text in reading order, is to the LEFT of the Arabic text; the Dutch
 * line runs left to right and its count is to the right. The same is checked on the page
 * itself (Range rects of the count and of the text, on screen and with print media), and
 * again in the Arabic version of the report, where the Dutch post-it is the one against
 * the report's direction.
 *
 * The PDFs go to test-artifacts/e2e/report-bidi/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { translate } from '../../shared/i18n/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import type { Peer } from '../helpers/client.ts';
import { ARABIC, DUTCH, mixedRoom } from '../helpers/mixed-room.ts';
import { artifactsIn, browserFixture, nl, WAIT } from './fixture.ts';

const TITLE = 'Buurtavond';
const ARABIC_DOTS = 6;
const DUTCH_DOTS = 3;
const FSI = '\u2068';
const PDI = '\u2069';
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'nl-NL' };
/** PDF points: glyph positions are exact, the split of one text item into characters is proportional. */
const TOLERANCE = 0.5;

const fx = browserFixture();
const { dir: ARTIFACTS, shot } = artifactsIn('report-bidi');

let s: CreatedSession;
const peers: Peer[] = [];

/** Amal writes the Arabic post-it, Jan the Dutch one; 6 dots on the Arabic, 3 on the Dutch. */
beforeAll(async () => {
  const room = await mixedRoom(fx.server.url, { title: TITLE, dutchDots: DUTCH_DOTS });
  s = room.s;
  peers.push(...room.peers);
  const { f, vote } = room;
  expect(await f.cmd('dotvote.reveal', { activityId: vote, revealed: true })).toMatchObject({ ok: true });
}, 60_000);

afterAll(() => {
  for (const p of peers) p.close();
});

type Dir = 'ltr' | 'rtl';
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface DomLine {
  /** The direction the post-it's line is laid out in (the `<bdi>`'s computed direction). */
  dir: Dir;
  /** The same, by the `:dir()` pseudo-class. */
  dirPseudo: Dir;
  data: string;
  text: Box;
  count: Box;
}

/** The post-it's list item on the page: its direction and the rects of its text and of its count (Ranges). */
function domLine(page: Page, text: string, count: string): Promise<DomLine | null> {
  return page.evaluate(
    ([text, count]) => {
      const bdi = [...document.querySelectorAll('[data-testid="report"] li > bdi')].find((b) => b.textContent?.startsWith(text));
      const node = bdi?.firstChild;
      if (!bdi || !(node instanceof Text) || !node.data.includes(count)) return null;
      const box = (from: number, to: number) => {
        const r = document.createRange();
        r.setStart(node, from);
        r.setEnd(node, to);
        const rects = [...r.getClientRects()].filter((x) => x.width > 0);
        return {
          left: Math.min(...rects.map((x) => x.left)),
          right: Math.max(...rects.map((x) => x.right)),
          top: Math.min(...rects.map((x) => x.top)),
          bottom: Math.max(...rects.map((x) => x.bottom)),
        };
      };
      const at = node.data.lastIndexOf(count);
      return {
        dir: getComputedStyle(bdi).direction as Dir,
        dirPseudo: bdi.matches(':dir(rtl)') ? 'rtl' : 'ltr',
        data: node.data,
        text: box(0, text.length),
        count: box(at, at + count.length),
      };
    },
    [text, count] as const,
  );
}

/** `count` is after `text` in reading order, on a line laid out in `dir`: right of it in ltr, left of it in rtl. */
function expectAfter(what: string, dir: Dir, text: { left: number; right: number }, count: { left: number; right: number }) {
  const detail = `${what} (${dir}): text ${text.left.toFixed(1)}–${text.right.toFixed(1)}, count ${count.left.toFixed(1)}–${count.right.toFixed(1)}`;
  if (dir === 'rtl') expect(count.right, detail).toBeLessThanOrEqual(text.left + TOLERANCE);
  else expect(count.left, detail).toBeGreaterThanOrEqual(text.right - TOLERANCE);
}

/** One glyph of the PDF: its character (NFKC, so Arabic presentation forms become letters) and where it is drawn. */
interface Glyph {
  ch: string;
  x0: number;
  x1: number;
}
interface PdfLine {
  page: number;
  y: number;
  /** The glyphs from left to right. */
  glyphs: Glyph[];
  /** Their characters from left to right (visual order). */
  visual: string;
}

/**
 * The PDF's text, line by line, glyphs from left to right. pdfjs gives text items with an
 * origin and a width; an item's string is in logical order, so a right-to-left item is
 * reversed to get its glyphs from left to right. Within an item the width is split over
 * its characters in proportion (exact for the one-glyph items Chromium writes for Arabic).
 */
async function pdfLines(pdf: Buffer): Promise<PdfLine[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const lines: PdfLine[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const onPage: PdfLine[] = [];
    for (const item of content.items) {
      if (!('str' in item) || !item.str) continue;
      const [x, y] = [item.transform[4] as number, item.transform[5] as number];
      const chars = [...item.str];
      if (item.dir === 'rtl') chars.reverse();
      const w = item.width / chars.length;
      const glyphs = chars.flatMap((c, i) => [...c.normalize('NFKC')].map((ch) => ({ ch, x0: x + i * w, x1: x + (i + 1) * w })));
      let line = onPage.find((l) => Math.abs(l.y - y) < 1);
      if (!line) onPage.push((line = { page: n, y, glyphs: [], visual: '' }));
      line.glyphs.push(...glyphs);
    }
    for (const line of onPage) {
      line.glyphs.sort((a, b) => a.x0 - b.x0);
      line.visual = line.glyphs.map((g) => g.ch).join('');
    }
    lines.push(...onPage.sort((a, b) => b.y - a.y));
  }
  await doc.destroy();
  return lines;
}

/**
 * Where `s` is drawn on a line: a left-to-right string reads left to right in the glyphs, a
 * right-to-left one (Arabic letters, spaces, one digit) right to left. null when absent.
 */
function spanOf(line: PdfLine, s: string): { left: number; right: number } | null {
  const rtl = /[\u0600-\u06ff]/.test(s);
  const chars = [...s.normalize('NFKC')];
  const at = line.visual.indexOf((rtl ? chars.reverse() : chars).join(''));
  if (at < 0) return null;
  // `visual` joins one character per glyph entry, so string offsets are glyph indexes (no astral characters here).
  const glyphs = line.glyphs.slice(at, at + chars.length);
  return { left: Math.min(...glyphs.map((g) => g.x0)), right: Math.max(...glyphs.map((g) => g.x1)) };
}

interface Expectation {
  text: string;
  count: string;
  /** The direction of the post-it's line: its first strong letter's. */
  dir: Dir;
  /** The text as the page holds it: the count isolated when it runs against the text. */
  data: string;
}

/** The page and its PDF: each post-it's line in its direction, the count after the text in both. */
async function checkReport(page: Page, pdfName: string, lines: Expectation[]) {
  for (const media of ['screen', 'print'] as const) {
    await page.emulateMedia({ media });
    for (const e of lines) {
      const dom = await domLine(page, e.text, e.count);
      expect(dom, `${e.text} on the page (${media})`).not.toBeNull();
      expect(dom!.data).toBe(e.data);
      for (const b of [dom!.text, dom!.count]) expect(Object.values(b).every(Number.isFinite), `${e.text} (${media}): rendered`).toBe(true);
      expect([dom!.dir, dom!.dirPseudo], `${e.text}: direction`).toEqual([e.dir, e.dir]);
      // Text and count on one line, the count after the text.
      expect(dom!.count.top, `${e.text} (${media}): one line`).toBeLessThan(dom!.text.bottom);
      expect(dom!.text.top, `${e.text} (${media}): one line`).toBeLessThan(dom!.count.bottom);
      expectAfter(`${e.text} on the page (${media})`, e.dir, dom!.text, dom!.count);
    }
  }
  // page.pdf() prints with the print stylesheet; emulating "screen" would override it.
  await page.emulateMedia({ media: null });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(ARTIFACTS, pdfName), pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const all = await pdfLines(pdf);
  const dump = all.map((l) => `p${l.page} y=${l.y.toFixed(1)}: ${l.visual}`).join('\n');
  for (const e of lines) {
    // The brainstorm's list line: the text, the separator and the count on one line.
    // (The dot vote's table has the same text and count in two cells, without the separator.)
    const found = all
      .map((line) => ({ line, text: spanOf(line, e.text), count: spanOf(line, e.count), sep: line.glyphs.filter((g) => g.ch === ';') }))
      .filter((x) => x.text && x.count && x.sep.length);
    expect(found.length, `${e.text} with "; ${e.count}" on one line of the PDF:\n${dump}`).toBe(1);
    const { text, count, sep } = found[0];
    expectAfter(`${e.text} in the PDF`, e.dir, text!, count!);
    // The separator sits between them.
    const between = sep.some(
      (g) => g.x0 >= Math.min(text!.right, count!.right) - TOLERANCE && g.x1 <= Math.max(text!.left, count!.left) + TOLERANCE,
    );
    expect(between, `"; " between ${e.text} and ${e.count}: ${found[0].line.visual}`).toBe(true);
  }
  return all;
}

const reportPage = async () => {
  const { page } = await fx.newPage(DESKTOP);
  await page.goto(`${fx.server.url}/r/${s.sessionId}#k=${encodeURIComponent(s.facilitatorKey)}`);
  await page.getByRole('heading', { level: 1, name: nl('report.heading', { title: TITLE }) }).waitFor(WAIT);
  return page;
};

test(
  'R-REPORT-BIDI-PRINT: in the PDF of a Dutch report, "6 stemmen" stays after the Arabic post-it (to its left: the line runs right to left) and "3 stemmen" after the Dutch one (to its right)',
  { timeout: 90_000 },
  async () => {
    const page = await reportPage();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['nl', 'ltr']);
    const sixVotes = translate('nl', 'report.votes', { count: ARABIC_DOTS });
    const threeVotes = translate('nl', 'report.votes', { count: DUTCH_DOTS });
    const all = await checkReport(page, 'verslag-nl.pdf', [
      { text: ARABIC, count: sixVotes, dir: 'rtl', data: `${ARABIC}; ${FSI}${sixVotes}${PDI}` },
      { text: DUTCH, count: threeVotes, dir: 'ltr', data: `${DUTCH}; ${threeVotes}` },
    ]);
    // The dot vote's table (a left-to-right table in a Dutch report): the count in its own column, right of the text.
    const row = all.find((l) => spanOf(l, ARABIC) && spanOf(l, sixVotes) && !l.visual.includes(';'));
    expect(row, 'the dot vote table row of the Arabic post-it').toBeDefined();
    expect(spanOf(row!, sixVotes)!.left).toBeGreaterThan(spanOf(row!, ARABIC)!.right);
    await shot(page, '01-report-nl');
    expect(fx.pageErrors).toEqual([]);
  },
);

test(
  'R-REPORT-BIDI-PRINT: in the PDF of the Arabic report, the Arabic count stays after the Dutch post-it (to its right) and after the Arabic one (to its left)',
  { timeout: 90_000 },
  async () => {
    const page = await reportPage();
    await page.getByLabel(nl('reportui.download.lang')).selectOption('ar');
    await page.locator('[data-testid="report"][lang="ar"][dir="rtl"]').waitFor(WAIT);
    await page.getByRole('heading', { level: 2, name: translate('ar', 'report.agenda') }).waitFor(WAIT);
    const sixVotes = translate('ar', 'report.votes', { count: ARABIC_DOTS });
    const threeVotes = translate('ar', 'report.votes', { count: DUTCH_DOTS });
    await checkReport(page, 'verslag-ar.pdf', [
      { text: DUTCH, count: threeVotes, dir: 'ltr', data: `${DUTCH}; ${FSI}${threeVotes}${PDI}` },
      { text: ARABIC, count: sixVotes, dir: 'rtl', data: `${ARABIC}; ${sixVotes}` },
    ]);
    await shot(page, '02-report-ar');
    expect(fx.pageErrors).toEqual([]);
  },
);
