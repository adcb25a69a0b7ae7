/**
 * SPEC: R-REPORT-PDF, R-REPORT-PDF-RTL — the report as a PDF made on the server: the
 * blocks in order (text extracted with pdf.js), A4 with page numbers, title and language
 * in the metadata; an Arabic report right to left with Arabic shaped and in logical order
 * when extracted, Dutch names and numbers inside it readable; the route's access rules.
 * Pages rendered to PNG (pdftoppm, where installed) go to test-artifacts/report-pdf/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ReportAssets, ReportDoc } from '../../shared/report/model.ts';
import { toPdf } from '../../server/report/pdf.ts';
import { createSession } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve } = lifecycle();
const ARTIFACTS = path.resolve('test-artifacts/report-pdf');

async function photo(): Promise<ReportAssets> {
  const data = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#6a9fb5' } })
    .jpeg()
    .toBuffer();
  return { image: (id) => (id === 'photo1' ? { mime: 'image/jpeg', width: 640, height: 400, data } : undefined) };
}

/** A report with every kind of block; `ar`: its texts in Arabic, with a Dutch name and numbers inside. */
function report(lang: 'nl' | 'ar'): ReportDoc {
  const ar = lang === 'ar';
  return {
    lang,
    title: ar ? 'تقرير شبكة التعلم 6' : 'Verslag lerend netwerk sessie 6',
    blocks: [
      { t: 'h', level: 1, text: ar ? 'تقرير شبكة التعلم 6' : 'Verslag lerend netwerk sessie 6' },
      { t: 'p', text: ar ? 'التاريخ 23 يونيو 2023 في مركز De Ster' : 'Datum: 23 juni 2023, Buurthuis De Ster', muted: true },
      { t: 'h', level: 2, text: ar ? 'برنامج الجلسة' : 'Agenda' },
      {
        t: 'ol',
        items: [
          { text: ar ? 'الترحيب والتعارف' : 'Welkom en kennismaking', sub: [ar ? 'جولة أسماء قصيرة' : 'Korte namenronde'] },
          { text: ar ? 'نظرية الأبعاد' : 'Theorie van de dimensies' },
        ],
      },
      { t: 'h', level: 2, text: ar ? 'نتيجة التصويت' : 'Uitslag van de stemming' },
      {
        t: 'bars',
        title: ar ? 'رسم بياني للتصويت' : 'Stemmen per voorstel',
        bars: [
          { label: 'Meer ontmoeting', value: 9 },
          { label: 'مكان للقاء', value: 6 },
        ],
      },
      {
        t: 'table',
        head: ar ? ['المرتبة', 'البند', 'الأصوات'] : ['Plaats', 'Voorstel', 'Stemmen'],
        rows: Array.from({ length: 60 }, (_, i) => [
          String(i + 1),
          ar ? `اقتراح رقم ${i + 1} من Jan` : `Voorstel nummer ${i + 1} van Jan`,
          String(60 - i),
        ]),
      },
      { t: 'img', imageId: 'photo1', alt: 'Flipchart', caption: ar ? 'صورة من المجموعة' : 'Foto van de flipchart' },
      { t: 'clusters', title: ar ? 'صورة الجدار' : 'De muur', clusters: [{ label: 'Ontmoeten', items: ['Buurthuis open'] }] },
      { t: 'h', level: 2, text: ar ? 'مصادر للقراءة' : 'Lees- en kijktips' },
      { t: 'link', text: ar ? 'مقال عن العنصرية' : 'Artikel over racisme', href: 'https://example.org/artikel' },
      { t: 'p', text: ar ? 'اقتراح Jan de Vries حصل على 12 صوتا' : 'Einde van het verslag.' },
    ],
  };
}

/** Every page's text, each page's items joined with spaces (pdf.js puts right-to-left items back in logical order). */
async function pagesOf(pdf: Buffer) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  const links: string[] = [];
  let images = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
    images += (await page.getOperatorList()).fnArray.filter((f) => f === OPS.paintImageXObject).length;
    for (const a of (await page.getAnnotations()) as { url?: string }[]) if (a.url) links.push(a.url);
  }
  const meta = (await doc.getMetadata()).info as { Title?: string; Language?: string };
  return { pages, meta, size: (await doc.getPage(1)).view, links, images };
}

