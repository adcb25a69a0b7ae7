/**
 * R-SNAPSHOT (issue 13): every 500 events a room stores a snapshot (it shortens the next
 * replay), written after the tick's acks and frames rather than on the command's path; a
 * room restored from it holds the same state as the one that wrote it.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, facilitator } from '../helpers/client.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle, startServer } from '../helpers/server.ts';

const { serve, track } = lifecycle();

const snapshotSeq = (dataDir: string, sessionId: string) => {
  const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true });
  try {
    return (db.prepare('SELECT seq FROM snapshots WHERE session_id = ?').get(sessionId) as { seq: number } | undefined)?.seq;
  } finally {
    db.close();
  }
};

describe('snapshots (issue 13)', () => {
  it('R-SNAPSHOT: past 500 events a snapshot is stored; a new process restores the same state from it', async () => {
    // A fast console: the socket's message rate is not what this test is about.
    const server = await serve({ socketRate: 10_000 });
    const s = await createSession(server.url);
    const f = track(await facilitator(server.url, s));
    const card = f.view!.agenda[0].id;
    for (let i = 0; i < 510; i++) await ok(f, 'agenda.note', { activityId: card, note: `Notitie ${i}` });
    await f.until((v) => v.seq >= 510);
    const end = Date.now() + 5000;
    while ((snapshotSeq(server.dataDir, s.sessionId) ?? 0) < 500 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(snapshotSeq(server.dataDir, s.sessionId)).toBeGreaterThanOrEqual(500);
    const before = JSON.stringify({ ...f.view!, participants: undefined });
    f.close();
    await server.close();

    const again = await startServer({ dataDir: server.dataDir });
    try {
      const g = await facilitator(again.url, s);
      expect(g.view!.agenda[0].note).toBe('Notitie 509');
      expect(JSON.stringify({ ...g.view!, participants: undefined })).toBe(before);
      g.close();
    } finally {
      await again.close();
    }
  }, 60_000);
});
