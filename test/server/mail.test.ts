/**
 * "Mail the report" against a real SMTP server on 127.0.0.1 (smtp-server) and a real Kring
 * server: R-MAIL (the preview is what goes: sender, subject, text, the PDF and the DOCX),
 * R-MAIL-AUTH (only the facilitator and the organiser; bad addresses send nothing),
 * R-MAIL-FAIL (a refusing mail server: MAIL_FAILED), R-MAIL-OFF (without SMTP settings
 * nothing is offered and nothing can be sent).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { inbox as openInbox, type Inbox } from '../helpers/smtp.ts';
import type { Config } from '../../server/config.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, participant } from '../helpers/client.ts';
import { brainstormDraft } from '../helpers/drafts.ts';
import { ok } from '../helpers/rooms.ts';
import { lifecycle, type TestServer } from '../helpers/server.ts';

const inboxes: Inbox[] = [];
const inbox = async (refuse = false) => {
  const box = await openInbox(refuse);
  inboxes.push(box);
  return box;
};
afterEach(async () => {
  for (const i of inboxes.splice(0)) await i.close();
});

const { serve, track } = lifecycle();

const smtp = (port: number): Partial<Config> => ({
  smtp: { host: '127.0.0.1', port, secure: false, from: 'Kring <verslag@stad.example>' },
});

const post = (server: TestServer, s: CreatedSession, path: string, body: unknown, key: string | null = s.facilitatorKey) =>
  fetch(`${server.url}/api/sessions/${s.sessionId}/report/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });

/** A session with something in its report: a brainstorm with two post-its. */
async function sessionWithReport(server: TestServer) {
  const s = await createSession(server.url, 'Lerend netwerk sessie 6');
  const f = track(await facilitator(server.url, s));
  const phone = track(await participant(server.url, s, { name: 'Amina' }));
  await ok(f, 'agenda.add', { activity: { ...brainstormDraft(), title: 'Engagementen' } });
  const id = f.view!.agenda.at(-1)!.id;
  await ok(f, 'agenda.goto', { activityId: id });
  await ok(phone, 'brainstorm.add', {
    activityId: id,
    text: 'Ik durf met ervaringsdeskundigen aan de slag te gaan',
    column: null,
    showName: false,
  });
  await ok(phone, 'brainstorm.add', { activityId: id, text: 'Meer diverse vrijwilligers zoeken', column: null, showName: false });
  return s;
}

describe('mail the report (issue 12)', () => {
  it('R-MAIL: the preview shows exactly what is sent: from, subject, text, a PDF and a DOCX, to the typed addresses', async () => {
    const box = await inbox();
    const server = await serve(smtp(box.port));
    const s = await sessionWithReport(server);

    const status = await (await fetch(`${server.url}/api/mail`)).json();
    expect(status).toEqual({ enabled: true });

    const to = ['organisator@stad.example', 'rekik@stad.example'];
    const previewRes = await post(server, s, 'mail/preview', { to, lang: 'nl', note: 'Dag allemaal, hier is het verslag.' });
    expect(previewRes.status).toBe(200);
    const preview = (await previewRes.json()) as {
      from: string;
      to: string[];
      subject: string;
      text: string;
      attachments: { filename: string; contentType: string; size: number }[];
    };
    expect(preview.from).toBe('Kring <verslag@stad.example>');
    expect(preview.to).toEqual(to);
    expect(preview.subject).toContain('Lerend netwerk sessie 6');
    expect(preview.text.startsWith('Dag allemaal, hier is het verslag.')).toBe(true);
    expect(preview.attachments.map((a) => a.contentType)).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
    expect(box.mails).toHaveLength(0); // a preview sends nothing

    const sent = await post(server, s, 'mail', { to, lang: 'nl', note: 'Dag allemaal, hier is het verslag.' });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ sent: 2 });
    expect(box.mails).toHaveLength(1);
    const [mail] = box.mails;
    expect(mail.to).toEqual(to);
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: 'Kring', address: 'verslag@stad.example' });
    expect(mail.parsed.subject).toBe(preview.subject);
    expect(mail.parsed.text?.trim()).toBe(preview.text.trim());
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual(
      preview.attachments.map((a) => [a.filename, a.contentType, a.size]),
    );
    const [pdf, docx] = mail.parsed.attachments;
    expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(docx.content.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('R-MAIL-AUTH: a report link, no key or a wrong key cannot send; bad or too many addresses are refused and nothing goes', async () => {
    const box = await inbox();
    const server = await serve({ ...smtp(box.port), adminPassword: 'organiser-secret' });
    const s = await sessionWithReport(server);
    const link = await fetch(`${server.url}/api/sessions/${s.sessionId}/report-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.facilitatorKey}` },
    });
    const { reportKey } = (await link.json()) as { reportKey: string };
    const to = ['organisator@stad.example'];
    expect((await post(server, s, 'mail', { to }, reportKey)).status).toBe(403);
    expect((await post(server, s, 'mail', { to }, null)).status).toBe(403);
    expect((await post(server, s, 'mail', { to }, 'x'.repeat(43))).status).toBe(403);
    expect((await post(server, s, 'mail/preview', { to }, reportKey)).status).toBe(403);

    for (const body of [
      { to: [] },
      { to: ['geen-adres'] },
      { to: ['a@b.example\r\nBcc: spy@evil.example'] },
      { to: Array.from({ length: 21 }, (_, i) => `p${i}@stad.example`) },
      { to, lang: 'xx' },
      { to, extra: true },
    ]) {
      const res = await post(server, s, 'mail', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID');
    }
    expect(box.mails).toHaveLength(0);

    // The organiser may send too.
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'organiser-secret' }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await post(server, s, 'mail', { to }, token)).status).toBe(200);
    expect(box.mails).toHaveLength(1);
  });

  it('R-MAIL-FAIL: when the mail server refuses, the answer is MAIL_FAILED (502), not a success', async () => {
    const box = await inbox(true);
    const server = await serve(smtp(box.port));
    const s = await sessionWithReport(server);
    const res = await post(server, s, 'mail', { to: ['organisator@stad.example'] });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MAIL_FAILED');
    expect(box.mails).toHaveLength(0);
  });

  it('R-MAIL-OFF: without SMTP settings the page is told mail is off, and nothing can be sent', async () => {
    const server = await serve();
    const s = await sessionWithReport(server);
    expect(await (await fetch(`${server.url}/api/mail`)).json()).toEqual({ enabled: false });
    const res = await post(server, s, 'mail', { to: ['organisator@stad.example'] });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
