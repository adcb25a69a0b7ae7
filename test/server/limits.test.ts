/**
 * Fair limits on a shared address (issue 11): a venue's phones, board and console share
 * one address, so a guesser among them must never lock the others out. Real server,
 * real sockets; other addresses come through a trusted proxy's X-Forwarded-For.
 */
import { describe, expect, it } from 'vitest';
import { createSession, facilitator, Peer } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';
import { errorCode, rawSocket, wrongCodes, type Raw } from './limits-helpers.ts';

let server: TestServer;
const { serve, track } = lifecycle();
const raw = (headers: Record<string, string> = {}) => track(rawSocket(server.url, headers));

describe('wrong codes and keys from a shared address', () => {
  // SPEC: R-LIMIT-SHARED
  it('R-LIMIT-SHARED: after 100 wrong codes from one address, the right key, a token and the right code all work', async () => {
    server = await serve();
    const s = await createSession(server.url);
    const phone = track(new Peer(server.url));
    const first = await phone.join({ role: 'participant', code: s.code, name: 'Amina' });
    if (!first.ok) throw new Error('first join failed');
    phone.close();

    // 100 wrong codes, 10 sockets of 10 guesses, all from 127.0.0.1.
    const codes = wrongCodes(100, s.code);
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const guesser = raw();
      for (const code of codes.slice(i * 10, i * 10 + 10)) answers.push(errorCode(await guesser.hello({ role: 'participant', code })));
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('UNKNOWN_SESSION'));
    expect(answers.slice(10).every((c) => c === 'RATE_LIMITED')).toBe(true); // slowed down
    // And wrong keys for this very session on top.
    const keyGuesser = raw();
    for (let i = 0; i < 5; i++) {
      const ack = await keyGuesser.hello({ role: 'facilitator', sessionId: s.sessionId, key: 'x'.repeat(32) });
      expect(errorCode(ack)).toBe('RATE_LIMITED');
    }

    // The facilitator, the board, the phone coming back and a new phone: all let in at once.
    const f = track(new Peer(server.url));
    expect(await f.join({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey })).toMatchObject({ ok: true });
    const b = track(new Peer(server.url));
    expect(await b.join({ role: 'board', sessionId: s.sessionId, key: s.boardKey })).toMatchObject({ ok: true });
    const back = track(new Peer(server.url));
    expect(await back.join({ role: 'participant', sessionId: s.sessionId, token: first.token })).toMatchObject({
      ok: true,
      participantId: first.participantId,
    });
    const fresh = track(new Peer(server.url));
    const joined = await fresh.join({ role: 'participant', code: s.code });
    expect(joined).toMatchObject({ ok: true, role: 'participant' });
    expect(joined.ok && joined.participantId).not.toBe(first.participantId);
    // The guessing is still slowed down.
    expect(errorCode(await raw().hello({ role: 'participant', code: codes[0] }))).toBe('RATE_LIMITED');
  });

  it('R-LIMIT-SHARED: a socket that keeps guessing is no longer heard, then disconnected; others are', async () => {
    server = await serve();
    const s = await createSession(server.url);
    const guesser = raw();
    const codes = wrongCodes(25, s.code);
    const answers: string[] = [];
    let disconnected = false;
    guesser.socket.on('disconnect', () => (disconnected = true));
    for (const code of codes) {
      if (disconnected) break;
      answers.push(errorCode(await guesser.hello({ role: 'participant', code })));
    }
    // Its own right code is not looked at any more: this socket is a guesser.
    expect(answers.length).toBeLessThan(25);
    await new Promise<void>((r) => (guesser.socket.connected ? guesser.socket.once('disconnect', () => r()) : r()));
    expect(guesser.socket.connected).toBe(false);
    // Another socket from the same address joins with the right code.
    expect(errorCode(await raw().hello({ role: 'participant', code: s.code }))).toBe('ok');
  });

  it('R-LIMIT-SHARED: wrong keys are throttled per session, whatever the address; the right key still works', async () => {
    server = await serve({ trustProxy: 1 });
    const s = await createSession(server.url);
    const answers: string[] = [];
    for (let i = 0; i < 25; i++) {
      const g = raw({ 'x-forwarded-for': `10.1.0.${i + 1}` }); // 25 addresses, 1 guess each
      answers.push(errorCode(await g.hello({ role: 'board', sessionId: s.sessionId, key: `${'k'.repeat(31)}${i % 10}` })));
    }
    expect(answers.slice(0, 20)).toEqual(Array(20).fill('UNKNOWN_SESSION'));
    expect(answers.slice(20)).toEqual(Array(5).fill('RATE_LIMITED'));
    const b = raw({ 'x-forwarded-for': '10.1.0.1' });
    expect(errorCode(await b.hello({ role: 'board', sessionId: s.sessionId, key: s.boardKey }))).toBe('ok');
  });
});

