/**
 * SPEC: R-AGENDA-NOTE, R-BOARD-JOIN, R-BOARD-CONTRAST — the facilitator's own notes and
 * the board's display settings, on real sockets.
 */
import { describe, expect, it } from 'vitest';
import { board, createSession, facilitator, participant, tick, type Peer } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const NOTE = 'Vraag eerst Sara; zij kent het dossier';

describe('notes and board settings', () => {
  it('R-AGENDA-NOTE: a note is the facilitator’s alone: it never reaches the board or a phone, in frames or snapshots', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Notities');
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const p = track(await participant(server.url, s));
    const id = f.view!.agenda[0].id;
    expect(await p.cmd('agenda.note', { activityId: id, note: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    expect(await f.cmd('agenda.note', { activityId: 'nope1234', note: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await f.cmd('agenda.note', { activityId: id, note: 'y'.repeat(2001) })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    expect(await f.cmd('agenda.note', { activityId: id, note: NOTE })).toMatchObject({ ok: true });
    await f.until((v) => v.agenda[0].note === NOTE);
    // Late joiners get snapshots: neither may carry the note.
    const b2 = track(await board(server.url, s));
    const p2 = track(await participant(server.url, s));
    await tick(150);
    for (const peer of [b, p, b2, p2] as Peer[]) {
      expect(JSON.stringify(peer.wire)).not.toContain(NOTE);
      expect(peer.view!.agenda[0].note).toBeUndefined();
    }
    // A second console sees it; clearing it clears it.
    const f2 = track(await facilitator(server.url, s));
    expect(f2.view!.agenda[0].note).toBe(NOTE);
    expect(await f.cmd('agenda.note', { activityId: id, note: '' })).toMatchObject({ ok: true });
    await f2.until((v) => v.agenda[0].note === undefined);
  });

  it('R-BOARD-JOIN, R-BOARD-CONTRAST: the board hears the facilitator’s display settings', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Scherm');
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    expect(b.view!.meta.boardJoin).toBeUndefined();
    expect(await f.cmd('session.meta', { boardJoin: 'full', boardContrast: true })).toMatchObject({ ok: true });
    await b.until((v) => v.meta.boardJoin === 'full' && v.meta.boardContrast === true);
    expect(await f.cmd('session.meta', { boardJoin: 'sideways' })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });
});
