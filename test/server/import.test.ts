/**
 * R-IMPORT-VALIDATE: an import is checked against the schemas before anything is written:
 * the export's shape, each activity's config (its kind's draft schema) and state (its
 * kind's `schemas.state`), participants, meta, and every event the import would store.
 * A malformed or crafted import gets 400 naming the failing field, and the session list
 * is unchanged. The organiser token is checked before the body is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullKindOf } from '../../shared/activities/registry.ts';
import { checkImport, importEvents, MAX_IMPORT_PARTICIPANTS, type SessionExport } from '../../shared/exchange.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/f0c342d/', import.meta.url));
const golden = (file: string) => fs.readFileSync(path.join(FIXTURE, file), 'utf8');
const PASSWORD = 'organiser-import-password';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startServer({ adminPassword: PASSWORD });
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await server?.close();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

const post = (body: string, auth: string | null = token) =>
  fetch(`${server.url}/api/admin/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body,
  });
const importAs = (data: unknown, as: 'session' | 'template' = 'session') => post(JSON.stringify({ data, as }));
const sessionList = async () => (await fetch(`${server.url}/api/admin/sessions`, { headers: { authorization: `Bearer ${token}` } })).text();
const exportOf = (s: CreatedSession) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/report/json`, { headers: { authorization: `Bearer ${s.facilitatorKey}` } });

/** A valid export from the previous release (en: an info card and a check-in, 3 participants). */
const base = () => JSON.parse(golden('session2.json'));

describe('R-IMPORT-VALIDATE: valid exports import', () => {
  it.each(['session1', 'session2', 'session3'])(
    'R-IMPORT-VALIDATE: %s.json (exported by the previous release) round-trips byte for byte',
    async (name) => {
      const res = await post(JSON.stringify({ data: JSON.parse(golden(`${name}.json`)), as: 'session' }));
      expect(res.status, await res.clone().text()).toBe(201);
      const copy = (await res.json()) as CreatedSession;
      expect(await (await exportOf(copy)).text()).toBe(golden(`${name}.json`));
    },
  );

  it('R-IMPORT-VALIDATE: as a template, the agenda comes with fresh state and without participants', async () => {
    const data = JSON.parse(golden('session1.json'));
    const res = await importAs(data, 'template');
    expect(res.status, await res.clone().text()).toBe(201);
    const again = (await (await exportOf((await res.json()) as CreatedSession)).json()) as typeof data;
    expect(again.participants).toEqual([]);
    expect(again.peak).toBe(0);
    expect(again.agenda.map((a: { id: string; config: unknown }) => [a.id, a.config])).toEqual(
      data.agenda.map((a: { id: string; config: unknown }) => [a.id, a.config]),
    );
    expect(again.agenda.every((a: { opened: boolean }) => !a.opened)).toBe(true);
  });
});

