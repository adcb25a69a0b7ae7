/**
 * The organiser's page: log in with the admin password, list the sessions on this
 * server (with when each is deleted automatically, R-RETENTION), export, duplicate as a
 * template, import, delete one (R-PRIVACY-DELETE), or erase one participant (R-ERASE).
 */
import { translate } from '../../shared/i18n/index.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { checkImport, exportSession, importEvents } from '../../shared/exchange.ts';
import { bearer } from '../auth.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { SessionDetails } from '../store.ts';
import { compactSafely, deleteAfter, eraseParticipant, RETENTION_WARN_DAYS, retentionPolicy, startRetention } from '../retention.ts';
import { apiError, linksFor, type RouteContext } from './context.ts';

/**
 * R-BODY: imports are parsed only for the organiser, and then within a budget of bytes per
 * address (what parsing costs is the bytes): a burst of this many, refilled per minute.
 * A request that would go over gets 429 before its body is read.
 */
export const IMPORT_BYTES_PER_MINUTE = 48 * 1024 * 1024;
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

class ByteBudget {
  #left = new Map<string, { bytes: number; at: number }>();
  constructor(readonly perMinute: number) {}
  take(key: string, bytes: number, now = Date.now()): boolean {
    const b = this.#left.get(key) ?? { bytes: this.perMinute, at: now };
    b.bytes = Math.min(this.perMinute, b.bytes + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    this.#left.set(key, b);
    if (this.#left.size > 10_000) for (const [k, x] of this.#left) if (now - x.at > 60_000) this.#left.delete(k);
    if (b.bytes < bytes) return false;
    b.bytes -= bytes;
    return true;
  }
}

const Login = v.strictObject({ password: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

export const adminRoutes =
  (ctx: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { store, rooms, admin, config } = ctx;
    const importBudget = new ByteBudget(IMPORT_BYTES_PER_MINUTE);
    // R-RETENTION: expired sessions are deleted now and every hour (never throws).
    const retention = retentionPolicy(store, config.retentionDays, app.log);
    const stopRetention = startRetention({ store, rooms, log: app.log }, retention);
    app.addHook('onClose', async () => stopRetention());
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

    /**
     * R-ADMIN-LIST: every session with its own date, place and theme (as the facilitator set
     * them), and its series: the id of the first session of its chain and its number in it.
     */
    app.get('/api/admin/sessions', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      const details = store.sessionDetails();
      return {
        sessions: store.listSessions().map((s) => {
          const d = details.get(s.id);
          return {
            sessionId: s.id,
            code: s.code,
            title: s.title,
            lang: s.lang,
            createdAt: s.created_at,
            participants: s.participants,
            date: s.date,
            place: d?.place ?? null,
            theme: d?.theme ?? null,
            nextDate: d?.nextDate ?? null,
            nextTheme: d?.nextTheme ?? null,
            continues: d?.continues ?? null,
            ...seriesOf(s.id, details),
          };
        }),
      };
    });

    /**
     * R-ADMIN-NEWLINK: a new facilitator key for a lost console link. The old key stops
     * working at once: consoles joined with it lose their connection (and are refused when
     * they come back), and it opens no report any more.
     */
    app.post<{ Params: { id: string } }>('/api/admin/sessions/:id/facilitator-link', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      const row = store.sessionById(req.params.id);
      if (!row) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      const facilitatorKey = newSecret();
      const hash = hashSecret(facilitatorKey);
      store.setFacilitatorKey(row.id, hash);
      const dropped = rooms.dropFacilitators(row.id, hash);
      req.log.info({ sessionId: row.id, dropped }, 'new facilitator link');
      return { sessionId: row.id, facilitatorKey, links: { facilitator: `${baseUrl(req)}/f/${row.id}#k=${facilitatorKey}` } };
    });

    /** R-RETENTION: the period, and when each session is deleted automatically (null: kept). */
    app.get('/api/admin/retention', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      return {
        retentionDays: retention.days,
        warnDays: RETENTION_WARN_DAYS,
        sessions: store.listSessions().map((s) => ({ sessionId: s.id, date: s.date, deleteAfter: deleteAfter(s, retention) })),
      };
    });

    app.delete<{ Params: { id: string } }>('/api/admin/sessions/:id', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      if (!store.sessionById(req.params.id)) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      rooms.delete(req.params.id);
      // R-PRIVACY-DELETE: nothing of it left readable in the file or the WAL.
      compactSafely(store, req.log);
      req.log.info({ sessionId: req.params.id }, 'session deleted');
      return reply.code(204).send();
    });

