/**
 * Reports safe to open (R-REPORT-SAFE), on a real server with texts typed by participants:
 * no CSV cell a spreadsheet runs as a formula, a DOCX whose XML stays valid whatever the
 * text, Markdown in which a post-it makes no link, heading, list, quote, rule or table.
 * R-DOT-ITEM-IDS: a vote on items with ids such as `constructor` is counted and reported
 * like any other.
 */
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import type { ReportDoc } from '../../shared/report/model.ts';
import { toDocx } from '../../server/report/docx.ts';
import { toMarkdown } from '../../server/report/markdown.ts';
import type { Peer } from '../helpers/client.ts';
import { brainstormDraft, voteDraft } from '../helpers/drafts.ts';
import { ok, rooms } from '../helpers/rooms.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const { room } = rooms(lifecycle());

const report = (server: TestServer, s: CreatedSession, format: string) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/report/${format}`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } });

/** A brainstorm in which the phones wrote `texts` (in turn); the texts as the facilitator holds them. */
async function brainstormWith(texts: string[], phones = 3) {
  const r = await room(phones);
  const { f } = r;
  await ok(f, 'agenda.add', { activity: brainstormDraft({ maxPerPerson: 20, maxLength: 1000 }) });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  for (const [i, text] of texts.entries())
    await ok(r.phones[i % phones], 'brainstorm.add', { activityId: id, text, column: null, showName: false });
  const held = () => (f.view!.agenda.find((a) => a.id === id)!.state as BrainstormState).items;
  await f.until(() => held().length === texts.length);
  return { ...r, stored: held().map((i) => i.text!) };
}

/** Every XML part of a docx. */
async function xmlParts(buf: ArrayBuffer) {
  const zip = await JSZip.loadAsync(buf);
  const names = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n));
  return Promise.all(names.map(async (n) => [n, await zip.file(n)!.async('string')] as const));
}
/** What XML 1.0 does not allow in a document (Char production), as in R-REPORT-SAFE. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters XML cannot hold are what this finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));

describe('CSV (R-REPORT-SAFE)', () => {
  it('R-REPORT-SAFE: a cell that starts with =, +, -, @ (or their full-width forms) gets a quote and is no formula', async () => {
    const texts = [
      '=HYPERLINK("http://evil.example","klik")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A9)',
      '＝1+1',
      '＋1',
      '－1',
      '＠x',
      'Gewoon een idee',
    ];
    const { server, s, stored } = await brainstormWith(texts);
    const csv = await (await report(server, s, 'csv')).text();
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
    const cells = rows.slice(1).flat();
    for (const cell of cells) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
    const textCol = rows[0].length - 2;
    const written = rows.slice(1).map((r) => r[textCol]);
    for (const text of stored) {
      const dangerous = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(text);
      expect(written, text).toContain(dangerous ? `'${text}` : text);
    }
    expect(written).toContain('Gewoon een idee');
  });
});

