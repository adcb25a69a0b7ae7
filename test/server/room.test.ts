/**
 * Integration tests: a real server on port 0, real socket.io-client peers, a real SQLite
 * file. Rule ids refer to test/SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import { CATCH_UP_LIMIT } from '../../server/room.ts';
import { board, createSession, facilitator, participant, Peer, tick } from '../helpers/client.ts';
import { rooms } from '../helpers/rooms.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const { serve, track } = lifecycle();
const { learningNetwork } = rooms({ serve, track });

async function setup(opts = {}) {
  server = await serve(opts);
  const s = await createSession(server.url);
  const f = track(await facilitator(server.url, s));
  const card = f.view!.agenda[0].id;
  return { s, f, card };
}

describe('joining', () => {
  it('R-JOIN-TOKEN: join, then rejoin with the token as the same person with the same data', async () => {
    const { s, f, card } = await setup();
    const p = track(await participant(server.url, s, { name: 'Amina' }));
    expect(p.hello).toMatchObject({ ok: true, role: 'participant' });
    const { participantId, token } = p.hello as { participantId: string; token: string };
    expect(token).toMatch(/^[\w-]{32}$/);
    await f.cmd('agenda.goto', { activityId: card });
    expect(await p.cmd('info.agree', { activityId: card, agree: true })).toMatchObject({ ok: true });
    p.close();

    const again = track(new Peer(server.url));
    const ack = await again.join({ role: 'participant', sessionId: s.sessionId, token });
    expect(ack).toMatchObject({ ok: true, participantId });
    expect(ack.ok && ack.token).toBeFalsy(); // no new token: same person
    expect(again.view!.participants[participantId].name).toBe('Amina');
    expect(again.view!.agenda[0].state).toEqual({ agreed: { [participantId]: true }, count: 1 });
    // The facilitator still counts one participant, not two.
    await f.until((v) => participantId in v.participants);
    expect(Object.keys(f.view!.participants)).toEqual([participantId]);
  });

  it('R-JOIN-CODE: a typed code is trimmed and upper-cased; the code has no look-alikes', async () => {
    const { s } = await setup();
    expect(s.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    const p = track(new Peer(server.url));
    expect(await p.join({ role: 'participant', code: ` ${s.code.toLowerCase()} ` })).toMatchObject({ ok: true });
    const res = await fetch(`${server.url}/api/join/${s.code.toLowerCase()}`);
    expect(await res.json()).toMatchObject({ sessionId: s.sessionId, title: 'Lerend netwerk sessie 6' });
  });

  it('R-JOIN-UNKNOWN: a wrong code gets UNKNOWN_SESSION, and guessing is throttled', async () => {
    server = await serve();
    const p = track(new Peer(server.url));
    await p.connected();
    const codes = ['ACDEFG', 'CDEFGH', 'DEFGHJ', 'EFGHJK', 'FGHJKM', 'GHJKMN', 'HJKMNP', 'JKMNPQ', 'KMNPQR', 'MNPQRT'];
    for (const code of codes) {
      const ack = await p.emit('hello', { v: 1, role: 'participant', code });
      expect(ack).toMatchObject({ ok: false, error: { code: 'UNKNOWN_SESSION' } });
    }
    expect(await p.emit('hello', { v: 1, role: 'participant', code: 'NPQRTU' })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    const res = await fetch(`${server.url}/api/join/ACDEFG`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'UNKNOWN_SESSION' } });
  });

  it('R-JOIN-KEY: the console and the board need their own key', async () => {
    const { s } = await setup();
    const wrong = track(new Peer(server.url));
    expect(await wrong.join({ role: 'facilitator', sessionId: s.sessionId, key: s.boardKey })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SESSION' },
    });
    const b = track(await board(server.url, s));
    expect(b.hello).toMatchObject({ ok: true, role: 'board', joinUrl: `${server.url}/j/${s.code}` });
  });
});

describe('the room engine', () => {
  it('R-CLOCK: a rejoining client gets exactly the events it missed, projected for it', async () => {
    const { s, f, card } = await setup();
    const p = track(await participant(server.url, s));
    const { token } = p.hello as { token: string };
    const seenSeq = p.view!.seq;
    p.close();
    await f.cmd('agenda.goto', { activityId: card });
    await f.cmd('agenda.add', { activity: { kind: 'info', title: 'Check-in', config: { body: 'Hoe kom je binnen?', agreeable: false } } });
    const other = track(await participant(server.url, s, { name: 'Secret Name' }));
    await f.until((v) => v.agenda.length === 2); // the frame follows the ack
    const last = await f.cmd('agenda.goto', { activityId: f.view!.agenda[1].id });

    const back = track(new Peer(server.url));
    const ack = await back.join({ role: 'participant', sessionId: s.sessionId, token, since: seenSeq });
    if (!ack.ok) throw new Error('rejoin failed');
    expect(ack.snapshot).toBeUndefined();
    expect(ack.events!.map((e) => e.type)).toEqual(['agenda.current', 'agenda.added', 'agenda.current']);
    expect(ack.events!.every((e, i, a) => i === 0 || e.seq > a[i - 1].seq)).toBe(true);
    expect(JSON.stringify(ack.events)).not.toContain('Secret Name');
    expect(JSON.stringify(ack.events)).not.toContain((other.hello as { participantId: string }).participantId);
    expect(ack.seq).toBe((last as { seq: number }).seq);
  });

  it(`R-CLOCK: more than ${CATCH_UP_LIMIT} missed events give a snapshot instead`, async () => {
    const { s, f } = await setup({ socketRate: 1000 });
    const p = track(await participant(server.url, s));
    const { token } = p.hello as { token: string };
    const since = p.view!.seq;
    p.close();
    const ids = [f.view!.agenda[0].id, null];
    let lastSeq = 0;
    for (let i = 0; i < CATCH_UP_LIMIT + 5; i++) {
      const ack = await f.cmd('agenda.goto', { activityId: ids[i % 2] });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      lastSeq = ack.seq;
    }
    const back = track(new Peer(server.url));
    const ack = await back.join({ role: 'participant', sessionId: s.sessionId, token, since });
    expect(ack.ok && ack.snapshot?.seq).toBe(lastSeq);
    expect(ack.ok && ack.events).toBeUndefined();
  });

  it('R-CMD-ONCE: a repeated command id is applied once', async () => {
    const { s, f, card } = await setup();
    const p = track(await participant(server.url, s));
    await f.cmd('agenda.goto', { activityId: card });
    const first = await p.cmd('info.agree', { activityId: card, agree: true }, 'same-id-123');
    const second = await p.cmd('info.agree', { activityId: card, agree: false }, 'other-id-456');
    const again = await p.cmd('info.agree', { activityId: card, agree: true }, 'same-id-123');
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual({ ok: true, seq: (first as { seq: number }).seq, duplicate: true });
    await f.until((v) => v.seq >= (second as { seq: number }).seq);
    expect(f.view!.agenda[0].state).toMatchObject({ count: 0 });
  });

  it('R-RESTORE, R-CMD-ONCE, R-DURABLE: a restart on the same database restores the room', async () => {
    const { s, f, card } = await setup();
    const p = track(await participant(server.url, s, { name: 'Youssef' }));
    const { token, participantId } = p.hello as { token: string; participantId: string };
    await f.cmd('agenda.goto', { activityId: card });
    const agreed = await p.cmd('info.agree', { activityId: card, agree: true }, 'agree-cmd-1');
    await f.until((v) => v.seq === (agreed as { seq: number }).seq);
    const before = structuredClone(f.view!);
    const dataDir = server.dataDir;
    p.close();
    f.close();
    await server.close();

    server = await serve({ dataDir });
    const f2 = track(await facilitator(server.url, s));
    expect(f2.view).toEqual(before);
    const p2 = track(new Peer(server.url));
    expect(await p2.join({ role: 'participant', sessionId: s.sessionId, token })).toMatchObject({ ok: true, participantId });
    // The repeat of an acknowledged command is still recognised after the restart.
    expect(await p2.cmd('info.agree', { activityId: card, agree: true }, 'agree-cmd-1')).toEqual({
      ...(agreed as object),
      duplicate: true,
    });
    expect(f2.view!.agenda[0].state).toEqual({ agreed: { [participantId]: true }, count: 1 });
  });

  it('R-RESTORE: an idle room unloads and comes back by replay', async () => {
    const { s, f, card } = await setup({ roomIdleMs: 50 });
    await f.cmd('agenda.goto', { activityId: card });
    await f.until((v) => v.currentId === card); // the frame follows the ack
    const before = structuredClone(f.view!);
    f.close();
    await tick(300);
    expect(server.app.rooms.isLoaded(s.sessionId)).toBe(false);
    const f2 = track(await facilitator(server.url, s));
    expect(server.app.rooms.isLoaded(s.sessionId)).toBe(true);
    expect(f2.view).toEqual(before);
  });

  it('R-AGENDA-GOTO: phones and the board follow the facilitator', async () => {
    const { s, f, card } = await setup();
    const phones = [track(await participant(server.url, s)), track(await participant(server.url, s))];
    const b = track(await board(server.url, s));
    await f.cmd('agenda.goto', { activityId: card });
    for (const peer of [...phones, b]) await peer.until((v) => v.currentId === card);
  });
});

describe('bad input changes nothing (R-PROTO-*)', () => {
  const malformed: [string, unknown, string][] = [
    ['not an object', 'hello', 'INVALID'],
    ['null', null, 'INVALID'],
    ['an array', [1, 2], 'INVALID'],
    ['no id', { type: 'agenda.goto', activityId: null }, 'INVALID'],
    ['a short id', { id: 'x', type: 'agenda.goto', activityId: null }, 'INVALID'],
    ['an unknown type', { id: 'abcdefgh', type: 'agenda.explode' }, 'INVALID'],
    ['a wrong field type', { id: 'abcdefgh', type: 'info.agree', activityId: 'abcd', agree: 'yes' }, 'INVALID'],
    ['an extra field', { id: 'abcdefgh', type: 'agenda.goto', activityId: null, admin: true }, 'INVALID'],
    ['a missing field', { id: 'abcdefgh', type: 'info.agree', agree: true }, 'INVALID'],
    ['an unknown activity kind', { id: 'abcdefgh', type: 'agenda.add', activity: { kind: 'poll', title: 'x', config: {} } }, 'INVALID'],
    [
      'a title too long',
      { id: 'abcdefgh', type: 'agenda.add', activity: { kind: 'info', title: 'x'.repeat(121), config: { body: '', agreeable: true } } },
      'INVALID',
    ],
    [
      'an empty title',
      { id: 'abcdefgh', type: 'agenda.add', activity: { kind: 'info', title: '   ', config: { body: '', agreeable: true } } },
      'INVALID',
    ],
    [
      'a huge message',
      { id: 'abcdefgh', type: 'agenda.add', activity: { kind: 'info', title: 'x', config: { body: 'x'.repeat(20_000), agreeable: true } } },
      'TOO_LARGE',
    ],
    ['an unknown activity', { id: 'abcdefgh', type: 'agenda.goto', activityId: 'nowhere' }, 'NOT_FOUND'],
  ];

  it.each(malformed)('%s → %s', async (_name, payload, code) => {
    const { f } = await setup();
    const before = structuredClone(f.view!);
    const ack = await f.emit('cmd', payload);
    expect(ack).toMatchObject({ ok: false, error: { code } });
    expect(typeof (ack as { error: { message: string } }).error.message).toBe('string');
    // Nothing changed: a fresh facilitator sees exactly the old state.
    const s2 = (f.hello as { sessionId: string }).sessionId;
    expect(s2).toBeTruthy();
    await tick(30);
    expect(f.view).toEqual(before);
  });

  it('malformed hello messages get typed errors', async () => {
    const { s } = await setup();
    const p = track(new Peer(server.url));
    await p.connected();
    expect(await p.emit('hello', { v: 0, role: 'participant', code: s.code })).toMatchObject({
      ok: false,
      error: { code: 'CLIENT_TOO_OLD' },
    });
    expect(await p.emit('hello', { v: 1, role: 'admin', code: s.code })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    expect(await p.emit('hello', { v: 1, role: 'participant', code: 'O0I1LS' })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    expect(await p.emit('hello', 42)).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });

  it('R-PROTO-JOINED: a command before hello gets NOT_JOINED', async () => {
    server = await serve();
    const p = track(new Peer(server.url));
    await p.connected();
    expect(await p.cmd('agenda.goto', { activityId: null })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
  });

  it('R-PROTO-ACK: a message without an ack gets a rejected event', async () => {
    const { f } = await setup();
    f.socket.emit('cmd', { id: 'no-ack-123', type: 'agenda.goto', activityId: null });
    await new Promise<void>((r) =>
      f.socket.once('rejected', (e: { id: string; error: { code: string } }) => {
        expect(e).toMatchObject({ id: 'no-ack-123', error: { code: 'INVALID' } });
        r();
      }),
    );
  });

  it('R-PROTO-RATE: a flood from one socket is rate limited', async () => {
    const { f } = await setup();
    const acks = await Promise.all(Array.from({ length: 80 }, () => f.cmd('agenda.goto', { activityId: null })));
    const codes = acks.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(35); // the burst, less the hello
    expect(codes).toContain('RATE_LIMITED');
  });

  it('R-ROLE-FACILITATOR: a participant cannot run facilitator commands; the board cannot act', async () => {
    const { s, f, card } = await setup();
    const p = track(await participant(server.url, s));
    const b = track(await board(server.url, s));
    await f.until((v) => v.seq >= (p.hello as { seq: number }).seq); // the join has reached the console
    const before = structuredClone(f.view!);
    const attempts: [string, Record<string, unknown>][] = [
      ['agenda.goto', { activityId: card }],
      ['agenda.add', { activity: { kind: 'info', title: 'x', config: { body: '', agreeable: true } } }],
      ['agenda.update', { activityId: card, activity: { kind: 'info', title: 'x', config: { body: '', agreeable: true } } }],
      ['agenda.move', { activityId: card, toIndex: 0 }],
      ['agenda.remove', { activityId: card }],
      ['activity.lock', { activityId: card, locked: true }],
    ];
    for (const peer of [p, b]) {
      for (const [type, payload] of attempts) {
        expect(await peer.cmd(type, payload)).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
      }
    }
    await tick(30);
    expect(f.view).toEqual(before);
  });
});

describe('timer on the wire (R-TIMER)', () => {
  it('R-TIMER: the server expires the countdown and closes input at zero', async () => {
    const { f, phones, ids } = await learningNetwork();
    const eng = ids[4];
    await f.cmd('agenda.goto', { activityId: eng });
    expect(await f.cmd('timer.start', { seconds: 5, activityId: eng, lockAtZero: true })).toMatchObject({ ok: true });
    expect(phones[0].hello).toMatchObject({ now: expect.any(Number) });
    await phones[0].until((v) => v.timer?.endsAt !== null && v.timer !== null);
    await phones[0].until((v) => v.timer?.expired === true && v.agenda[4].locked, 8000);
    expect(await phones[0].cmd('brainstorm.add', { activityId: eng, text: 'Te laat', column: null, showName: false })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
  }, 15_000);
});

describe('audiences on the wire (R-AUDIENCE)', () => {
  it('a phone never receives other participants’ ids, names or agreements; the board only counts', async () => {
    const { s, f, card } = await setup();
    const b = track(await board(server.url, s));
    const watcher = track(await participant(server.url, s, { name: 'Watcher' }));
    const others = [
      track(await participant(server.url, s, { name: 'Fatima Secret' })),
      track(await participant(server.url, s, { name: 'Jonas Secret' })),
    ];
    await f.cmd('agenda.goto', { activityId: card });
    for (const o of others) expect(await o.cmd('info.agree', { activityId: card, agree: true })).toMatchObject({ ok: true });
    await others[1].cmd('participant.rename', { name: 'Renamed Secret' });
    await b.until((v) => (v.agenda[0].state as { count: number }).count === 2);
    await watcher.until((v) => (v.agenda[0].state as { count: number }).count === 2);
    const otherIds = others.map((o) => (o.hello as { participantId: string }).participantId);
    const otherTokens = others.map((o) => (o.hello as { token: string }).token);
    for (const peer of [watcher, b]) {
      const wire = peer.wireText() + JSON.stringify(peer.hello);
      for (const secret of [...otherIds, ...otherTokens, 'Fatima Secret', 'Jonas Secret', 'Renamed Secret', s.facilitatorKey]) {
        expect(wire).not.toContain(secret);
      }
    }
    // …while the facilitator does see who agreed.
    await f.until((v) => (v.agenda[0].state as { count: number }).count === 2);
    expect(Object.keys((f.view!.agenda[0].state as { agreed: object }).agreed).sort()).toEqual([...otherIds].sort());
  });
});

describe('presence (R-PRESENCE)', () => {
  it('counts phones here, and a sleeping phone until the grace period ends', async () => {
    const { s, f } = await setup({ presenceGraceMs: 1500 });
    const presence = () =>
      f.wire
        .filter(([e]) => e === 'presence')
        .map(([, p]) => (p as { here: number }).here)
        .at(-1);
    const a = track(await participant(server.url, s));
    track(await participant(server.url, s));
    await f.until(() => presence() === 2);
    a.close();
    await tick(200);
    expect(presence()).toBe(2); // asleep for less than the grace period: still here
    await f.until(() => presence() === 1, 8000);
  });
});

describe('HTTP', () => {
  it('R-SEC-HEADERS: security headers and a CSP without inline scripts', async () => {
    server = await serve();
    for (const path of ['/', '/j/ACDEFG', '/api/health']) {
      const res = await fetch(server.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBeTruthy();
    }
  });

  it('R-CACHE: hashed assets and versioned catalogues are cached for good and sent compressed, pages never stale; the server’s words are not served', async () => {
    server = await serve();
    const html = await (await fetch(`${server.url}/j/ACDEFG`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    expect((await fetch(server.url + asset)).headers.get('cache-control')).toContain('immutable');
    // Sent compressed to a browser that accepts it (built beside the file), whole otherwise.
    const { request } = await import('node:http');
    const encoding = (accept: string) =>
      new Promise<[string | undefined, number]>((resolve, reject) => {
        request(server.url + asset, { headers: { 'accept-encoding': accept } }, (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve([res.headers['content-encoding'], n]));
        })
          .on('error', reject)
          .end();
      });
    const [br, brBytes] = await encoding('br, gzip');
    const [gz] = await encoding('gzip');
    const [none, rawBytes] = await encoding('identity');
    expect([br, gz, none]).toEqual(['br', 'gzip', undefined]);
    expect(brBytes).toBeLessThan(rawBytes / 2);
    const words = await fetch(`${server.url}/i18n/ar/phone.json?v=1`);
    expect(words.headers.get('cache-control')).toContain('immutable');
    expect(await words.json()).toHaveProperty('phone.joining');
    expect((await fetch(`${server.url}/`)).headers.get('cache-control')).toBe('no-cache');
    const server_ = await fetch(`${server.url}/i18n/nl/server.json`);
    expect(server_.headers.get('content-type') ?? '').not.toContain('json');
  });

  it('creating a session validates its input', async () => {
    server = await serve();
    const bad = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '', lang: 'xx' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID' } });
  });

  it('R-SEC-LOGS: keys and tokens never appear in the logs', async () => {
    const { s, f, card } = await setup();
    const p = track(await participant(server.url, s));
    await board(server.url, s).then(track);
    await f.cmd('agenda.goto', { activityId: card });
    await p.cmd('info.agree', { activityId: card, agree: true });
    await fetch(`${server.url}/f/${s.sessionId}`); // the key itself stays in the URL fragment
    const logs = server.logs.join('\n');
    expect(logs).toContain('session created');
    for (const secret of [s.facilitatorKey, s.boardKey, (p.hello as { token: string }).token]) {
      expect(logs).not.toContain(secret);
    }
  });
});