describe('the start page over HTTP', () => {
  it('R-LIMIT-HTTP-JOIN: only wrong codes count; the right code is always answered', async () => {
    server = await serve();
    const s = await createSession(server.url);
    // Many right look-ups (a venue's phones) are never limited.
    for (let i = 0; i < 40; i++) expect((await fetch(`${server.url}/api/join/${s.code}`)).status).toBe(200);
    const statuses: number[] = [];
    for (const code of wrongCodes(40, s.code)) statuses.push((await fetch(`${server.url}/api/join/${code}`)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
    const right = await fetch(`${server.url}/api/join/${s.code}`);
    expect(right.status).toBe(200);
    expect(await right.json()).toMatchObject({ sessionId: s.sessionId, code: s.code });
    const wrong = await fetch(`${server.url}/api/join/${wrongCodes(1, s.code)[0]}`);
    expect(await wrong.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

describe('participants per session and per address', () => {
  it('R-LIMIT-CAP: a session takes at most maxParticipants; then SESSION_FULL; a token still rejoins', async () => {
    server = await serve({ maxParticipants: 3 });
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const tokens: { token: string; participantId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const ack = await raw().hello({ role: 'participant', code: s.code });
      if (!ack.ok) throw new Error(`join ${i} failed: ${JSON.stringify(ack)}`);
      tokens.push({ token: ack.token!, participantId: ack.participantId! });
    }
    expect(await raw().hello({ role: 'participant', code: s.code })).toMatchObject({ ok: false, error: { code: 'SESSION_FULL' } });
    // A token from elsewhere is a new participant too: refused.
    const stranger = await raw().hello({ role: 'participant', sessionId: s.sessionId, token: 't'.repeat(32) });
    expect(errorCode(stranger)).toBe('SESSION_FULL');
    const back = await raw().hello({ role: 'participant', sessionId: s.sessionId, token: tokens[1].token });
    expect(back).toMatchObject({ ok: true, participantId: tokens[1].participantId });
    await f.until((v) => Object.keys(v.participants).length === 3);
    expect(Object.keys(server.app.rooms.get(s.sessionId)!.state.participants).sort()).toEqual(tokens.map((t) => t.participantId).sort());
  });

  it('R-LIMIT-CAP: one address adds at most joinsPerMinute new participants; other addresses and tokens still join', async () => {
    server = await serve({ joinsPerMinute: 3, trustProxy: 1 });
    const s = await createSession(server.url);
    const from = (address: string): Raw => raw({ 'x-forwarded-for': address });
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push(await from('10.2.0.1').hello({ role: 'participant', code: s.code }));
    expect(acks.map(errorCode)).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
    expect(errorCode(await from('10.2.0.2').hello({ role: 'participant', code: s.code }))).toBe('ok');
    const first = acks[0];
    if (!first.ok) throw new Error('unreachable');
    const back = await from('10.2.0.1').hello({ role: 'participant', sessionId: s.sessionId, token: first.token });
    expect(back).toMatchObject({ ok: true, participantId: first.participantId });
    expect(Object.keys(server.app.rooms.get(s.sessionId)!.state.participants)).toHaveLength(4);
  });
});

describe('walking through join codes (R-LIMIT-ENUM)', () => {
  it('R-LIMIT-ENUM: one address looks up at most 2 × joinsPerMinute codes, right or wrong, over HTTP and sockets; tokens and keys are not counted', async () => {
    server = await serve({ joinsPerMinute: 5, trustProxy: 1 }); // 10 look-ups
    const s = await createSession(server.url);
    const get = (code: string, address: string) =>
      fetch(`${server.url}/api/join/${code}`, { headers: { 'x-forwarded-for': address } }).then((r) => r.status);
    const [wrong] = wrongCodes(1, s.code);
    // Right and wrong alike count: a walker through the codes cannot tell them apart faster.
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push(await get(i % 2 ? s.code : wrong, '10.3.0.1'));
    expect(statuses).toEqual([404, 200, 404, 200, 404, 200, 404, 200, 404, 200]);
    expect(await get(s.code, '10.3.0.1')).toBe(429);
    expect(await get(s.code, '10.3.0.2')).toBe(200); // another address
    // The same ceiling on sockets: a new phone's hello finds its session by code.
    const from = (address: string): Raw => raw({ 'x-forwarded-for': address });
    const acks = [];
    for (let i = 0; i < 11; i++) acks.push(errorCode(await from('10.3.0.3').hello({ role: 'participant', code: i % 2 ? s.code : wrong })));
    expect(acks.slice(0, 10).filter((c) => c === 'RATE_LIMITED')).toHaveLength(0);
    expect(acks[10]).toBe('RATE_LIMITED');
    // Keys and tokens are not look-ups by code: they still work from that address.
    const first = await from('10.3.0.2').hello({ role: 'participant', code: s.code });
    if (!first.ok) throw new Error('join failed');
    expect(await from('10.3.0.3').hello({ role: 'participant', sessionId: s.sessionId, token: first.token })).toMatchObject({
      ok: true,
      participantId: first.participantId,
    });
    expect(errorCode(await from('10.3.0.3').hello({ role: 'facilitator', sessionId: s.sessionId, key: s.facilitatorKey }))).toBe('ok');
  });
});

describe('bodies', () => {
  it('R-BODY: a body over 64 KiB to /api/sessions gets 413 and creates nothing', async () => {
    server = await serve();
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x', lang: 'nl', padding: 'y'.repeat(70 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(server.app.store.listSessions()).toHaveLength(0);
    // A small body still works.
    await createSession(server.url);
    expect(server.app.store.listSessions()).toHaveLength(1);
  });
});
