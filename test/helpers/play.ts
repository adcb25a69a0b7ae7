/**
 * A whole learning-network session played through the real socket protocol: check-in,
 * brainstorm, dot vote, group work and a Deep Democracy round. Deterministic, so that
 * its report can be compared with a reviewed snapshot.
 */
import type { DeepDemocracyState } from '../../shared/activities/deepdemocracy/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { GroupworkState } from '../../shared/activities/groupwork/index.ts';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, participant, type Peer } from './client.ts';

export async function createFromTemplate(url: string, title: string, template = 'learningNetwork', lang = 'nl') {
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, lang, template }),
  });
  if (res.status !== 201) throw new Error(await res.text());
  return (await res.json()) as CreatedSession;
}

const ENGAGEMENTS = [
  'Ik durf met ervaringsdeskundigen aan de slag te gaan',
  'Ik neem graag thema interculturalisering in mijn huidige werking',
  'Ik zou graag confronterende bevragingen doen binnen adviesraad en personeelsteam',
  'Ik blijf vormingen volgen in verband met racisme en dekolonisatie',
  'Ik ga op zoek naar meer diverse vrijwilligers',
  'Ik wil graag een dialoog met politie over polarisatie',
];

export async function playSession(url: string, s: CreatedSession): Promise<{ f: Peer; phones: Peer[] }> {
  const f = await facilitator(url, s);
  const phones: Peer[] = [];
  for (let i = 0; i < 6; i++) phones.push(await participant(url, s, { name: `Deelnemer ${i + 1}` }));
  const ok = async (p: Peer, type: string, payload: Record<string, unknown>) => {
    const ack = await p.cmd(type, payload);
    if (!ack.ok) throw new Error(`${type}: ${JSON.stringify(ack)}`);
  };
  /** Frames arrive after acks: wait until the console shows what the next step needs. */
  const settle = (cond: () => boolean) => f.until(() => cond());
  const [rules, checkin, words, , engagements, vote, groups, checkout] = f.view!.agenda.map((a) => a.id);
  const state = <T>(id: string) => f.view!.agenda.find((a) => a.id === id)!.state as T;

  await ok(f, 'session.meta', {
    date: '2023-06-23',
    place: 'De Springplank',
    facilitator: 'Rekik Bonsecour',
    nextDate: '2023-10-20',
    nextTheme: 'Inclusieve communicatie',
  });
  await ok(f, 'agenda.goto', { activityId: rules });
  for (const p of phones.slice(0, 5)) await ok(p, 'info.agree', { activityId: rules, agree: true });

  await ok(f, 'agenda.goto', { activityId: checkin });
  await ok(phones[0], 'checkin.respond', {
    activityId: checkin,
    answer: 'Ik dacht dat iedereen met een hoofddoek Arabisch sprak.',
    passed: false,
  });
  await ok(phones[1], 'checkin.respond', { activityId: checkin, answer: '', passed: true });
  await ok(phones[2], 'checkin.respond', {
    activityId: checkin,
    answer: 'Dat jongeren niet geïnteresseerd zijn in politiek.',
    passed: false,
  });
  await ok(phones[3], 'checkin.respond', { activityId: checkin, answer: '', passed: false });
  // The round is shared in the room: the board shows the answers, so they go into the report (R-CHECKIN-REPORT).
  await ok(f, 'checkin.show', { activityId: checkin, show: true });

  await ok(f, 'agenda.goto', { activityId: words });
  await ok(phones[0], 'brainstorm.add', { activityId: words, text: 'Micro-agressie', column: 0, showName: false });
  await ok(phones[1], 'brainstorm.add', { activityId: words, text: 'Is structureel', column: 0, showName: false });
  await ok(phones[2], 'brainstorm.add', { activityId: words, text: 'We hebben allemaal vooroordelen', column: 1, showName: false });
  await ok(phones[3], 'brainstorm.add', { activityId: words, text: 'Gaat over meer dan Belgisch Congo', column: 2, showName: false });
  await ok(phones[4], 'brainstorm.add', { activityId: words, text: 'Iets kwetsends', column: 2, showName: false });
  await settle(() => state<BrainstormState>(words).items.length === 5);
  const hideMe = state<BrainstormState>(words).items.find((i) => i.text === 'Iets kwetsends')!;
  await ok(f, 'brainstorm.hide', { activityId: words, itemId: hideMe.id, hidden: true });
  await ok(f, 'brainstorm.clusterAdd', { activityId: words, title: 'Structureel' });
  await settle(() => state<BrainstormState>(words).clusters.length === 1);
  const cluster = state<BrainstormState>(words).clusters[0].id;
  await ok(f, 'brainstorm.cluster', {
    activityId: words,
    itemId: state<BrainstormState>(words).items.find((i) => i.text === 'Is structureel')!.id,
    clusterId: cluster,
  });

  await ok(f, 'agenda.goto', { activityId: engagements });
  for (const [i, text] of ENGAGEMENTS.entries())
    await ok(phones[i], 'brainstorm.add', { activityId: engagements, text, column: null, showName: false });
  await ok(phones[5], 'brainstorm.add', {
    activityId: engagements,
    text: 'Met ervaringsdeskundigen werken',
    column: null,
    showName: false,
  });
  await settle(() => state<BrainstormState>(engagements).items.length === 7);
  const engItems = state<BrainstormState>(engagements).items;
  await ok(f, 'brainstorm.merge', { activityId: engagements, itemId: engItems[0].id, otherId: engItems[6].id });

  await ok(f, 'agenda.goto', { activityId: vote });
  await settle(() => state<DotvoteState>(vote).items.length === 6);
  const items = state<DotvoteState>(vote).items;
  // 8, 8, 4, 4, 3, 3 dots: ties share a rank.
  const plan = [
    [0, 0, 0, 1, 1],
    [0, 0, 1, 1, 2],
    [0, 1, 1, 2, 2],
    [0, 2, 3, 3, 4],
    [0, 1, 3, 4, 5],
    [1, 3, 4, 5, 5],
  ];
  for (const [i, dots] of plan.entries())
    for (const d of dots) await ok(phones[i], 'dotvote.place', { activityId: vote, itemId: items[d].id });
  await ok(f, 'dotvote.reveal', { activityId: vote, revealed: true });
  await ok(f, 'dotvote.carry', { activityId: vote, itemIds: [items[0].id, items[1].id] });

  await ok(f, 'agenda.goto', { activityId: groups });
  await ok(f, 'groupwork.form', { activityId: groups, by: 'count', value: 2, assignment: 'choose' });
  await settle(() => state<GroupworkState>(groups).groups.length === 2);
  const [g1, g2] = state<GroupworkState>(groups).groups;
  for (const [i, p] of phones.entries()) await ok(p, 'groupwork.join', { activityId: groups, groupId: i < 3 ? g1.id : g2.id });
  const answers: [number, string, number, string][] = [
    [0, g1.id, 0, 'Blinde vlekken in eigen job ontdekken'],
    [1, g1.id, 1, 'Vrijwilligers kan je niet verplichten'],
    [2, g1.id, 2, 'Topic agenderen op bestaande overlegmomenten'],
    [0, g1.id, 3, 'Collega’s, bestuur en leden die iets brengen'],
    [3, g2.id, 0, 'Collega’s durven elkaar aan te spreken'],
    [4, g2.id, 1, 'Grote nood aan interne gedragenheid'],
    [5, g2.id, 2, 'Procesbegeleiding voor alle diensten'],
    [3, g2.id, 3, 'Geld, tijd en middelen'],
  ];
  for (const [i, gid, q, text] of answers) await ok(phones[i], 'groupwork.answer', { activityId: groups, groupId: gid, question: q, text });

  await ok(f, 'agenda.add', {
    activity: {
      kind: 'deepdemocracy',
      title: 'Besluit: politie uitnodigen',
      config: { proposal: 'We nodigen de politie uit op het volgende lerend netwerk', smallGroupSafety: false },
    },
    index: 7,
  });
  await settle(() => f.view!.agenda[7]?.kind === 'deepdemocracy');
  const dd = f.view!.agenda[7].id;
  const step = (to: string) => ok(f, 'deepdemocracy.step', { activityId: dd, step: to });
  await ok(f, 'agenda.goto', { activityId: dd });
  await ok(phones[0], 'deepdemocracy.view', { activityId: dd, text: 'Het breekt hun bubbel' });
  await ok(phones[1], 'deepdemocracy.view', { activityId: dd, text: 'Het breekt hun bubbel open' });
  await ok(phones[2], 'deepdemocracy.view', { activityId: dd, text: 'Niet iedereen voelt zich dan veilig' });
  await settle(() => state<DeepDemocracyState>(dd).views.length === 3);
  const views = state<DeepDemocracyState>(dd).views;
  await ok(f, 'deepdemocracy.mergeViews', { activityId: dd, viewId: views[0].id, otherId: views[1].id });
  await step('findNo');
  await ok(phones[3], 'deepdemocracy.alternative', { activityId: dd, text: 'Eerst een apart gesprek' });
  await settle(() => state<DeepDemocracyState>(dd).alternatives.length === 1);
  const alt = state<DeepDemocracyState>(dd).alternatives[0].id;
  await ok(f, 'deepdemocracy.rephrase', {
    activityId: dd,
    alternativeId: alt,
    text: 'Eerst een apart gesprek met de politie',
    onBallot: true,
  });
  await step('spreadNo');
  for (const [i, level] of ['not', 'partly', 'not', 'fully', 'fully', 'partly'].entries())
    await ok(phones[i], 'deepdemocracy.recognise', { activityId: dd, alternativeId: alt, level });
  await step('vote');
  for (const [i, choice] of ['proposal', 'proposal', 'proposal', alt, 'abstain', 'proposal'].entries())
    await ok(phones[i], 'deepdemocracy.vote', { activityId: dd, optionId: choice });
  await ok(f, 'deepdemocracy.closeVote', { activityId: dd });
  await step('minority');
  await ok(phones[3], 'deepdemocracy.minority', { activityId: dd, answer: 'need', need: 'Een veilige ruimte en goede moderatie' });
  await ok(phones[4], 'deepdemocracy.minority', { activityId: dd, answer: 'asIs' });
  await settle(() => state<DeepDemocracyState>(dd).needs.length === 2);
  const need = state<DeepDemocracyState>(dd).needs.find((x) => x.answer === 'need')!.id;
  await ok(f, 'deepdemocracy.handleNeed', { activityId: dd, needId: need, status: 'added' });
  await step('final');
  for (const [i, a] of ['yes', 'yes', 'yes', 'reservations', 'yes', 'yes'].entries())
    await ok(phones[i], 'deepdemocracy.final', { activityId: dd, answer: a });
  await ok(f, 'deepdemocracy.closeFinal', { activityId: dd });
  await ok(f, 'deepdemocracy.decide', { activityId: dd });

  await ok(f, 'agenda.goto', { activityId: checkout });
  // The facilitator puts the check-out's answers in the report without showing them.
  await ok(f, 'checkin.report', { activityId: checkout, include: true });
  await ok(phones[0], 'checkin.respond', {
    activityId: checkout,
    answer: 'Ik neem mee: durf in de eigen boezem te kijken.',
    passed: false,
  });
  await settle(() => Object.keys(state<{ responses: object }>(checkout).responses).length === 1);
  return { f, phones };
}
