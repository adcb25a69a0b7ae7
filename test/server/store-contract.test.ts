/**
 * The storage contract (server/storage.ts), one suite against both engines: SQLite (a file in
 * a temp dir) and a real PostgreSQL started for this file (test/helpers/postgres.ts). What
 * only PostgreSQL has (a crash, two writers, migrations from several nodes) is in
 * store-pg.test.ts. SPEC: R-STORE-CONTRACT, R-DURABLE, R-LEASE, R-LEASE-FENCE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_VERSION } from '../../shared/upcast.ts';
import { FencedError, type CommitWrite, type Storage } from '../../server/storage.ts';
import { created, postgresEngine, sqliteEngine, TABLES, write, type Engine } from '../helpers/storage-engines.ts';

const ENGINES = [
  { name: 'SQLite', make: sqliteEngine },
  { name: 'PostgreSQL', make: postgresEngine },
];

describe.each(ENGINES)('storage contract on $name', ({ make }) => {
  let engine: Engine;
  let store: Storage;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
  });
  afterAll(async () => {
    await store?.close();
    await engine?.teardown();
  });

  it('R-STORE-CONTRACT: a created session is found by id and by code, listed, and its first events load', async () => {
    const { row, events } = await created(store, 2);
    expect(await store.sessionById(row.id)).toEqual(row);
    expect(await store.sessionByCode(row.code)).toEqual(row);
    expect(await store.sessionById('nobody')).toBeUndefined();
    expect(await store.sessionByCode('ZZZZZZ')).toBeUndefined();
    const { id, code, title, lang, createdAt } = row;
    expect((await store.listSessions()).find((s) => s.id === id)).toEqual({ id, code, title, lang, createdAt });
    const load = await store.loadRoom(row.id);
    expect(load.snapshot).toBeUndefined();
    expect(load.events).toEqual(events);
  });

  it('R-STORE-CONTRACT: a batch for two sessions (events, command, token) comes back in seq order', async () => {
    const a = await created(store);
    const b = await created(store);
    const batch = [
      write(a.row.id, [2, 3], { command: { key: 'cmd-a1', seq: 3 } }),
      write(b.row.id, [2], { token: { hash: 'tok-b1', participantId: 'p-b1' } }),
      write(a.row.id, [4], { command: { key: 'cmd-a2', seq: 4 }, token: { hash: 'tok-a1', participantId: 'p-a1' } }),
    ];
    await store.commit(batch);
    const la = await store.loadRoom(a.row.id);
    expect(JSON.stringify(la.events)).toBe(JSON.stringify([...a.events, ...batch[0].events, ...batch[2].events]));
    expect(la.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(la.commands).toEqual(
      new Map([
        ['cmd-a1', 3],
        ['cmd-a2', 4],
      ]),
    );
    expect(la.tokens).toEqual(new Map([['tok-a1', 'p-a1']]));
    const lb = await store.loadRoom(b.row.id);
    expect(JSON.stringify(lb.events)).toBe(JSON.stringify([...b.events, ...batch[1].events]));
    expect(lb.commands.size).toBe(0);
    expect(lb.tokens).toEqual(new Map([['tok-b1', 'p-b1']]));
  });

  it('R-STORE-CONTRACT: a batch that repeats a stored seq or command key rejects and stores none of its writes', async () => {
    const a = await created(store);
    const b = await created(store);
    await store.commit([write(a.row.id, [2], { command: { key: 'k', seq: 2 } })]);
    const before = [await store.loadRoom(a.row.id), await store.loadRoom(b.row.id)];
    const bad: CommitWrite[][] = [
      // another session's good write first, then a seq that exists
      [write(b.row.id, [2], { token: { hash: 't1', participantId: 'p1' } }), write(a.row.id, [2])],
      // new seqs, but a command key that exists
      [
        write(a.row.id, [3]),
        write(b.row.id, [2, 3], { command: { key: 'kb', seq: 3 } }),
        write(a.row.id, [4], { command: { key: 'k', seq: 4 } }),
      ],
      // the same seq twice inside one batch
      [write(b.row.id, [2]), write(b.row.id, [2], { token: { hash: 't2', participantId: 'p2' } })],
    ];
    for (const batch of bad) await expect(store.commit(batch)).rejects.toThrow();
    expect([await store.loadRoom(a.row.id), await store.loadRoom(b.row.id)]).toEqual(before);
    expect(await engine.count('events', b.row.id)).toBe(1);
    expect(await engine.count('participant_tokens', b.row.id)).toBe(0);
  });

  it('R-STORE-CONTRACT: loadRoom gives the snapshot and only the events after it; a snapshot of another version is ignored', async () => {
    const a = await created(store, 3);
    const state = { seq: 3, marker: 'snapshot at 3', list: [1, 2, 3] };
    await store.putSnapshot(a.row.id, 3, JSON.stringify(state));
    await store.commit([write(a.row.id, [4, 5])]);
    const load = await store.loadRoom(a.row.id);
    expect(load.snapshot).toEqual({ seq: 3, state });
    expect(load.events.map((e) => e.seq)).toEqual([4, 5]);

    await engine.exec('UPDATE snapshots SET v = ?, seq = ? WHERE session_id = ?', [SNAPSHOT_VERSION + 1, 5, a.row.id]);
    const replay = await store.loadRoom(a.row.id);
    expect(replay.snapshot).toBeUndefined();
    expect(replay.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('R-STORE-CONTRACT R-DURABLE: everything is there for a new connection after close', async () => {
    const own = await engine.open();
    const a = await created(own, 2);
    await own.commit([write(a.row.id, [3], { command: { key: 'c3', seq: 3 }, token: { hash: 'th', participantId: 'pp' } })]);
    await own.putSnapshot(a.row.id, 2, JSON.stringify({ seq: 2 }));
    await own.setTitle(a.row.id, 'Renamed');
    const before = await own.loadRoom(a.row.id);
    await own.close();

    const again = await engine.open();
    try {
      expect(await again.sessionById(a.row.id)).toEqual({ ...a.row, title: 'Renamed' });
      const load = await again.loadRoom(a.row.id);
      expect(load).toEqual(before);
      expect(load.snapshot?.seq).toBe(2);
      expect(load.events.map((e) => e.seq)).toEqual([3]);
      expect(load.commands).toEqual(new Map([['c3', 3]]));
      expect(load.tokens).toEqual(new Map([['th', 'pp']]));
    } finally {
      await again.close();
    }
  });

  it('R-STORE-CONTRACT: setTitle renames; deleteSession removes everything of one session and nothing of another', async () => {
    const a = await created(store, 2);
    const b = await created(store, 2);
    for (const s of [a, b]) {
      await store.commit([write(s.row.id, [3], { command: { key: 'c', seq: 3 }, token: { hash: `t-${s.row.id}`, participantId: 'p' } })]);
      await store.putSnapshot(s.row.id, 3, JSON.stringify({ seq: 3 }));
    }
    await store.setTitle(b.row.id, 'B, renamed');
    expect((await store.sessionById(b.row.id))?.title).toBe('B, renamed');
    expect((await store.sessionById(a.row.id))?.title).toBe(a.row.title);
    const bBefore = await store.loadRoom(b.row.id);
    for (const t of TABLES) expect(await engine.count(t, a.row.id), t).toBe(t === 'events' ? 3 : 1);

    await store.deleteSession(a.row.id);
    for (const t of TABLES) expect(await engine.count(t, a.row.id), t).toBe(0);
    expect(await store.sessionByCode(a.row.code)).toBeUndefined();
    expect((await store.listSessions()).some((s) => s.id === a.row.id)).toBe(false);
    expect(await store.loadRoom(b.row.id)).toEqual(bBefore);
    expect(await store.sessionById(b.row.id)).toEqual({ ...b.row, title: 'B, renamed' });
  });

  it('R-STORE-CONTRACT: two storages ("nodes") commit the same seq at once: exactly one wins, the other stores nothing', async () => {
    const other = await engine.open();
    try {
      const a = await created(store);
      for (let seq = 2; seq <= 11; seq++) {
        const mine = write(a.row.id, [seq], { command: { key: `mine-${seq}`, seq } }, 'mine');
        const theirs = write(a.row.id, [seq], { command: { key: `theirs-${seq}`, seq } }, 'theirs');
        const results = await Promise.allSettled([store.commit([mine]), other.commit([theirs])]);
        expect(
          results.filter((r) => r.status === 'fulfilled'),
          `seq ${seq}`,
        ).toHaveLength(1);
        const winner = results[0].status === 'fulfilled' ? 'mine' : 'theirs';
        const load = await other.loadRoom(a.row.id);
        expect(load.events.at(-1)).toMatchObject({ seq, by: winner });
        expect(load.commands.has(`${winner === 'mine' ? 'theirs' : 'mine'}-${seq}`)).toBe(false);
      }
      expect((await store.loadRoom(a.row.id)).commands.size).toBe(10);
    } finally {
      await other.close();
    }
  });

  it('R-LEASE: one holder at a time; its owner renews at the same epoch; after release or expiry the next holder gets a higher epoch', async () => {
    const other = await engine.open();
    try {
      const a = await created(store);
      expect(await store.leaseOf(a.row.id)).toBeUndefined();
      const first = await store.acquireLease(a.row.id, 'node-1', 60_000);
      expect(first).toMatchObject({ sessionId: a.row.id, owner: 'node-1' });
      expect(await other.acquireLease(a.row.id, 'node-2', 60_000)).toBeUndefined();
      expect(await other.leaseOf(a.row.id)).toMatchObject({ owner: 'node-1', epoch: first!.epoch });
      // The holder takes it again (a renewal): same epoch.
      expect(await store.acquireLease(a.row.id, 'node-1', 60_000)).toMatchObject({ epoch: first!.epoch });
      expect(await store.renewLease(a.row.id, 'node-1', first!.epoch, 60_000)).toBe(true);
      expect(await other.renewLease(a.row.id, 'node-2', first!.epoch, 60_000)).toBe(false);

      // Released: the next node need not wait, and gets the next epoch.
      await store.releaseLease(a.row.id, 'node-1', first!.epoch);
      expect(await store.leaseOf(a.row.id)).toBeUndefined();
      const second = await other.acquireLease(a.row.id, 'node-2', 150);
      expect(second).toMatchObject({ owner: 'node-2', epoch: first!.epoch + 1 });
      expect(await store.renewLease(a.row.id, 'node-1', first!.epoch, 60_000)).toBe(false);

      // Expired (node-2 stopped renewing): node-1 takes it, a higher epoch again; node-2's renewal fails.
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.leaseOf(a.row.id)).toBeUndefined();
      const third = await store.acquireLease(a.row.id, 'node-1', 60_000);
      expect(third).toMatchObject({ owner: 'node-1', epoch: first!.epoch + 2 });
      expect(await other.renewLease(a.row.id, 'node-2', second!.epoch, 60_000)).toBe(false);

      // Another room's lease is its own. Its holder's lease runs out while nobody takes it
      // (a laptop's lid was closed): it renews at the same epoch.
      const b = await created(store);
      const onB = (await other.acquireLease(b.row.id, 'node-2', 100))!;
      expect(onB).toMatchObject({ owner: 'node-2', epoch: 1 });
      await new Promise((r) => setTimeout(r, 200));
      expect(await other.renewLease(b.row.id, 'node-2', 1, 60_000)).toBe(true);
      expect(await store.leaseOf(b.row.id)).toMatchObject({ owner: 'node-2', epoch: 1 });
    } finally {
      await other.close();
    }
  });

  it('R-LEASE-FENCE: a write with an epoch that lost the lease is refused, naming its room, and nothing of its batch is stored', async () => {
    const other = await engine.open();
    try {
      const a = await created(store);
      const b = await created(store);
      const old = (await store.acquireLease(a.row.id, 'node-1', 60_000))!;
      const onB = (await store.acquireLease(b.row.id, 'node-1', 60_000))!;
      await store.commit([write(a.row.id, [2], { epoch: old.epoch, command: { key: 'a2', seq: 2 } })]);

      // node-1 "pauses"; its lease is released (or expires) and node-2 takes the room.
      await other.releaseLease(a.row.id, 'node-1', old.epoch);
      const taken = (await other.acquireLease(a.row.id, 'node-2', 60_000))!;
      expect(taken.epoch).toBeGreaterThan(old.epoch);

      // node-1 wakes and commits a batch for both of its rooms: refused as a whole.
      const before = [await store.loadRoom(a.row.id), await store.loadRoom(b.row.id)];
      const batch = [
        write(b.row.id, [2], { epoch: onB.epoch, command: { key: 'b2', seq: 2 } }),
        write(a.row.id, [3], { epoch: old.epoch, command: { key: 'a3', seq: 3 } }),
      ];
      const refused = await store.commit(batch).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(FencedError);
      expect((refused as FencedError).sessionIds).toEqual([a.row.id]);
      expect([await store.loadRoom(a.row.id), await store.loadRoom(b.row.id)]).toEqual(before);

      // The rest of the batch goes on its own; the new holder writes seq 3 itself.
      await store.commit([batch[0]]);
      expect((await store.loadRoom(b.row.id)).commands.get('b2')).toBe(2);
      await other.commit([write(a.row.id, [3], { epoch: taken.epoch, command: { key: 'a3-new', seq: 3 } }, 'node-2')]);
      const load = await other.loadRoom(a.row.id);
      expect(load.events.at(-1)).toMatchObject({ seq: 3, by: 'node-2' });
      expect(load.commands.has('a3')).toBe(false);

      // A write without an epoch (one node, no leases) is not fenced.
      await store.commit([write(a.row.id, [4])]);
      expect((await store.loadRoom(a.row.id)).events.at(-1)?.seq).toBe(4);
    } finally {
      await other.close();
    }
  });
});
