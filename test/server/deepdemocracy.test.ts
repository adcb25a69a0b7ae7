/**
 * Deep Democracy on real sockets: no stance reaches anyone with an id; the amended decision
 * reaches every screen and the report (rule ids: test/SPEC.md).
 */
import { describe, expect, it } from 'vitest';
import type { DeepDemocracyState } from '../../shared/activities/deepdemocracy/index.ts';
import type { Peer } from '../helpers/client.ts';
import { ok, rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';
import { translate } from '../../shared/i18n/index.ts';

const { room } = rooms(lifecycle());

describe('Deep Democracy on the wire (R-DD-NONAMES)', () => {
  it('no participant, board or facilitator socket receives a stance, vote, need or slider position with an id', async () => {
    const { f, b, phones, pids } = await room(5);
    await ok(f, 'agenda.add', {
      activity: {
        kind: 'deepdemocracy',
        title: 'Besluit',
        config: { proposal: 'Politie uitnodigen op het lerend netwerk', smallGroupSafety: true },
      },
    });
    await f.until((v) => v.agenda.at(-1)!.kind === 'deepdemocracy'); // the frame follows the ack
    const id = f.view!.agenda.at(-1)!.id;
    const dd = () => f.view!.agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
    const step = (to: string) => ok(f, 'deepdemocracy.step', { activityId: id, step: to });
    await ok(f, 'agenda.goto', { activityId: id });
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.view', { activityId: id, text: `Invalshoek ${i}` });
    await ok(phones[0], 'deepdemocracy.unsaid', { activityId: id });
    await step('findNo');
    await ok(phones[1], 'deepdemocracy.alternative', { activityId: id, text: 'Eerst een apart gesprek' });
    await f.until(() => dd().alternatives.length === 1);
    const alt = dd().alternatives[0].id;
    await ok(f, 'deepdemocracy.rephrase', {
      activityId: id,
      alternativeId: alt,
      text: 'Eerst een apart gesprek met de politie',
      onBallot: true,
    });
    await step('spreadNo');
    for (const [i, p] of phones.entries())
      await ok(p, 'deepdemocracy.recognise', { activityId: id, alternativeId: alt, level: ['fully', 'partly', 'not'][i % 3] });
    await step('vote');
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.vote', { activityId: id, optionId: i < 3 ? 'proposal' : alt });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await step('minority');
    await ok(phones[3], 'deepdemocracy.minority', { activityId: id, answer: 'need', need: 'Een veilige ruimte' });
    await ok(phones[4], 'deepdemocracy.minority', { activityId: id, answer: 'asIs' });
    expect(await phones[0].cmd('deepdemocracy.minority', { activityId: id, answer: 'asIs' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    await f.until(() => dd().needs.length === 2);
    await ok(f, 'deepdemocracy.handleNeed', { activityId: id, needId: dd().needs.find((x) => x.answer === 'need')!.id, status: 'added' });
    await step('final');
    for (const p of phones) await ok(p, 'deepdemocracy.final', { activityId: id, answer: 'yes' });
    await ok(f, 'deepdemocracy.closeFinal', { activityId: id });
    await ok(f, 'deepdemocracy.sliderOpen', { activityId: id, statement: 'Dit is dringend', open: true });
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.slider', { activityId: id, value: i * 20 });
    await ok(f, 'deepdemocracy.decide', { activityId: id });
    await b.until((v) => (v.agenda.find((a) => a.id === id)!.state as DeepDemocracyState).decided);
    for (const p of phones) await p.until((v) => (v.agenda.find((a) => a.id === id)!.state as DeepDemocracyState).decided);

    // Exactly the two who voted otherwise were asked, each on their own phone.
    const askedOn = phones.map((p) => Object.keys((p.view!.agenda.find((a) => a.id === id)!.state as DeepDemocracyState).asked).length);
    expect(askedOn).toEqual([0, 0, 0, 1, 1]);
    expect((b.view!.agenda.find((a) => a.id === id)!.state as DeepDemocracyState).slider.values).toEqual([0, 20, 40, 60, 80]);
    await f.until(() => dd().decided);
    expect(dd().unsaid).toBe(1);

    const ddEvents = (p: Peer) =>
      p.wire
        .filter(([e]) => e === 'frame')
        .flatMap(([, fr]) => (fr as { events: { type: string; pid?: string }[] }).events)
        .filter((e) => e.type.startsWith('deepdemocracy.'));
    for (const [who, viewer] of [['facilitator', f], ['board', b], ...phones.map((p, i) => [`phone ${i}`, p] as const)] as const) {
      const own = phones.indexOf(viewer as Peer) >= 0 ? pids[phones.indexOf(viewer as Peer)] : undefined;
      const foreign = pids.filter((p) => p !== own);
      const text = JSON.stringify(ddEvents(viewer as Peer)) + JSON.stringify((viewer as Peer).view!.agenda.find((a) => a.id === id));
      for (const pid of foreign) expect(text, `${who} sees ${pid}`).not.toContain(pid);
    }
  });
});

describe('Deep Democracy on the wire: the amended decision (R-DD-AMEND)', () => {
  it('only the facilitator amends, in the final step; the board, every phone and the report then carry the amended decision', async () => {
    const { server, s, f, b, phones } = await room(4);
    await ok(f, 'agenda.add', {
      activity: { kind: 'deepdemocracy', title: 'Besluit', config: { proposal: 'We nodigen de politie uit', smallGroupSafety: false } },
    });
    await f.until((v) => v.agenda.at(-1)!.kind === 'deepdemocracy');
    const id = f.view!.agenda.at(-1)!.id;
    const dd = (p: Peer) => p.view!.agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
    const step = (to: string) => ok(f, 'deepdemocracy.step', { activityId: id, step: to });
    await ok(f, 'agenda.goto', { activityId: id });
    await step('findNo');
    await step('spreadNo');
    await step('vote');
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.vote', { activityId: id, optionId: i < 3 ? 'proposal' : 'abstain' });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await step('minority');
    await ok(phones[3], 'deepdemocracy.minority', { activityId: id, answer: 'need', need: 'Een moderator van de stad' });
    await f.until(() => dd(f).needs.length === 1);
    const need = dd(f).needs[0].id;
    const amend = { activityId: id, text: 'We nodigen de politie uit, met een moderator van de stad', needIds: [need] };
    expect(await f.cmd('deepdemocracy.amend', amend)).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED', reason: 'notFinal' } });
    await ok(f, 'deepdemocracy.handleNeed', { activityId: id, needId: need, status: 'adapted' });
    await step('final');
    expect(await phones[0].cmd('deepdemocracy.amend', amend)).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED', reason: 'facilitator' },
    });
    expect(await b.cmd('deepdemocracy.amend', amend)).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    await ok(f, 'deepdemocracy.amend', amend);
    for (const p of [b, ...phones]) await p.until(() => dd(p).amendment?.text === amend.text);
    expect(dd(b).amendment).toEqual({ text: amend.text, needIds: [need] });
    for (const p of phones) await ok(p, 'deepdemocracy.final', { activityId: id, answer: 'yes' });
    await ok(f, 'deepdemocracy.closeFinal', { activityId: id });
    await ok(f, 'deepdemocracy.decide', { activityId: id });
    await b.until(() => dd(b).decided);

    const md = await fetch(`${server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    expect(md.status).toBe(200);
    const text = await md.text();
    const nl = (key: string, params?: Record<string, string>) => translate('nl', key, params);
    const at = (line: string) => text.indexOf(line);
    expect(at(nl('report.dd.amended', { text: amend.text }))).toBeGreaterThan(at(nl('report.dd.decision')));
    expect(at(nl('report.dd.need.adaptedInto', { need: 'Een moderator van de stad' }))).toBeGreaterThan(
      at(nl('report.dd.amended', { text: amend.text })),
    );
    expect(text).toContain(nl('report.dd.amendedFrom', { text: 'We nodigen de politie uit' }));
  });
});
