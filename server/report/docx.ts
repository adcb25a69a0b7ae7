/**
 * The report as a Word document (docx): real headings, bullet and numbered lists and
 * result tables, so city staff can edit it and mail it on.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, ListItem, ReportAssets, ReportDoc } from '../../shared/report/model.ts';
import { firstStrong, hasRtl, rtlLangOf } from '../../shared/bidi.ts';
import { dirOf } from '../../shared/i18n/languages.ts';
import { barChart, clusterPicture, type Picture } from './charts.ts';
import { chartAlt, safeHref } from './markdown.ts';

/**
 * R-REPORT-SAFE: what XML 1.0 does not allow (C0 controls but tab, line feed and carriage
 * return; U+FFFE, U+FFFF; lone surrogates) is left out of every text, whatever is stored,
 * so that Word can always open the document. Bidi isolates and marks stay (R-REPORT-BIDI).
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters XML cannot hold are what this removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/** Word's tags for the right-to-left languages (w:lang w:bidi). */
const BIDI_TAG: Record<string, string> = { ar: 'ar-SA', fa: 'fa-IR' };

type RunStyle = { bold?: boolean; italics?: boolean; color?: string; style?: string };

/**
 * R-REPORT-BIDI: a paragraph's text as runs, each marked with its direction and language,
 * and whether the paragraph itself is right to left (its first strong letter, as
 * `dir="auto"` decides; in an Arabic or Persian report also when it has none). Text with
 * no right-to-left letter in a left-to-right report stays one plain run, as before.
 */
function bidi(raw: string, lang: string, style: RunStyle = {}): { runs: TextRun[]; rtl: boolean } {
  const text = xmlSafe(raw);
  const docRtl = dirOf(lang) === 'rtl';
  if (!docRtl && !hasRtl(text)) return { runs: [new TextRun({ text, ...style })], rtl: false };
  const rtl = (firstStrong(text) ?? (docRtl ? 'rtl' : 'ltr')) === 'rtl';
  // Split where the strong direction changes; neutrals stay with the run before them.
  const parts: { text: string; rtl: boolean }[] = [];
  for (const ch of text) {
    const dir = firstStrong(ch);
    const last = parts.at(-1);
    if (last && (dir === null || (dir === 'rtl') === last.rtl)) last.text += ch;
    else parts.push({ text: ch, rtl: dir === null ? rtl : dir === 'rtl' });
  }
  const runs = parts.map(
    (p) =>
      new TextRun({
        text: p.text,
        ...style,
        ...(p.rtl ? { rightToLeft: true, language: { bidirectional: BIDI_TAG[rtlLangOf(p.text, lang)] } } : { language: { value: lang } }),
      }),
  );
  return { runs, rtl };
}

/** A paragraph of `text`, with bidi runs where needed. */
function para(
  text: string,
  lang: string,
  opts: Omit<ConstructorParameters<typeof Paragraph>[0] & object, 'text' | 'children'>,
  style?: RunStyle,
) {
  const { runs, rtl } = bidi(text, lang, style);
  return new Paragraph({ ...opts, children: runs, ...(rtl && { bidirectional: true }) });
}

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };

function items(list: ListItem[], ordered: boolean, instance: number, lang: string): Paragraph[] {
  return list.flatMap((it) => [
    para(it.text, lang, ordered ? { numbering: { reference: 'numbered', level: 0, instance } } : { bullet: { level: 0 } }),
    ...(it.sub ?? []).map((s) => para(s, lang, { bullet: { level: 1 } })),
  ]);
}

