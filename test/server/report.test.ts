/**
 * The session report (issue 5): golden tests on a session played through the real socket
 * protocol, access rules, the organiser's page, JSON round trip and series.
 */
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createFromTemplate, playSession } from '../helpers/play.ts';
import type { Peer } from '../helpers/client.ts';
import { ok } from '../helpers/rooms.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'organiser-test-password';
let server: TestServer;
let s: CreatedSession;
let peers: Peer[] = [];

beforeAll(async () => {
  server = await startServer({ adminPassword: PASSWORD });
  s = await createFromTemplate(server.url, 'Lerend netwerk “Iedereen Mee” — sessie 6');
  const played = await playSession(server.url, s);
  peers = [played.f, ...played.phones];
  await detailsAndFollowUp(played.f);
}, 60_000);

/**
 * What a facilitator adds for the report a city mails: the theme, intro, goals and tips
 * (R-REPORT-INTRO, R-REPORT-RESOURCES), an owner for an engagement (R-BRAIN-FOLLOWUP), and
 * the decision amended with the need the minority added (R-DD-AMEND).
 */
async function detailsAndFollowUp(f: Peer) {
  await ok(f, 'session.meta', {
    theme: 'Volgende stappen in interculturaliseren',
    intro:
      'Participatief aan de slag rond diversiteit, inclusie en gelijke kansen binnen het lerend netwerk “Iedereen Mee”.\n' +
      'Open staan voor én leren van elkaar, buiten onze vertrouwde context, verruimt onze blik.',
    goals:
      'Praktische invullingen zoeken voor racisme, vooroordelen en dekolonisering in je dienst of sector.\n' +
      'Welke stappen zet je al richting interculturaliseren, en welke engagementen kan je verder aangaan?\n' +
      'We zoemen in van theorie op de praktijk.',
    resources: [
      { title: 'Helder en inclusief communiceren: tips voor lokale besturen', url: 'https://example.org/helder-en-inclusief' },
      { title: 'Kijktip: de vier dimensies van racisme', url: 'https://example.org/vier-dimensies' },
    ],
  });
  const engagements = f.view!.agenda.find((a) => a.title === 'Engagementen')!;
  const postit = (engagements.state as { items: { id: string }[] }).items[0];
  await ok(f, 'brainstorm.followUp', { activityId: engagements.id, itemId: postit.id, owner: 'Dienst Diversiteit', due: '2026-05-12' });
  const dd = f.view!.agenda.find((a) => a.kind === 'deepdemocracy')!;
  // The need was added to the decision: the decision as written now says so.
  await ok(f, 'deepdemocracy.amend', { activityId: dd.id, text: AMENDED, needIds: [] });
}
const AMENDED = 'We nodigen de politie uit op het volgende lerend netwerk, met een veilige ruimte en een goede moderator';
afterAll(async () => {
  for (const p of peers) p.close();
  await server.close();
});