describe('DOCX (R-REPORT-SAFE)', () => {
  const NASTY = [
    'NUL\u0000here',
    'vertical\u000Btab from Word',
    'form\u000Cfeed',
    'escape\u001B[31m',
    'non\uFFFEchar\uFFFF',
    'lone\uD800surrogate',
    'end\uDC00',
  ];

  it('R-REPORT-SAFE: participants’ texts with control characters still give a DOCX whose XML is valid', async () => {
    const { server, s, stored } = await brainstormWith(NASTY);
    const res = await report(server, s, 'docx');
    expect(res.status).toBe(200);
    const parts = await xmlParts(await res.arrayBuffer());
    expect(parts.length).toBeGreaterThan(3);
    for (const [name, xml] of parts) expect(NOT_XML.exec(xml)?.[0], name).toBeUndefined();
    // Each text is there, without what XML cannot hold.
    const shown = paragraphs(parts.find(([n]) => n === 'word/document.xml')![1]);
    for (const text of stored) expect(shown, JSON.stringify(text)).toContain(text.replace(new RegExp(NOT_XML, 'g'), ''));
  });

  it('R-REPORT-SAFE: whatever is stored (an old session), every block of the document and its title stay valid XML', async () => {
    const bad = (s: string) => `\uDFFF${s}\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uD800${s}\uD800`;
    const doc: ReportDoc = {
      lang: 'nl',
      title: bad('Titel'),
      blocks: [
        { t: 'h', level: 1, text: bad('Kop') },
        { t: 'p', text: bad('Alinea') },
        { t: 'ul', items: [{ text: bad('Punt'), sub: [bad('Sub')] }] },
        { t: 'ol', items: [{ text: bad('Eerst') }] },
        { t: 'table', head: [bad('Kolom')], rows: [[bad('Cel')]] },
        { t: 'p', text: bad('مرحبا بالجميع') },
      ],
    };
    const parts = await xmlParts((await toDocx(doc)).buffer as ArrayBuffer);
    for (const [name, xml] of parts) expect(NOT_XML.exec(xml)?.[0], name).toBeUndefined();
    const shown = paragraphs(parts.find(([n]) => n === 'word/document.xml')![1]).join('|');
    for (const word of ['KopKop', 'AlineaAlinea', 'PuntPunt', 'SubSub', 'EerstEerst', 'KolomKolom', 'CelCel'])
      expect(shown).toContain(word);
    expect(parts.find(([n]) => n === 'docProps/core.xml')![1]).toContain('TitelTitel');
  });
});

