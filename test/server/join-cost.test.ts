/**
 * R-JOIN-COST (issue 13): a join is one durable write. The attendance peak is not written
 * at every join: it rides along with the next commit, or is written on its own within a
 * second, and a report read right after the joins counts them all. Presence is counted as
 * phones come and go, and stays right as they leave and come back.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();

/** The last presence count a peer was sent. */
const presenceOf = (p: Peer) => {
  const last = p.wire.filter(([e]) => e === 'presence').at(-1);
  return (last?.[1] as { here?: number } | undefined)?.here;
};
const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const eventTypes = (dataDir: string, sessionId: string) => {
  const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true });
  try {
    return (db.prepare('SELECT type FROM events WHERE session_id = ? ORDER BY seq').all(sessionId) as { type: string }[]).map(
      (e) => e.type,
    );
  } finally {
    db.close();
  }
};

describe('joins at bare cost (issue 13)', () => {
  it('R-JOIN-COST: 30 joins store 30 participant.joined and only a few peaks; the report read at once counts 30', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < 30; i++) phones.push(track(await participant(server.url, s, { name: `P${i}` })));
    const types = eventTypes(server.dataDir, s.sessionId);
    expect(types.filter((t) => t === 'participant.joined')).toHaveLength(30);
    // Before: a session.peak at nearly every join (29–30 of them). Now they ride along.
    expect(types.filter((t) => t === 'session.peak').length).toBeLessThanOrEqual(5);

    // The report settles the pending peak before it is read.
    const doc = await fetch(`${server.url}/api/sessions/${s.sessionId}/report/md`, {
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    expect(await doc.text()).toContain('Aanwezig: 30 deelnemers');
    await f.until((v) => v.peak === 30);

    // The next command carries no peak any more: it is stored.
    await ok(f, 'session.meta', { place: 'Zaal 1' });
    expect(eventTypes(server.dataDir, s.sessionId).slice(-1)).toEqual(['session.metaSet']);
  });

  it('R-JOIN-COST: a pending peak is written on its own within a second when nothing else is', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    for (let i = 0; i < 5; i++) track(await participant(server.url, s));
    await f.until((v) => v.peak === 5, 5000);
    expect(eventTypes(server.dataDir, s.sessionId).filter((t) => t === 'session.peak').length).toBeGreaterThan(0);
  });

  it('R-JOIN-COST: presence goes down when phones leave for good and up when they come back', async () => {
    const server = await serve({ presenceGraceMs: 200 });
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < 6; i++) phones.push(await participant(server.url, s));
    await until(() => presenceOf(f) === 6);
    const tokens = phones.map((p) => (p.hello as { token: string }).token);
    for (const p of phones.slice(0, 3)) p.close();
    await until(() => presenceOf(f) === 3);
    // The same three come back with their tokens: here again, and never counted twice.
    for (const token of tokens.slice(0, 3)) track(await participant(server.url, s, { token }));
    await until(() => presenceOf(f) === 6);
    for (const p of phones.slice(3)) track(p);
    expect(f.view!.participantCount).toBe(6);
    await f.until((v) => v.peak === 6);
  });
});
