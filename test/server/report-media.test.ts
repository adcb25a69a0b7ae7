/**
 * SPEC: R-REPORT-DOCX-MEDIA, R-REPORT-MD-MEDIA — pictures, charts and links in the report
 * files. The DOCX carries the stored picture (byte for byte) and the two chart pictures in
 * word/media/, referenced in the document's order, with the alt text as description and
 * the caption below; a link is a hyperlink (http(s) only). Markdown, which cannot carry a
 * picture, gives the description in italics, a chart's content only where the text does
 * not already have it, and links with safe addresses. Chart PNGs go to
 * test-artifacts/report-media/ to be looked at (Arabic labels shaped, right to left).
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Block, ReportAssets, ReportDoc } from '../../shared/report/model.ts';
import { barChart, clusterPicture } from '../../server/report/charts.ts';
import { toDocx } from '../../server/report/docx.ts';
import { toMarkdown } from '../../server/report/markdown.ts';

const ARTIFACTS = path.resolve('test-artifacts/report-media');

async function stored(): Promise<{ assets: ReportAssets; data: Buffer }> {
  const data = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#c0803a' } })
    .png()
    .toBuffer();
  return { data, assets: { image: (id) => (id === 'img1' ? { mime: 'image/png', width: 900, height: 300, data } : undefined) } };
}

const BLOCKS: Block[] = [
  { t: 'h', level: 1, text: 'Verslag' },
  { t: 'img', imageId: 'img1', alt: 'Dia met de vier dimensies van racisme', caption: 'De vier dimensies' },
  { t: 'p', text: 'Na de dia' },
  {
    t: 'bars',
    title: 'Uitslag van de stemming',
    bars: [
      { label: 'Meer licht', value: 5 },
      { label: 'مكان للقاء', value: 2 },
    ],
  },
  { t: 'clusters', title: 'De muur', clusters: [{ label: 'Veilig', items: ['Meer licht', 'Buurtpreventie'] }] },
  { t: 'img', imageId: 'gone', alt: 'Foto van de flipchart', caption: 'Groep 2' },
  { t: 'link', text: 'Artikel [over] racisme', href: 'https://example.org/a b(c)?q="x"' },
  { t: 'link', text: 'Kwaadaardig', href: 'javascript:alert(1)' },
];
const doc = (blocks = BLOCKS): ReportDoc => ({ lang: 'nl', title: 'Verslag', blocks });

describe('pictures, charts and links in the report files', () => {
  it('R-REPORT-DOCX-MEDIA: word/media holds the picture and both charts, in order, with alt text, captions and a safe hyperlink', async () => {
    const { assets, data } = await stored();
    const zip = await JSZip.loadAsync(await toDocx(doc(), assets));
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !zip.files[f].dir);
    expect(media).toHaveLength(3);
    const bytes = await Promise.all(media.map((f) => zip.file(f)!.async('nodebuffer')));
    expect(bytes.some((b) => b.equals(data))).toBe(true);
    for (const b of bytes) expect((await sharp(b).metadata()).format).toBe('png');

    const xml = await zip.file('word/document.xml')!.async('string');
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    const target = (id: string) =>
      new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!.slice(1).find(Boolean)!;
    // The pictures in the document's order: the stored one first, then bar chart, then wall.
    const embeds = [...xml.matchAll(/r:embed="([^"]+)"/g)].map((m) => target(m[1]));
    expect(embeds).toHaveLength(3);
    const inMedia = await Promise.all(embeds.map((t) => zip.file(`word/${t.replace(/^\/?word\//, '')}`)!.async('nodebuffer')));
    expect(inMedia[0].equals(data)).toBe(true);
    for (const chart of inMedia.slice(1)) expect((await sharp(chart).metadata()).width).toBe(1280);
    expect(xml).toContain('descr="Dia met de vier dimensies van racisme"');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    const order = [
      'De vier dimensies',
      'Na de dia',
      'Uitslag van de stemming',
      'De muur',
      'Foto van de flipchart — Groep 2',
      'Artikel [over] racisme',
      'Kwaadaardig',
    ];
    let at = -1;
    for (const w of order) {
      const i = text.indexOf(w, at + 1);
      expect(i, w).toBeGreaterThan(at);
      at = i;
    }
    // The picture is scaled to the page width (600 px = 5715000 EMU), keeping its aspect (3:1).
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(xml)!;
    expect(Number(extent[1])).toBe(5715000);
    expect(Number(extent[1]) / Number(extent[2])).toBeCloseTo(3, 1);
    // One hyperlink, to the http(s) address (percent-encoded); javascript: stays plain text.
    expect([...xml.matchAll(/<w:hyperlink /g)]).toHaveLength(1);
    expect(rels).toContain('Target="https://example.org/a%20b%28c%29?q=%22x%22" TargetMode="External"');
    expect(rels).not.toContain('javascript');
  });

  it('R-REPORT-DOCX-MEDIA: chart pictures draw Arabic labels right to left in an Arabic report (PNG in test-artifacts)', async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const bars = [
      { label: 'ما الذي ينقص الحي؟ مكان للقاء', value: 7 },
      { label: 'Meer licht in het park (Jan de Vries)', value: 3 },
    ];
    const wall = [
      {
        label: 'الأمان',
        items: ['إضاءة أفضل في الشارع', 'Meer licht in het park bij de speeltuin, vooral in de winter als het vroeg donker is'],
      },
      { label: 'Ontmoeten', items: ['Buurthuis open op zondag', 'مكان للقاء الجيران'] },
    ];
    for (const lang of ['ar', 'nl']) {
      const b = await barChart(bars, lang);
      const c = await clusterPicture(wall, lang);
      fs.writeFileSync(path.join(ARTIFACTS, `bars-${lang}.png`), b.data);
      fs.writeFileSync(path.join(ARTIFACTS, `wall-${lang}.png`), c.data);
      expect(b.width).toBe(1280);
      expect((await sharp(c.data).metadata()).format).toBe('png');
    }
    // Mirrored: in Arabic the bars grow from the right, so the left half holds the bars' ends.
    const ink = async (lang: string) => {
      const { data, info } = await sharp((await barChart([{ label: 'x', value: 1 }], lang)).data)
        .extract({ left: 0, top: 0, width: 640, height: 80 })
        .raw()
        .toBuffer({ resolveWithObject: true });
      let dark = 0;
      for (let i = 0; i < data.length; i += info.channels) if (data[i] < 200) dark++;
      return dark;
    };
    expect(await ink('ar')).toBeGreaterThan(await ink('nl'));
  });

  it('R-REPORT-MD-MEDIA: Markdown gives the picture in words, a chart only when the text lacks it, and safe links', async () => {
    const md = toMarkdown(doc());
    expect(md).toContain('_De vier dimensies — Dia met de vier dimensies van racisme_');
    expect(md).toContain('_Groep 2 — Foto van de flipchart_');
    expect(md).toContain('[Artikel \\[over\\] racisme](https://example.org/a%20b%28c%29?q=%22x%22)');
    expect(md).not.toContain('javascript');
    expect(md).toContain('\nKwaadaardig\n');
    // No table or cluster heading in this report: the chart and the wall as lists.
    expect(md).toContain('**Uitslag van de stemming**\n\n- Meer licht: 5\n- مكان للقاء: 2');
    expect(md).toContain('**De muur**\n\n- Veilig\n  - Meer licht\n  - Buurtpreventie');
    // With the vote's table and the brainstorm's cluster in the text, neither is repeated.
    const withText = toMarkdown(
      doc([
        { t: 'p', text: 'Veilig', strong: true },
        {
          t: 'table',
          head: ['Voorstel', 'Stemmen'],
          rows: [
            ['Meer licht', '5'],
            ['مكان للقاء', '2'],
          ],
        },
        ...BLOCKS.filter((b) => b.t === 'bars' || b.t === 'clusters'),
      ]),
    );
    expect(withText).not.toContain('Uitslag van de stemming');
    expect(withText).not.toContain('De muur');
  });
});
