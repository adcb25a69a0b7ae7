/**
 * "Mail the report" (optional; only when SMTP is configured, see README): the facilitator
 * or the organiser types addresses, sees a preview of exactly what will go (sender,
 * subject, text, attachments), and sends the report as PDF and DOCX. A report link's
 * holder may read the report but cannot make the server send mail (R-MAIL-AUTH).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { translate } from '../../shared/i18n/index.ts';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { formatIssues } from '../../shared/protocol.ts';
import { formatDate } from '../../shared/report/dates.ts';
import type { Access } from '../auth.ts';
import type { Attachment } from '../mail.ts';
import type { SessionRow } from '../store.ts';
import { apiError, type RouteContext } from './context.ts';

/** At most this many addresses in one message. */
export const MAX_RECIPIENTS = 20;

const Email = v.pipe(v.string(), v.trim(), v.maxLength(254), v.email());
export const MailRequestSchema = v.strictObject({
  to: v.pipe(v.array(Email), v.minLength(1), v.maxLength(MAX_RECIPIENTS)),
  lang: v.optional(v.picklist(LANGUAGES)),
  /** A few words from the sender, above the standard text. */
  note: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});
type MailRequest = v.InferOutput<typeof MailRequestSchema>;

/** What the report routes lend the mail routes: their access check and their renderer (with its cache). */
export interface ReportTools {
  guard(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    allowed: Access[],
  ): { row: SessionRow; access: Access } | undefined;
  file(sessionId: string, format: 'pdf' | 'docx', lang: string, access: Access): Promise<Attachment>;
}

export const mailRoutes =
  (ctx: RouteContext, tools: ReportTools): FastifyPluginAsync =>
  async (app) => {
    const { mailer } = ctx;
    /** Whether the report page may offer "mail the report". */
    app.get('/api/mail', async () => ({ enabled: Boolean(mailer) }));

    /** The message as it would go; undefined when a reply was already sent. */
    async function compose(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
      const allowed = tools.guard(req, reply, ['facilitator', 'organiser']);
      if (!allowed) return undefined;
      if (!mailer) {
        reply.code(404).send(apiError('NOT_FOUND', 'mail is not configured on this server (SMTP_HOST, SMTP_FROM)'));
        return undefined;
      }
      const parsed = v.safeParse(MailRequestSchema, req.body);
      if (!parsed.success) {
        reply
          .code(400)
          .send(
            apiError(
              'INVALID',
              'to: 1–20 e-mail addresses; lang: a Kring language; note: at most 2,000 characters',
              formatIssues(parsed.issues),
            ),
          );
        return undefined;
      }
      const body: MailRequest = parsed.output;
      const state = ctx.rooms.state(allowed.row.id)!;
      const lang = body.lang ?? state.lang;
      const date = formatDate(state.meta?.date ?? new Date(state.createdAt).toISOString().slice(0, 10), lang);
      const t = (key: string) => translate(lang, key, { title: state.title, date });
      const note = body.note?.trim();
      const text = [...(note ? [note, ''] : []), t('mail.body'), '', t('mail.signature')].join('\n');
      const attachments = [
        await tools.file(allowed.row.id, 'pdf', lang, allowed.access),
        await tools.file(allowed.row.id, 'docx', lang, allowed.access),
      ];
      return { to: body.to, subject: t('mail.subject'), text, attachments };
    }

    app.post<{ Params: { id: string } }>(
      '/api/sessions/:id/report/mail/preview',
      { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const mail = await compose(req, reply);
        if (!mail) return reply;
        return {
          from: mailer!.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length })),
        };
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/sessions/:id/report/mail',
      // Only key holders get here; still, a mail server is not ours to flood.
      { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const mail = await compose(req, reply);
        if (!mail) return reply;
        try {
          await mailer!.send(mail);
        } catch (e) {
          // The addresses are personal data: the log says how many, not which.
          const err = e as { code?: string; responseCode?: number };
          req.log.warn({ code: err.code, responseCode: err.responseCode, recipients: mail.to.length }, 'report mail failed');
          return reply.code(502).send(apiError('MAIL_FAILED', 'the mail server did not accept the message; nothing was sent'));
        }
        req.log.info({ sessionId: req.params.id, recipients: mail.to.length }, 'report mailed');
        return { sent: mail.to.length };
      },
    );
  };
