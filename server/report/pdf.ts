/**
 * The report as a PDF made on the server (R-REPORT-PDF): one click, no print dialog, in
 * any of the report languages. The same blocks in the same order as the DOCX: headings,
 * paragraphs, lists with sub-items, tables, pictures, the same chart pictures (charts.ts),
 * links. A4, page numbers in the footer, the title and language in the document's
 * metadata, DejaVu Sans (regular and bold) embedded.
 *
 * R-REPORT-PDF-RTL: an Arabic or Persian report is laid out right to left, each line
 * reordered with the bidi algorithm and each run shaped by the font engine (pdf-text.ts).
 */
import PDFDocument from 'pdfkit';
import type { Block, ListItem, ReportAssets, ReportDoc } from '../../shared/report/model.ts';
import { barChart, clusterPicture } from './charts.ts';
import { fontBytes } from './fonts.ts';
import { safeHref } from './markdown.ts';
import { COLOR, LEAD, MARGIN, Pen, SIZE } from './pdf-pen.ts';
import { table } from './pdf-table.ts';

const INDENT = 18;

function list(pen: Pen, items: ListItem[], ordered: boolean) {
  items.forEach((it, i) => {
    pen.paragraph(it.text, { size: SIZE.body }, { align: 'start', indent: INDENT, after: 1.5, marker: ordered ? `${i + 1}.` : '•' });
    for (const sub of it.sub ?? [])
      pen.paragraph(sub, { size: SIZE.body, color: COLOR.muted }, { align: 'start', indent: INDENT * 2, after: 1.5, marker: '◦' });
  });
  pen.y += 5;
}

async function block(pen: Pen, b: Block, doc: ReportDoc, assets: ReportAssets) {
  switch (b.t) {
    case 'h': {
      const size = b.level === 1 ? SIZE.h1 : b.level === 2 ? SIZE.h2 : SIZE.h3;
      // A heading keeps the first lines after it on its page.
      pen.paragraph(b.text, { size, weight: 'bold' }, { before: b.level === 1 ? 0 : size * 0.9, after: 4, keepNext: SIZE.body * LEAD * 3 });
      if (b.level === 2) {
        pen.rule();
        pen.y += 5;
      }
      return;
    }
    case 'p':
      return pen.paragraph(
        b.text,
        { size: SIZE.body, weight: b.strong ? 'bold' : 'regular', color: b.muted ? COLOR.muted : COLOR.text },
        { before: b.strong ? 5 : 0, after: 5, keepNext: b.strong ? SIZE.body * LEAD * 2 : 0 },
      );
    case 'ul':
      return list(pen, b.items, false);
    case 'ol':
      return list(pen, b.items, true);
    case 'table':
      return table(pen, b.head, b.rows);
    case 'img': {
      const img = assets.image(b.imageId);
      if (img) return pen.picture(img.data, img, b.caption);
      // A picture that is gone (deleted since): its description stands in for it.
      return pen.paragraph([b.alt, b.caption].filter(Boolean).join(' — '), { size: SIZE.body, color: COLOR.muted }, { after: 5 });
    }
    case 'bars':
    case 'clusters': {
      if (b.t === 'bars' ? !b.bars.length : !b.clusters.length) return;
      const pic = b.t === 'bars' ? await barChart(b.bars, doc.lang) : await clusterPicture(b.clusters, doc.lang);
      return pen.picture(pic.data, { ...pic, scale: 2 }, b.title);
    }
    case 'link': {
      const href = safeHref(b.href);
      const text = b.text.trim() || b.href;
      return pen.paragraph(text, { size: SIZE.body, ...(href && { link: href }) }, { after: 4 });
    }
  }
}

/** The page numbers ("2 / 5"), in the footer of every page. */
function footer(doc: InstanceType<typeof PDFDocument>) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const label = `${i + 1} / ${count}`;
    doc.font('regular').fontSize(SIZE.small).fillColor(COLOR.muted);
    const w = doc.widthOfString(label);
    doc.text(label, (doc.page.width - w) / 2, doc.page.height - MARGIN.bottom + 24, { lineBreak: false });
  }
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/**
 * R-REPORT-PDF-RTL: a right-to-left ligature (lam-alef: لا، لأ) is one glyph drawn in visual
 * order, and readers (copy, search, screen readers) reverse a right-to-left run's text: the
 * glyph's letters must be mapped reversed, or "الأهداف" reads back "األهداف". This reaches
 * into pdfkit's font objects (`_fontFamilies`, `unicode`: pdfkit 0.20); each font is listed
 * under two names, hence the Set (else every entry would be reversed twice).
 */
function rtlLigatureText(doc: PDFKit.PDFDocument) {
  const fonts = new Set(Object.values((doc as unknown as { _fontFamilies: Record<string, { unicode?: number[][] }> })._fontFamilies));
  for (const f of fonts)
    f.unicode?.forEach((cps, gid, u) => {
      if (cps && cps.length > 1 && cps.every((c) => RTL.test(String.fromCodePoint(c)))) u[gid] = [...cps].reverse();
    });
}

export async function toPdf(report: ReportDoc, assets: ReportAssets): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: report.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: report.title, Creator: 'Kring', Producer: 'Kring' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontBytes('regular'));
  doc.registerFont('bold', fontBytes('bold'));
  const pen = new Pen(doc, report.lang);
  for (const b of report.blocks) await block(pen, b, report, assets);
  footer(doc);
  rtlLigatureText(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
