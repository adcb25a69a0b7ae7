/**
 * Floods (R-FLOOD) and load shedding (R-PRESSURE): a socket that ignores its RATE_LIMITED
 * warnings is disconnected, one address holds a bounded number of sockets, sockets from
 * another site are refused, and an overloaded server answers 503 BUSY at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import type { CommandAck } from '../../shared/protocol.ts';
import { createSession, facilitator, participant } from '../helpers/client.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';
import { eventually, outcome, rawSocket } from './limits-helpers.ts';

let server: TestServer;
const { serve, track } = lifecycle();

/** Send `n` commands without waiting; the acks that come back are counted by code. */
function burst(socket: import('socket.io-client').Socket, n: number) {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    socket.emit('cmd', { id: nanoid(), type: 'agenda.goto', activityId: null }, (ack: CommandAck) =>
      codes.push(ack.ok ? 'ok' : ack.error.code),
    );
  }
  return codes;
}

describe('floods', () => {
  it('R-FLOOD: a socket that keeps flooding after RATE_LIMITED warnings is disconnected; a bystander is not', async () => {
    server = await serve();
    const s = await createSession(server.url);
    const flooder = track(await facilitator(server.url, s));
    const bystander = track(await participant(server.url, s));
    let reason = '';
    flooder.socket.on('disconnect', (r) => (reason = r));
    const codes = burst(flooder.socket, 400);
    await eventually(() => reason !== '');
    expect(reason).toBe('io server disconnect');
    expect(codes).toContain('RATE_LIMITED'); // it was warned first
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThan(0);
    expect(flooder.wire.some(([e, p]) => e === 'rejected' && (p as { error: { code: string } }).error.code === 'RATE_LIMITED')).toBe(true);
    // The bystander still works, and the facilitator can come back on a new socket.
    expect(bystander.socket.connected).toBe(true);
    const again = track(await facilitator(server.url, s));
    expect(await again.cmd('agenda.goto', { activityId: null })).toMatchObject({ ok: true });
  });

  it('R-FLOOD: a burst that stops at the first warnings is slowed down, not disconnected', async () => {
    server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const acks = await Promise.all(Array.from({ length: 80 }, () => f.cmd('agenda.goto', { activityId: null })));
    expect(acks.some((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true);
    expect(f.socket.connected).toBe(true);
  });

  it('R-FLOOD: one address holds at most socketsPerAddress sockets; a closed one frees its place', async () => {
    server = await serve({ socketsPerAddress: 3 });
    const open = [];
    for (let i = 0; i < 3; i++) {
      const r = track(rawSocket(server.url));
      expect(await outcome(r)).toBe('connected');
      open.push(r);
    }
    expect(await outcome(track(rawSocket(server.url)))).toBe('RATE_LIMITED');
    open[0].close();
    let last = '';
    await eventually(async () => (last = await outcome(track(rawSocket(server.url)))) === 'connected');
    expect(last).toBe('connected');
    expect(await outcome(track(rawSocket(server.url)))).toBe('RATE_LIMITED');
  });

  it('R-FLOOD: a socket from a foreign Origin is refused; our own origin, PUBLIC_URL and no Origin connect', async () => {
    server = await serve({ publicUrl: 'https://kring.example.be' });
    const withOrigin = (origin: string) => outcome(track(rawSocket(server.url, { origin })));
    expect(await withOrigin('https://evil.example')).toBe('NOT_ALLOWED');
    expect(await withOrigin('null')).toBe('NOT_ALLOWED');
    expect(await withOrigin(server.url.replace('127.0.0.1', '127.0.0.2'))).toBe('NOT_ALLOWED');
    expect(await withOrigin(server.url)).toBe('connected');
    expect(await withOrigin('https://kring.example.be')).toBe('connected');
    expect(await outcome(track(rawSocket(server.url)))).toBe('connected');
  });
});

describe('load shedding', () => {
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.app.close();
  });

  it('R-PRESSURE: under pressure HTTP answers 503 BUSY at once, changes nothing, and new sockets are refused', async () => {
    const config = {
      ...configFromEnv({}),
      host: '127.0.0.1',
      port: 0,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'kring-test-')),
      clientDir: path.resolve('dist'),
    };
    // The plugin's own switch: a health check that fails puts the server under pressure.
    const built = await buildApp(config, { pressure: { healthCheck: async () => false, healthCheckInterval: 60_000 } });
    apps.push(built);
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(built.app.server.address() as { port: number }).port}`;

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toMatchObject({ error: { code: 'BUSY' } });
    const create = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Druk', lang: 'nl' }),
    });
    expect(create.status).toBe(503);
    expect(built.store.listSessions()).toHaveLength(0);
    const r = rawSocket(url);
    try {
      expect(await outcome(r)).toBe('BUSY');
    } finally {
      r.close();
    }
  });

  it('R-PRESSURE: a server that is not under pressure answers normally', async () => {
    server = await serve();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(server.app.app.isUnderPressure()).toBe(false);
  });
});
