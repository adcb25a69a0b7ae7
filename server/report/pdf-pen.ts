/**
 * The PDF's pen: where the next line goes on an A4 page, and how a paragraph, a list
 * item's marker and a picture are put there, starting a new page when one is full. Text
 * goes through pdf-text.ts (bidi runs, wrapping) and is drawn run by run, never wrapped by
 * pdfkit itself.
 */
import type PDFDocument from 'pdfkit';
import { dirOf } from '../../shared/i18n/languages.ts';
import { layout, type Laid, type Line } from './pdf-text.ts';

type Doc = InstanceType<typeof PDFDocument>;
export type Weight = 'regular' | 'bold';
export type Align = 'own' | 'start' | 'end' | 'center';

export const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
export const SIZE = { body: 10.5, small: 9, table: 9.5, h1: 20, h2: 15, h3: 12.5 };
export const LEAD = 1.38;
export const COLOR = { text: '#1f1f1f', muted: '#555555', link: '#1a4f8b', rule: '#9a9a9a', head: '#eeeeee' };

/**
 * pdfkit lays text out word by word (for its cache), which puts the words of a
 * right-to-left run in the wrong order; with `features` given it lays the run out whole.
 */
const RTL_SCRIPT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const whole = (s: string) => (RTL_SCRIPT.test(s) ? { features: [] } : {});

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: string;
  link?: string;
}

export class Pen {
  y = MARGIN.top;
  readonly rtl: boolean;
  constructor(
    readonly doc: Doc,
    readonly lang: string,
  ) {
    this.rtl = dirOf(lang) === 'rtl';
  }
  get left() {
    return MARGIN.left;
  }
  get right() {
    return this.doc.page.width - MARGIN.right;
  }
  get width() {
    return this.right - this.left;
  }
  get top() {
    return MARGIN.top;
  }
  get bottom() {
    return this.doc.page.height - MARGIN.bottom;
  }

  newPage() {
    this.doc.addPage();
    this.y = this.top;
  }
  /** Room for `h` more points on this page, else a new page (unless this one is still empty). */
  ensure(h: number) {
    if (this.y + h > this.bottom && this.y > this.top) this.newPage();
  }

  /** Widths by font, size and text: a report measures the same words many times. */
  readonly #widths = new Map<string, number>();
  measure(style: TextStyle) {
    const font = `${style.weight ?? 'regular'}|${style.size}|`;
    return (s: string) => {
      const key = font + s;
      let w = this.#widths.get(key);
      if (w === undefined) {
        w = this.doc
          .font(style.weight ?? 'regular')
          .fontSize(style.size)
          .widthOfString(s, whole(s));
        if (this.#widths.size < 50_000) this.#widths.set(key, w);
      }
      return w;
    };
  }
  lay(text: string, width: number, style: TextStyle): Laid {
    return layout(text, Math.max(width, 8), this.measure(style), this.rtl ? 'rtl' : 'ltr');
  }
  /** Is a line with this alignment drawn against the right edge? */
  rightAligned(align: Align, laid: Laid): boolean {
    if (align === 'own') return laid.rtl;
    if (align === 'start') return this.rtl;
    if (align === 'end') return !this.rtl;
    return false;
  }

  /** One laid-out line in the box [x, x + w], at `y` (the top of the line). */
  drawLine(line: Line, x: number, w: number, y: number, style: TextStyle, align: Align, laid: Laid) {
    let at = align === 'center' ? x + (w - line.width) / 2 : this.rightAligned(align, laid) ? x + w - line.width : x;
    const { doc } = this;
    doc
      .font(style.weight ?? 'regular')
      .fontSize(style.size)
      .fillColor(style.link ? COLOR.link : (style.color ?? COLOR.text));
    for (const run of line.runs) {
      doc.text(run.text, at, y, { lineBreak: false, ...whole(run.text), ...(style.link && { link: style.link, underline: true }) });
      at += run.width;
    }
  }

  /**
   * A paragraph in the box from `indent` (on the report's start side) to the other edge:
   * `keep` lines (and `keepNext` points after them) stay on one page with it; `marker` (a
   * list's bullet or number) is drawn beside its first line, in the indent.
   */
  paragraph(
    text: string,
    style: TextStyle,
    o: { align?: Align; indent?: number; before?: number; after?: number; keep?: number; keepNext?: number; marker?: string } = {},
  ) {
    const indent = o.indent ?? 0;
    const x = this.rtl ? this.left : this.left + indent;
    const w = this.width - indent;
    const laid = this.lay(text, w, style);
    const lh = style.size * LEAD;
    this.y += o.before ?? 0;
    this.ensure(Math.min(laid.lines.length, o.keep ?? 2) * lh + (o.keepNext ?? 0));
    laid.lines.forEach((line, i) => {
      this.ensure(lh);
      if (i === 0 && o.marker) this.marker(o.marker, indent, style);
      this.drawLine(line, x, w, this.y, style, o.align ?? 'own', laid);
      this.y += lh;
    });
    this.y += o.after ?? 0;
  }

  /** A list marker in the gutter before `indent`, against the text (both directions). */
  private marker(marker: string, indent: number, style: TextStyle) {
    const laid = this.lay(marker, indent, style);
    const line = laid.lines[0];
    if (!line) return;
    const gap = 5;
    const x = this.rtl ? this.right - indent + gap : this.left + indent - gap - line.width;
    this.drawLine(line, x, line.width, this.y, style, 'center', laid);
  }

  /**
   * A picture, centred, at most the text width and 60% of the page's height (never
   * enlarged beyond its own size at 96 px an inch); then its caption.
   */
  picture(data: Uint8Array, size: { width: number; height: number; scale?: number }, caption?: string) {
    const pt = 0.75 / (size.scale ?? 1);
    const k = Math.min(1, this.width / (size.width * pt), ((this.bottom - this.top) * 0.6) / (size.height * pt));
    const w = size.width * pt * k;
    const h = size.height * pt * k;
    const captionH = caption ? SIZE.small * LEAD * 2 : 0;
    this.y += 4;
    this.ensure(h + captionH);
    this.doc.image(Buffer.from(data.buffer, data.byteOffset, data.byteLength), this.left + (this.width - w) / 2, this.y, {
      width: w,
      height: h,
    });
    this.y += h + 4;
    if (caption) this.paragraph(caption, { size: SIZE.small, color: COLOR.muted }, { align: 'center', after: 6 });
    else this.y += 6;
  }

  /** A thin rule across the text width. */
  rule(color = COLOR.rule) {
    this.doc.moveTo(this.left, this.y).lineTo(this.right, this.y).lineWidth(0.6).strokeColor(color).stroke();
  }
}
