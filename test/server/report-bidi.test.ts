/**
 * SPEC: R-REPORT-BIDI, R-REPORT-LANG — a mixed-language room's report. Arabic and Dutch
 * post-its with their dots: the DOCX marks the Arabic paragraphs right to left with their
 * language and keeps the Dutch count after the Arabic text; Markdown isolates the count;
 * the report exists in every one of Kring's languages, facilitator texts translated.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, translate } from '../../shared/i18n/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { createSession, facilitator, participant } from '../helpers/client.ts';
import { brainstormDraft, voteDraft } from '../helpers/drafts.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const FSI = '\u2068';
const PDI = '\u2069';
const ARABIC = 'مقهى للجيران في الحي';
const DUTCH = 'Een buurtcafé in de wijk';

async function mixedRoom() {
  const server = await serve();
  const s = await createSession(server.url, 'Buurtavond', 'nl');
  const f = track(await facilitator(server.url, s));
  const amal = track(await participant(server.url, s, { name: 'Amal' }));
  const jan = track(await participant(server.url, s, { name: 'Jan' }));
  expect(await f.cmd('agenda.add', { activity: brainstormDraft({ prompt: 'Wat mist de buurt?' }) })).toMatchObject({ ok: true });
  const ideas = f.view!.agenda.at(-1)!.id;
  expect(
    await f.cmd('agenda.translate', { activityId: ideas, lang: 'ar', texts: { 'Wat mist de buurt?': 'ما الذي ينقص الحي؟' } }),
  ).toMatchObject({
    ok: true,
  });
  await f.cmd('agenda.goto', { activityId: ideas });
  expect(await amal.cmd('brainstorm.add', { activityId: ideas, text: ARABIC, column: null, showName: false })).toMatchObject({ ok: true });
  expect(await jan.cmd('brainstorm.add', { activityId: ideas, text: DUTCH, column: null, showName: false })).toMatchObject({ ok: true });
  expect(await f.cmd('agenda.add', { activity: voteDraft({ sourceId: ideas, items: [] }) })).toMatchObject({ ok: true });
  const vote = f.view!.agenda.at(-1)!.id;
  await f.cmd('agenda.goto', { activityId: vote });
  await amal.until((v) => (v.agenda.find((a) => a.id === vote)!.state as DotvoteState).items.length === 2);
  const items = (amal.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState).items;
  const arabicItem = items.find((i) => i.text === ARABIC)!;
  for (let i = 0; i < 5; i++)
    expect(await amal.cmd('dotvote.place', { activityId: vote, itemId: arabicItem.id })).toMatchObject({ ok: true });
  expect(await jan.cmd('dotvote.place', { activityId: vote, itemId: arabicItem.id })).toMatchObject({ ok: true });
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
    const { get } = await mixedRoom();
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
    const { get } = await mixedRoom();
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
