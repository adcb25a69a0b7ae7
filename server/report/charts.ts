/**
 * Pictures for the report files (R-REPORT-DOCX-MEDIA, R-REPORT-PDF): a vote's result as a
 * bar chart and the wall as a picture of its clusters, drawn as SVG and rendered to PNG by
 * sharp (librsvg; text shaped by Pango with the bundled DejaVu fonts, fonts.ts), so that
 * Arabic labels join and run right to left. In a right-to-left report the picture is
 * mirrored: labels on the right, bars growing to the left, the first cluster on the right.
 * Long texts are cut with an ellipsis; the full texts stay in the report's own text.
 */
import sharp from 'sharp';
import { firstStrong } from '../../shared/bidi.ts';
import { dirOf } from '../../shared/i18n/languages.ts';
import { FONT_FAMILY, textWidth, useBundledFonts, type FontWeight } from './fonts.ts';
import { drawable, wrap } from './pdf-text.ts';

export interface Picture {
  data: Buffer;
  /** Pixels of the PNG (drawn at twice the layout size, for print). */
  width: number;
  height: number;
}

/** Layout width (the PNG is twice as wide). */
const W = 640;
const SCALE = 2;
const PAD = 12;
/** Bounded work and size, whatever the session holds. */
export const MAX_BARS = 30;
export const MAX_CLUSTERS = 16;
export const MAX_ITEMS = 8;

const xml = (s: string) =>
  drawable(s)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/**
 * A text element whose start-side edge (for `side` 'left': its left edge) is at x, in its
 * own direction (first strong letter, else the report's), so Pango orders it correctly.
 */
function text(
  s: string,
  x: number,
  y: number,
  o: { size: number; weight?: FontWeight; fill?: string; edge: 'left' | 'right'; rtl: boolean },
) {
  const rtl = (firstStrong(s) ?? (o.rtl ? 'rtl' : 'ltr')) === 'rtl';
  // SVG anchors follow the text's direction: `start` is the right edge of right-to-left text.
  const anchor = (o.edge === 'left') !== rtl ? 'start' : 'end';
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${o.size}"${o.weight === 'bold' ? ' font-weight="bold"' : ''} fill="${o.fill ?? '#1f1f1f'}" direction="${rtl ? 'rtl' : 'ltr'}" text-anchor="${anchor}">${xml(s)}</text>`;
}

/** `s` in at most `maxLines` lines of at most `max` wide; the last one cut with "…" if more was left. */
export function fitLines(s: string, max: number, size: number, maxLines: number, weight: FontWeight = 'regular'): string[] {
  const measure = (t: string) => textWidth(t, size, weight);
  const p = drawable(s).replace(/\s+/g, ' ').trim();
  const ranges = wrap(p, max, measure);
  const lines = ranges.slice(0, maxLines).map(([a, b]) => p.slice(a, b));
  if (ranges.length > maxLines) {
    const chars = Array.from(lines[maxLines - 1]);
    while (chars.length && measure(`${chars.join('').trimEnd()}…`) > max) chars.pop();
    lines[maxLines - 1] = `${chars.join('').trimEnd()}…`;
  }
  return lines;
}

async function render(svgBody: string, height: number): Promise<Picture> {
  useBundledFonts();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W * SCALE}" height="${Math.ceil(height * SCALE)}" viewBox="0 0 ${W} ${Math.ceil(height)}" font-family="${FONT_FAMILY}"><rect width="100%" height="100%" fill="#ffffff"/>${svgBody}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 9 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A vote's result: one bar per item, longest first (as given), the count at its end. */
