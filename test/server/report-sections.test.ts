/**
 * The report a city mails (issue 12): its own sections around the activities and their
 * wording, on sessions played through the real socket protocol, read back as the report
 * document (GET …/report/doc, the Block[] the print page renders) and as Markdown.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/report/model.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'organiser-sections-password';
const { serve, track } = lifecycle();

const get = (server: TestServer, s: CreatedSession, format: string, key = s.facilitatorKey) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/report/${format}`, { headers: { authorization: `Bearer ${key}` } });
const doc = async (server: TestServer, s: CreatedSession, key = s.facilitatorKey) => {
  const res = await get(server, s, 'doc', key);
  expect(res.status).toBe(200);
  return ((await res.json()) as { blocks: Block[] }).blocks;
};
const textOf = (b: Block) => ('text' in b ? b.text : '');
/** The blocks from the level-2 heading `title` up to the next level-2 heading. */
function section(blocks: Block[], title: string): Block[] {
  const at = blocks.findIndex((b) => b.t === 'h' && b.level === 2 && b.text === title);
  if (at < 0) return [];
  const end = blocks.findIndex((b, i) => i > at && b.t === 'h' && b.level <= 2);
  return blocks.slice(at + 1, end < 0 ? undefined : end);
}
const h2s = (blocks: Block[]) => blocks.filter((b) => b.t === 'h' && b.level === 2).map(textOf);

async function session(server: TestServer, title = 'Lerend netwerk sessie 7') {
  const s = await createSession(server.url, title);
  const f = track(await facilitator(server.url, s));
  return { s, f };
}
/** Add an activity and return its id. */
async function add(f: Peer, kind: string, title: string, config: Record<string, unknown>) {
  await ok(f, 'agenda.add', { activity: { kind, title, config } });
  await f.until((v) => v.agenda.some((a) => a.title === title));
  return f.view!.agenda.find((a) => a.title === title)!.id;
}
const card = (body: string, agreeable = false) => ({ body, agreeable });

describe('R-REPORT-INTRO: intro, goals and theme', () => {
  it('R-REPORT-INTRO: the session details give the theme on the first page, the intro as paragraphs and the goals as a list, before the agenda', async () => {
    const server = await serve();
    const { s, f } = await session(server);
    await ok(f, 'session.meta', {
      theme: 'Volgende stappen in interculturaliseren',
      intro: 'Welkom op het lerend netwerk.\n\nWe zoemen in van theorie op de praktijk.',
      goals: '- Praktische invullingen van racisme en dekolonisering\n• Eigen stappen richting interculturaliseren\n\n',
    });
    const welcome = await add(f, 'info', 'Welkom', card('Fijn dat je er bent.'));
    await ok(f, 'agenda.goto', { activityId: welcome });
    const blocks = await doc(server, s);
    expect(blocks.slice(0, 3).map(textOf)).toEqual([
      'Verslag Lerend netwerk sessie 7',
      'Thema: Volgende stappen in interculturaliseren',
      expect.stringMatching(/^Datum: /),
    ]);
    expect(h2s(blocks).slice(0, 4)).toEqual(['Inleiding', 'Doelstellingen', 'Agenda', 'Welkom']);
    expect(section(blocks, 'Inleiding')).toEqual([
      { t: 'p', text: 'Welkom op het lerend netwerk.' },
      { t: 'p', text: 'We zoemen in van theorie op de praktijk.' },
    ]);
    expect(section(blocks, 'Doelstellingen')).toEqual([
      {
        t: 'ul',
        items: [{ text: 'Praktische invullingen van racisme en dekolonisering' }, { text: 'Eigen stappen richting interculturaliseren' }],
      },
    ]);
    // The card stays an activity of its own when the details give the intro.
    expect(section(blocks, 'Welkom')).toEqual([{ t: 'p', text: 'Fijn dat je er bent.' }]);
  });

  it('R-REPORT-INTRO: without intro or goals, the cards the session opened with are the intro (not repeated); a card to agree to is not', async () => {
    const server = await serve();
    const { s, f } = await session(server);
    const intro = await add(
      f,
      'info',
      'Introductie en opbouw',
      card('Participatief aan de slag rond diversiteit.\nDe opvolging ligt bij de stad.'),
    );
    const goals = await add(f, 'info', 'Centrale doelstellingen', card('Dieper ingaan op interculturaliseren.'));
    const rules = await add(f, 'info', 'Huisregels', card('Respect voor elkaar.', true));
    for (const id of [intro, goals, rules]) await ok(f, 'agenda.goto', { activityId: id });
    const blocks = await doc(server, s);
    expect(h2s(blocks)).toEqual(['Inleiding', 'Agenda', 'Huisregels']);
    expect(section(blocks, 'Inleiding')).toEqual([
      { t: 'h', level: 3, text: 'Introductie en opbouw' },
      { t: 'p', text: 'Participatief aan de slag rond diversiteit.' },
      { t: 'p', text: 'De opvolging ligt bij de stad.' },
      { t: 'h', level: 3, text: 'Centrale doelstellingen' },
      { t: 'p', text: 'Dieper ingaan op interculturaliseren.' },
    ]);
    // The agenda still lists every card.
    const agenda = section(blocks, 'Agenda')[0] as Extract<Block, { t: 'ol' }>;
    expect(agenda.items.map((i) => i.text)).toEqual([
      'Huisregels: safe space, brave space (niet behandeld)',
      'Introductie en opbouw',
      'Centrale doelstellingen',
      'Huisregels',
    ]);

    // A session that starts with its house rules has no intro: the rules are an activity.
    const other = await session(server, 'Zonder inleiding');
    const only = await add(other.f, 'info', 'Huisregels', card('Respect voor elkaar.', true));
    await ok(other.f, 'agenda.goto', { activityId: only });
    expect(h2s(await doc(server, other.s))).toEqual(['Agenda', 'Huisregels']);
  });
});

