/**
 * R-DURABLE: the server is a child process, killed with SIGKILL in the middle of a burst
 * of commands. After a restart on the same database, every command that was acknowledged
 * before the kill is present, and is recognised as already applied.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { afterEach, expect, it } from 'vitest';
import type { CommandAck } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { killed, spawnServer, type ChildServer } from '../helpers/spawn.ts';

const servers: ChildServer[] = [];
const peers: Peer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  for (const s of servers.splice(0)) await killed(s.child);
});

it('R-DURABLE: SIGKILL right after a burst of acknowledged commands loses none of them', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-crash-'));
  const first = await spawnServer({ KRING_DATA_DIR: dataDir });
  servers.push(first);
  const s = await createSession(first.url);
  const phones: Peer[] = [];
  for (let i = 0; i < 5; i++) phones.push(await participant(first.url, s));
  peers.push(...phones);

  // Each phone fires 30 renames without waiting (pipelined on its socket).
  const acked: { phone: number; id: string; name: string; seq: number }[] = [];
  const sent: Promise<unknown>[] = [];
  let killing: Promise<void> | undefined;
  const total = phones.length * 30;
  for (let round = 0; round < 30; round++) {
    phones.forEach((phone, i) => {
      const id = nanoid();
      const name = `p${i}-r${round}`;
      sent.push(
        phone.cmd('participant.rename', { name }, id).then(
          (ack: CommandAck) => {
            if (!ack.ok) throw new Error(JSON.stringify(ack));
            acked.push({ phone: i, id, name, seq: ack.seq });
            // Kill as soon as half are acknowledged: the rest are still in flight.
            if (acked.length === total / 2) killing = killed(first.child, 'SIGKILL');
          },
          () => undefined, // lost with the connection: never acknowledged
        ),
      );
    });
  }
  await Promise.all(sent);
  await killing;
  expect(first.child.signalCode).toBe('SIGKILL');
  // The server process itself is gone (not a wrapper around it).
  expect(() => process.kill(first.child.pid!, 0)).toThrow();
  expect(acked.length).toBeGreaterThanOrEqual(total / 2);

  const second = await spawnServer({ KRING_DATA_DIR: dataDir });
  servers.push(second);
  const f = await facilitator(second.url, s);
  peers.push(f);
  const view = f.view!;
  // Every acknowledged seq is in the log…
  expect(view.seq).toBeGreaterThanOrEqual(Math.max(...acked.map((a) => a.seq)));
  // …each phone's name is at least as new as its last acknowledged rename…
  phones.forEach((phone, i) => {
    const pid = (phone.hello as { participantId: string }).participantId;
    const mine = acked.filter((a) => a.phone === i);
    if (!mine.length) return;
    const lastAcked = Math.max(...mine.map((a) => Number(a.name.split('-r')[1])));
    const now = Number(view.participants[pid].name!.split('-r')[1]);
    expect(now).toBeGreaterThanOrEqual(lastAcked);
  });
  // …and every acknowledged command is recognised as applied, with its original seq.
  const tokens = phones.map((p) => (p.hello as { token: string }).token);
  for (let i = 0; i < phones.length; i++) {
    const again = await participant(second.url, s, { sessionId: s.sessionId, token: tokens[i] });
    peers.push(again);
    for (const a of acked.filter((x) => x.phone === i)) {
      expect(await again.cmd('participant.rename', { name: a.name }, a.id)).toEqual({ ok: true, seq: a.seq, duplicate: true });
    }
  }
}, 60_000);
