/**
 * R-JOIN-LANG (test/SPEC.md): a phone's join answer carries the facilitator's translations
 * in the phone's language only, not in all eight: the learning network's agenda is about
 * 25 KB with every language and a fifth of that with one, on every join and every
 * reconnect that needs a snapshot. Consoles and boards, and phones that name no
 * language, still get them all; frames are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { localise } from '../../shared/translations.ts';
import type { HelloAck } from '../../shared/protocol.ts';
import { board, facilitator, participant, Peer } from '../helpers/client.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();

const snapshotOf = (ack: HelloAck | undefined) => {
  if (!ack?.ok || !ack.snapshot) throw new Error(`no snapshot: ${JSON.stringify(ack)}`);
  return ack.snapshot;
};
const langsOf = (ack: HelloAck | undefined) => [...new Set(snapshotOf(ack).agenda.flatMap((a) => Object.keys(a.tr ?? {})))].sort();
const bytes = (ack: HelloAck | undefined) => Buffer.byteLength(JSON.stringify(ack));

describe('a phone’s join answer in its own language', () => {
  it('R-JOIN-LANG: only the phone’s language’s translations, none in the session’s own; the others get all', async () => {
    const server = await serve();
    const s = await createFromTemplate(server.url, 'Lerend netwerk', 'learningNetwork', 'nl');
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const all = langsOf(f.hello);
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(langsOf(b.hello)).toEqual(all);

    const ar = track(await participant(server.url, s, { lang: 'ar' }));
    const nl = track(await participant(server.url, s, { lang: 'nl' }));
    const old = track(await participant(server.url, s));
    expect(langsOf(ar.hello)).toEqual(['ar']);
    expect(langsOf(nl.hello)).toEqual([]);
    expect(langsOf(old.hello)).toEqual(all);

    // The Arabic phone shows what a phone with every language shows in Arabic.
    const shown = (p: Peer) =>
      snapshotOf(p.hello).agenda.map((a) => {
        const { tr, ...rest } = localise(a, 'ar');
        return { ...rest, arabic: tr?.ar };
      });
    expect(shown(ar)).toEqual(shown(old));
    expect(snapshotOf(nl.hello).agenda.map((a) => a.title)).toEqual(snapshotOf(old.hello).agenda.map((a) => a.title));
    // The point of it: a fraction of the bytes.
    expect(bytes(ar.hello) * 3).toBeLessThan(bytes(old.hello));

    // The room's own state keeps every language: a console that joins later gets them all.
    const f2 = track(await facilitator(server.url, s));
    expect(langsOf(f2.hello)).toEqual(all);

    // A language the app does not have is refused and changes nothing.
    const bad = track(new Peer(server.url));
    expect(await bad.join({ role: 'participant', code: s.code, lang: 'xx' })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });
});
