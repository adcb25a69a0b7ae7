/**
 * PostgreSQL away (issue 14; test/SPEC.md R-PG-AWAY): a Kring node on a real PostgreSQL
 * (DATABASE_URL) whose database stops in the middle of a session. Commands get a typed
 * error (READ_ONLY: nothing was stored) within the store's timeout, every view is told the
 * room cannot save; when the database is back the room recovers by itself, and everything
 * acknowledged before is still there, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, facilitator, participant } from '../helpers/client.ts';
import { freshDatabase, lifecycle } from '../helpers/server.ts';
import { startPostgres, type Postgres } from '../helpers/postgres.ts';

const { serve, track } = lifecycle();
let postgres: Postgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

const wall = {
  kind: 'brainstorm',
  title: 'Wat neem je mee?',
  config: { prompt: 'Wat neem je mee?', columns: [], maxPerPerson: 5, maxLength: 280, allowNames: false, privateUntilReveal: false },
};
const texts = (v: { agenda: { id: string; state: unknown }[] }, id: string) =>
  ((v.agenda.find((a) => a.id === id)!.state as { items: { text: string }[] }).items ?? []).map((i) => i.text).sort();

describe('PostgreSQL away', () => {
  it('R-PG-AWAY: the database stops: commands are refused READ_ONLY, views are told; it comes back: the room recovers by itself with all it acknowledged', async () => {
    const databaseUrl = await freshDatabase(postgres.url);
    const server = await serve({ databaseUrl });
    const s = await createSession(server.url, 'Zonder databank');
    const f = track(await facilitator(server.url, s));
    expect(await f.cmd('agenda.add', { activity: wall })).toMatchObject({ ok: true });
    const id = f.view!.agenda.at(-1)!.id;
    expect(await f.cmd('agenda.goto', { activityId: id })).toMatchObject({ ok: true });
    const p = track(await participant(server.url, s, { name: 'Amal' }));
    expect(await p.cmd('brainstorm.add', { activityId: id, text: 'Voor', column: null, showName: false })).toMatchObject({ ok: true });

    await postgres.stopServer('immediate');
    const status = (v: typeof f) => (v.wire.filter(([e]) => e === 'status').at(-1)?.[1] as { readOnly: boolean } | undefined)?.readOnly;
    const away = await p.cmd('brainstorm.add', { activityId: id, text: 'Tijdens', column: null, showName: false });
    expect(away).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    await p.until(() => status(p) === true, 15_000);

    await postgres.startServer();
    // The room finds out by itself (its probe) and tells every view.
    await f.until(() => status(f) === false, 30_000);
    expect(await p.cmd('brainstorm.add', { activityId: id, text: 'Na', column: null, showName: false })).toMatchObject({ ok: true });
    await f.until((v) => texts(v, id).length === 2);
    expect(texts(f.view!, id)).toEqual(['Na', 'Voor']);

    // From the database alone (another node, nothing in memory): what was acknowledged, once.
    f.close();
    p.close();
    await server.close();
    const again = await serve({ databaseUrl });
    const f2 = track(await facilitator(again.url, s));
    expect(texts(f2.view!, id)).toEqual(['Na', 'Voor']);
  }, 90_000);
});