function table(head: string[], rows: string[][], lang: string): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders: { top: border, bottom: border, left: border, right: border },
      children: [para(text, lang, {}, { bold })],
    });
  return new Table({
    ...(dirOf(lang) === 'rtl' && { visuallyRightToLeft: true }),
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

/** The page's text width and the tallest a picture may be, in pixels (A4, margins of 1 inch; 96 px an inch). */
const PAGE_W = 600;
const MAX_H = 640;

/**
 * R-REPORT-DOCX-MEDIA: a picture as its own centred paragraph, scaled to the page width
 * (never up, keeping its aspect), with its alt text as the image's description; then its
 * caption, if any. `scale`: pixels per layout pixel (the charts are drawn at twice).
 */
function picture(
  data: Uint8Array,
  type: 'png' | 'jpg',
  size: { width: number; height: number; scale?: number },
  alt: string,
  caption: string | undefined,
  lang: string,
  n: number,
): Paragraph[] {
  const w = size.width / (size.scale ?? 1);
  const h = size.height / (size.scale ?? 1);
  const k = Math.min(1, PAGE_W / w, MAX_H / h);
  const image = new ImageRun({
    type,
    data,
    transformation: { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) },
    altText: { name: `Picture ${n}`, description: xmlSafe(alt).slice(0, 2000) },
  });
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: !!caption, children: [image] }),
    ...(caption ? [para(caption, lang, { alignment: AlignmentType.CENTER }, { italics: true, color: '555555' })] : []),
  ];
}

/** A link (a resource): the text as a hyperlink; an address that is not http(s) stays plain text. */
function link(text: string, href: string, lang: string): Paragraph {
  const url = safeHref(href);
  const label = text.trim() || href;
  if (!url) return para(label, lang, {});
  const { runs, rtl } = bidi(label, lang, { style: 'Hyperlink' });
  return new Paragraph({ children: [new ExternalHyperlink({ link: url, children: runs })], ...(rtl && { bidirectional: true }) });
}

/** The charts and walls of a report, drawn before the document is put together. */
async function pictures(doc: ReportDoc): Promise<Map<Block, Picture>> {
  const out = new Map<Block, Picture>();
  for (const b of doc.blocks) {
    if (b.t === 'bars' && b.bars.length) out.set(b, await barChart(b.bars, doc.lang));
    if (b.t === 'clusters' && b.clusters.length) out.set(b, await clusterPicture(b.clusters, doc.lang));
  }
  return out;
}

/** No stored pictures (a report of a document alone). */
export const NO_ASSETS: ReportAssets = { image: () => undefined };

export async function toDocx(doc: ReportDoc, assets: ReportAssets = NO_ASSETS): Promise<Buffer> {
  let lists = 0;
  let images = 0;
  const drawn = await pictures(doc);
  const children = doc.blocks.flatMap((b: Block): (Paragraph | Table)[] => {
    switch (b.t) {
      case 'h':
        return [para(b.text, doc.lang, { heading: HEADINGS[b.level] })];
      case 'p':
        return [para(b.text, doc.lang, {}, { bold: b.strong, italics: b.muted, color: b.muted ? '555555' : undefined })];
      case 'ul':
        return items(b.items, false, 0, doc.lang);
      case 'ol':
        return items(b.items, true, ++lists, doc.lang);
      case 'table':
        return [table(b.head, b.rows, doc.lang), new Paragraph({ text: '' })];
      case 'img': {
        const img = assets.image(b.imageId);
        // A picture that is gone (deleted since): its description stands in for it.
        if (!img) return [para([b.alt, b.caption].filter(Boolean).join(' — '), doc.lang, {}, { italics: true, color: '555555' })];
        return picture(img.data, img.mime === 'image/png' ? 'png' : 'jpg', img, b.alt, b.caption, doc.lang, ++images);
      }
      case 'bars':
      case 'clusters': {
        const pic = drawn.get(b);
        if (!pic) return [];
        return picture(pic.data, 'png', { ...pic, scale: 2 }, chartAlt(b), b.title, doc.lang, ++images);
      }
      case 'link':
        return [link(b.text, b.href, doc.lang)];
    }
  });
  const document = new Document({
    creator: 'Kring',
    title: xmlSafe(doc.title),
    language: doc.lang,
    numbering: {
      config: [
        {
          reference: 'numbered',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [{ children }],
  } as ConstructorParameters<typeof Document>[0]);
  return Packer.toBuffer(document);
}
