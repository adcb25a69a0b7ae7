/**
 * R-MAIL in real Chromium against a real SMTP server on 127.0.0.1: the console's report
 * panel mails the report. A bad address is caught on its line; the preview shows the
 * sender, the addresses, the subject, the text and both attachments; "send" delivers
 * exactly that (a PDF and a DOCX); the panel says to how many addresses it went.
 */
import { afterAll, expect, it } from 'vitest';
import { inbox } from '../helpers/smtp.ts';
import { artifactsIn, browserFixtureWith, LAPTOP, newSession, nl, WAIT, waitForStatus } from './fixture.ts';

const box = await inbox();
afterAll(() => box.close());
const fx = browserFixtureWith({ smtp: { host: '127.0.0.1', port: box.port, secure: false, from: 'Kring <verslag@stad.example>' } });
const art = artifactsIn('mail', { fresh: true });

it('R-MAIL: the console mails the report after a preview; a bad address is caught first', async () => {
  const s = await newSession(fx.server.url, 'Lerend netwerk sessie 6');
  const { page } = await fx.newPage(LAPTOP);
  await page.goto(`${fx.server.url}/f/${s.sessionId}#k=${s.facilitatorKey}`);
  await waitForStatus(page, 'connected');

  const heading = page.getByRole('heading', { name: nl('reportui.mail.heading') });
  await heading.waitFor(WAIT);
  const to = page.getByLabel(nl('reportui.mail.to'));
  await to.fill('organisator@stad.example\ngeen-adres');
  await page.getByLabel(nl('reportui.mail.note')).fill('Dag allemaal, hier is het verslag van gisteren.');
  await page.getByRole('button', { name: nl('reportui.mail.preview') }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: nl('reportui.mail.invalid', { addresses: 'geen-adres' }) })
    .waitFor(WAIT);
  expect(await to.getAttribute('aria-invalid')).toBe('true');

  await to.fill('organisator@stad.example, rekik@stad.example');
  await page.getByRole('button', { name: nl('reportui.mail.preview') }).click();
  const preview = page.getByRole('region', { name: nl('reportui.mail.previewHeading') });
  await preview.waitFor(WAIT);
  const text = (await preview.textContent()) ?? '';
  for (const part of [
    'Kring <verslag@stad.example>',
    'organisator@stad.example, rekik@stad.example',
    'Lerend netwerk sessie 6',
    '.pdf',
    '.docx',
  ])
    expect(text).toContain(part);
  expect(text).toContain('Dag allemaal, hier is het verslag van gisteren.');
  await preview.scrollIntoViewIfNeeded();
  await art.shot(page, 'console-mail-preview');
  expect(box.mails).toHaveLength(0);

  await preview.getByRole('button', { name: nl('reportui.mail.send') }).click();
  await page
    .getByRole('status')
    .filter({ hasText: nl('reportui.mail.sent', { count: 2 }) })
    .waitFor(WAIT);
  expect(box.mails).toHaveLength(1);
  expect(box.mails[0].to).toEqual(['organisator@stad.example', 'rekik@stad.example']);
  expect(box.mails[0].parsed.attachments.map((a) => a.contentType)).toEqual([
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ]);
  await art.shot(page, 'console-mail-sent');
  expect(fx.pageErrors).toEqual([]);
});
