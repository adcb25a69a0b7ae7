/**
 * Browser acceptance test for deciding together (issue 4): a Deep Democracy round driven
 * from the console with six phones, then group work on the chosen engagements with a late
 * joiner. Real Chromium against the real server (the built client from dist/).
 *
 * SPEC: E2E-DECIDE — views → find the no → spread the no → vote; exactly the two who
 * voted otherwise get the minority question, the rest see "listening to the minority";
 * the facilitator handles the needs, closes the final check (board shows the tally) and
 * marks the decision final; then two random groups answer the four guiding questions and
 * a seventh phone that joins late is placed in a group by itself.
 *
 * Every text the test looks for comes from the catalogues. Screenshots of the console,
 * the board and the relevant phones at each step go to test-artifacts/e2e/decide/.
 */
import { afterAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { DeepDemocracyState } from '../../shared/activities/deepdemocracy/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, type Peer } from '../helpers/client.ts';
import { artifactsIn, axeFindings, BOARD, browserFixture, en, expectNoSideScroll, nl, PHONE, WAIT, waitForStatus } from './fixture.ts';

const fx = browserFixture();
const { newPage, pageErrors } = fx;
const { shot } = artifactsIn('decide');

/** The narrowest phones in use: every view must fit 320 px without sideways scrolling. */
const NARROW_PHONE = { ...PHONE, viewport: { width: 320, height: 720 } };

let fac: Peer | undefined;
/** Serious and critical axe findings (WCAG 2.1 A/AA) in these views, checked at the end. R-A11Y */
const axeProblems: string[] = [];

afterAll(() => {
  fac?.close();
});

/** A phone joins by the join link and (optionally) gives a display name. */
async function joinPhone(s: CreatedSession, name?: string, locale = 'nl-BE'): Promise<Page> {
  const { page } = await newPage({ ...NARROW_PHONE, locale });
  await page.goto(s.links.join);
  await waitForStatus(page, 'connected');
  if (name) {
    await page.getByLabel(nl('phone.name.label')).fill(name);
    await page.getByRole('button', { name: nl('phone.name.save') }).click();
  }
  return page;
}

/** Note the page's serious and critical axe findings, checked at the end. */
async function audit(page: Page, name: string) {
  for (const p of await axeFindings(page)) axeProblems.push(`${name}: ${p}`);
}

const all = <T>(pages: Page[], fn: (p: Page, i: number) => Promise<T>) => Promise.all(pages.map(fn));

test('E2E-DECIDE: a Deep Democracy round with six phones, then group work with a late joiner', { timeout: 180_000 }, async () => {
  const proposal = 'We nodigen de politie uit op het volgende lerend netwerk';
  const altRaw = 'eerst apart praten met politie';
  const altPhrased = 'Eerst een apart gesprek met de politie, zonder publiek';
  const engagements = [
    { id: 'eng-experts', text: 'Ik durf met ervaringsdeskundigen aan de slag te gaan' },
    { id: 'eng-training', text: 'Vormingen organiseren rond inclusie op de werkvloer' },
  ];
  const questions = ['groupwork.q1', 'groupwork.q2', 'groupwork.q3', 'groupwork.q4'].map((k) => nl(k));

  // ---- Set-up: a session; the facilitator's agenda gets a round and group work (socket).
  const s = await createSession(fx.server.url, 'Lerend netwerk sessie 6');
  fac = await facilitator(fx.server.url, s);
  const add = async (activity: Record<string, unknown>) => {
    const ack = await fac!.cmd('agenda.add', { activity });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  };
  await add({ kind: 'deepdemocracy', title: 'Besluit: de politie uitnodigen?', config: { proposal, smallGroupSafety: true } });
  await add({
    kind: 'groupwork',
    title: 'Groepswerk op de gekozen engagementen',
    config: { sourceId: null, items: engagements, questions },
  });
  // The frame with the new activities follows the ack: wait for it.
  await fac.until((v) => v.agenda.some((a) => a.kind === 'groupwork') && v.agenda.some((a) => a.kind === 'deepdemocracy'));
  const ddId = fac.view!.agenda.find((a) => a.kind === 'deepdemocracy')!.id;
  const gwId = fac.view!.agenda.find((a) => a.kind === 'groupwork')!.id;
  const dd = () => fac!.view!.agenda.find((a) => a.id === ddId)!.state as DeepDemocracyState;

  const { page: consolePage } = await newPage({ viewport: { width: 1280, height: 900 }, locale: 'nl-BE' });
  await consolePage.goto(s.links.facilitator);
  await waitForStatus(consolePage, 'connected');
  const { page: board } = await newPage({ ...BOARD, locale: 'nl-BE' });
  await board.goto(s.links.board);
  await waitForStatus(board, 'connected');

  // Six phones, one after the other (the console numbers unnamed people in join order):
  // four give a name, two stay unnamed.
  const names = ['Sara', 'Jonas', 'Amina', 'Pieter', undefined, undefined];
  const phones: Page[] = [];
  for (const n of names) phones.push(await joinPhone(s, n));

  // ---- 1. Views (R-DD-VIEWS): anonymous, several per person; the console merges two.
  expect((await fac.cmd('agenda.goto', { activityId: ddId })).ok).toBe(true);
  await all(phones, (p) => p.getByRole('heading', { name: nl('dd.phone.views.heading') }).waitFor(WAIT));
  const viewTexts = [
    ['Goed voor het vertrouwen tussen politie en nieuwkomers', 'Zorg dat het een veilige ruimte blijft'],
    ['Goed voor het vertrouwen tussen politie en nieuwkomers.'],
    ['Nieuwkomers kunnen hun ervaringen delen'],
    ['De politie kan haar bubbel doorbreken'],
  ];
  await all(phones.slice(0, 4), async (p, i) => {
    for (const text of viewTexts[i]) {
      await p.getByLabel(nl('dd.phone.views.label')).fill(text);
      await p.getByRole('button', { name: nl('dd.phone.views.add') }).click();
      await p.getByRole('listitem').filter({ hasText: text }).waitFor(WAIT); // my own list
    }
  });
  await board.getByText(nl('dd.views.count', { count: 5 })).waitFor(WAIT);
  // No names and no authors on the board; the view is there as text only.
  await board.getByText(viewTexts[2][0]).waitFor(WAIT);
  await shot(phones[0], '01-phone-views');
  await audit(phones[0], 'phone views');

  // "Something isn't being said" (R-DD-UNSAID): discreet on the phone, a private count on the console.
  await phones[2].getByRole('button', { name: nl('dd.phone.unsaid.button') }).click();
  await phones[2].getByText(nl('dd.phone.unsaid.done')).waitFor(WAIT);
  await consolePage
    .getByTestId('dd-unsaid')
    .getByText(nl('dd.console.unsaid', { count: 1 }))
    .waitFor(WAIT);
  expect(await board.getByText(nl('dd.console.unsaid', { count: 1 })).count()).toBe(0);

  // Merge the duplicate: choose two, merge; the board shows "×2" (R-DD-VIEWS).
  await consolePage.getByLabel(viewTexts[0][0], { exact: true }).check();
  await consolePage.getByLabel(viewTexts[1][0], { exact: true }).check();
  await consolePage.getByRole('button', { name: nl('dd.console.merge.button') }).click();
  await board.getByText(nl('dd.views.count', { count: 4 })).waitFor(WAIT);
  await board.getByLabel(nl('dd.views.said', { count: 2 })).waitFor(WAIT);
  await shot(consolePage, '02-console-views-merged');
  await shot(board, '03-board-views');
  await audit(consolePage, 'console views');
  await audit(board, 'board views');

  // ---- 2. Find the no (R-DD-ALT): a phone adds an alternative, the console rephrases it onto the ballot.
  await consolePage.getByRole('button', { name: nl('dd.console.goTo', { step: nl('dd.step.findNo') }) }).click();
  await all(phones, (p) => p.getByRole('heading', { name: nl('dd.phone.findNo.heading') }).waitFor(WAIT));
  // The facilitator's words name the view said most (the merged one) first.
  await consolePage.getByText(nl('dd.say.findNo', { x: viewTexts[0][0], y: '\u0000' }).split('\u0000')[0]).waitFor(WAIT);
  await phones[4].getByLabel(nl('dd.phone.findNo.label')).fill(altRaw);
  await phones[4].getByRole('button', { name: nl('dd.phone.findNo.add') }).click();
  await board.getByText(altRaw).waitFor(WAIT);
  await board.getByText(nl('dd.board.new'), { exact: true }).waitFor(WAIT);
  await shot(board, '04-board-find-the-no');
  await consolePage.getByRole('button', { name: nl('dd.console.alts.rephraseAria', { text: altRaw }) }).click();
  await consolePage.getByLabel(nl('dd.console.alts.text', { n: 1 })).fill(altPhrased);
  await expect.poll(() => consolePage.getByLabel(nl('dd.console.alts.onBallot'), { exact: true }).isChecked()).toBe(true);
  await consolePage.getByRole('button', { name: nl('dd.console.alts.save') }).click();
  await board.getByText(altPhrased).waitFor(WAIT);
  await board.getByText(nl('dd.onBallot'), { exact: true }).waitFor(WAIT);
  await shot(consolePage, '05-console-find-the-no');
  await shot(phones[4], '06-phone-alternative');

  // ---- 3. Spread the no (R-DD-RECOGNISE): fully / partly / not; the board counts "at least partly".
  await consolePage.getByRole('button', { name: nl('dd.console.goTo', { step: nl('dd.step.spreadNo') }) }).click();
  const levels = ['not', 'not', 'partly', 'not', 'fully', 'fully'] as const;
  await all(phones, async (p, i) => {
    const group = p.getByRole('group', { name: altPhrased });
    await group.getByRole('radio', { name: nl(`dd.recognise.${levels[i]}`) }).check();
    await expect.poll(() => group.getByRole('radio', { name: nl(`dd.recognise.${levels[i]}`) }).isChecked()).toBe(true);
  });
  await board.getByText(nl('dd.board.recognised', { count: 3 })).waitFor(WAIT);
  await consolePage.getByText(nl('dd.console.recognition', { fully: 2, partly: 1, not: 3 })).waitFor(WAIT);
  await expectNoSideScroll(phones[2]);
  await shot(phones[2], '07-phone-spread');
  await audit(phones[2], 'phone spread');
  await shot(board, '08-board-spread');

  // ---- 4. The vote (R-DD-SECRET): 4 for the proposal, 1 for the alternative, 1 abstains.
  await consolePage.getByRole('button', { name: nl('dd.console.goTo', { step: nl('dd.step.vote') }) }).click();
  const choices = [proposal, proposal, proposal, proposal, altPhrased, nl('dd.vote.abstain')];
  await all(phones, async (p, i) => {
    await p.getByRole('radio', { name: choices[i] }).check();
    await p
      .getByTestId('dd-my-vote')
      .getByText(nl('dd.phone.vote.mine', { option: choices[i] }))
      .waitFor(WAIT);
  });
  await board
    .getByTestId('dd-cast')
    .getByText(nl('dd.vote.cast', { count: 6 }))
    .waitFor(WAIT);
  await consolePage.getByText(nl('dd.vote.cast', { count: 6 })).waitFor(WAIT);
  // No tally anywhere before the close: not on the board, not on the console.
  expect(await board.getByTestId('dd-outcome').count()).toBe(0);
  expect(await consolePage.getByTestId('dd-round').count()).toBe(0);
  expect(dd().rounds[0].tally).toBeNull();
  await expectNoSideScroll(phones[4]);
  await shot(phones[4], '09-phone-vote-secret');
  await audit(phones[4], 'phone vote');
  await shot(board, '10-board-vote-open');
  await consolePage.getByRole('button', { name: nl('dd.console.vote.close') }).click();
  const outcome = board.getByTestId('dd-outcome');
  await outcome.getByText(nl('dd.vote.direction', { option: proposal })).waitFor(WAIT);
  expect(await outcome.textContent()).toContain(nl('dd.outcome.majority'));
  // Small-group safety (R-DD-FEW): the single votes for the alternative and abstain show as "a few".
  await expect.poll(() => board.getByText(nl('dd.few'), { exact: true }).count()).toBe(2);
  await consolePage.getByTestId('dd-round').waitFor(WAIT);
  await phones[0]
    .getByTestId('dd-direction')
    .getByText(nl('dd.vote.direction', { option: proposal }))
    .waitFor(WAIT);
  await shot(board, '11-board-vote-closed');
  await shot(consolePage, '12-console-vote-closed');
  await audit(board, 'board vote closed');
  await audit(consolePage, 'console vote closed');

  // ---- 5. The minority (R-DD-MINORITY): exactly the two who voted otherwise are asked.
  await consolePage.getByRole('button', { name: nl('dd.console.goTo', { step: nl('dd.step.minority') }) }).click();
  for (const p of phones.slice(4)) await p.getByTestId('dd-asked').getByText(nl('dd.minority.question')).waitFor(WAIT);
  for (const p of phones.slice(0, 4)) await p.getByTestId('dd-listening').getByText(nl('dd.listening')).waitFor(WAIT);
  for (const p of phones.slice(0, 4)) expect(await p.getByTestId('dd-asked').count()).toBe(0);
  for (const p of phones.slice(4)) expect(await p.getByTestId('dd-listening').count()).toBe(0);
  await board.getByTestId('dd-listening').waitFor(WAIT);
  await shot(phones[4], '13-phone-asked');
  await shot(phones[0], '14-phone-listening');

  const needs = ['Een voorbereidend gesprek met de politie', 'Een moderator die de huisregels bewaakt'];
  await all(phones.slice(4), async (p, i) => {
    await p.getByRole('radio', { name: nl('dd.minority.need') }).check();
    await p.getByLabel(nl('dd.phone.minority.needLabel')).fill(needs[i]);
    await p.getByRole('button', { name: nl('dd.phone.minority.send') }).click();
    await p.getByText(nl('dd.phone.minority.sent', { answer: needs[i] })).waitFor(WAIT);
  });
  await consolePage.getByText(nl('dd.console.minority.answered', { answered: 2, asked: 2 })).waitFor(WAIT);
  await board.getByText(needs[1]).waitFor(WAIT);
  await expectNoSideScroll(phones[5]);
  await shot(phones[5], '15-phone-need-sent');
  await audit(phones[5], 'phone minority');
  await audit(phones[0], 'phone listening');

  // ---- 6. Needs (R-DD-NEEDS, R-DD-FINAL): the decision cannot be final while a need is open.
  const decideButton = consolePage.getByRole('button', { name: nl('dd.console.decide'), exact: true });
  await expect.poll(() => decideButton.isDisabled()).toBe(true);
  await consolePage
    .getByTestId('dd-decide-why')
    .getByText(nl('dd.console.decide.unhandled', { count: 2 }))
    .waitFor(WAIT);
  const needA = consolePage.getByRole('group', { name: needs[0] });
  await needA.getByRole('radio', { name: nl('dd.need.added') }).check();
  await needA.getByText(nl('dd.console.need.now', { status: nl('dd.need.added') })).waitFor(WAIT);
  const needB = consolePage.getByRole('group', { name: needs[1] });
  await needB.getByRole('radio', { name: nl('dd.need.notFeasible') }).check();
  // The reason is required: saving without one is refused in the form.
  await needB.getByRole('button', { name: nl('dd.console.need.save') }).click();
  await needB.getByText(nl('dd.console.need.reasonMissing')).waitFor(WAIT);
  await needB.getByLabel(nl('dd.console.need.reason')).fill('Er is geen budget voor een externe moderator');
  await needB.getByRole('button', { name: nl('dd.console.need.save') }).click();
  await needB.getByText(nl('dd.console.need.now', { status: nl('dd.need.notFeasible') })).waitFor(WAIT);
  await phones[4].getByText(nl('dd.phone.minority.status', { status: nl('dd.need.added') })).waitFor(WAIT);
  await phones[5].getByText(nl('dd.need.reason', { reason: 'Er is geen budget voor een externe moderator' })).waitFor(WAIT);
  await expect.poll(() => decideButton.isDisabled()).toBe(false);
  await shot(consolePage, '16-console-needs-handled');
  await shot(board, '17-board-minority');
  await audit(consolePage, 'console needs');

  // ---- 7. Final check (R-DD-FINALCHECK): five yes, one with reservations; then final (R-DD-FINAL).
  await consolePage.getByRole('button', { name: nl('dd.console.goTo', { step: nl('dd.step.final') }) }).click();
  const finals = ['yes', 'yes', 'yes', 'yes', 'yes', 'reservations'] as const;
  await all(phones, async (p, i) => {
    const group = p.getByRole('group', { name: nl('dd.final.question') });
    await group.getByRole('radio', { name: nl(`dd.final.${finals[i]}`), exact: true }).check();
    await expect.poll(() => group.getByRole('radio', { name: nl(`dd.final.${finals[i]}`), exact: true }).isChecked()).toBe(true);
  });
  await consolePage
    .getByTestId('dd-console-final-cast')
    .getByText(nl('dd.final.cast', { count: 6 }))
    .waitFor(WAIT);
  await shot(phones[5], '18-phone-final-check');
  await audit(phones[5], 'phone final check');
  await consolePage.getByRole('button', { name: nl('dd.console.final.close') }).click();
  const finalTally = board.getByTestId('dd-final-tally');
  await finalTally.waitFor(WAIT);
  await finalTally
    .getByRole('listitem')
    .filter({ hasText: nl('dd.final.yes') })
    .first()
    .getByText('5', { exact: true })
    .waitFor(WAIT);
  await finalTally
    .getByRole('listitem')
    .filter({ hasText: nl('dd.final.reservations') })
    .getByText(nl('dd.few'), { exact: true })
    .waitFor(WAIT);
  await shot(board, '19-board-final-tally');
  await decideButton.click();
  await board
    .getByTestId('dd-decided')
    .getByText(nl('dd.decided', { option: proposal }))
    .waitFor(WAIT);
  await all(phones, (p) => p.getByTestId('dd-decided').waitFor(WAIT));
  await consolePage.getByText(nl('dd.console.decided')).waitFor(WAIT);
  await fac.until(() => dd().decided);
  await shot(board, '20-board-decided');
  await shot(consolePage, '21-console-decided');
  await shot(phones[4], '22-phone-decided');

  // The soft-shoe slider (R-DD-SLIDER): phones see only their own position, the board a cloud
  // without names in which a lone dot (nobody within ±8) is highlighted.
  const statement = 'De politie hoort bij dit netwerk';
  await consolePage.getByText(nl('dd.console.slider.heading')).click();
  await consolePage.getByLabel(nl('dd.console.slider.statement'), { exact: true }).fill(statement);
  await consolePage.getByRole('button', { name: nl('dd.console.slider.open') }).click();
  const positions = [80, 85, 10];
  await all(phones.slice(0, 3), async (p, i) => {
    const slider = p.getByRole('slider', { name: nl('dd.phone.slider.label') });
    await slider.fill(String(positions[i]));
    await expect.poll(() => slider.inputValue()).toBe(String(positions[i]));
  });
  await board.getByText(nl('dd.cloud.count', { count: 3 })).waitFor(WAIT);
  await board.getByText(statement).waitFor(WAIT);
  await board.getByText(nl('dd.cloud.isolated')).waitFor(WAIT);
  await consolePage.getByText(nl('dd.cloud.count', { count: 3 })).waitFor(WAIT);
  expect(await board.locator('circle.dot').count()).toBe(3);
  expect(await board.locator('circle.dot.isolated').count()).toBe(1);
  await expectNoSideScroll(phones[2]);
  await shot(phones[2], '23-phone-slider');
  await shot(board, '24-board-slider-cloud');
  await audit(phones[2], 'phone slider');
  await audit(board, 'board slider');
  await consolePage.getByRole('button', { name: nl('dd.console.slider.close') }).click();
  await expect.poll(() => phones[0].getByRole('slider').count()).toBe(0);

  // ---- 8. Group work (R-GROUP-FORM): two random groups from the six who are here.
  expect((await fac.cmd('agenda.goto', { activityId: gwId })).ok).toBe(true);
  await all(phones, (p) => p.getByTestId('gw-waiting').waitFor(WAIT));
  await consolePage.getByRole('heading', { name: nl('gw.console.form.heading') }).waitFor(WAIT);
  await consolePage.getByText(nl('gw.console.form.present', { count: 6 })).waitFor(WAIT);
  await consolePage.getByLabel(nl('gw.console.value.count'), { exact: true }).fill('2');
  await consolePage.getByRole('radio', { name: nl('gw.console.how.random') }).check();
  await consolePage.getByRole('button', { name: nl('gw.console.form'), exact: true }).click();
  // Every phone learns its own group at once, without a reload (R-GROUP-FORM, R-AUDIENCE:
  // each phone is told only its own membership).
  const groupOfPhone = await all(phones, async (p) => {
    const label = p.getByTestId('gw-my-group');
    await label.waitFor(WAIT);
    return (await label.textContent())!.trim();
  });
  const groupNames = [nl('gw.group', { n: 1 }), nl('gw.group', { n: 2 })];
  const members = groupNames.map((g) => phones.filter((_, i) => groupOfPhone[i] === g));
  expect(members.map((m) => m.length)).toEqual([3, 3]); // sizes differ by at most one
  // Each group has its engagement (dealt in turn) on its phones.
  for (const [g, list] of members.entries()) {
    for (const p of list) expect(await p.getByTestId('gw-item').textContent()).toBe(engagements[g].text);
  }
  // The console names the members; the unnamed ones get a number.
  const consoleGroups = consolePage.getByTestId('gw-console-group');
  await expect.poll(() => consoleGroups.count()).toBe(2);
  for (const n of ['Sara', 'Jonas', 'Amina', 'Pieter', nl('gw.console.person', { n: 5 }), nl('gw.console.person', { n: 6 })]) {
    await consolePage.getByTestId('gw-console-group').getByText(n, { exact: true }).waitFor(WAIT);
  }
  await shot(consolePage, '25-console-groups');
  await audit(consolePage, 'console groups');
  await expectNoSideScroll(members[0][0]);
  await shot(members[0][0], '26-phone-group');

  // ---- 9. Answers (R-GROUP-ANSWER): every group answers every question; group mates see them live.
  const answerOf = (g: number, q: number, k: number) => `Groep ${g + 1}, vraag ${q + 1}: idee ${k + 1}`;
  await Promise.all(
    members.map((list, g) =>
      Promise.all(
        list.map(async (p, k) => {
          // Member k takes questions k, k+3, …: three members cover all four questions.
          for (let q = k; q < questions.length; q += list.length) {
            const block = p.getByTestId('gw-question').nth(q);
            await block.getByLabel(nl('gw.phone.add.label', { n: q + 1 })).fill(answerOf(g, q, k));
            await block.getByRole('button', { name: nl('gw.phone.add') }).click();
            await block.getByText(answerOf(g, q, k)).waitFor(WAIT);
          }
        }),
      ),
    ),
  );
  // A group mate sees the answers live, without an author; the other group does not get them.
  const mate = members[0][1];
  await mate.getByText(answerOf(0, 0, 0)).waitFor(WAIT);
  await mate.getByText(answerOf(0, 3, 0)).waitFor(WAIT);
  expect(await mate.getByText(answerOf(1, 0, 0)).count()).toBe(0);
  // Authors edit their own answers.
  const author = members[1][0].getByTestId('gw-question').nth(0);
  await author.getByRole('button', { name: nl('gw.phone.editAria', { text: answerOf(1, 0, 0) }) }).click();
  await author.getByLabel(nl('gw.phone.editLabel')).fill(`${answerOf(1, 0, 0)} (aangepast)`);
  await author.getByRole('button', { name: nl('gw.phone.save') }).click();
  await members[1][1].getByText(`${answerOf(1, 0, 0)} (aangepast)`).waitFor(WAIT);
  expect(await mate.getByRole('button', { name: nl('gw.phone.editAria', { text: answerOf(0, 0, 0) }) }).count()).toBe(0);

  const boardGroups = board.getByTestId('gw-board-group');
  await expect.poll(() => boardGroups.count()).toBe(2);
  for (const [g, name] of groupNames.entries()) {
    const card = boardGroups.filter({ has: board.getByRole('heading', { name }) });
    await card.getByText(engagements[g].text).waitFor(WAIT);
    await expect.poll(() => card.getByText(nl('gw.answers', { count: 1 }), { exact: true }).count()).toBe(4);
  }
  await shot(board, '27-board-groups');
  await shot(mate, '28-phone-group-answers');
  await audit(board, 'board groups');
  await audit(mate, 'phone group');

  // ---- 10. A late joiner (R-GROUP-LATE) is placed in the smallest group (a tie: group 1).
  // This phone speaks English: the group sheet comes from the English catalogue.
  const late = await joinPhone(s, undefined, 'en-GB');
  const lateGroup = late.getByTestId('gw-my-group');
  await lateGroup.waitFor(WAIT);
  expect((await lateGroup.textContent())!.trim()).toBe(en('gw.group', { n: 1 }));
  await late.getByText(en('gw.members', { count: 4 })).waitFor(WAIT);
  await late.getByLabel(en('gw.phone.add.label', { n: 1 })).waitFor(WAIT);
  expect(await late.getByTestId('gw-item').textContent()).toBe(engagements[0].text);
  await late.getByText(answerOf(0, 1, 1)).waitFor(WAIT); // sees the group's answers so far
  const group1 = consoleGroups.filter({ has: consolePage.getByRole('heading', { name: groupNames[0] }) });
  await group1.getByText(nl('gw.console.person', { n: 7 }), { exact: true }).waitFor(WAIT);
  await group1.getByText(nl('gw.members', { count: 4 })).waitFor(WAIT);
  await boardGroups
    .filter({ has: board.getByRole('heading', { name: groupNames[0] }) })
    .getByText(nl('gw.members', { count: 4 }))
    .waitFor(WAIT);
  await expectNoSideScroll(late);
  await shot(late, '29-phone-late-joiner');
  await shot(consolePage, '30-console-late-joiner');

  // Nothing on the board ever carries a participant's name (R-DD-NONAMES, R-AUDIENCE).
  const boardText = await board.locator('body').innerText();
  for (const n of ['Sara', 'Jonas', 'Amina', 'Pieter']) expect(boardText).not.toContain(n);
  expect(pageErrors).toEqual([]);
  expect(axeProblems).toEqual([]);
});