describe('R-IMPORT-VALIDATE: malformed or crafted imports get 400 naming the field, and write nothing', () => {
  type Case = [name: string, make: () => unknown, field: RegExp];
  const withAgenda0 = (change: (a: Record<string, any>) => void) => () => {
    const d = base();
    change(d.agenda[0]);
    return d;
  };
  const cases: Case[] = [
    ['an unknown kind', withAgenda0((a) => (a.kind = 'exploit')), /^data\.agenda\.0\.kind: /],
    ['a config that does not fit its kind', withAgenda0((a) => (a.config.body = 42)), /^data\.agenda\.0\.config\.body: /],
    ['an extra field in a config', withAgenda0((a) => (a.config.script = '<script>')), /^data\.agenda\.0\.config\.script: /],
    ['a state with a wrong type', withAgenda0((a) => (a.state.count = 'many')), /^data\.agenda\.0\.state\.count: /],
    ['an extra field in a state', withAgenda0((a) => (a.state.admin = true)), /^data\.agenda\.0\.state\.admin: /],
    ['a negative count in a state', withAgenda0((a) => (a.state.count = -1)), /^data\.agenda\.0\.state\.count: .*>=0/],
    ['a state that is not an object', withAgenda0((a) => (a.state = 'x')), /^data\.agenda\.0\.state: /],
    ['a crafted field on an activity', withAgenda0((a) => (a.owner = 'me')), /^data\.agenda\.0\.owner: /],
    ['a bad activity id', withAgenda0((a) => (a.id = '../../etc')), /^data\.agenda\.0\.id: /],
    ['a negative peak', () => ({ ...base(), peak: -1 }), /^data\.peak: /],
    ['a fractional createdAt', () => ({ ...base(), createdAt: 1.5 }), /^data\.createdAt: /],
    ['an unknown meta field', () => ({ ...base(), meta: { place: 'x', onload: 'alert(1)' } }), /^data\.meta\.onload: /],
    ['a meta date that is not a date', () => ({ ...base(), meta: { date: 'yesterday' } }), /^data\.meta\.date: /],
    ['an unknown top-level field', () => ({ ...base(), events: [{ type: 'agenda.explode' }] }), /^data\.events: /],
    [
      'a participant with an extra field',
      () => {
        const d = base();
        d.participants[0].role = 'facilitator';
        return d;
      },
      /^data\.participants\.0\.role: /,
    ],
    [
      'a participant name over 40 characters',
      () => {
        const d = base();
        d.participants[1].name = 'x'.repeat(41);
        return d;
      },
      /^data\.participants\.1\.name: /,
    ],
    [
      'the same participant twice',
      () => {
        const d = base();
        d.participants.push({ ...d.participants[0] });
        return d;
      },
      /^data\.participants\.3\.id: .*more than once/,
    ],
    [
      'the same activity twice',
      () => {
        const d = base();
        d.agenda.push(structuredClone(d.agenda[0]));
        return d;
      },
      /^data\.agenda\.2\.id: .*more than once/,
    ],
    [
      `${MAX_IMPORT_PARTICIPANTS} participants and one more (a flood beyond the cap)`,
      () => ({
        ...base(),
        participants: Array.from({ length: MAX_IMPORT_PARTICIPANTS + 1 }, (_, i) => ({
          id: `flood${String(i).padStart(6, '0')}`,
          name: `P${i}`,
        })),
      }),
      /^data\.participants: .*at most 5000/,
    ],
  ];

  it.each(cases)('R-IMPORT-VALIDATE: %s', async (_name, make, field) => {
    if (field.source.includes('state\\.') && !fullKindOf('info')?.schemas.state) {
      throw new Error('the info kind has no schemas.state yet: its state cannot be validated');
    }
    const before = await sessionList();
    for (const as of ['session', 'template'] as const) {
      const res = await importAs(make(), as);
      const body = (await res.json()) as { error: { code: string; message: string; issues?: string[] } };
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.error.code).toBe('INVALID');
      expect(
        body.error.issues?.some((i) => field.test(i)),
        `${field} in ${JSON.stringify(body.error.issues)}`,
      ).toBe(true);
    }
    expect(await sessionList()).toBe(before);
  });

  it('R-IMPORT-VALIDATE: not an export at all, or a wrong `as`', async () => {
    const before = await sessionList();
    for (const [body, field] of [
      [JSON.stringify({ data: base(), as: 'admin' }), /^as: /],
      [JSON.stringify({ data: { ...base(), format: 'other' }, as: 'session' }), /^data\.format: /],
      [JSON.stringify({ data: base(), as: 'session', also: 1 }), /^also: /],
      [JSON.stringify([]), /^data: /],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { issues: string[] } };
      expect(
        error.issues.some((i) => field.test(i)),
        JSON.stringify(error.issues),
      ).toBe(true);
    }
    expect(await sessionList()).toBe(before);
  });
});

describe('R-IMPORT-VALIDATE: the organiser token comes first', () => {
  it('R-IMPORT-VALIDATE: without the organiser token the body is not even parsed (403, not 400)', async () => {
    const before = await sessionList();
    expect((await post('{ this is not json', null)).status).toBe(403);
    expect((await post('{ this is not json', 'x'.repeat(32))).status).toBe(403);
    expect((await post(JSON.stringify({ data: base(), as: 'session' }), null)).status).toBe(403);
    // With the token the same broken body is a parse error.
    expect((await post('{ this is not json')).status).toBe(400);
    expect(await sessionList()).toBe(before);
  });
});

