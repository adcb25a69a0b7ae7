/**
 * Browser acceptance test for issue 10, group work people can act on and a Deep Democracy
 * decision that can be followed up. Real Chromium against the real server; the room is
 * filled through the real socket protocol (nine socket phones) besides three browser phones.
 *
 * SPEC: E2E-GROUPS — three groups chosen on the phones; the console names them and says where
 * they sit (R-GROUP-PLACE) and picks a scribe; each browser phone shows its group's name,
 * place and the members who chose to show their name (R-GROUP-NAMES), a member without a
 * name counted but not named; the board (1920×1080) shows every group's place and exactly
 * the chosen names; with a scribe only the scribe writes (R-GROUP-SCRIBE).
 * SPEC: E2E-AMEND — a Deep Democracy round with a minority of three; the facilitator marks
 * their needs added / adapted / not feasible and amends the decision in the console
 * (R-DD-AMEND); the board and the phones show the amended decision, the board's step pills
 * and status tags are at board size (≥ 28 px at 1920×1080); the DOCX, downloaded through
 * the API and unzipped, holds the amended decision and how each need was taken in.
 *
 * Every text the test looks for comes from the catalogues. Screenshots go to
 * test-artifacts/e2e/groups-decisions/.
 */
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import type { DeepDemocracyState } from '../../shared/activities/deepdemocracy/index.ts';
import type { GroupworkState } from '../../shared/activities/groupwork/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { artifactsIn, axeFindings, BOARD, browserFixture, expectNoSideScroll, LAPTOP, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;
const { shot } = artifactsIn('groups-decisions', { fresh: true });

const NARROW_PHONE = { ...PHONE, viewport: { width: 320, height: 720 } };
const peers: Peer[] = [];
const axeProblems: string[] = [];
afterAll(() => {
  for (const p of peers) p.close();
});

async function audit(page: Page, name: string) {
  for (const p of await axeFindings(page)) axeProblems.push(`${name}: ${p}`);
}

async function joinPhone(s: CreatedSession, name?: string, options = PHONE): Promise<Page> {
  const { page } = await newPage({ ...options });
  await page.goto(s.links.join);
  await waitForStatus(page, 'connected');
  if (name) {
    await page.getByLabel(nl('phone.name.label')).fill(name);
    await page.getByRole('button', { name: nl('phone.name.save') }).click();
  }
  return page;
}

const cmd = async (p: Peer, type: string, payload: Record<string, unknown>) => {
  const ack = await p.cmd(type, payload);
  expect(ack.ok, `${type}: ${JSON.stringify(ack)}`).toBe(true);
};

/** The smallest computed font size (px) of the elements a selector finds, and how many there are. */
const fontSizes = (page: Page, selector: string) =>
  page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => parseFloat(getComputedStyle(e).fontSize)), selector);
const noScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight);

let s: CreatedSession;
let fac: Peer;
/** Nine more people in the room, on sockets: Persoon0 … Persoon8. */
const others: Peer[] = [];
let board: Page;
let consolePage: Page;
let sara: Page;
let unnamed: Page;
let youssef: Page;