export async function barChart(bars: { label: string; value: number }[], lang: string): Promise<Picture> {
  const rtl = dirOf(lang) === 'rtl';
  const shown = bars.slice(0, MAX_BARS);
  const size = 13;
  const rowH = 28;
  const labelW = Math.round(W * 0.38);
  const valueW = 44;
  const x0 = PAD + labelW + 10;
  const span = W - PAD - valueW - x0;
  const max = Math.max(1, ...shown.map((b) => b.value));
  // Mirror in a right-to-left report.
  const mx = (x: number) => (rtl ? W - x : x);
  const parts: string[] = [];
  shown.forEach((b, i) => {
    const y = PAD + i * rowH;
    const label = fitLines(b.label, labelW, size, 1)[0] ?? '';
    parts.push(text(label, mx(PAD), y + rowH / 2 + size * 0.35, { size, edge: rtl ? 'right' : 'left', rtl }));
    const len = Math.max(b.value > 0 ? 3 : 0, (Math.max(0, b.value) / max) * span);
    const left = rtl ? W - x0 - len : x0;
    parts.push(
      `<rect x="${left.toFixed(1)}" y="${(y + 5).toFixed(1)}" width="${len.toFixed(1)}" height="${rowH - 10}" rx="2" fill="#3b6ea5"/>`,
    );
    parts.push(
      text(String(b.value), mx(x0 + len + 6), y + rowH / 2 + size * 0.35, {
        size,
        weight: 'bold',
        edge: rtl ? 'right' : 'left',
        rtl: false,
      }),
    );
  });
  // The axis the bars start from.
  parts.push(
    `<line x1="${mx(x0)}" y1="${PAD - 2}" x2="${mx(x0)}" y2="${PAD + shown.length * rowH + 2}" stroke="#8a8a8a" stroke-width="1"/>`,
  );
  return render(parts.join(''), PAD * 2 + Math.max(1, shown.length) * rowH);
}

/** The wall: each cluster a labelled column of post-its, four columns a row. */
export async function clusterPicture(clusters: { label: string; items: string[] }[], lang: string): Promise<Picture> {
  const rtl = dirOf(lang) === 'rtl';
  const shown = clusters.slice(0, MAX_CLUSTERS);
  const perRow = Math.max(1, Math.min(4, shown.length));
  const gap = 12;
  const colW = (W - PAD * 2 - gap * (perRow - 1)) / perRow;
  const head = { size: 12.5, line: 16 };
  const note = { size: 11, line: 14.5, pad: 6 };
  const parts: string[] = [];
  let top = PAD;
  for (let r = 0; r < shown.length; r += perRow) {
    let rowBottom = top;
    shown.slice(r, r + perRow).forEach((c, k) => {
      const left = rtl ? W - PAD - (k + 1) * colW - k * gap : PAD + k * (colW + gap);
      const edgeX = rtl ? left + colW : left;
      const edge = rtl ? 'right' : 'left';
      let y = top;
      for (const line of fitLines(c.label, colW, head.size, 2, 'bold')) {
        y += head.line;
        parts.push(text(line, edgeX, y - 4, { size: head.size, weight: 'bold', edge, rtl }));
      }
      y += 4;
      parts.push(
        `<line x1="${left.toFixed(1)}" y1="${y.toFixed(1)}" x2="${(left + colW).toFixed(1)}" y2="${y.toFixed(1)}" stroke="#8a8a8a"/>`,
      );
      y += 6;
      for (const item of c.items.slice(0, MAX_ITEMS)) {
        const lines = fitLines(item, colW - note.pad * 2, note.size, 3);
        const h = lines.length * note.line + note.pad * 2;
        parts.push(
          `<rect x="${left.toFixed(1)}" y="${y.toFixed(1)}" width="${colW.toFixed(1)}" height="${h.toFixed(1)}" rx="3" fill="#fff2a8" stroke="#d9c25a"/>`,
        );
        lines.forEach((line, i) => {
          const ty = y + note.pad + (i + 1) * note.line - 3.5;
          parts.push(text(line, rtl ? edgeX - note.pad : edgeX + note.pad, ty, { size: note.size, edge, rtl }));
        });
        y += h + 5;
      }
      const more = c.items.length - MAX_ITEMS;
      if (more > 0) {
        y += note.line;
        parts.push(text(`+${more}`, edgeX, y - 3, { size: note.size, fill: '#555555', edge, rtl: false }));
      }
      rowBottom = Math.max(rowBottom, y);
    });
    top = rowBottom + gap * 1.5;
  }
  const hidden = clusters.length - shown.length;
  if (hidden > 0) {
    top += note.line;
    parts.push(
      text(`+${hidden}`, rtl ? W - PAD : PAD, top - 3, { size: note.size, fill: '#555555', edge: rtl ? 'right' : 'left', rtl: false }),
    );
  }
  return render(parts.join(''), Math.max(top, PAD * 2 + 20) + PAD / 2);
}