describe('R-IMPORT-META: meta brings only the known meta keys', () => {
  // JSON.parse: a `__proto__` key is an own key, as in a crafted request body.
  const crafted: [key: string, meta: string][] = [
    ['type', '{"type":"participant.joined","pid":"planted1","name":"Mallory"}'],
    ['pid', '{"place":"x","pid":"planted1"}'],
    ['title', '{"title":"Renamed by an import"}'],
    ['seq', '{"seq":99,"at":1}'],
    ['__proto__', '{"__proto__":{"type":"agenda.removed"}}'],
    ['constructor', '{"constructor":{"prototype":{"type":"x"}}}'],
    ['activityId', '{"activityId":"abcd1234","locked":true}'],
  ];
  /** The request body as sent, with `meta` as raw JSON. */
  const withMeta = (meta: string, as: string) =>
    `{"data":${JSON.stringify({ ...base(), meta: {} }).replace('"meta":{}', `"meta":${meta}`)},"as":"${as}"}`;
  it.each(crafted)('R-IMPORT-META: a meta key %s is refused with 400 naming it, and nothing is written', async (key, meta) => {
    const before = await sessionList();
    for (const as of ['session', 'template'] as const) {
      const res = await post(withMeta(meta, as));
      const body = (await res.json()) as { code?: string; error: { code: string; issues?: string[] } };
      expect(res.status, JSON.stringify(body)).toBe(400);
      // Fastify's JSON parser already refuses prototype keys (`__proto__`, `constructor.prototype`).
      const named = body.error.issues?.some((i) => i.startsWith(`data.meta.${key}: `));
      expect(named || body.code === 'FST_ERR_CTP_INVALID_JSON_BODY', JSON.stringify(body)).toBe(true);
      // And checkImport refuses it by itself, naming the key.
      const checked = checkImport(JSON.parse(withMeta(meta, as)));
      expect(!checked.ok && checked.issues.some((i) => i.startsWith(`data.meta.${key}: `)), JSON.stringify(checked)).toBe(true);
    }
    expect(await sessionList()).toBe(before);
  });

  it('R-IMPORT-META: the events an import makes carry only known meta keys, whatever the data holds', () => {
    const data = {
      participants: [],
      agenda: [],
      peak: 0,
      meta: JSON.parse('{"type":"participant.joined","pid":"planted1","place":"Zaal 2","__proto__":{"x":1},"title":"T","seq":5}'),
    } as unknown as Pick<SessionExport, 'participants' | 'agenda' | 'meta' | 'peak'>;
    expect(importEvents(data, 'session')).toEqual([{ type: 'session.metaSet', place: 'Zaal 2' }]);
  });

  it('R-IMPORT-META: known meta keys import in the order they came (an export round-trips)', async () => {
    const meta = { nextTheme: 'Taal', place: 'Zaal 2', date: '2024-03-14', boardJoin: 'full' };
    const res = await importAs({ ...base(), meta });
    expect(res.status, await res.clone().text()).toBe(201);
    const again = (await (await exportOf((await res.json()) as CreatedSession)).json()) as { meta: unknown };
    expect(JSON.stringify(again.meta)).toBe(JSON.stringify(meta));
  });
});

describe('R-TEXT-CLEAN: an import is cleaned at the edge', () => {
  it('R-TEXT-CLEAN: control characters and bidi overrides leave every text; a name with nothing visible is no name', async () => {
    const d = base();
    d.title = `Sessie\u0000 \u202Eoverride\u202C`;
    d.meta = { place: 'Zaal\u000B 2' };
    d.participants[0].name = '\u200B\u2800 \u3164';
    d.participants[1].name = '  \u202EAnn\u0000 Marie\t ';
    d.agenda[0].title = 'Huis\u0007regels';
    const res = await importAs(d);
    expect(res.status, await res.clone().text()).toBe(201);
    const text = await (await exportOf((await res.json()) as CreatedSession)).text();
    expect(text).not.toMatch(/\\u00[01][0-9a-f]|\\u007f|\\u202[a-e]|\\u206[6-9]/i);
    const again = JSON.parse(text) as SessionExport;
    expect(again.title).toBe('Sessie override');
    expect(again.meta.place).toBe('Zaal 2');
    expect(again.participants[0]).toEqual({ id: d.participants[0].id });
    expect(again.participants[1]).toEqual({ id: d.participants[1].id, name: 'Ann Marie' });
    expect(again.agenda[0].title).toBe('Huisregels');
  });
});