test(
  'E2E-GROUPS: three groups, each phone shows its group’s place and the members who chose to show their name',
  { timeout: 180_000 },
  async () => {
    s = await createSession(fx.server.url, 'Lerend netwerk sessie 7');
    fac = await facilitator(fx.server.url, s);
    peers.push(fac);
    await cmd(fac, 'agenda.add', {
      activity: {
        kind: 'groupwork',
        title: 'Groepswerk op de gekozen engagementen',
        config: {
          sourceId: null,
          items: [
            { id: 'eng-experts', text: 'Met ervaringsdeskundigen aan de slag' },
            { id: 'eng-training', text: 'Vormingen rond inclusie' },
            { id: 'eng-volunteers', text: 'Meer diverse vrijwilligers' },
          ],
          questions: ['Wat is de eerste stap?', 'Wie heb je nodig?'],
        },
      },
    });
    await fac.until((v) => v.agenda.some((a) => a.kind === 'groupwork'));
    const gwId = fac.view!.agenda.find((a) => a.kind === 'groupwork')!.id;
    const gw = (p: Peer) => p.view!.agenda.find((a) => a.id === gwId)!.state as GroupworkState;

    ({ page: board } = await newPage({ ...BOARD, locale: 'nl-BE' }));
    await board.goto(s.links.board);
    await waitForStatus(board, 'connected');
    ({ page: consolePage } = await newPage({ ...LAPTOP, locale: 'nl-BE' }));
    await consolePage.goto(s.links.facilitator);
    await waitForStatus(consolePage, 'connected');

    sara = await joinPhone(s, 'Sara');
    unnamed = await joinPhone(s, undefined, NARROW_PHONE);
    youssef = await joinPhone(s, 'Youssef');
    for (let i = 0; i < 9; i++) {
      const p = await participant(fx.server.url, s, { name: `Persoon${i}` });
      peers.push(p);
      others.push(p);
    }
    await cmd(fac, 'agenda.goto', { activityId: gwId });

    // ---- The console forms three groups people choose, and says what each is called and where it sits.
    await consolePage.getByLabel(nl('gw.console.value.count'), { exact: true }).fill('3');
    await consolePage.getByRole('radio', { name: nl('gw.console.how.choose') }).check();
    await consolePage.getByRole('button', { name: nl('gw.console.form'), exact: true }).click();
    const cards = consolePage.getByTestId('gw-console-group');
    await expect.poll(() => cards.count()).toBe(3);
    const labels = [
      ['De Zwanen', 'tafel 3'],
      ['', 'bij het raam'],
      ['De Vossen', 'achteraan links'],
    ];
    for (const [i, [name, place]] of labels.entries()) {
      const card = cards.nth(i);
      if (name) await card.getByLabel(nl('gw.console.groupName', { n: i + 1 })).fill(name);
      await card.getByLabel(nl('gw.console.groupPlace', { n: i + 1 })).fill(place);
      await card.getByRole('button', { name: nl('gw.console.groupSave') }).click();
    }
    await fac.until(() => gw(fac).groups.every((g, i) => g.place === labels[i][1]));
    const [g1, g2, g3] = gw(fac).groups;
    expect([g1.name, g2.name, g3.name]).toEqual(['De Zwanen', undefined, 'De Vossen']);

    // ---- People choose: on the phones by tapping their group; the socket phones by command.
    const pick = async (page: Page, label: string) => {
      await page.getByRole('button').filter({ hasText: label }).first().click();
      await page.getByTestId('gw-my-group').getByText(label, { exact: true }).waitFor(WAIT);
    };
    await pick(sara, 'De Zwanen');
    await pick(unnamed, 'De Zwanen');
    await pick(youssef, nl('gw.group', { n: 2 }));
    const into = [g1, g1, g2, g2, g2, g3, g3, g3, g3];
    for (const [i, p] of others.entries()) await cmd(p, 'groupwork.join', { activityId: gwId, groupId: into[i].id });

    // ---- Names by choice (R-GROUP-NAMES): Sara and Youssef tick the box; Persoon0, 2, 5 and 6 choose it on their phones too.
    for (const page of [sara, youssef]) {
      await page.getByRole('checkbox', { name: nl('gw.showName.label') }).check();
    }
    for (const i of [0, 2, 5, 6]) await cmd(others[i], 'groupwork.showName', { activityId: gwId, show: true });
    // Sara writes for De Zwanen (she takes it on her phone); the console makes Persoon5 the scribe of De Vossen.
    await sara.getByRole('button', { name: nl('gw.scribe.take') }).click();
    await sara.getByText(nl('gw.scribe.me')).waitFor(WAIT);
    await cards
      .nth(2)
      .getByRole('button', { name: nl('gw.console.scribeAria', { name: 'Persoon5' }) })
      .click();
    await fac.until(() => gw(fac).groups[2].hasScribe === true);
    await cards.nth(2).getByText(nl('gw.console.scribeSet')).waitFor(WAIT);
    expect(
      await cards
        .nth(2)
        .getByRole('button', { name: nl('gw.console.scribeAria', { name: 'Persoon5' }) })
        .getAttribute('aria-pressed'),
    ).toBe('true');

    // ---- Each phone: its group's name, place and named members; the unnamed counted, not named.
    await sara
      .getByTestId('gw-my-place')
      .getByText(nl('gw.place', { place: 'tafel 3' }))
      .waitFor(WAIT);
    const saraPeople = sara.getByTestId('gw-people');
    await saraPeople.getByText('Persoon0', { exact: true }).waitFor(WAIT);
    await saraPeople.getByText(nl('gw.people.hidden', { count: 2 })).waitFor(WAIT); // Persoon1 and the one without a name
    expect(await saraPeople.getByRole('listitem').count()).toBe(2); // you, Persoon0

    const unnamedPeople = unnamed.getByTestId('gw-people');
    await unnamed
      .getByTestId('gw-my-place')
      .getByText(nl('gw.place', { place: 'tafel 3' }))
      .waitFor(WAIT);
    await unnamedPeople.getByText('Sara', { exact: true }).waitFor(WAIT);
    await unnamedPeople.getByText('Persoon0', { exact: true }).waitFor(WAIT);
    await unnamedPeople.getByText(nl('gw.people.hidden', { count: 1 })).waitFor(WAIT);
    await unnamed.getByLabel(nl('gw.showName.needName')).waitFor(WAIT); // no name: nothing to show, a field to give one
    await unnamed.getByText(nl('gw.scribe.named', { name: 'Sara' })).waitFor(WAIT);

    await youssef
      .getByTestId('gw-my-group')
      .getByText(nl('gw.group', { n: 2 }), { exact: true })
      .waitFor(WAIT);
    await youssef
      .getByTestId('gw-my-place')
      .getByText(nl('gw.place', { place: 'bij het raam' }))
      .waitFor(WAIT);
    await youssef.getByTestId('gw-people').getByText('Persoon2', { exact: true }).waitFor(WAIT);
    await youssef
      .getByTestId('gw-people')
      .getByText(nl('gw.people.hidden', { count: 2 }))
      .waitFor(WAIT);

    // ---- The scribe writes; the others read along live and have nothing to write in (R-GROUP-SCRIBE).
    const answer = 'Een eerste gesprek met de dienst Welzijn';
    const q1 = sara.getByTestId('gw-question').nth(0);
    await q1.getByLabel(nl('gw.phone.add.label', { n: 1 })).fill(answer);
    await q1.getByRole('button', { name: nl('gw.phone.add') }).click();
    await unnamed.getByTestId('gw-question').nth(0).getByText(answer).waitFor(WAIT);
    expect(await unnamed.getByLabel(nl('gw.phone.add.label', { n: 1 })).count()).toBe(0);
    await unnamed.getByTestId('gw-question').nth(0).getByText(nl('gw.scribe.readOnly')).waitFor(WAIT);
    expect(await others[1].cmd('groupwork.answer', { activityId: gwId, groupId: g1.id, question: 1, text: 'Van Persoon1' })).toMatchObject({
      ok: false,
      error: { reason: 'scribe' },
    });
    await cmd(others[5], 'groupwork.answer', { activityId: gwId, groupId: g3.id, question: 0, text: 'Vrijwilligerspunt contacteren' });

    // ---- What the phones never hold: names from other groups, or of those who did not choose.
    for (const [page, foreign] of [
      [sara, ['Youssef', 'Persoon2', 'Persoon5', 'Persoon6', 'Persoon1', 'Persoon3', 'Persoon4', 'Persoon7', 'Persoon8']],
      [unnamed, ['Youssef', 'Persoon2', 'Persoon5', 'Persoon6', 'Persoon1', 'Persoon3', 'Persoon4', 'Persoon7', 'Persoon8']],
      [youssef, ['Sara', 'Persoon0', 'Persoon5', 'Persoon6', 'Persoon1', 'Persoon3', 'Persoon4', 'Persoon7', 'Persoon8']],
    ] as const) {
      const text = await page.locator('body').innerText();
      for (const n of foreign) expect(text, `a phone shows ${n}`).not.toContain(n);
    }

    // ---- The board: every group with its name, place and exactly the chosen names, readable from the back.
    const boardCards = board.getByTestId('gw-board-group');
    await expect.poll(() => boardCards.count()).toBe(3);
    const expected = [
      ['De Zwanen', 'tafel 3', ['Sara', 'Persoon0'], 2],
      [nl('gw.group', { n: 2 }), 'bij het raam', ['Youssef', 'Persoon2'], 2],
      ['De Vossen', 'achteraan links', ['Persoon5', 'Persoon6'], 2],
    ] as const;
    for (const [i, [label, place, names, rest]] of expected.entries()) {
      const card = boardCards.nth(i);
      await card.getByRole('heading', { name: label }).waitFor(WAIT);
      await card.getByText(nl('gw.place', { place })).waitFor(WAIT);
      await card.getByText(nl('gw.members', { count: 4 })).waitFor(WAIT);
      for (const n of names) await card.getByTestId('gw-board-people').getByText(n, { exact: true }).waitFor(WAIT);
      await card.getByText(nl('gw.board.others', { count: rest })).waitFor(WAIT);
    }
    await boardCards.nth(0).getByText(nl('gw.scribe.tag')).waitFor(WAIT); // Sara writes
    await boardCards.nth(2).getByText(nl('gw.scribe.tag')).waitFor(WAIT); // Persoon5 writes
    const boardText = await board.locator('body').innerText();
    for (const hidden of ['Persoon1', 'Persoon3', 'Persoon4', 'Persoon7', 'Persoon8'])
      expect(boardText, `the board shows ${hidden}`).not.toContain(hidden);
    for (const sel of ['[data-testid="gw-board-place"]', '[data-testid="gw-board-people"] li', '.gw-board h3']) {
      const sizes = await fontSizes(board, sel);
      expect(sizes.length, sel).toBeGreaterThan(0);
      expect(Math.min(...sizes), `${sel} at 1920×1080`).toBeGreaterThanOrEqual(28);
    }
    expect(await noScroll(board), 'the board shows three groups without scrolling').toBe(true);

    await expectNoSideScroll(unnamed);
    await shot(board, '01-board-groups');
    await shot(sara, '02-phone-scribe-named');
    await shot(unnamed, '03-phone-320-unnamed-member');
    await shot(youssef, '04-phone-group-2');
    await shot(consolePage, '05-console-groups');
    await audit(board, 'board groups');
    await audit(sara, 'phone group (scribe)');
    await audit(unnamed, 'phone group (unnamed, 320 px)');
    await audit(consolePage, 'console groups');

    // ---- The member without a name gives one in the group view and shows it in one go; a
    // later new name reaches the group and the board by itself.
    await unnamed.getByLabel(nl('gw.showName.needName')).fill('Amina');
    await unnamed.getByRole('button', { name: nl('gw.showName.button') }).click();
    const box = unnamed.getByRole('checkbox', { name: nl('gw.showName.label') });
    await box.waitFor(WAIT);
    expect(await box.isChecked()).toBe(true);
    await sara.getByTestId('gw-people').getByText('Amina', { exact: true }).waitFor(WAIT);
    await boardCards.nth(0).getByTestId('gw-board-people').getByText('Amina', { exact: true }).waitFor(WAIT);
    const change = unnamed.locator('#phone-name-change');
    if (await change.isVisible()) await change.click();
    await unnamed.getByLabel(nl('phone.name.label')).fill('Amina B.');
    await unnamed.getByRole('button', { name: nl('phone.name.save') }).click();
    await sara.getByTestId('gw-people').getByText('Amina B.', { exact: true }).waitFor(WAIT);
    await boardCards.nth(0).getByTestId('gw-board-people').getByText('Amina B.', { exact: true }).waitFor(WAIT);
    expect(await youssef.locator('body').innerText()).not.toContain('Amina');
    expect(pageErrors).toEqual([]);
    expect(axeProblems).toEqual([]);
  },
);

