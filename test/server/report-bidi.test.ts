/**
 * SPEC: R-REPORT-BIDI, R-REPORT-LANG — a mixed-language room's report. Arabic and Dutch
 * post-its with their dots: the DOCX marks the Arabic paragraphs right to left with their
 * language and keeps the Dutch count after the Arabic text; Markdown isolates the count;
 * the report exists in every one of Kring's languages, facilitator texts translated.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, translate } from '../../shared/i18n/index.ts';
import { ARABIC, DUTCH, mixedRoom } from '../helpers/mixed-room.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const FSI = '\u2068';
const PDI = '\u2069';

async function room() {
  const server = await serve();
  const { s, peers } = await mixedRoom(server.url);
  for (const p of peers) track(p);
  const get = (format: string, lang?: string) =>
    fetch(`${server.url}/api/sessions/${s.sessionId}/report/${format}${lang ? `?lang=${lang}` : ''}`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
  return { get };
}

const paragraphs = async (res: Response) => {
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    xml: m[0],
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  }));
};

describe('a mixed-language report', () => {
  it('R-REPORT-BIDI: the DOCX marks Arabic paragraphs right to left in Arabic; the Dutch count stays after the text, isolated', async () => {
    const { get } = await room();
    const count = translate('nl', 'report.votes', { count: 6 });
    const paras = await paragraphs(await get('docx'));
    const arabic = paras.filter((p) => p.text.includes(ARABIC));
    expect(arabic.length).toBeGreaterThan(0);
    for (const p of arabic) {
      expect(p.xml, p.text).toMatch(/<w:pPr>[\s\S]*<w:bidi\/>[\s\S]*<\/w:pPr>/);
      expect(p.xml, p.text).toMatch(/<w:rtl\/>/);
      expect(p.xml, p.text).toMatch(/<w:lang w:bidi="ar-SA"\/>/);
    }
    // The post-it with its dots: the text, then the isolated count, in that order.
    expect(arabic.map((p) => p.text)).toContain(`${ARABIC}; ${FSI}${count}${PDI}`);
    // Dutch paragraphs stay left to right and unmarked.
    const dutch = paras.find((p) => p.text.startsWith(DUTCH))!;
    expect(dutch.xml).not.toMatch(/<w:bidi\/>|<w:rtl\/>/);

    const md = await (await get('md')).text();
    expect(md).toContain(`- ${ARABIC}; ${FSI}${count}${PDI}`);
  });

  it('R-REPORT-LANG: the same report in each of the eight languages, with the facilitator’s translations; a right-to-left report is right to left', async () => {
    const { get } = await room();
    for (const lang of LANGUAGES) {
      const md = await (await get('md', lang)).text();
      expect(md, lang).toContain(`## ${translate(lang, 'report.agenda')}`);
    }
    expect(await (await get('md', 'ar')).text()).toContain('ما الذي ينقص الحي؟');
    const paras = await paragraphs(await get('docx', 'ar'));
    const heading = paras.find((p) => p.text === translate('ar', 'report.agenda'))!;
    expect(heading.xml).toMatch(/<w:bidi\/>/);
    // In an Arabic report the Dutch post-it is the isolated one.
    const dutch = paras.find((p) => p.text.startsWith(DUTCH))!;
    expect(dutch.xml).not.toMatch(/<w:pPr>[\s\S]*<w:bidi\/>/);
    expect((await get('md', 'xx')).status).toBe(400);
  });
});