/** `key: null` sends no key at all. */
const report = (format: string, key: string | null = s.facilitatorKey, id = s.sessionId) =>
  fetch(`${server.url}/api/sessions/${id}/report/${format}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

async function organiser() {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** The visible text of a docx, paragraph by paragraph, with heading levels marked. */
async function docxParagraphs(buf: ArrayBuffer) {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) => {
      const style = /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1];
      const text = [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
      return style?.startsWith('Heading') ? `${style}: ${text}` : text;
    })
    .filter(Boolean);
}

describe('the report (R-REPORT-*)', () => {
  it('R-REPORT-MD: Markdown equals the reviewed snapshot', async () => {
    const res = await report('md');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="verslag-lerend-netwerk-iedereen-mee-sessie-6-2023-06-23\.md"/,
    );
    await expect(await res.text()).toMatchFileSnapshot('__snapshots__/report.md');
  });

  it('R-REPORT-DOCX: a DOCX whose document.xml has the headings, items and counts in order', async () => {
    const res = await report('docx');
    expect(res.status).toBe(200);
    const paras = await docxParagraphs(await res.arrayBuffer());
    const expectedInOrder = [
      'Heading1: Verslag Lerend netwerk “Iedereen Mee” — sessie 6',
      'Thema: Volgende stappen in interculturaliseren',
      'Datum: 23 juni 2023',
      'Plaats: De Springplank',
      'Aanwezig: 6 deelnemers',
      'Heading2: Inleiding',
      'Open staan voor én leren van elkaar',
      'Heading2: Doelstellingen',
      'We zoemen in van theorie op de praktijk.',
      'Heading2: Agenda',
      'Heading2: Huisregels: safe space, brave space',
      '5 deelnemers gingen akkoord.',
      'Heading2: Check-in',
      'Ik dacht dat iedereen met een hoofddoek Arabisch sprak.',
      'Heading2: Opfrissing vorige sessie: drie woorden',
      'Heading3: Racisme',
      'Structureel',
      'Is structureel',
      '1 post-it werd verborgen door de begeleider.',
      'Heading2: Engagementen',
      'Ook gezegd: Met ervaringsdeskundigen werken',
      'Heading2: Stemmen met 5 bolletjes',
      '8 stemmen',
      'Meegenomen naar de volgende stap',
      'Heading2: Groepswerk op de gekozen engagementen',
      'Heading3: Groep 1: “Ik durf met ervaringsdeskundigen aan de slag te gaan”',
      'Wat is er zichtbaar en voelbaar anders eens je het engagement omzet in actie? Maak het concreet.',
      'Blinde vlekken in eigen job ontdekken',
      'Heading2: Besluit: politie uitnodigen',
      'Het breekt hun bubbel (2×)',
      'Eerst een apart gesprek met de politie (op de stembrief)',
      'Ronde 1: meerderheid',
      `Aangepast besluit: ${AMENDED}`,
      'Vertrokken van de meerderheidsrichting: We nodigen de politie uit op het volgende lerend netwerk',
      'Een veilige ruimte en goede moderatie: toegevoegd aan het besluit',
      'Het besluit werd definitief gemaakt.',
      'Heading3: Eindcheck: kan je meegaan met dit besluit?',
      'Geen stem voor: Nee.',
      'Heading2: Check-out',
      '1 deelnemer checkte uit.',
      'Heading2: Afspraken: wie neemt wat op',
      'Dienst Diversiteit',
      'Heading2: Aanwezigen',
      'Deelnemer 1, Deelnemer 2, Deelnemer 3, Deelnemer 4, Deelnemer 5 en Deelnemer 6',
      'Heading2: Lees- en kijktips',
      'Heading2: Volgende sessie',
      'Datum: 20 oktober 2023',
      'Thema: Inclusieve communicatie',
    ];
    let at = -1;
    for (const want of expectedInOrder) {
      const found = paras.findIndex((p, i) => i > at && p.includes(want));
      expect(found, `"${want}" after paragraph ${at}: ${paras[at]}`).toBeGreaterThan(at);
      at = found;
    }
    expect(paras.join('\n')).not.toContain('Iets kwetsends'); // hidden post-it left out
    // Names only in the attendance list (the facilitator's report): never beside a post-it or an answer.
    expect(paras.filter((p) => p.includes('Deelnemer 1'))).toEqual([
      'Deelnemer 1, Deelnemer 2, Deelnemer 3, Deelnemer 4, Deelnemer 5 en Deelnemer 6',
    ]);
  });

  it('R-REPORT-CSV: a CSV that parses, one row per item with activity, column, cluster and votes', async () => {
    const res = await report('csv');
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['activiteit', 'soort', 'kolom', 'cluster', 'tekst', 'stemmen']);
    const words = rows.filter((r) => r.activiteit === 'Opfrissing vorige sessie: drie woorden');
    expect(words.map((r) => [r.kolom, r.cluster, r.tekst])).toEqual([
      ['Racisme', '', 'Micro-agressie'],
      ['Racisme', 'Structureel', 'Is structureel'],
      ['Stereotypen en vooroordelen', '', 'We hebben allemaal vooroordelen'],
      ['Dekolonisering', '', 'Gaat over meer dan Belgisch Congo'],
    ]);
    const votes = rows.filter((r) => r.soort === 'dotvote').map((r) => Number(r.stemmen));
    expect(votes).toEqual([8, 8, 4, 4, 3, 3]);
    const eng = rows.find((r) => r.activiteit === 'Engagementen' && r.tekst.startsWith('Ik durf'))!;
    expect(eng).toMatchObject({
      stemmen: '8',
      tekst: 'Ik durf met ervaringsdeskundigen aan de slag te gaan / Met ervaringsdeskundigen werken',
    });
    expect(rows.filter((r) => r.soort === 'groupwork')).toHaveLength(8);
    expect(rows.some((r) => r.tekst === 'Iets kwetsends')).toBe(false);
  });

  it('R-REPORT-JSON: JSON re-imports into an equal session', async () => {
    const exported = await (await report('json')).json();
    const token = await organiser();
    const res = await fetch(`${server.url}/api/admin/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ data: exported, as: 'session' }),
    });
    expect(res.status).toBe(201);
    const copy = (await res.json()) as CreatedSession;
    expect(copy.sessionId).not.toBe(s.sessionId);
    const again = await (await report('json', copy.facilitatorKey, copy.sessionId)).json();
    expect(again).toEqual(exported);
    // …and its Markdown report is the same document.
    expect(await (await report('md', copy.facilitatorKey, copy.sessionId)).text()).toBe(await (await report('md')).text());
  });

  it('R-REPORT-PRIVATE: the export never holds a Deep Democracy stance with an id', async () => {
    const text = await (await report('json')).text();
    const exported = JSON.parse(text);
    const dd = exported.agenda.find((a: { kind: string }) => a.kind === 'deepdemocracy');
    expect(dd.state.ballots).toEqual({});
    expect(dd.state.asked).toEqual({});
    expect(JSON.stringify(dd)).not.toMatch(/"pid"/);
  });

  it('R-REPORT-ACCESS: a wrong or missing key gets 403 or 404 and no data', async () => {
    for (const [key, id, status] of [
      [null, s.sessionId, 403],
      ['x'.repeat(32), s.sessionId, 403],
      [s.boardKey, s.sessionId, 403],
      [s.facilitatorKey, 'nosuchsession', 404],
    ] as const) {
      for (const format of ['md', 'docx', 'csv', 'json', 'doc']) {
        const res = await report(format, key, id);
        expect(res.status).toBe(status);
        const body = await res.text();
        expect(body).not.toContain('Micro-agressie');
        expect(JSON.parse(body)).toHaveProperty('error');
      }
    }
  });

  it('R-REPORT-LINK: a read-only report link opens the report and nothing else', async () => {
    const res = await fetch(`${server.url}/api/sessions/${s.sessionId}/report-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    const { reportKey, url } = (await res.json()) as { reportKey: string; url: string };
    expect(url).toBe(`${server.url}/r/${s.sessionId}#k=${reportKey}`);
    expect((await report('md', reportKey)).status).toBe(200);
    // It does not open the console.
    const { Peer } = await import('../helpers/client.ts');
    const p = new Peer(server.url);
    peers.push(p);
    expect(await p.join({ role: 'facilitator', sessionId: s.sessionId, key: reportKey })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SESSION' },
    });
    expect(
      (
        await fetch(`${server.url}/api/sessions/${s.sessionId}/report-link`, {
          method: 'POST',
          headers: { authorization: `Bearer ${reportKey}` },
        })
      ).status,
    ).toBe(403);
  });
});

