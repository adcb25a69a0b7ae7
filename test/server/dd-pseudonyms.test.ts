/**
 * Deep Democracy ballots under pseudonyms (R-DD-PSEUDONYM) and coarse counts on the wire
 * (R-DD-COARSE), on a real server with a real SQLite file: what the database holds, what
 * each socket receives, and that a phone still finds its own choice after a reconnect.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeepDemocracyState } from '../../shared/activities/deepdemocracy/index.ts';
import { participant, type Peer } from '../helpers/client.ts';
import { ok, rooms } from '../helpers/rooms.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();
const PASSWORD = 'dd-erase-organiser-password';
const { room } = rooms({ serve: (o = {}) => serve({ adminPassword: PASSWORD, ...o }), track });

/** Event types that say how someone voted, recognised, answered, slid or signalled. */
const STANCES = [
  'deepdemocracy.recognised',
  'deepdemocracy.voted',
  'deepdemocracy.asked',
  'deepdemocracy.needed',
  'deepdemocracy.finalAnswered',
  'deepdemocracy.slid',
  'deepdemocracy.unsaidPressed',
];

/** A Deep Democracy activity, current; `dd(peer)` is its state in that peer's view. */
async function ddRoom(n: number, smallGroupSafety: boolean) {
  const r = await room(n);
  await ok(r.f, 'agenda.add', {
    activity: { kind: 'deepdemocracy', title: 'Besluit', config: { proposal: 'Samen koken', smallGroupSafety } },
  });
  await r.f.until((v) => v.agenda.at(-1)?.kind === 'deepdemocracy');
  const id = r.f.view!.agenda.at(-1)!.id;
  await ok(r.f, 'agenda.goto', { activityId: id });
  const dd = (p: Peer) => p.view!.agenda.find((a) => a.id === id)!.state as DeepDemocracyState;
  const step = (to: string) => ok(r.f, 'deepdemocracy.step', { activityId: id, step: to });
  /** At "find the no": `by` proposes an alternative, the facilitator puts it on the ballot; its id. */
  const alternative = async (by: Peer, text: string) => {
    await step('findNo');
    await ok(by, 'deepdemocracy.alternative', { activityId: id, text });
    await r.f.until(() => dd(r.f).alternatives.length === 1);
    const alt = dd(r.f).alternatives[0].id;
    await ok(r.f, 'deepdemocracy.rephrase', { activityId: id, alternativeId: alt, text, onBallot: true });
    return alt;
  };
  return { ...r, id, dd, step, alternative };
}

/** Rows of the database file as a copy of it would show them. */
function readDb(dataDir: string) {
  const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true, fileMustExist: true });
  try {
    return {
      events: db.prepare('SELECT type, data FROM events').all() as { type: string; data: string }[],
      commands: db.prepare('SELECT command_key FROM commands').all() as { command_key: string }[],
      snapshots: db.prepare('SELECT state FROM snapshots').all() as { state: string }[],
    };
  } finally {
    db.close();
  }
}

