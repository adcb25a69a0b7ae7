/** Creating sessions (from a template, optionally continuing an earlier one) and checking join codes. */
import type { FastifyPluginAsync } from 'fastify';
import * as v from 'valibot';
import { CreateSessionSchema, JoinCode, formatIssues, type CreatedSession } from '../../shared/protocol.ts';
import { refresherItems } from '../../shared/series.ts';
import type { SessionMeta } from '../../shared/model.ts';
import { bearer } from '../auth.ts';
import { normalizeAddress } from '../net.ts';
import { codeLookups, TokenBuckets } from '../ratelimit.ts';
import { secretMatches } from '../secrets.ts';
import { seriesTitle } from '../../shared/series-title.ts';
import { apiError, linksFor, type RouteContext } from './context.ts';

export const sessionRoutes =
  (ctx: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { store, rooms, config, admin } = ctx;
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
      const { lang, template, continues } = parsed.output;
      let title = parsed.output.title;
      let before: ReturnType<typeof refresherItems> = [];
      let carried: ReturnType<typeof carriedMeta> = {};
      if (continues) {
        // Series: whoever holds the earlier session's facilitator key may continue it, and
        // the organiser (R-ADMIN-NEXT).
        const prev = store.sessionById(continues.sessionId);
        const allowed = continues.key ? prev && secretMatches(continues.key, prev.facilitator_key_hash) : admin.valid(bearer(req));
        if (!prev || !allowed) {
          return reply.code(403).send(apiError('NOT_ALLOWED', 'the earlier session or its key is not right'));
        }
        const state = rooms.state(prev.id)!;
        before = refresherItems(state, lang);
        // R-SERIES-CARRY: the earlier session's next date and theme, its place and facilitator.
        carried = carriedMeta(state.meta);
        title ??= seriesTitle(state.title, state.meta.theme, carried.theme);
      }
      const s = rooms.create(title!, lang, template, before, continues?.sessionId, carried);
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
        if (rooms.state(row.id)?.meta.closedAt) return reply.code(410).send(apiError('SESSION_CLOSED', 'this session has ended'));
        return { sessionId: row.id, code: row.code, title: row.title, lang: row.lang };
      }
      if (!wrongCodes.take(normalizeAddress(req.ip))) {
        return reply.code(429).header('retry-after', '2').send(apiError('RATE_LIMITED', 'too many wrong codes; wait a minute'));
      }
      return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no session with this code'));
    });
  };

/** What a session that continues another starts with (only what is set). */
export function carriedMeta(prev: SessionMeta): Pick<SessionMeta, 'date' | 'theme' | 'place' | 'facilitator'> {
  const pairs = [
    ['date', prev.nextDate],
    ['theme', prev.nextTheme],
    ['place', prev.place],
    ['facilitator', prev.facilitator],
  ] as const;
  return Object.fromEntries(pairs.filter(([, value]) => value));
}
