/** Creating sessions (from a template, optionally continuing an earlier one) and checking join codes. */
import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { CreateSessionSchema, JoinCode, formatIssues, type CreatedSession } from '../../shared/protocol.ts';
import { refresherItems } from '../../shared/series.ts';
import { normalizeAddress } from '../net.ts';
import { codeLookups, TokenBuckets } from '../ratelimit.ts';
import { secretMatches } from '../secrets.ts';
import { apiError, linksFor, type RouteContext } from './context.ts';

export const sessionRoutes =
  (ctx: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { store, rooms, config } = ctx;
    const baseUrl = (req: { protocol: string; host: string }) => config.publicUrl ?? `${req.protocol}://${req.host}`;
    /** Wrong codes typed on the start page, per address (R-LIMIT-HTTP-JOIN): 30, then one every 2 s. */
    const wrongCodes = new TokenBuckets(30, 1 / 2);
    /** Every look-up, right or wrong, under a generous ceiling (R-LIMIT-ENUM). */
    const lookups = codeLookups(config.joinsPerMinute);

    app.post('/api/sessions', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const parsed = v.safeParse(CreateSessionSchema, req.body);
      if (!parsed.success) {
        return reply
          .code(400)
          .send(apiError('INVALID', 'title (1–120 characters) and lang (nl|en) are required', formatIssues(parsed.issues)));
      }
      const { title, lang, template, continues } = parsed.output;
      let before: ReturnType<typeof refresherItems> = [];
      if (continues) {
        // Series: only whoever holds the earlier session's facilitator key may continue it.
        const prev = store.sessionById(continues.sessionId);
        if (!prev || !secretMatches(continues.key, prev.facilitator_key_hash)) {
          return reply.code(403).send(apiError('NOT_ALLOWED', 'the earlier session or its key is not right'));
        }
        before = refresherItems(rooms.get(prev.id)!.state, lang);
      }
      const s = rooms.create(title, lang, template, before, continues?.sessionId);
      req.log.info({ sessionId: s.sessionId, continues: continues?.sessionId }, 'session created');
      return reply.code(201).send(linksFor(baseUrl(req), s) satisfies CreatedSession);
    });

    /**
     * The start page checks a typed code before navigating. Only wrong codes count toward
     * the limit, per client address: a venue's phones behind one address always get an
     * answer for the right code, however much someone on the same Wi-Fi guesses.
     */
    app.get<{ Params: { code: string } }>('/api/join/:code', async (req, reply) => {
      if (!lookups.take(normalizeAddress(req.ip))) {
        return reply
          .code(429)
          .header('retry-after', '15')
          .send(apiError('RATE_LIMITED', 'too many join codes from this address; wait a minute'));
      }
      const parsed = v.safeParse(JoinCode, req.params.code);
      const row = parsed.success ? store.sessionByCode(parsed.output) : undefined;
      if (row) {
        // R-CLOSE: an ended session's code no longer opens it.
        if (rooms.get(row.id)?.state.meta.closedAt) return reply.code(410).send(apiError('SESSION_CLOSED', 'this session has ended'));
        return { sessionId: row.id, code: row.code, title: row.title, lang: row.lang };
      }
      if (!wrongCodes.take(normalizeAddress(req.ip))) {
        return reply.code(429).header('retry-after', '2').send(apiError('RATE_LIMITED', 'too many wrong codes; wait a minute'));
      }
      return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no session with this code'));
    });
  };
