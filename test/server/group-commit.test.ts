/**
 * R-GROUP-COMMIT (issue 13): the commands that arrive in one tick are committed in one
 * transaction, and each is acknowledged only after it. Seen from outside: a burst writes far
 * fewer frames to SQLite's write-ahead log than it has commands (one commit per command
 * writes at least one frame each), every acknowledged command is in the log exactly once,
 * and a command repeated within the same tick is answered as a repeat of the first, with
 * its seq, and stored once. Durability after SIGKILL with group commit on is R-DURABLE
 * (crash.test.ts) and R-FAULT-KILL (faults.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { CommandAck } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, Peer } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const PHONES = 15;
const EACH = 10;

describe('group commit (issue 13)', () => {
  it('R-GROUP-COMMIT: a burst of 150 commands commits in far fewer transactions; a repeat in the same tick is stored once', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < PHONES; i++) phones.push(track(await participant(server.url, s, { name: `p${i}` })));

    const db = new Database(path.join(server.dataDir, 'kring.db'), { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const wal = path.join(server.dataDir, 'kring.db-wal');
    const walFrames = () => Math.max(0, fs.statSync(wal).size - 32) / (pageSize + 24);
    const before = walFrames();

    // Every phone sends its renames at once, without waiting; phone 0 sends one id twice.
    const repeat = nanoid();
    const sent: { phone: number; name: string; ack: Promise<CommandAck> }[] = [];
    phones.forEach((p, i) => {
      for (let r = 0; r < EACH; r++) {
        const name = `p${i}-r${r}`;
        sent.push({ phone: i, name, ack: p.cmd('participant.rename', { name }, i === 0 && r === 0 ? repeat : nanoid()) });
      }
    });
    const again = phones[0].cmd('participant.rename', { name: 'p0-r0' }, repeat);
    const acks = await Promise.all(sent.map((x) => x.ack));
    const second = await again;

    expect(acks.every((a) => a.ok)).toBe(true);
    const first = acks[0] as { ok: true; seq: number };
    expect(second).toEqual({ ok: true, seq: first.seq, duplicate: true });
    const commands = PHONES * EACH;
    const frames = walFrames() - before;
    // One transaction per command writes at least one WAL frame each (150 or more).
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(commands / 2);

    // Each acknowledged command is in the log once, at the seq its ack named.
    const rows = db
      .prepare<[string], { seq: number; name: string }>(
        `SELECT seq, json_extract(data, '$.name') AS name FROM events WHERE session_id = ? AND type = 'participant.renamed'`,
      )
      .all(s.sessionId);
    expect(rows.length).toBe(commands);
    const seqOf = new Map(rows.map((r) => [r.name, r.seq]));
    sent.forEach((x, i) => expect(seqOf.get(x.name), x.name).toBe((acks[i] as { seq: number }).seq));
    const keys = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM commands WHERE session_id = ?').get(s.sessionId)!;
    expect(keys.n).toBeGreaterThanOrEqual(commands);
    db.close();

    // The console sees every phone's last name.
    await f.until((v) =>
      phones.every((p, i) => v.participants[(p.hello as { participantId: string }).participantId]?.name === `p${i}-r${EACH - 1}`),
    );
  });

  it('R-GROUP-COMMIT, R-JOIN-COST: 60 phones joining at once are stored in far fewer transactions; each gets its own id and token', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const db = new Database(path.join(server.dataDir, 'kring.db'), { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const wal = path.join(server.dataDir, 'kring.db-wal');
    const walFrames = () => Math.max(0, fs.statSync(wal).size - 32) / (pageSize + 24);
    const before = walFrames();

    const N = 60;
    const peers = Array.from({ length: N }, () => track(new Peer(server.url)));
    await Promise.all(peers.map((p) => p.connected()));
    const acks = await Promise.all(peers.map((p, i) => p.join({ role: 'participant', code: s.code, name: `n${i}` })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const ids = acks.map((a) => (a as { participantId: string }).participantId);
    const tokens = acks.map((a) => (a as { token: string }).token);
    expect(new Set(ids).size).toBe(N);
    expect(new Set(tokens).size).toBe(N);
    const frames = walFrames() - before;
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(N / 2);
    const stored = db
      .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM events WHERE session_id = ? AND type = 'participant.joined'`)
      .get(s.sessionId)!;
    expect(stored.n).toBe(N);
    db.close();
    await f.until((v) => Object.keys(v.participants).length === N);
    // A token works: the phone comes back as itself.
    const again = track(await participant(server.url, s, { sessionId: s.sessionId, token: tokens[7] }));
    expect((again.hello as { participantId: string }).participantId).toBe(ids[7]);
  });

  it('R-FRAME-ORDER: while commands stream in from 20 phones, no frame announces a seq whose events come later', async () => {
    const server = await serve();
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const phones: Peer[] = [];
    for (let i = 0; i < 20; i++) phones.push(track(await participant(server.url, s, { name: `p${i}` })));
    // Each phone renames itself 15 times, each after a short random pause: commands of one
    // turn of the event loop are committed while others arrive.
    const acks = await Promise.all(
      phones.map(async (p, i) => {
        const mine: CommandAck[] = [];
        for (let r = 0; r < 15; r++) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
          mine.push(await p.cmd('participant.rename', { name: `p${i}-r${r}` }));
        }
        return mine;
      }),
    );
    expect(acks.flat().every((a) => a.ok)).toBe(true);
    const last = Math.max(...acks.flat().map((a) => (a as { seq: number }).seq));
    await f.until((v) => v.seq >= last);
    await Promise.all(phones.map((p) => p.until((v) => v.seq >= (acks[phones.indexOf(p)].at(-1) as { seq: number }).seq)));
    // Each phone's view has its own last name (its own events all arrived and applied).
    phones.forEach((p, i) => expect(p.view!.participants[(p.hello as { participantId: string }).participantId]?.name).toBe(`p${i}-r14`));
    // The frame-order check of test/helpers/client.ts found nothing (it fails the test otherwise).
    expect([...phones, f].flatMap((p) => p.issues)).toEqual([]);
  });
});
