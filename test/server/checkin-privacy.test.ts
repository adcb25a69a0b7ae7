/**
 * SPEC: R-CHECKIN-REPORT — check-in answers the board never showed and the facilitator
 * never put in the report are in no report format (Markdown, DOCX, CSV, the print page's
 * document); the report says how many stayed with the facilitator. The choice is the
 * facilitator's alone: no phone or board hears of it.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import type { CheckinState } from '../../shared/activities/checkin/index.ts';
import { board, createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const SHOWN = 'Ik kom binnen met veel zin';
const PRIVATE = 'Eigenlijk ben ik heel moe vandaag';

async function docxText(res: Response) {
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

describe('check-in answers and the report', () => {
  it('R-CHECKIN-REPORT: an answer the board never showed is in no report format until the facilitator puts the answers in', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Privacy');
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const [amal, bert] = [track(await participant(server.url, s)), track(await participant(server.url, s))];
    const config = { mode: 'checkin', prompts: ['Hoe kom je binnen?'] };
    expect(await f.cmd('agenda.add', { activity: { kind: 'checkin', title: 'Check-in', config } })).toMatchObject({ ok: true });
    const id = f.view!.agenda.at(-1)!.id;
    await f.cmd('agenda.goto', { activityId: id });
    expect(await amal.cmd('checkin.respond', { activityId: id, answer: SHOWN, passed: false })).toMatchObject({ ok: true });
    expect(await f.cmd('checkin.show', { activityId: id, show: true })).toMatchObject({ ok: true });
    expect(await f.cmd('checkin.show', { activityId: id, show: false })).toMatchObject({ ok: true });
    expect(await bert.cmd('checkin.respond', { activityId: id, answer: PRIVATE, passed: false })).toMatchObject({ ok: true });
    await f.until((v) => Object.keys((v.agenda.at(-1)!.state as CheckinState).responses).length === 2);

    const get = (format: string) =>
      fetch(`${server.url}/api/sessions/${s.sessionId}/report/${format}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } });
    const formats = async () => ({
      md: await (await get('md')).text(),
      docx: await docxText(await get('docx')),
      csv: await (await get('csv')).text(),
      doc: JSON.stringify(await (await get('doc')).json()),
    });
    const withheld = translate('nl', 'report.checkin.withheld', { count: 1 });
    for (const [format, text] of Object.entries(await formats())) {
      expect(text, format).toContain(SHOWN);
      expect(text, format).not.toContain(PRIVATE);
    }
    expect((await formats()).md).toContain(withheld);

    // Only the facilitator may put them in; then every written answer is in every format.
    expect(await amal.cmd('checkin.report', { activityId: id, include: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(await f.cmd('checkin.report', { activityId: id, include: true })).toMatchObject({ ok: true });
    for (const [format, text] of Object.entries(await formats())) expect(text, format).toContain(PRIVATE);
    expect((await formats()).md).not.toContain(withheld);
    expect(await f.cmd('checkin.report', { activityId: id, include: false })).toMatchObject({ ok: true });
    for (const [format, text] of Object.entries(await formats())) expect(text, format).not.toContain(PRIVATE);

    // Phones and the board never hear of the choice, nor which answers were seen.
    const heard = (p: Peer) => JSON.stringify(p.wire);
    for (const p of [amal, bert, b]) {
      expect(heard(p)).not.toContain('checkin.reported');
      expect(heard(p)).not.toContain('"inReport"');
      expect(heard(p)).not.toContain('"seen"');
    }
  });
});