describe('Markdown (R-REPORT-SAFE)', () => {
  // What a participant typed → how it must appear after "- " in the report (escaped, shown the same).
  const CASES: [typed: string, line: string][] = [
    ['# Kop', '\\# Kop'],
    ['## Nog een kop', '\\#\\# Nog een kop'],
    ['- een lijst', '\\- een lijst'],
    ['+ een lijst', '\\+ een lijst'],
    ['* een lijst', '\\* een lijst'],
    ['1. genummerd', '1\\. genummerd'],
    ['2) genummerd', '2\\) genummerd'],
    ['> een citaat', '\\> een citaat'],
    ['```', '\\`\\`\\`'],
    ['~~~', '\\~\\~\\~'],
    ['---', '\\---'],
    ['===', '\\==='],
    ['| a | b |', '\\| a \\| b \\|'],
    ['zie http://evil.example/x?y=1', 'zie http\\://evil.example/x?y=1'],
    ['of https://evil.example', 'of https\\://evil.example'],
    ['of www.evil.example', 'of www\\.evil.example'],
    ['mail naar iemand@evil.example', 'mail naar iemand\\@evil.example'],
    ['<https://evil.example>', '\\<https\\://evil.example\\>'],
    ['[klik](javascript:alert(1))', '\\[klik\\](javascript:alert(1))'],
    ['![beeld](https://evil.example/p.png)', '!\\[beeld\\](https\\://evil.example/p.png)'],
    ['&lt;b&gt; en &#60;', '\\&lt;b\\&gt; en &\\#60;'],
    ['Een gewone zin, met 3 komma’s & een punt.', 'Een gewone zin, met 3 komma’s & een punt.'],
  ];

  it('R-REPORT-SAFE: post-its make no link, heading, list, quote, code, rule or table, and show as typed', async () => {
    const { server, s, stored } = await brainstormWith(CASES.map(([typed]) => typed));
    expect(stored.sort()).toEqual(CASES.map(([typed]) => typed).sort());
    const md = await (await report(server, s, 'md')).text();
    const lines = md.split('\n');
    for (const [typed, line] of CASES) expect(lines, typed).toContain(`- ${line}`);
    // Nowhere an unescaped scheme, www. or e-mail address.
    expect(md).not.toMatch(/(?<!\\):\/\//);
    expect(md).not.toMatch(/www\.(?!\\)/i);
    expect(md).not.toMatch(/(?<!\\)@/);
  });

  it('R-REPORT-SAFE: a paragraph or a list item cannot start structure, line breaks (CR too) cannot start a line', () => {
    const doc: ReportDoc = {
      lang: 'nl',
      title: 'T',
      blocks: [
        { t: 'p', text: '    ingesprongen code' },
        { t: 'p', text: '2024. Een jaar' },
        { t: 'p', text: 'een\r- lijst\n# kop\r\n> citaat' },
        { t: 'ol', items: [{ text: '1. binnenin', sub: ['- sub', '+ sub'] }] },
        { t: 'table', head: ['Item'], rows: [['www.evil.example | x']] },
      ],
    };
    expect(toMarkdown(doc)).toBe(
      [
        'ingesprongen code',
        '',
        '2024\\. Een jaar',
        '',
        'een - lijst \\# kop \\> citaat',
        '',
        '1. 1\\. binnenin',
        '   - \\- sub',
        '   - \\+ sub',
        '',
        '| Item |',
        '| --- |',
        '| www\\.evil.example \\| x |',
        '',
      ].join('\n'),
    );
  });
});

describe('a vote on items with odd ids (R-DOT-ITEM-IDS)', () => {
  it('R-DOT-ITEM-IDS: dots on constructor, __proto__ and toString are counted, capped and reported like any other', async () => {
    const { server, s, f, phones } = await room(2);
    const items = [
      { id: 'constructor', text: 'Constructor' },
      { id: '__proto__', text: 'Proto' },
      { id: 'toString', text: 'ToString' },
    ];
    await ok(f, 'agenda.add', { activity: voteDraft({ items, budget: 3, capPerItem: 2 }) });
    const vote = f.view!.agenda.at(-1)!.id;
    await ok(f, 'agenda.goto', { activityId: vote });
    const place = (p: Peer, itemId: string, type = 'dotvote.place') => p.cmd(type, { activityId: vote, itemId });
    // Taking back a dot never placed is refused; the cap and the budget hold on these ids.
    expect(await place(phones[0], 'constructor', 'dotvote.unplace')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (let i = 0; i < 2; i++) expect(await place(phones[0], 'constructor')).toMatchObject({ ok: true });
    expect(await place(phones[0], 'constructor')).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED' } });
    expect(await place(phones[0], '__proto__')).toMatchObject({ ok: true });
    expect(await place(phones[0], 'toString')).toMatchObject({ ok: false, error: { code: 'LIMIT_REACHED' } });
    expect(await place(phones[1], '__proto__')).toMatchObject({ ok: true });
    expect(await place(phones[1], 'toString')).toMatchObject({ ok: true });
    await ok(f, 'dotvote.reveal', { activityId: vote, revealed: true });
    const st = () => f.view!.agenda.find((a) => a.id === vote)!.state as DotvoteState;
    await f.until(() => st().tally !== null);
    const tally = st().tally!;
    expect(items.map((i) => (Object.hasOwn(tally, i.id) ? tally[i.id] : 'missing'))).toEqual([2, 2, 1]);
    await phones[1].until((v) => (v.agenda.find((a) => a.id === vote)!.state as DotvoteState).tally !== null);
    const seen = (phones[1].view!.agenda.find((a) => a.id === vote)!.state as DotvoteState).tally!;
    expect(items.map((i) => (Object.hasOwn(seen, i.id) ? seen[i.id] : 'missing'))).toEqual([2, 2, 1]);
    const rows = parse((await (await report(server, s, 'csv')).text()).replace(/^\uFEFF/, '')) as string[][];
    const votes = Object.fromEntries(rows.filter((r) => r[1] === 'dotvote').map((r) => [r[4], r[5]]));
    expect(votes).toEqual({ Constructor: '2', Proto: '2', ToString: '1' });
  });
});
