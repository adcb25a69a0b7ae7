/**
 * Faults, bounded and deterministic (no timing is asserted):
 * - R-FAULT-KILL: 100 phones place dots in a burst; the server is killed (SIGKILL) halfway
 *   and started again on the same database and port; the phones come back with their
 *   tokens and send their outboxes again. The vote ends exactly as the same script ends on
 *   a server that was never killed; every acknowledged command is stored once, at the seq
 *   its ack named, and nothing is applied twice.
 * - R-FAULT-DROP: 30% of the phones lose their link with commands in flight, queue more
 *   while away (longer than the presence grace, in scaled time), and come back: all of it
 *   lands once.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, type Peer } from '../helpers/client.ts';
import { voteDraft } from '../helpers/drafts.ts';
import { PhoneSim } from '../helpers/phone-sim.ts';
import { lifecycle } from '../helpers/server.ts';
import { freePort, killed, spawnServer, type ChildServer } from '../helpers/spawn.ts';

const { serve } = lifecycle();
const children: ChildServer[] = [];
const closers: { close(): void }[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  for (const s of children.splice(0)) await killed(s.child);
});

const ITEMS = Array.from({ length: 10 }, (_, i) => ({ id: `item${i}`, text: `Voorstel ${i}` }));

/** Phone i's script: three dots, then one taken back (order matters: an early unplace would fail). */
const script = (i: number) =>
  [
    ['dotvote.place', ITEMS[i % 10].id],
    ['dotvote.place', ITEMS[(i + 3) % 10].id],
    ['dotvote.place', ITEMS[(i + 7) % 10].id],
    ['dotvote.unplace', ITEMS[i % 10].id],
  ] as const;

/** A session whose current activity is a 10-item dot vote; returns it with the console. */
async function voteRoom(url: string) {
  const s = await createSession(url);
  const f = await facilitator(url, s);
  closers.push(f);
  const before = f.view!.agenda.length;
  const added = await f.cmd('agenda.add', { activity: voteDraft({ items: ITEMS }) });
  if (!added.ok) throw new Error(JSON.stringify(added));
  await f.until((v) => v.agenda.length === before + 1);
  const vote = f.view!.agenda.at(-1)!.id;
  await f.cmd('agenda.goto', { activityId: vote });
  return { s, f, vote };
}

async function phones(url: string, s: CreatedSession, n: number) {
  const list: PhoneSim[] = [];
  for (let i = 0; i < n; i++) {
    const p = new PhoneSim(s, `Telefoon ${i}`);
    closers.push(p);
    await p.connect(url);
    list.push(p);
  }
  return list;
}

/** Dots per phone name and item, as a fresh console sees them (ids differ between servers). */
async function dotsByName(url: string, s: CreatedSession, vote: string) {
  const f: Peer = await facilitator(url, s);
  closers.push(f);
  const view = f.view!;
  const st = view.agenda.find((a) => a.id === vote)!.state as DotvoteState;
  const out: Record<string, Record<string, number>> = {};
  for (const [pid, dots] of Object.entries(st.dots)) {
    const name = view.participants[pid]?.name ?? pid;
    const kept = Object.fromEntries(Object.entries(dots).filter(([, n]) => n > 0));
    if (Object.keys(kept).length) out[name] = kept;
  }
  return out;
}