describe('R-REPORT-RESOURCES: reading and viewing tips', () => {
  it('R-REPORT-RESOURCES: the tips are links in their own section before the next session; a link that is not http(s) is refused and changes nothing', async () => {
    const server = await serve();
    const { s, f } = await session(server);
    const tips = [
      { title: 'Helder en inclusief communiceren (VVSG)', url: 'https://www.vvsg.be/helder-en-inclusief' },
      { title: 'Don Moussa Pandzou over dekolonisatie', url: 'http://example.org/pandzou' },
    ];
    await ok(f, 'session.meta', { resources: tips, nextDate: '2023-10-20' });
    const bad = await f.cmd('session.meta', { resources: [{ title: 'Kwaadaardig', url: 'javascript:alert(1)' }] });
    expect(bad).toMatchObject({ ok: false });
    const blocks = await doc(server, s);
    expect(h2s(blocks).slice(-2)).toEqual(['Lees- en kijktips', 'Volgende sessie']);
    expect(section(blocks, 'Lees- en kijktips')).toEqual(tips.map((r) => ({ t: 'link', text: r.title, href: r.url })));
    // Clearing the list clears the section.
    await ok(f, 'session.meta', { resources: [] });
    expect(h2s(await doc(server, s))).not.toContain('Lees- en kijktips');
  });
});

