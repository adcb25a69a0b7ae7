/**
 * A mixed-language room for the report tests (R-REPORT-BIDI): a Dutch session where Amal
 * writes an Arabic post-it and Jan a Dutch one, then a dot vote on them with 6 dots on the
 * Arabic one (Amal 5, Jan 1) and `dutchDots` on the Dutch one. The brainstorm's prompt has
 * an Arabic translation.
 */
import { expect } from 'vitest';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { createSession, facilitator, participant, type Peer } from './client.ts';
import { brainstormDraft, voteDraft } from './drafts.ts';

export const ARABIC = 'مقهى للجيران في الحي';
export const DUTCH = 'Een buurtcafé in de wijk';

export async function mixedRoom(url: string, { title = 'Buurtavond', dutchDots = 0 } = {}) {
  const s = await createSession(url, title, 'nl');
  const f = await facilitator(url, s);
  const amal = await participant(url, s, { name: 'Amal' });
  const jan = await participant(url, s, { name: 'Jan' });
  const peers: Peer[] = [f, amal, jan];
  expect(await f.cmd('agenda.add', { activity: brainstormDraft({ prompt: 'Wat mist de buurt?' }) })).toMatchObject({ ok: true });
  const ideas = f.view!.agenda.at(-1)!.id;
  const tr = { activityId: ideas, lang: 'ar', texts: { 'Wat mist de buurt?': 'ما الذي ينقص الحي؟' } };
  expect(await f.cmd('agenda.translate', tr)).toMatchObject({ ok: true });
  await f.cmd('agenda.goto', { activityId: ideas });
  for (const [p, text] of [
    [amal, ARABIC],
    [jan, DUTCH],
  ] as const)
    expect(await p.cmd('brainstorm.add', { activityId: ideas, text, column: null, showName: false })).toMatchObject({ ok: true });
  expect(await f.cmd('agenda.add', { activity: voteDraft({ sourceId: ideas, items: [] }) })).toMatchObject({ ok: true });
  const vote = f.view!.agenda.at(-1)!.id;
  await f.cmd('agenda.goto', { activityId: vote });
  await amal.until((v) => (v.agenda.find((a) => a.id === vote)!.state as DotvoteState).items.length === 2);
  const items = (amal.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState).items;
  const place = async (p: Peer, text: string, n: number) => {
    const itemId = items.find((i) => i.text === text)!.id;
    for (let i = 0; i < n; i++) expect(await p.cmd('dotvote.place', { activityId: vote, itemId })).toMatchObject({ ok: true });
  };
  await place(amal, ARABIC, 5);
  await place(jan, ARABIC, 1);
  await place(jan, DUTCH, dutchDots);
  return { s, f, amal, jan, peers, ideas, vote };
}