const until = async (pred: () => boolean, what: string, ms = 30_000) => {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('faults (issue 11)', () => {
  it('R-FAULT-KILL: SIGKILL in a vote burst of 100 phones; after a restart the outboxes land once and the vote equals the fault-free run', async () => {
    const N = 100;
    // The fault-free run: the same script on a server nobody kills.
    const calm = await serve();
    const c = await voteRoom(calm.url);
    const calmPhones = await phones(calm.url, c.s, N);
    await Promise.all(
      calmPhones.map((p, i) => Promise.all(script(i).map(([type, itemId]) => p.send(type, { activityId: c.vote, itemId })))),
    );
    expect(calmPhones.flatMap((p) => p.refused)).toEqual([]);
    const expected = await dotsByName(calm.url, c.s, c.vote);
    expect(Object.keys(expected)).toHaveLength(N); // two dots each
    for (const p of calmPhones) p.close();

    // The same script, killed halfway.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-fault-'));
    const port = await freePort();
    const env = { KRING_DATA_DIR: dataDir, PORT: String(port) };
    const first = await spawnServer(env);
    children.push(first);
    const { s, vote } = await voteRoom(first.url);
    const room = await phones(first.url, s, N);
    const total = N * 4;
    let killing: Promise<void> | undefined;
    const ackedCount = () => room.reduce((n, p) => n + p.acked.size, 0);
    const sending = room.map((p, i) =>
      Promise.all(
        script(i).map(([type, itemId]) =>
          p.send(type, { activityId: vote, itemId }).then(() => {
            // At the first ack: with group commit a tick's commands are acknowledged together,
            // so waiting for half of them could find the burst already done.
            if (!killing && ackedCount() >= 1) killing = killed(first.child, 'SIGKILL');
          }),
        ),
      ),
    );
    await Promise.all(sending);
    await killing;
    expect(first.child.signalCode).toBe('SIGKILL');
    const ackedBefore = new Map(room.flatMap((p) => [...p.acked]));
    expect(ackedBefore.size).toBeGreaterThanOrEqual(1);
    expect(ackedBefore.size).toBeLessThan(total); // the kill came in the middle of the burst
    expect(room.flatMap((p) => p.refused)).toEqual([]);
    expect(room.flatMap((p) => p.errors)).toEqual([]);

    const second = await spawnServer(env);
    children.push(second);
    expect(second.url).toBe(first.url);
    for (const p of room) await p.connect(second.url); // same participant (checked in connect)
    await Promise.all(room.map((p) => p.replay()));
    await until(() => room.every((p) => p.outbox.length === 0), 'outboxes empty');
    expect(room.flatMap((p) => p.refused)).toEqual([]);
    expect(room.flatMap((p) => p.errors)).toEqual([]);

    // The vote is what the fault-free run gave.
    expect(await dotsByName(second.url, s, vote)).toEqual(expected);

    // Every acknowledged command is stored once, at the seq its first ack named.
    for (const p of room) p.close();
    const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true });
    try {
      const keys = db.prepare('SELECT command_key AS key, seq FROM commands WHERE session_id = ?').all(s.sessionId) as {
        key: string;
        seq: number;
      }[];
      const byId = new Map(keys.map((k) => [k.key.split(':').at(-1)!, k.seq]));
      for (const [id, seq] of ackedBefore) expect(byId.get(id)).toBe(seq);
      const events = db
        .prepare("SELECT data FROM events WHERE session_id = ? AND type = 'dotvote.dotted' ORDER BY seq")
        .all(s.sessionId) as { data: string }[];
      expect(events).toHaveLength(total); // 400 commands, 400 dots: nothing applied twice
      const perPhone = new Map<string, number>();
      for (const e of events) {
        const pid = (JSON.parse(e.data) as { pid: string }).pid;
        perPhone.set(pid, (perPhone.get(pid) ?? 0) + 1);
      }
      expect([...perPhone.values()].every((n) => n === 4)).toBe(true);
      expect(perPhone.size).toBe(N);
    } finally {
      db.close();
    }
  }, 180_000);

  it('R-FAULT-DROP: 30% of the phones drop with commands in flight, queue more while away, and come back: all of it lands once', async () => {
    const N = 20;
    const server = await serve({ presenceGraceMs: 200 });
    const { s, vote } = await voteRoom(server.url);
    const room = await phones(server.url, s, N);
    const dropping = room.filter((_, i) => i % 10 < 3); // 6 of 20

    // Everyone starts; the droppers lose their link right after sending (acks may be lost).
    const first = room.map((p, i) => p.send('dotvote.place', { activityId: vote, itemId: ITEMS[(i + 3) % 10].id }));
    for (const p of dropping) p.drop();
    await Promise.all(first);
    // While away (longer than the presence grace: scaled time), they queue the rest.
    for (const [k, p] of dropping.entries()) {
      const i = room.indexOf(p);
      for (const [type, itemId] of script(i).filter((_, j) => j !== 1)) void p.send(type, { activityId: vote, itemId });
      expect(p.outbox.length).toBeGreaterThanOrEqual(3);
      expect(k).toBeLessThan(6);
    }
    expect(dropping).toHaveLength(6);
    // The others finish.
    await Promise.all(
      room
        .filter((p) => !dropping.includes(p))
        .map((p) =>
          Promise.all(
            script(room.indexOf(p))
              .filter((_, j) => j !== 1)
              .map(([type, itemId]) => p.send(type, { activityId: vote, itemId })),
          ),
        ),
    );
    // Away longer than the presence grace (200 ms here; minutes in a real room).
    await new Promise((r) => setTimeout(r, 400));

    // They come back, as the same participants, and send again what was not acknowledged.
    for (const p of dropping) await p.connect(server.url);
    await Promise.all(dropping.map((p) => p.replay()));
    expect(room.flatMap((p) => p.refused)).toEqual([]);
    expect(room.every((p) => p.outbox.length === 0)).toBe(true);

    // Every phone: its script ran once (two dots left: items i+3 and i+7).
    const dots = await dotsByName(server.url, s, vote);
    for (const [i, p] of room.entries()) expect(dots[p.name]).toEqual({ [ITEMS[(i + 3) % 10].id]: 1, [ITEMS[(i + 7) % 10].id]: 1 });
    expect(Object.keys(dots)).toHaveLength(N);
  }, 60_000);
});