    /** The participants of a session (id and name, if any), to choose whom to erase. */
    app.get<{ Params: { id: string } }>('/api/admin/sessions/:id/participants', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      const state = rooms.state(req.params.id);
      if (!state) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      return { participants: Object.values(state.participants).map((p) => (p.name ? { id: p.id, name: p.name } : { id: p.id })) };
    });

    /**
     * R-ERASE: erase one participant's name and texts on request. The stored events are
     * rewritten (an appended event would leave the old bytes in the file), the snapshot
     * and the person's tokens dropped, the file compacted; the room replays on next use.
     */
    app.post<{ Params: { id: string; pid: string } }>('/api/admin/sessions/:id/participants/:pid/erase', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      const { id, pid } = req.params;
      if (!store.sessionById(id)) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      // The room in memory holds the texts: it goes first (not while screens are open on it),
      // here and on every node, and none loads it while the erasure runs (R-LEASE).
      const run = await rooms.exclusive(id, () => eraseParticipant(store, id, pid, req.log));
      if (run.busy) return reply.code(409).send(apiError('BUSY', 'the session is open on some screen; close it first'));
      const done = run.value;
      if (!done) return reply.code(404).send(apiError('NOT_FOUND', 'no such participant in this session'));
      if (done.kept) req.log.warn({ sessionId: id, kept: done.kept }, 'erasure: some events kept their text (schema)');
      req.log.info({ sessionId: id, events: done.events }, 'participant erased');
      return { erased: done.events, kept: done.kept, compacted: done.compacted };
    });

    /** A new session with the same agenda (prompts and settings), without results, titled as a copy. */
    app.post<{ Params: { id: string } }>('/api/admin/sessions/:id/duplicate', async (req, reply) => {
      if (!organiser(req, reply)) return reply;
      const row = store.sessionById(req.params.id);
      if (!row) return reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
      const data = exportSession(rooms.state(row.id)!);
      // R-ADMIN-DUPLICATE: "<title> (kopie)", "(kopie 2)", …: a copy can be told apart.
      const title = copyTitle(data.title, data.lang, new Set(store.listSessions().map((x) => x.title)));
      const s = rooms.createWith(title, data.lang, importEvents(data, 'template'));
      // The copy's info cards show the same pictures (R-IMG-LIFECYCLE): copied with it.
      store.copyImages(row.id, s.sessionId);
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
        bodyLimit: IMPORT_BODY_LIMIT,
        onRequest: async (req, reply) => {
          if (!organiser(req, reply)) return reply;
          // R-BODY: charged by what it declares (a chunked body: the limit), before it is read.
          const declared = Number(req.headers['content-length']);
          const bytes = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, IMPORT_BODY_LIMIT) : IMPORT_BODY_LIMIT;
          if (!importBudget.take(req.ip, bytes))
            return reply.code(429).header('retry-after', '60').send(apiError('RATE_LIMITED', 'too many imports; try again in a minute'));
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

/**
 * A session's series: the first session of its chain of `continues` that still exists,
 * and its number in that chain (1, 2, 3…). A session on its own is a series of one.
 */
function seriesOf(id: string, details: Map<string, SessionDetails>): { seriesId: string; seriesNumber: number } {
  let first = id;
  let number = 1;
  for (let prev = details.get(id)?.continues; prev && details.has(prev) && number <= details.size; prev = details.get(prev)?.continues) {
    first = prev;
    number++;
  }
  return { seriesId: first, seriesNumber: number };
}

/** "<title> (kopie)", or "(kopie 2)", "(kopie 3)"… when that title exists; a copy of a copy counts on. */
export function copyTitle(title: string, lang: string, taken: ReadonlySet<string>): string {
  const word = translate(lang, 'admin.copySuffix');
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const base = title.replace(new RegExp(` \\(${escaped}(?: \\d+)?\\)$`, 'u'), '');
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? ` (${word})` : ` (${word} ${n})`;
    const candidate = `${base.slice(0, 120 - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
  return `${base.slice(0, 100)} (${word} ${Date.now()})`;
}
