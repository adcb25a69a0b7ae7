/**
 * Proxies done right (R-PROXY) and addresses kept out of the logs (R-LOG). The address a
 * server uses is seen through what it limits: sockets per address and wrong codes per
 * address. A client that writes X-Forwarded-For itself must not change it.
 */
import { describe, expect, it } from 'vitest';
import { createSession, Peer } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';
import { errorCode, outcome, rawSocket, wrongCodes } from './limits-helpers.ts';

let server: TestServer;
const { serve, track } = lifecycle();
const raw = (xff?: string) => track(rawSocket(server.url, xff ? { 'x-forwarded-for': xff } : {}));

/** How many sockets, each with its own X-Forwarded-For, connect before the cap of 2 refuses one. */
async function socketsAdmitted(xffs: string[]) {
  const results: string[] = [];
  for (const xff of xffs) results.push(await outcome(raw(xff)));
  return results;
}

/** HTTP statuses for wrong codes, each request with its own X-Forwarded-For (the limit is 30 per address). */
async function wrongCodeStatuses(xffs: string[], except: string) {
  const codes = wrongCodes(xffs.length, except);
  const out: number[] = [];
  for (let i = 0; i < xffs.length; i++) {
    out.push((await fetch(`${server.url}/api/join/${codes[i]}`, { headers: { 'x-forwarded-for': xffs[i] } })).status);
  }
  return out;
}

describe('the client address behind proxies', () => {
  it('R-PROXY: without TRUST_PROXY a forged X-Forwarded-For changes nothing (sockets and HTTP)', async () => {
    server = await serve({ socketsPerAddress: 2 });
    expect(await socketsAdmitted(['198.51.100.1', '198.51.100.2', '198.51.100.3'])).toEqual(['connected', 'connected', 'RATE_LIMITED']);
    const s = await createSession(server.url);
    const statuses = await wrongCodeStatuses(
      Array.from({ length: 31 }, (_, i) => `203.0.113.${i + 1}`),
      s.code,
    );
    expect(statuses.at(-1)).toBe(429);
  });

  it('R-PROXY: with one trusted hop the address is the rightmost entry; what the client wrote on the left is ignored', async () => {
    server = await serve({ socketsPerAddress: 2, trustProxy: 1 });
    // Our nginx appends the real peer (10.0.0.5); the client forged the rest.
    expect(await socketsAdmitted(['198.51.100.1, 10.0.0.5', '198.51.100.2, 10.0.0.5', '198.51.100.3, 10.0.0.5'])).toEqual([
      'connected',
      'connected',
      'RATE_LIMITED',
    ]);
    // Another real client behind the same proxy is another address.
    expect(await outcome(raw('198.51.100.1, 10.0.0.6'))).toBe('connected');
    const s = await createSession(server.url);
    const statuses = await wrongCodeStatuses(
      Array.from({ length: 31 }, (_, i) => `203.0.113.${i + 1}, 10.0.0.7`),
      s.code,
    );
    expect(statuses.slice(0, 30).every((x) => x === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    // The same forged left part from another real address is not limited.
    expect(await wrongCodeStatuses(['203.0.113.1, 10.0.0.8'], s.code)).toEqual([404]);
  });

  it('R-PROXY: with a list of proxies the address is the first one from the right that is not in the list', async () => {
    server = await serve({ socketsPerAddress: 1, trustProxy: ['127.0.0.1', '10.0.0.0/8'] });
    // 127.0.0.1 (the TCP peer) and 10.9.9.9 are proxies: the client is 192.0.2.44.
    expect(await socketsAdmitted(['192.0.2.44, 10.9.9.9', '198.51.100.9, 192.0.2.44, 10.9.9.9'])).toEqual(['connected', 'RATE_LIMITED']);
    expect(await outcome(raw('192.0.2.45'))).toBe('connected');
  });

  it('R-PROXY: wrong codes are counted for the real address behind the proxy, however the client varies the header', async () => {
    server = await serve({ trustProxy: 1 });
    const s = await createSession(server.url);
    const [probe, ...codes] = wrongCodes(13, s.code);
    for (const [i, code] of codes.entries()) await raw(`198.51.100.${i + 1}, 10.3.0.1`).hello({ role: 'participant', code });
    expect(errorCode(await raw('198.51.100.99, 10.3.0.1').hello({ role: 'participant', code: probe }))).toBe('RATE_LIMITED');
    // Another client behind the same proxy, even one that forges the guesser's header, is not slowed down.
    expect(errorCode(await raw('198.51.100.1, 10.3.0.2').hello({ role: 'participant', code: probe }))).toBe('UNKNOWN_SESSION');
    expect(errorCode(await raw('10.3.0.1, 10.3.0.2').hello({ role: 'participant', code: s.code }))).toBe('ok');
  });
});

describe('logs', () => {
  it('R-LOG: no client address and no join code in log lines at info level', async () => {
    server = await serve({ trustProxy: 1, logLevel: 'info' });
    const client = '203.0.113.77';
    const headers = { 'x-forwarded-for': client };
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Logboek', lang: 'nl' }),
    });
    const s = (await res.json()) as { code: string; sessionId: string; facilitatorKey: string };
    await fetch(`${server.url}/api/join/${s.code}`, { headers });
    await fetch(`${server.url}/j/${s.code}?x=1`, { headers });
    await fetch(`${server.url}/api/join/${wrongCodes(1, s.code)[0]}`, { headers });
    const p = track(new Peer(server.url));
    await p.join({ role: 'participant', code: s.code });
    await raw(client).hello({ role: 'facilitator', sessionId: s.sessionId, key: 'w'.repeat(32) });

    const lines = server.logs.filter((l) => !l.includes('Server listening at'));
    const requestLines = lines.filter((l) => l.includes('"req"'));
    expect(requestLines.length).toBeGreaterThan(3); // requests are logged…
    const text = lines.join('\n');
    expect(text).not.toContain(client); // …without the client's address
    expect(text).not.toContain('127.0.0.1'); // nor the proxy's, nor the host
    expect(text).not.toMatch(/remoteAddress|remotePort|hostname/);
    expect(text).not.toContain(s.code);
    expect(text).not.toContain(s.facilitatorKey);
    expect(text).toContain('/api/join/…');
  });
});