describe('organiser page (R-ADMIN-*)', () => {
  it('R-ADMIN-LOGIN: the list needs the organiser password', async () => {
    expect((await fetch(`${server.url}/api/admin/sessions`)).status).toBe(403);
    const bad = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'nope' }),
    });
    expect(bad.status).toBe(403);
    const token = await organiser();
    const list = (await (await fetch(`${server.url}/api/admin/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      sessions: { sessionId: string; title: string; participants: number }[];
    };
    expect(list.sessions.find((x) => x.sessionId === s.sessionId)).toMatchObject({
      title: 'Lerend netwerk “Iedereen Mee” — sessie 6',
      participants: 6,
    });
    // The organiser token opens every report, until logging out ends it.
    expect((await report('md', token)).status).toBe(200);
    expect((await fetch(`${server.url}/api/admin/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(
      204,
    );
    expect((await report('md', token)).status).toBe(403);
  });

  it('R-ADMIN-DUPLICATE, R-ADMIN-DELETE: duplicate as a template; delete removes it from the database', async () => {
    const token = await organiser();
    const auth = { authorization: `Bearer ${token}` };
    const dup = await fetch(`${server.url}/api/admin/sessions/${s.sessionId}/duplicate`, { method: 'POST', headers: auth });
    expect(dup.status).toBe(201);
    const copy = (await dup.json()) as CreatedSession;
    const copyJson = await (await report('json', copy.facilitatorKey, copy.sessionId)).json();
    expect(copyJson.agenda.map((a: { title: string }) => a.title)).toHaveLength(9);
    expect(copyJson.agenda.every((a: { opened: boolean }) => !a.opened)).toBe(true);
    expect(copyJson.agenda[4].state.items).toEqual([]); // the prompts, not the post-its

    const del = await fetch(`${server.url}/api/admin/sessions/${copy.sessionId}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    expect((await report('md', copy.facilitatorKey, copy.sessionId)).status).toBe(404);
    const db = new Database(path.join(server.dataDir, 'kring.db'), { readonly: true });
    for (const [table, col] of [
      ['sessions', 'id'],
      ['events', 'session_id'],
      ['commands', 'session_id'],
      ['participant_tokens', 'session_id'],
      ['snapshots', 'session_id'],
    ]) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${col} = ?`).get(copy.sessionId)).toEqual({ n: 0 });
    }
    db.close();
  });
});