/** Each text found after the one before it. */
function inOrder(text: string, wanted: string[]) {
  let at = -1;
  for (const w of wanted) {
    const i = text.indexOf(w, at + 1);
    expect(i, `${w} after position ${at}`).toBeGreaterThan(at);
    at = i;
  }
}

/** Pages as PNG for a person to look at; skipped (with a note) where poppler is not installed. */
function renderPages(pdf: Buffer, name: string, pages: number) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    execFileSync('pdftoppm', ['-r', '90', '-png', '-f', '1', '-l', String(pages), file, path.join(ARTIFACTS, name)]);
  } catch {
    console.log('pdftoppm (poppler-utils) is not installed: the PDF pages were not rendered to PNG');
    return;
  }
  expect(fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).length).toBe(pages);
}

describe('the report as a PDF', () => {
  it('R-REPORT-PDF: the blocks in order, tables over pages with their header, A4, page numbers, title and language', async () => {
    const pdf = await toPdf(report('nl'), await photo());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, meta, size, links, images } = await pagesOf(pdf);
    expect(size.map(Math.round)).toEqual([0, 0, 595, 842]);
    expect(meta.Title).toBe('Verslag lerend netwerk sessie 6');
    expect(meta.Language).toBe('nl');
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join('\n');
    inOrder(all, [
      'Verslag lerend netwerk sessie 6',
      'Agenda',
      '1. Welkom en kennismaking',
      'Korte namenronde',
      '2. Theorie van de dimensies',
      'Uitslag van de stemming',
      'Stemmen per voorstel',
      'Voorstel nummer 1 van Jan',
      'Voorstel nummer 60 van Jan',
      'Foto van de flipchart',
      'De muur',
      'Lees- en kijktips',
      'Artikel over racisme',
      'Einde van het verslag.',
    ]);
    // The table runs onto the next page with its header again; every page has its number.
    expect(pages.filter((p) => p.includes('Plaats') && p.includes('Stemmen')).length).toBeGreaterThan(1);
    pages.forEach((p, i) => expect(p).toContain(`${i + 1} / ${pages.length}`));
    // The pictures: the photo and the two chart pictures; the resource as a live link.
    expect(images).toBe(3);
    expect(links).toEqual(['https://example.org/artikel']);
    renderPages(pdf, 'nl', 2);
  });

  it('R-REPORT-PDF-RTL: an Arabic report reads right to left: Arabic extracted in logical order, a Dutch name and numbers inside it', async () => {
    const pdf = await toPdf(report('ar'), await photo());
    const { pages, meta } = await pagesOf(pdf);
    expect(meta.Language).toBe('ar');
    const all = pages.join('\n');
    inOrder(all, [
      'تقرير شبكة التعلم 6',
      'التاريخ 23 يونيو 2023 في مركز De Ster',
      'برنامج الجلسة',
      'الترحيب والتعارف',
      'نتيجة التصويت',
      'رسم بياني للتصويت',
      'اقتراح رقم 1 من Jan',
      'صورة من المجموعة',
      'صورة الجدار',
      'مصادر للقراءة',
      'مقال عن العنصرية',
      'اقتراح Jan de Vries حصل على 12 صوتا',
    ]);
    renderPages(pdf, 'ar', 2);
  });

  it('R-REPORT-PDF: GET …/report/pdf with a key: application/pdf with a file name; without one: 403 and no PDF', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const url = `${server.url}/api/sessions/${s.sessionId}/report/pdf`;
    const denied = await fetch(url);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).not.toContain('pdf');
    expect((await fetch(url, { headers: { authorization: `Bearer ${s.boardKey}` } })).status).toBe(403);
    const res = await fetch(`${url}?lang=ar`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="report-lerend-netwerk-sessie-6-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const { meta } = await pagesOf(Buffer.from(await res.arrayBuffer()));
    expect(meta.Language).toBe('ar');
  });
});
