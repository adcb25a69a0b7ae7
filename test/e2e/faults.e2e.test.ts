/**
 * Faults in real Chromium:
 * - R-FAULT-OUTBOX: a phone offline queues 200 commands (dots on and off), comes back on a
 *   server with a tight rate limit (8 a second, bursts of 16) and delivers all 200, once:
 *   `RATE_LIMITED` answers are retried, never dropped.
 * - R-FAULT-RESTART: the server restarts on the same database and port while the board and
 *   the console are open; both come back by themselves (no reload) and follow what happens;
 *   a view the console asks for while the server is away (a builder's fields) arrives once
 *   it is back (a browser never fetches a module again that failed to load in the page).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, facilitator } from '../helpers/client.ts';
import { voteDraft } from '../helpers/drafts.ts';
import { freePort, killed, spawnServer, type ChildServer } from '../helpers/spawn.ts';
import { artifactsIn, BOARD, browserFixtureWith, LAPTOP, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixtureWith({ socketRate: 8 });
const art = artifactsIn('faults', { fresh: true });
const children: ChildServer[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await killed(c.child);
});

const storedOutbox = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    let n = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith('kring.outbox.')) n += (JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[]).length;
    }
    return n;
  });

describe('faults in the browser (issue 11)', () => {
  it('R-FAULT-OUTBOX: 200 commands queued offline all land, once, through a tight rate limit', async () => {
    const url = fx.server.url;
    const s = await createSession(url);
    const f = await facilitator(url, s);
    await f.cmd('agenda.add', { activity: voteDraft() });
    await f.until((v) => v.agenda.some((a) => a.kind === 'dotvote'));
    const vote = f.view!.agenda.find((a) => a.kind === 'dotvote')!.id;
    await f.cmd('agenda.goto', { activityId: vote });

    const { ctx, page: phone } = await fx.newPage(PHONE);
    await phone.goto(`${url}/j/${s.code}`);
    const plus = phone.getByRole('button', { name: nl('dotvote.phone.plusAria', { text: 'A' }) });
    const minus = phone.getByRole('button', { name: nl('dotvote.phone.minusAria', { text: 'A' }) });
    await plus.waitFor(WAIT);
    await waitForStatus(phone, 'connected');

    await ctx.setOffline(true);
    await waitForStatus(phone, 'offline');
    for (let i = 0; i < 100; i++) {
      await plus.click();
      await minus.click();
    }
    expect(await storedOutbox(phone)).toBe(200);
    await art.shot(phone, 'phone-200-waiting');

    await ctx.setOffline(false);
    await waitForStatus(phone, 'connected');
    await expect.poll(() => storedOutbox(phone), { timeout: 90_000 }).toBe(0);
    await art.shot(phone, 'phone-200-delivered');

    // On the server: 200 commands recorded for this phone, 200 dots placed and taken back.
    const db = new Database(path.join(fx.server.dataDir, 'kring.db'), { readonly: true });
    try {
      const commands = db
        .prepare("SELECT count(*) AS n FROM commands WHERE session_id = ? AND command_key NOT LIKE 'facilitator:%'")
        .get(s.sessionId) as {
        n: number;
      };
      expect(commands.n).toBe(200);
      const dots = db.prepare("SELECT data FROM events WHERE session_id = ? AND type = 'dotvote.dotted'").all(s.sessionId) as {
        data: string;
      }[];
      const deltas = dots.map((d) => (JSON.parse(d.data) as { delta: number }).delta);
      expect(deltas).toHaveLength(200);
      expect(deltas.filter((d) => d === 1)).toHaveLength(100);
    } finally {
      db.close();
    }
    // The phone was told of no refusal or failure.
    for (const code of ['RATE_LIMITED', 'INTERNAL', 'LIMIT_REACHED', 'NOT_FOUND', 'INVALID'])
      expect(await phone.getByText(nl(`error.${code}`)).count()).toBe(0);
    f.close();
    expect(fx.pageErrors).toEqual([]);
  }, 150_000);

  it('R-FAULT-RESTART: board and console recover from a server restart without a reload', async () => {
    // The server as its own process (killed and started again on the same database and port).
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-restart-'));
    const env = { KRING_DATA_DIR: dataDir, PORT: String(await freePort()) };
    const first = await spawnServer(env);
    children.push(first);
    const s = await createSession(first.url);
    const { page: board } = await fx.newPage(BOARD);
    const { page: console_ } = await fx.newPage(LAPTOP);
    await board.goto(`${first.url}/b/${s.sessionId}#k=${s.boardKey}`);
    await console_.goto(`${first.url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
    await waitForStatus(board, 'connected');
    await waitForStatus(console_, 'connected');
    // The console's view is its own chunk: "connected" can show before it has arrived. A
    // console that was open before the server went away has it, so wait for it here.
    await console_.getByText(nl('console.add.heading')).waitFor(WAIT);
    for (const p of [board, console_]) await p.evaluate(() => ((window as unknown as { kept: number }).kept = 1));

    await killed(first.child, 'SIGKILL');
    await waitForStatus(board, 'reconnecting');
    await waitForStatus(console_, 'reconnecting');
    // While the server is away the builder asks for a view it has not loaded yet (the poll's
    // fields): the chunk is tried again, and arrives once the server is back.
    await console_.getByText(nl('console.add.heading')).click();
    await console_.getByLabel(nl('builder.kind')).selectOption('poll');
    const second = await spawnServer(env);
    children.push(second);
    await waitForStatus(board, 'connected');
    await waitForStatus(console_, 'connected');
    await console_.getByLabel(nl('poll.builder.question')).waitFor(WAIT);
    // What happens next reaches both: a new activity, shown from another console.
    const f = await facilitator(second.url, s);
    await f.cmd('agenda.add', { activity: { ...voteDraft(), title: 'Na de herstart' } });
    await f.until((v) => v.agenda.some((a) => a.kind === 'dotvote'));
    await f.cmd('agenda.goto', { activityId: f.view!.agenda.find((a) => a.kind === 'dotvote')!.id });
    await board.getByText('Na de herstart').first().waitFor(WAIT);
    await console_.getByText('Na de herstart').first().waitFor(WAIT);
    await art.shot(board, 'board-after-restart');
    await art.shot(console_, 'console-after-restart');
    // No reload: the pages' own state survived.
    for (const p of [board, console_]) expect(await p.evaluate(() => (window as unknown as { kept?: number }).kept)).toBe(1);
    f.close();
    expect(fx.pageErrors.join('\n')).toBe('');
  }, 90_000);
});
