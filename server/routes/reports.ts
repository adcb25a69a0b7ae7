/**
 * The report (verslag) in every format. Only with the facilitator key, the read-only
 * report key, or an organiser token; anything else gets 403 (or 404) and no data.
 *
 * R-PRIVACY-REPORT-LINK: with a report key, `json` is the anonymous export
 * (shared/report/public-export.ts); the full export, which lists the participants and who
 * wrote what (for re-import), needs the facilitator key or the organiser, and says so in
 * a `kring-export` header.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { exportSession } from '../../shared/exchange.ts';
import { buildReport, buildRows } from '../../shared/report/build.ts';
import { FULL_EXPORT_CONTAINS, publicExport } from '../../shared/report/public-export.ts';
import { isLanguage, LANGUAGES } from '../../shared/i18n/languages.ts';
import { accessTo, bearer, type Access } from '../auth.ts';
import { toCsv } from '../report/csv.ts';
import { toDocx } from '../report/docx.ts';
import { toMarkdown } from '../report/markdown.ts';
import { toPdf } from '../report/pdf.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { SessionRow, KringStore as Store } from '../store.ts';
import type { ReportAssets } from '../../shared/report/model.ts';
import type { RoomState } from '../../shared/model.ts';
import { apiError, type RouteContext } from './context.ts';
import { mailRoutes } from './mail.ts';

export const REPORT_FORMATS = ['md', 'docx', 'pdf', 'csv', 'json', 'doc'] as const;
type Format = (typeof REPORT_FORMATS)[number];
const TYPES: Record<Exclude<Format, 'doc'>, string> = {
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** A file name people recognise: verslag-lerend-netwerk-sessie-6-2023-06-23.docx (ASCII, for every client). */
function fileName(title: string, date: string, lang: string, ext: string) {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${lang === 'nl' ? 'verslag' : 'report'}-${slug || 'kring'}-${date}.${ext}`;
}

/**
 * The same name keeping the title's own letters (an Arabic or Ukrainian title), when the
 * ASCII name lost some: "report-تقرير-الجلسة-6-2023-06-23.pdf". Sent as RFC 6266 `filename*`.
 */
function unicodeFileName(title: string, date: string, lang: string, ext: string): string | undefined {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  const name = `${lang === 'nl' ? 'verslag' : 'report'}-${slug || 'kring'}-${date}.${ext}`;
  return name === fileName(title, date, lang, ext) || /^[\x20-\x7e]*$/.test(name) ? undefined : name;
}

/** `attachment; filename="…"`, with `filename*` when the title has letters ASCII cannot hold. */
export function disposition(title: string, date: string, lang: string, ext: string): string {
  const plain = `attachment; filename="${fileName(title, date, lang, ext)}"`;
  const unicode = unicodeFileName(title, date, lang, ext);
  return unicode ? `${plain}; filename*=UTF-8''${encodeURIComponent(unicode)}` : plain;
}

/** The session's stored pictures, for the DOCX and the PDF (R-REPORT-DOCX-MEDIA). */
const assetsOf = (store: Store, sessionId: string): ReportAssets => ({
  image: (imageId) => store.imageData(sessionId, imageId),
});

/**
 * Recent exports by session, seq, format and audience: a second download of an unchanged
 * session is free. Each entry remembers the state it was built from: an erasure rewrites
 * the log without a new seq and reloads the room (a new state), so an older entry is stale.
 */
const CACHE_SIZE = 16;

export const reportRoutes =
  (ctx: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { store, rooms, admin } = ctx;
    const cache = new Map<string, { state: Readonly<RoomState>; body: string | Buffer }>();
    /**
     * The session as a report reads it: the room's, with the attendance peak of the last
     * joins stored first (R-JOIN-COST), when this process runs it or can; else, when another
     * process runs it (R-CLUSTER-FORWARD), read from the log.
     */
    function stateOf(id: string): Readonly<RoomState> {
      const state = rooms.state(id)!;
      if (rooms.isLoaded(id)) rooms.get(id)!.settle();
      return state;
    }
    async function render(id: string, format: Exclude<Format, 'doc'>, lang: string, access: Access): Promise<string | Buffer> {
      const state = stateOf(id);
      const full = format === 'json' && access !== 'report';
      // R-REPORT-ATTENDANCE: the names participants gave are for the facilitator and the organiser only.
      const names = access !== 'report';
      const key = `${id}:${state.seq}:${format}:${lang}:${full ? 'full' : names ? 'named' : 'report'}`;
      const hit = cache.get(key);
      if (hit && hit.state === state) return hit.body;
      // Building a DOCX or a PDF is CPU work on the event loop every room shares (~0.3 s
      // for a 1,000-post-it session's DOCX, see docs/benchmarks.md); the cache keeps
      // repeats free.
      const body =
        format === 'md'
          ? toMarkdown(buildReport(state, lang, { names }))
          : format === 'docx'
            ? await toDocx(buildReport(state, lang, { names }), assetsOf(store, id))
            : format === 'pdf'
              ? await toPdf(buildReport(state, lang, { names }), assetsOf(store, id))
              : format === 'csv'
                ? toCsv(buildRows(state), lang)
                : JSON.stringify(full ? exportSession(state) : publicExport(state, lang), null, 2);
      cache.delete(key);
      cache.set(key, { state, body });
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return body;
    }

    /** The session and the caller's access, or a 404/403 already sent. */
    function guard(
      req: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      allowed: Access[],
    ): { row: SessionRow; access: Access } | undefined {
      const row = store.sessionById(req.params.id);
      if (!row) {
        reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
        return undefined;
      }
      const access = accessTo(row, bearer(req), admin);
      if (!access || !allowed.includes(access)) {
        reply.code(403).send(apiError('NOT_ALLOWED', 'this report needs the facilitator key, a report link or the organiser password'));
        return undefined;
      }
      return { row, access };
    }

    app.get<{ Params: { id: string; format: string }; Querystring: { lang?: string } }>(
      '/api/sessions/:id/report/:format',
      { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const allowed = guard(req, reply, ['facilitator', 'report', 'organiser']);
        if (!allowed) return reply;
        const { row, access } = allowed;
        const format = req.params.format as Format;
        if (!REPORT_FORMATS.includes(format)) return reply.code(404).send(apiError('NOT_FOUND', `formats: ${REPORT_FORMATS.join(', ')}`));
        const state = stateOf(row.id);
        // R-REPORT-LANG: any of Kring's languages (default: the session's).
        const lang = req.query.lang ?? state.lang;
        if (!isLanguage(lang)) return reply.code(400).send(apiError('INVALID', `lang: one of ${LANGUAGES.join(', ')}`));
        if (format === 'doc') return buildReport(state, lang, { names: access !== 'report' });
        const date = state.meta?.date ?? new Date(state.createdAt).toISOString().slice(0, 10);
        const body = await render(row.id, format, lang, access);
        if (format === 'json' && access !== 'report') reply.header('kring-export', FULL_EXPORT_CONTAINS);
        return reply
          .header('content-type', TYPES[format])
          .header('content-disposition', disposition(state.title, date, lang, format))
          .header('cache-control', 'no-store')
          .send(body);
      },
    );

    /** A read-only link for an organiser: `/r/<id>#k=<reportKey>`. A new one replaces the old. */
    app.post<{ Params: { id: string } }>('/api/sessions/:id/report-link', async (req, reply) => {
      const row = guard(req, reply, ['facilitator', 'organiser'])?.row;
      if (!row) return reply;
      const reportKey = newSecret();
      store.setReportKey(row.id, hashSecret(reportKey));
      const base = ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
      return { reportKey, url: `${base}/r/${row.id}#k=${reportKey}` };
    });

    // "Mail the report" (when SMTP is configured): the same access check and renderer.
    await app.register(
      mailRoutes(ctx, {
        guard,
        async file(id, format, lang, access) {
          const state = stateOf(id);
          const date = state.meta?.date ?? new Date(state.createdAt).toISOString().slice(0, 10);
          const content = (await render(id, format, lang, access)) as Buffer;
          return {
            filename: unicodeFileName(state.title, date, lang, format) ?? fileName(state.title, date, lang, format),
            contentType: TYPES[format],
            content,
          };
        },
      }),
    );
  };