describe('series (R-SERIES)', () => {
  it('a session that continues an earlier one starts with a refresher and the earlier top items; R-SERIES-FOLLOWUP, R-SERIES-REFRESHER: what the earlier session left', async () => {
    const f = peers[0];
    const engagements = f.view!.agenda.find((a) => a.title === 'Engagementen')!;
    const postit = (engagements.state as { items: { id: string; text: string }[] }).items[0];
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Sessie 7',
        lang: 'nl',
        template: 'empty',
        continues: { sessionId: s.sessionId, key: s.facilitatorKey },
      }),
    });
    expect(res.status).toBe(201);
    const next = (await res.json()) as CreatedSession;
    const data = await (await report('json', next.facilitatorKey, next.sessionId)).json();
    expect(data.agenda[0]).toMatchObject({ kind: 'info', title: 'Opfrissing vorige sessie' });
    // SPEC: R-SERIES-REFRESHER — the top items, the amended decision, the minority's need and
    // what became of it, the group work's first small steps, and who took on what.
    expect(data.agenda[0].config.body.split('\n')).toEqual([
      'Vorige sessie: Lerend netwerk “Iedereen Mee” — sessie 6 (23 juni 2023)',
      'Wat we kozen:',
      '• Ik durf met ervaringsdeskundigen aan de slag te gaan (8 stemmen)',
      '• Ik neem graag thema interculturalisering in mijn huidige werking (8 stemmen)',
      'Wat we besloten:',
      `• ${AMENDED} (aangepast besluit)`,
      'Wat de minderheid nodig had, en wat ermee gebeurde:',
      '• Een veilige ruimte en goede moderatie: toegevoegd aan het besluit',
      'Eerste kleine stappen uit het groepswerk:',
      '• Topic agenderen op bestaande overlegmomenten (voor “Ik durf met ervaringsdeskundigen aan de slag te gaan”)',
      '• Procesbegeleiding voor alle diensten (voor “Ik neem graag thema interculturalisering in mijn huidige werking”)',
      'Wie nam wat op zich:',
      `• ${postit.text}; trekker: Dienst Diversiteit; tegen 12 mei 2026`,
    ]);
    expect(data.agenda[1].state.items.map((i: { text: string }) => i.text)).toEqual([
      'Ik durf met ervaringsdeskundigen aan de slag te gaan',
      'Ik neem graag thema interculturalisering in mijn huidige werking',
    ]);
    const wrong = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Sessie 7', lang: 'nl', continues: { sessionId: s.sessionId, key: s.boardKey } }),
    });
    expect(wrong.status).toBe(403);
  });
});