describe('R-REPORT-ATTENDANCE: who was there', () => {
  async function room(server: TestServer) {
    const { s, f } = await session(server);
    for (const name of ['Zoë', 'émile', 'Bart', 'Ahmed']) track(await participant(server.url, s, { name }));
    for (let i = 0; i < 2; i++) track(await participant(server.url, s));
    await f.until((v) => Object.keys(v.participants).length === 6);
    return { s, f };
  }
  const NAMES = 'Ahmed, Bart, émile, Zoë en 2 deelnemers zonder naam';

  it('R-REPORT-ATTENDANCE: the facilitator and the organiser get the names people gave, sorted as Dutch sorts them, and how many came without one', async () => {
    const server = await serve({ adminPassword: PASSWORD });
    const { s } = await room(server);
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    for (const key of [s.facilitatorKey, token]) {
      const blocks = await doc(server, s, key);
      expect(blocks).toContainEqual({ t: 'p', text: 'Aanwezig: 6 deelnemers' });
      expect(section(blocks, 'Aanwezigen')).toEqual([{ t: 'p', text: NAMES }]);
      expect(await (await get(server, s, 'md', key)).text()).toContain(`## Aanwezigen\n\n${NAMES}\n`);
    }
  });

  it('R-REPORT-ATTENDANCE, R-PRIVACY-REPORT-LINK: a report link gets the count, never a name', async () => {
    const server = await serve();
    const { s } = await room(server);
    const link = await fetch(`${server.url}/api/sessions/${s.sessionId}/report-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    const { reportKey } = (await link.json()) as { reportKey: string };
    const blocks = await doc(server, s, reportKey);
    expect(blocks).toContainEqual({ t: 'p', text: 'Aanwezig: 6 deelnemers' });
    expect(h2s(blocks)).not.toContain('Aanwezigen');
    for (const format of ['md', 'json', 'doc']) {
      const text = await (await get(server, s, format, reportKey)).text();
      for (const name of ['Zoë', 'émile', 'Bart', 'Ahmed']) expect(text, `${format}: ${name}`).not.toContain(name);
    }
  });
});

describe('R-REPORT-CHARTS: pictures where people would rather look than read', () => {
  it('R-REPORT-CHARTS: a dot vote has a bar chart of the items with votes, longest first; a wall with clusters has a picture of them', async () => {
    const server = await serve();
    const { s, f } = await session(server);
    const phones: Peer[] = [];
    for (let i = 0; i < 3; i++) phones.push(track(await participant(server.url, s)));
    const wall = await add(f, 'brainstorm', 'Drie woorden', {
      prompt: 'Wat is je bijgebleven?',
      columns: [],
      maxPerPerson: 5,
      maxLength: 280,
      allowNames: false,
      privateUntilReveal: false,
    });
    await ok(f, 'agenda.goto', { activityId: wall });
    const texts = ['Micro-agressie', 'Is structureel', 'Geïnternaliseerd', 'Gaat over meer dan Congo', 'Herverdelen van middelen'];
    for (const [i, text] of texts.entries())
      await ok(phones[i % 3], 'brainstorm.add', { activityId: wall, text, column: null, showName: false });
    type Wall = { items: { id: string; text: string }[]; clusters: { id: string; title: string }[] };
    const state = () => f.view!.agenda.find((a) => a.id === wall)!.state as Wall;
    await f.until(() => state().items.length === 5);
    for (const title of ['Racisme', 'Dekolonisering']) await ok(f, 'brainstorm.clusterAdd', { activityId: wall, title });
    await f.until(() => state().clusters.length === 2);
    const [racism, decol] = state().clusters.map((c) => c.id);
    const id = (text: string) => state().items.find((i) => i.text === text)!.id;
    for (const [text, clusterId] of [
      ['Micro-agressie', racism],
      ['Is structureel', racism],
      ['Gaat over meer dan Congo', decol],
    ])
      await ok(f, 'brainstorm.cluster', { activityId: wall, itemId: id(text), clusterId });

    const vote = await add(f, 'dotvote', 'Stemmen', { prompt: '', sourceId: wall, items: [], budget: 3, stacking: true, capPerItem: null });
    await ok(f, 'agenda.goto', { activityId: vote });
    await f.until((v) => (v.agenda.find((a) => a.id === vote)!.state as { items: unknown[] }).items.length === 5);
    // Herverdelen 4, Micro-agressie 3, Is structureel 2; two items get none.
    const plan = [
      ['Herverdelen van middelen', 'Herverdelen van middelen', 'Micro-agressie'],
      ['Herverdelen van middelen', 'Micro-agressie', 'Is structureel'],
      ['Herverdelen van middelen', 'Micro-agressie', 'Is structureel'],
    ];
    for (const [i, dots] of plan.entries())
      for (const text of dots) await ok(phones[i], 'dotvote.place', { activityId: vote, itemId: id(text) });

    const blocks = await doc(server, s);
    const voted = section(blocks, 'Stemmen');
    const table = voted.findIndex((b) => b.t === 'table');
    expect(voted[table + 1]).toEqual({
      t: 'bars',
      title: 'Stemmen per item',
      bars: [
        { label: 'Herverdelen van middelen', value: 4 },
        { label: 'Micro-agressie', value: 3 },
        { label: 'Is structureel', value: 2 },
      ],
    });
    expect(section(blocks, 'Drie woorden')).toContainEqual({
      t: 'clusters',
      title: 'De post-its per cluster',
      clusters: [
        { label: 'Racisme', items: ['Micro-agressie', 'Is structureel'] },
        { label: 'Dekolonisering', items: ['Gaat over meer dan Congo'] },
      ],
    });
    // R-REPORT-WORDING: the items without votes are no table rows; a line counts them.
    expect((voted[table] as Extract<Block, { t: 'table' }>).rows).toHaveLength(3);
    expect(voted).toContainEqual({ t: 'p', text: '2 items kregen geen stem:', muted: true });
  });
});

describe('R-REPORT-WORDING: words a person would write', () => {
  it('R-REPORT-WORDING: a check-out speaks of checking out', async () => {
    const server = await serve();
    const { s, f } = await session(server);
    const phones: Peer[] = [];
    for (let i = 0; i < 3; i++) phones.push(track(await participant(server.url, s)));
    const out = await add(f, 'checkin', 'Check-out', { mode: 'checkout', prompts: ['Wat neem je mee?'] });
    const inn = await add(f, 'checkin', 'Check-in', { mode: 'checkin', prompts: ['Hoe kom je binnen?'] });
    for (const id of [inn, out]) {
      await ok(f, 'agenda.goto', { activityId: id });
      await ok(phones[0], 'checkin.respond', { activityId: id, answer: '', passed: false });
      await ok(phones[1], 'checkin.respond', { activityId: id, answer: '', passed: false });
      await ok(phones[2], 'checkin.respond', { activityId: id, answer: '', passed: true });
    }
    const blocks = await doc(server, s);
    expect(section(blocks, 'Check-out')).toContainEqual({ t: 'p', text: '2 deelnemers checkten uit. 1 deelnemer paste.', muted: true });
    expect(section(blocks, 'Check-in')).toContainEqual({ t: 'p', text: '2 deelnemers checkten in. 1 deelnemer paste.', muted: true });
  });

  it('R-REPORT-WORDING: with small-group safety a recognition line still says something, and vote tables leave out rows without votes', async () => {
    const server = await serve();
    const { s, f } = await session(server);
    const phones: Peer[] = [];
    for (let i = 0; i < 6; i++) phones.push(track(await participant(server.url, s)));
    const dd = await add(f, 'deepdemocracy', 'Besluit', { proposal: 'We nodigen de politie uit', smallGroupSafety: true });
    type Dd = { alternatives: { id: string }[]; needs: { id: string; answer: string }[] };
    const state = () => f.view!.agenda.find((a) => a.id === dd)!.state as Dd;
    const step = (to: string) => ok(f, 'deepdemocracy.step', { activityId: dd, step: to });
    await ok(f, 'agenda.goto', { activityId: dd });
    await step('findNo');
    await ok(phones[0], 'deepdemocracy.alternative', { activityId: dd, text: 'Eerst een apart gesprek' });
    await f.until(() => state().alternatives.length === 1);
    const alt = state().alternatives[0].id;
    await ok(f, 'deepdemocracy.rephrase', { activityId: dd, alternativeId: alt, text: 'Eerst een apart gesprek', onBallot: true });
    await step('spreadNo');
    // 2 fully, 2 partly, 2 not: each a count the room must not read exactly.
    for (const [i, level] of ['fully', 'fully', 'partly', 'partly', 'not', 'not'].entries())
      await ok(phones[i], 'deepdemocracy.recognise', { activityId: dd, alternativeId: alt, level });
    await step('vote');
    for (const p of phones) await ok(p, 'deepdemocracy.vote', { activityId: dd, optionId: 'proposal' });
    await ok(f, 'deepdemocracy.closeVote', { activityId: dd });
    await step('final');
    for (const p of phones) await ok(p, 'deepdemocracy.final', { activityId: dd, answer: 'yes' });
    await ok(f, 'deepdemocracy.closeFinal', { activityId: dd });

    const blocks = section(await doc(server, s), 'Besluit');
    const alternatives = blocks.find((b) => b.t === 'ul') as Extract<Block, { t: 'ul' }>;
    expect(alternatives.items[0].sub).toEqual(['herkenning: 4 volledig of gedeeltelijk, enkele niet']);
    const tables = blocks.filter((b): b is Extract<Block, { t: 'table' }> => b.t === 'table');
    // Unanimous: one row per table, the options without votes on a line.
    expect(tables.map((tb) => tb.rows)).toEqual([[['We nodigen de politie uit', '6']], [['Ja', '6']]]);
    expect(blocks).toContainEqual({ t: 'p', text: 'Geen stem voor: Eerst een apart gesprek en Onthouding.', muted: true });
    expect(blocks).toContainEqual({ t: 'p', text: 'Geen stem voor: Met bedenkingen en Nee.', muted: true });
  });

  it('R-REPORT-WORDING: Dutch says "a few" with one word everywhere in the report', () => {
    const nl = JSON.parse(fs.readFileSync('shared/i18n/nl/server.json', 'utf8')) as Record<string, string>;
    const report = Object.entries(nl).filter(([k]) => k.startsWith('report.') || k.startsWith('series.'));
    expect(nl['report.few']).toBe('enkele');
    for (const [key, text] of report) expect(text, key).not.toMatch(/\b(een paar|enkelen)\b/);
  });
});
