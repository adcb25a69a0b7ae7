/**
 * The organiser's page: log in with the admin password, list the sessions on this
 * server, export, duplicate as a template, import, or delete one.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { checkImport, exportSession, importEvents } from '../../shared/exchange.ts';
import { bearer } from '../auth.ts';
import { apiError, linksFor, type RouteContext } from './context.ts';

const Login = v.strictObject({ password: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

export const adminRoutes =
  (ctx: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { store, rooms, admin, config } = ctx;
    const baseUrl = (req: FastifyRequest) => config.publicUrl ?? `${req.protocol}://${req.host}`;
    const organiser = (req: FastifyRequest, reply: FastifyReply) => {
      if (admin.valid(bearer(req))) return true;
      reply.code(403).send(apiError('NOT_ALLOWED', 'log in with the organiser password'));
      return false;
    };

    app.post('/api/admin/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
      const parsed = v.safeParse(Login, req.body);
      const token = parsed.success ? admin.login(parsed.output.password) : undefined;
      if (!token) return reply.code(403).send(apiError('NOT_ALLOWED', 'wrong password'));
      return { token };
    });

    app.post('/api/admin/logout', async (req, reply) => {
      admin.logout(bearer(req));
      return reply.code(204).send();
    });

    app.get('/api/admin/sessions', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      return {
        sessions: store.listSessions().map((s) => ({
          sessionId: s.id,
          code: s.code,
          title: s.title,
          lang: s.lang,
          createdAt: s.created_at,
          participants: s.participants,
        })),
      };
    });

    app.delete<{ Params: { id: string } }>('/api/admin/sessions/:id', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      if (!store.sessionById(req.params.id)) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      rooms.delete(req.params.id);
      req.log.info({ sessionId: req.params.id }, 'session deleted');
      return reply.code(204).send();
    });

    /** A new session with the same agenda (prompts and settings), without results. */
    app.post<{ Params: { id: string } }>('/api/admin/sessions/:id/duplicate', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      const row = store.sessionById(req.params.id);
      if (!row) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      const data = exportSession(rooms.get(row.id)!.state);
      const s = rooms.createWith(data.title, data.lang, importEvents(data, 'template'));
      return reply.code(201).send(linksFor(baseUrl(req), s));
    });

    /**
     * Import an exported session, as a new session (with results) or as a template.
     * R-IMPORT-VALIDATE: the organiser token is checked before the (up to 8 MiB) body is
     * read (onRequest runs before body parsing); then the export and every event it would
     * store are checked against the schemas, and a failure is a 400 naming the fields,
     * with nothing written.
     */
    app.post(
      '/api/admin/import',
      {
        bodyLimit: 8 * 1024 * 1024,
        onRequest: async (req, reply) => {
          if (!organiser(req, reply)) return reply;
        },
      },
      async (req, reply) => {
        const checked = checkImport(req.body);
        if (!checked.ok) return reply.code(400).send(apiError('INVALID', checked.message, checked.issues));
        const { data, events, extra } = checked;
        const s = rooms.createWith(data.title, data.lang, events, extra);
        req.log.info({ sessionId: s.sessionId }, 'session imported');
        return reply.code(201).send(linksFor(baseUrl(req), s));
      },
    );
  };