describe('R-DD-PSEUDONYM: ballots under pseudonyms', () => {
  it('R-DD-PSEUDONYM: the database holds no participant id on a stance, yet one ballot per person holds and a phone finds its own choice after a reconnect', async () => {
    const { server, s, f, phones, pids, id, dd, step, alternative } = await ddRoom(4, true);
    const alt = await alternative(phones[0], 'Eerst proeven');
    await step('spreadNo');
    for (const [i, p] of phones.entries())
      await ok(p, 'deepdemocracy.recognise', { activityId: id, alternativeId: alt, level: i < 2 ? 'fully' : 'not' });
    await ok(phones[0], 'deepdemocracy.unsaid', { activityId: id });
    await step('vote');
    // Phone 3 changes its mind: its second ballot replaces the first (one per person).
    await ok(phones[3], 'deepdemocracy.vote', { activityId: id, optionId: 'proposal' });
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.vote', { activityId: id, optionId: i < 3 ? 'proposal' : alt });
    await f.until(() => dd(f).rounds[0].cast === 4);
    // A retried command (same id) is stored once, also under a pseudonym.
    const retry = 'retry-vote-0001';
    expect(await phones[2].cmd('deepdemocracy.vote', { activityId: id, optionId: 'abstain' }, retry)).toMatchObject({ ok: true });
    expect(await phones[2].cmd('deepdemocracy.vote', { activityId: id, optionId: 'abstain' }, retry)).toMatchObject({
      ok: true,
      duplicate: true,
    });
    await ok(phones[2], 'deepdemocracy.vote', { activityId: id, optionId: 'proposal' });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await f.until(() => dd(f).rounds[0].open === false);
    expect(dd(f).rounds[0]).toMatchObject({ cast: 4, tally: { proposal: 3, [alt]: 1, abstain: 0 }, outcome: 'majority' });
    await step('minority');
    await ok(phones[3], 'deepdemocracy.minority', { activityId: id, answer: 'need', need: 'Een vegetarische optie' });
    await step('final');
    for (const p of phones) await ok(p, 'deepdemocracy.final', { activityId: id, answer: 'yes' });
    await ok(f, 'deepdemocracy.sliderOpen', { activityId: id, statement: 'Dit is dringend', open: true });
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.slider', { activityId: id, value: i * 10 });
    for (const p of phones) await p.until(() => dd(p).sliders[pids[phones.indexOf(p)]] !== undefined);

    // Live, each phone holds its own records under its own id, nobody else's.
    expect(dd(phones[3])).toMatchObject({ ballots: { [pids[3]]: alt }, asked: { [pids[3]]: true }, finals: { [pids[3]]: 'yes' } });
    expect(dd(phones[3]).needs.find((x) => x.pid === pids[3])?.need).toBe('Een vegetarische optie');

    // What a copy of the database shows: stances under pseudonyms, no participant id on them or their commands.
    const copy = readDb(server.dataDir);
    const stances = copy.events.filter((e) => STANCES.includes(e.type));
    expect(stances.length).toBeGreaterThanOrEqual(4 + 1 + 5 + 1 + 1 + 4 + 4);
    for (const e of stances) {
      const data = JSON.parse(e.data) as { pid?: string; voter?: string };
      expect(data.pid, e.type).toBeUndefined();
      expect(data.voter, e.type).toMatch(/^[0-9a-f]{22}$/);
      for (const pid of pids) expect(e.data, e.type).not.toContain(pid);
    }
    const ddCommands = copy.commands.filter((c) => pids.some((p) => c.command_key.startsWith(`${p}:`)));
    // Only a text of one's own keeps the participant id on its command (phone 0's alternative).
    expect(ddCommands).toHaveLength(1);
    // The key that links them is not in the database but in its own file, beside it.
    const keyFile = path.join(server.dataDir, 'keys', `${s.sessionId}.key`);
    expect(fs.statSync(keyFile).size).toBe(32);
    expect(JSON.stringify(copy)).not.toContain(fs.readFileSync(keyFile).toString('hex'));

    // A phone that comes back finds its own ballot, answer, need and position (from a snapshot, and by catching up).
    const token = (phones[3].hello as { token: string }).token;
    const back = track(await participant(server.url, s, { sessionId: s.sessionId, token }));
    expect(dd(back)).toMatchObject({
      ballots: {},
      asked: { [pids[3]]: true },
      finals: { [pids[3]]: 'yes' },
      sliders: { [pids[3]]: 30 },
      recognitions: { [pids[3]]: { [alt]: 'not' } },
    });
    expect(dd(back).needs.find((x) => x.pid === pids[3])?.need).toBe('Een vegetarische optie');
    const since = back.view!.seq;
    await ok(back, 'deepdemocracy.slider', { activityId: id, value: 90 });
    await ok(back, 'deepdemocracy.final', { activityId: id, answer: 'reservations' });
    const again = track(await participant(server.url, s, { sessionId: s.sessionId, token, since }));
    const caught = (again.hello as { events?: { type: string; pid?: string; value?: number; answer?: string }[] }).events ?? [];
    expect(caught.find((e) => e.type === 'deepdemocracy.slid')).toMatchObject({ pid: pids[3], value: 90 });
    expect(caught.find((e) => e.type === 'deepdemocracy.finalAnswered')).toMatchObject({ pid: pids[3], answer: 'reservations' });
    // Someone else's phone catching up gets neither.
    const other = track(
      await participant(server.url, s, { sessionId: s.sessionId, token: (phones[1].hello as { token: string }).token, since }),
    );
    expect(JSON.stringify(other.hello)).not.toContain(pids[3]);
    expect(JSON.stringify(other.hello)).not.toContain('reservations');

    // Deleting the session deletes its key: a backup of the database then names nobody.
    for (const p of [f, back, again, other, ...phones]) p.close();
    server.app.rooms.delete(s.sessionId); // as the organiser's delete and the retention do
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('R-DD-PSEUDONYM: a voter has a different pseudonym in another activity, so rounds cannot be linked', async () => {
    const { server, f, phones, id } = await ddRoom(2, false);
    await ok(f, 'agenda.add', {
      activity: { kind: 'deepdemocracy', title: 'Tweede', config: { proposal: 'Later', smallGroupSafety: false } },
    });
    await f.until((v) => v.agenda.filter((a) => a.kind === 'deepdemocracy').length === 2);
    const second = f.view!.agenda.at(-1)!.id;
    for (const a of [id, second]) {
      await ok(f, 'agenda.goto', { activityId: a });
      await ok(phones[0], 'deepdemocracy.unsaid', { activityId: a });
    }
    const voters = readDb(server.dataDir)
      .events.filter((e) => e.type === 'deepdemocracy.unsaidPressed')
      .map((e) => (JSON.parse(e.data) as { voter: string }).voter);
    expect(voters).toHaveLength(2);
    expect(voters[0]).not.toBe(voters[1]);
  });
});

describe('R-DD-COARSE: small-group safety on the wire', () => {
  const frames = (p: Peer) =>
    p.wire
      .filter(([e]) => e === 'frame')
      .flatMap(([, fr]) => (fr as { events: Record<string, unknown>[] }).events)
      .filter((e) => String(e.type).startsWith('deepdemocracy.'));

  it('R-DD-COARSE: with small-group safety the board and the phones get 1–2 as "few" in frames and snapshots; the facilitator exact counts', async () => {
    const { server, s, f, b, phones, id, dd, step, alternative } = await ddRoom(3, true);
    const alt = await alternative(f, 'Volgende maand');
    await step('spreadNo');
    await ok(phones[0], 'deepdemocracy.recognise', { activityId: id, alternativeId: alt, level: 'partly' });
    await step('vote');
    await ok(phones[0], 'deepdemocracy.vote', { activityId: id, optionId: 'proposal' });
    await ok(phones[1], 'deepdemocracy.vote', { activityId: id, optionId: 'proposal' });
    await ok(phones[2], 'deepdemocracy.vote', { activityId: id, optionId: alt });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await step('minority');
    await step('final');
    for (const p of phones) await ok(p, 'deepdemocracy.final', { activityId: id, answer: 'yes' });
    await ok(f, 'deepdemocracy.closeFinal', { activityId: id });
    for (const p of [f, b, ...phones]) await p.until(() => dd(p).final.tally !== null);

    // The facilitator: exact.
    expect(dd(f).rounds[0].tally).toEqual({ proposal: 2, [alt]: 1, abstain: 0 });
    expect(dd(f).final.tally).toEqual({ yes: 3, reservations: 0, no: 0 });
    expect(dd(f).alternatives[0].recognition).toEqual({ fully: 0, partly: 1, not: 0 });
    // The board and every phone: no exact 1 or 2 anywhere in what reached them.
    for (const p of [b, ...phones]) {
      const wire = frames(p);
      const closed = wire.find((e) => e.type === 'deepdemocracy.roundClosed');
      expect(closed?.tally).toEqual({ proposal: 'few', [alt]: 'few', abstain: 0 });
      expect(wire.find((e) => e.type === 'deepdemocracy.finalClosed')?.tally).toEqual({ yes: 3, reservations: 0, no: 0 });
      const recognised = wire.filter((e) => e.type === 'deepdemocracy.recognised');
      for (const e of recognised) expect(e).not.toHaveProperty('atLeastPartly');
      expect(dd(p).rounds[0].tally).toEqual({ proposal: 'few', [alt]: 'few', abstain: 0 });
    }
    expect(frames(b).find((e) => e.type === 'deepdemocracy.recognised')).toMatchObject({ recognised: 'few' });
    expect(frames(b).find((e) => e.type === 'deepdemocracy.recognised')).not.toHaveProperty('level');
    expect(dd(b).alternatives[0]).toMatchObject({ recognised: 'few', recognition: { fully: 0, partly: 0, not: 0 } });
    // A snapshot says the same (a board that joins now).
    const { board } = await import('../helpers/client.ts');
    const late = track(await board(server.url, s));
    expect(dd(late).rounds[0].tally).toEqual({ proposal: 'few', [alt]: 'few', abstain: 0 });
    expect(dd(late).alternatives[0].recognised).toBe('few');
  });

  it('R-DD-COARSE: with small-group safety the minority\'s "as is" and "cannot" reach the board and phones only as coarse counts', async () => {
    const { server, s, f, b, phones, pids, id, dd, step, alternative } = await ddRoom(5, true);
    const alt = await alternative(f, 'Volgende maand');
    await step('spreadNo');
    await step('vote');
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.vote', { activityId: id, optionId: i < 3 ? 'proposal' : alt });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await step('minority');
    await ok(phones[3], 'deepdemocracy.minority', { activityId: id, answer: 'asIs' });
    await ok(phones[4], 'deepdemocracy.minority', { activityId: id, answer: 'need', need: 'Een kortere vergadering' });
    await b.until(() => dd(b).needs.length === 1);
    await ok(phones[4], 'deepdemocracy.minority', { activityId: id, answer: 'cannot' });
    await f.until(() => dd(f).minorityCounts?.cannot === 1);
    await b.until(() => dd(b).minorityCounts?.cannot === 'few');

    // The facilitator: exact, with every answer.
    expect(dd(f).minorityCounts).toEqual({ asIs: 1, cannot: 1 });
    expect(
      dd(f)
        .needs.map((x) => x.answer)
        .sort(),
    ).toEqual(['asIs', 'cannot']);
    // The board and the other phones: no single "as is" or "cannot" answer, only "few".
    for (const p of [b, phones[0]]) {
      const wire = frames(p);
      expect(wire.filter((e) => e.type === 'deepdemocracy.needed').map((e) => (e.need as { answer: string }).answer)).toEqual(['need']);
      expect(wire.filter((e) => e.type === 'deepdemocracy.minorityCounted').map((e) => e.counts)).toEqual([
        { asIs: 'few', cannot: 0 },
        { asIs: 'few', cannot: 'few' },
      ]);
      expect(dd(p).needs).toEqual([]); // the need became a "cannot": gone from the board
      expect(dd(p).minorityCounts).toEqual({ asIs: 'few', cannot: 'few' });
    }
    // Its owner still sees its own answer.
    expect(dd(phones[3]).needs).toMatchObject([{ answer: 'asIs', pid: pids[3] }]);
    // A board that joins now gets the same from its snapshot.
    const { board } = await import('../helpers/client.ts');
    const late = track(await board(server.url, s));
    expect(dd(late).needs).toEqual([]);
    expect(dd(late).minorityCounts).toEqual({ asIs: 'few', cannot: 'few' });
  });

  it('R-DD-COARSE: without small-group safety the board gets exact counts', async () => {
    const { b, f, phones, id, dd, step } = await ddRoom(2, false);
    await step('findNo');
    await step('spreadNo');
    await step('vote');
    for (const p of phones) await ok(p, 'deepdemocracy.vote', { activityId: id, optionId: 'proposal' });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await b.until(() => dd(b).rounds[0].tally !== null);
    expect(dd(b).rounds[0].tally).toEqual({ proposal: 2, abstain: 0 });
  });
});

describe('R-ERASE with pseudonyms', () => {
  it('R-ERASE, R-DD-PSEUDONYM: erasing a participant also erases the minority need stored under their pseudonym', async () => {
    const { server, s, f, b, phones, pids, id, step, alternative } = await ddRoom(3, false);
    const alt = await alternative(phones[0], 'Eerst proeven');
    await step('spreadNo');
    await step('vote');
    for (const [i, p] of phones.entries()) await ok(p, 'deepdemocracy.vote', { activityId: id, optionId: i < 2 ? 'proposal' : alt });
    await ok(f, 'deepdemocracy.closeVote', { activityId: id });
    await step('minority');
    const need = 'Een geheime wens van de minderheid';
    await ok(phones[2], 'deepdemocracy.minority', { activityId: id, answer: 'need', need });
    expect(readDb(server.dataDir).events.some((e) => e.type === 'deepdemocracy.needed' && e.data.includes(need))).toBe(true);

    for (const p of [f, b, ...phones]) p.close();
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const erase = () =>
      fetch(`${server.url}/api/admin/sessions/${s.sessionId}/participants/${pids[2]}/erase`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    // The sockets' goodbyes reach the server a moment after they close (409 until then).
    let res = await erase();
    for (let i = 0; res.status === 409 && i < 50; i++) res = (await new Promise((r) => setTimeout(r, 50)), await erase());
    expect(res.status).toBe(200);
    expect(JSON.stringify(readDb(server.dataDir))).not.toContain(need);
    expect(fs.readFileSync(path.join(server.dataDir, 'kring.db')).toString('latin1')).not.toContain(need);
  });
});