test('E2E-AMEND: the amended Deep Democracy decision on the board, the phones and in the DOCX', { timeout: 180_000 }, async () => {
  expect(board, 'runs after E2E-GROUPS (same room)').toBeDefined();
  const proposal = 'We nodigen de politie uit op het volgende lerend netwerk';
  const alternative = 'Eerst een apart gesprek met de politie';
  const amended = 'We nodigen de politie uit op het volgende lerend netwerk, met een moderator van de stad';
  await cmd(fac, 'agenda.add', {
    activity: { kind: 'deepdemocracy', title: 'Besluit: de politie uitnodigen?', config: { proposal, smallGroupSafety: false } },
  });
  await fac.until((v) => v.agenda.some((a) => a.kind === 'deepdemocracy'));
  const ddId = fac.view!.agenda.find((a) => a.kind === 'deepdemocracy')!.id;
  const dd = () => fac.view!.agenda.find((a) => a.id === ddId)!.state as DeepDemocracyState;
  const step = (to: string) => cmd(fac, 'deepdemocracy.step', { activityId: ddId, step: to });
  await cmd(fac, 'agenda.goto', { activityId: ddId });
  await step('findNo');
  await cmd(fac, 'deepdemocracy.alternative', { activityId: ddId, text: alternative });
  // Finding the no: the alternative's tags ("new", "on the ballot") and the step pills at board size.
  await board.getByText(nl('dd.onBallot'), { exact: true }).waitFor(WAIT);
  await board.getByText(nl('dd.board.new'), { exact: true }).waitFor(WAIT);
  for (const sel of ['.dd-board ol.steps li', '.dd-board .badge']) {
    expect(Math.min(...(await fontSizes(board, sel))), `${sel} while finding the no`).toBeGreaterThanOrEqual(28);
  }
  await step('spreadNo');
  await step('vote');

  // Seven for the proposal; Youssef (on his phone) and Persoon7 for the alternative; Persoon8 abstains.
  await youssef.getByRole('radio', { name: alternative }).check();
  await youssef
    .getByTestId('dd-my-vote')
    .getByText(nl('dd.phone.vote.mine', { option: alternative }))
    .waitFor(WAIT);
  for (const [i, p] of others.entries())
    await cmd(p, 'deepdemocracy.vote', { activityId: ddId, optionId: i < 7 ? 'proposal' : i === 7 ? dd().alternatives[0].id : 'abstain' });
  await fac.until(() => dd().rounds[0]?.cast === 10);
  await cmd(fac, 'deepdemocracy.closeVote', { activityId: ddId });
  await step('minority');

  // The minority says what it needs: Youssef on his phone, Persoon7 and Persoon8 on theirs.
  const needs = {
    moderator: 'Een moderator van de stad',
    evaluation: 'Een evaluatie na drie maanden',
    budget: 'Extra budget voor tolken',
  };
  await youssef.getByTestId('dd-asked').getByText(nl('dd.minority.question')).waitFor(WAIT);
  await youssef.getByRole('radio', { name: nl('dd.minority.need') }).check();
  await youssef.getByLabel(nl('dd.phone.minority.needLabel')).fill(needs.moderator);
  await youssef.getByRole('button', { name: nl('dd.phone.minority.send') }).click();
  await youssef.getByText(nl('dd.phone.minority.sent', { answer: needs.moderator })).waitFor(WAIT);
  await cmd(others[7], 'deepdemocracy.minority', { activityId: ddId, answer: 'need', need: needs.evaluation });
  await cmd(others[8], 'deepdemocracy.minority', { activityId: ddId, answer: 'need', need: needs.budget });
  await fac.until(() => dd().needs.length === 3);
  const needId = (text: string) => dd().needs.find((n) => n.need === text)!.id;
  await cmd(fac, 'deepdemocracy.handleNeed', { activityId: ddId, needId: needId(needs.moderator), status: 'adapted' });
  await cmd(fac, 'deepdemocracy.handleNeed', { activityId: ddId, needId: needId(needs.evaluation), status: 'added' });
  await cmd(fac, 'deepdemocracy.handleNeed', {
    activityId: ddId,
    needId: needId(needs.budget),
    status: 'notFeasible',
    reason: 'Geen budget dit jaar',
  });
  await step('final');

  // ---- The console amends the decision, taking in the adapted need (R-DD-AMEND).
  const panel = consolePage.getByTestId('dd-amend');
  await panel.waitFor(WAIT);
  const text = panel.getByLabel(nl('dd.console.amend.text'));
  expect(await text.inputValue(), 'the form starts from the decision as voted').toBe(proposal);
  await text.fill(amended);
  const link = panel.getByRole('checkbox', { name: needs.moderator });
  expect(await link.isChecked(), 'the adapted need is taken in by default').toBe(true);
  expect(await panel.getByRole('checkbox').count(), 'only adapted needs can be taken in').toBe(1);
  await panel.getByRole('button', { name: nl('dd.console.amend.save') }).click();
  await panel
    .getByTestId('dd-console-amended')
    .getByText(nl('dd.amended', { text: amended }))
    .waitFor(WAIT);
  await fac.until(() => dd().amendment?.text === amended);
  expect(dd().amendment!.needIds).toEqual([needId(needs.moderator)]);

  // The board shows the amended decision, what was voted first, and which need it takes in.
  await board
    .getByTestId('dd-amended')
    .getByText(nl('dd.amended', { text: amended }))
    .waitFor(WAIT);
  // What was voted is the proposal, already on top of the board: no line "first voted" under it.
  await board.getByTestId('dd-proposal').getByText(proposal, { exact: true }).waitFor(WAIT);
  expect(await board.getByTestId('dd-amended-origin').count()).toBe(0);
  await board.getByText(nl('dd.need.inAmendment')).waitFor(WAIT);
  await youssef
    .getByTestId('dd-amended')
    .getByText(nl('dd.amended', { text: amended }))
    .waitFor(WAIT);
  // Step pills and status tags at board size: ≥ 28 px at 1920×1080.
  for (const sel of ['.dd-board ol.steps li', '.dd-board .badge']) {
    const sizes = await fontSizes(board, sel);
    expect(sizes.length, sel).toBeGreaterThan(0);
    expect(Math.min(...sizes), `${sel} at 1920×1080`).toBeGreaterThanOrEqual(28);
  }
  expect(await board.locator('.dd-board .badge').count()).toBe(4); // added, adapted + into the amendment, not feasible
  await shot(board, '06-board-final-amended');
  await shot(youssef, '07-phone-final-amended');
  await shot(consolePage, '08-console-amend');
  expect(await noScroll(board), 'the final step fits the projector').toBe(true);
  await audit(board, 'board amended');
  await audit(youssef, 'phone amended');
  await audit(consolePage, 'console amend');

  // ---- Final check, then the decision is final: everyone sees the amended decision.
  for (const p of others) await cmd(p, 'deepdemocracy.final', { activityId: ddId, answer: 'yes' });
  await cmd(fac, 'deepdemocracy.closeFinal', { activityId: ddId });
  await cmd(fac, 'deepdemocracy.decide', { activityId: ddId });
  await board
    .getByTestId('dd-decided')
    .getByText(nl('dd.decidedAmended', { option: amended }))
    .waitFor(WAIT);
  for (const page of [sara, unnamed, youssef])
    await page
      .getByTestId('dd-decided')
      .getByText(nl('dd.decidedAmended', { option: amended }))
      .waitFor(WAIT);
  expect(await board.getByText(nl('dd.decided', { option: proposal })).count()).toBe(0);
  await expectNoSideScroll(unnamed);
  await shot(board, '09-board-decided-amended');
  expect(await noScroll(board), 'the decided round with its final check fits the projector').toBe(true);
  await shot(unnamed, '10-phone-320-decided-amended');

  // ---- The DOCX, downloaded through the API: the amended decision, then each need and how it was taken in.
  const res = await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/report/docx`, {
    headers: { authorization: `Bearer ${s.facilitatorKey}` },
  });
  expect(res.status).toBe(200);
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  const xml = await zip.file('word/document.xml')!.async('string');
  const paras = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .filter(Boolean)
    .map((p) =>
      p
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    );
  const at = (line: string) => {
    const i = paras.indexOf(line);
    expect(i, `the DOCX holds “${line}”`).toBeGreaterThanOrEqual(0);
    return i;
  };
  const decision = paras.lastIndexOf(nl('report.dd.decision'));
  expect(decision).toBeGreaterThan(0);
  const amendedAt = at(nl('report.dd.amended', { text: amended }));
  expect(amendedAt).toBeGreaterThan(decision);
  expect(at(nl('report.dd.amendedFrom', { text: proposal }))).toBeGreaterThan(amendedAt);
  for (const line of [
    nl('report.dd.need.adaptedInto', { need: needs.moderator }),
    nl('report.dd.need.added', { need: needs.evaluation }),
    nl('report.dd.need.notFeasible', { need: needs.budget, reason: 'Geen budget dit jaar' }),
  ])
    expect(at(line)).toBeGreaterThan(amendedAt);
  expect(paras).not.toContain(nl('report.dd.direction', { text: proposal }));
  // The group work in the same report: each group with its place; never who was in it.
  at(nl('report.groupwork.place', { place: 'tafel 3' }));
  // Names only in the facilitator's attendance list at the end (R-REPORT-ATTENDANCE), never beside a group.
  const attendees = paras.indexOf(nl('report.attendees'));
  expect(attendees).toBeGreaterThan(amendedAt);
  expect(paras.slice(0, attendees).join('\n')).not.toMatch(/Sara|Youssef|Persoon\d/);

  expect(pageErrors).toEqual([]);
  expect(axeProblems).toEqual([]);
});
