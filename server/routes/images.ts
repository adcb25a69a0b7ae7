/**
 * A session's pictures (R-IMG-UPLOAD, R-IMG-REJECT, R-IMG-ACCESS).
 *
 * POST /api/sessions/:id/images: the image's bytes as the body (any content type: what it
 * is comes from its first bytes), with the facilitator key or an organiser token. The key
 * is checked before the body is read. Answers `{ imageId, width, height }`; a wrong type
 * 415, too big 413, unreadable (truncated, damaged, a decompression bomb) 400, each with a
 * typed error and nothing stored.
 *
 * GET /api/sessions/:id/images/:imageId: who may see it.
 * - An image on an info card is shown to everyone in the session (phones, board), like the
 *   card's text: its unguessable id (nanoid, 21 characters) is enough.
 * - Any other image (a photo of a flipchart, an upload not on a card) only with a key:
 *   the facilitator's, the report link's or an organiser's (`Authorization: Bearer`).
 * Anything else is 404, whether or not it exists.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { configImages } from '../../shared/reduce.ts';
import { accessTo, bearer } from '../auth.ts';
import { ImageRefused, MAX_IMAGE_BYTES, processImage } from '../images.ts';
import type { SessionRow } from '../store.ts';
import { apiError, type RouteContext } from './context.ts';

/** Pictures decoded at once on this server; more wait for a moment (503 BUSY). Decoding is CPU work. */
const MAX_DECODING = 2;
const IMAGE_ID = /^[A-Za-z0-9_-]{21}$/;

type Params = { id: string; imageId?: string };

export const imageRoutes =
  (ctx: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { store, rooms, admin } = ctx;
    let decoding = 0;

    // Only the routes of this plugin: every body is taken as bytes, whatever it says it is.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.statusCode === 413) return reply.code(413).send(apiError('TOO_LARGE', `an image is at most ${MAX_IMAGE_BYTES} bytes`));
      if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send(apiError('INVALID', err.message));
      reply.log.error({ err }, 'image request failed');
      return reply.code(500).send(apiError('INTERNAL', 'the image could not be handled'));
    });

    /** The session, for a facilitator or organiser; otherwise a 404/403 already sent. */
    function uploader(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): SessionRow | undefined {
      const row = store.sessionById(req.params.id);
      if (!row) {
        reply.code(404).send(apiError('UNKNOWN_SESSION', 'no such session'));
        return undefined;
      }
      const access = accessTo(row, bearer(req), admin);
      if (access !== 'facilitator' && access !== 'organiser') {
        reply.code(403).send(apiError('NOT_ALLOWED', 'adding images needs the facilitator key or the organiser password'));
        return undefined;
      }
      return row;
    }

    app.post<{ Params: Params }>(
      '/api/sessions/:id/images',
      {
        bodyLimit: MAX_IMAGE_BYTES,
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        // Before the body is read: nobody without the key makes the server take 8 MiB.
        onRequest: async (req, reply) => {
          if (!uploader(req, reply)) return reply;
        },
      },
      async (req, reply) => {
        const row = uploader(req, reply);
        if (!row) return reply;
        if (rooms.state(row.id)?.meta.closedAt)
          return reply.code(409).send(apiError('SESSION_CLOSED', 'this session has ended; nothing can change'));
        if (store.imageBytes(row.id) >= ctx.config.imageBytesPerSession)
          return reply
            .code(413)
            .send(apiError('LIMIT_REACHED', `a session keeps at most ${ctx.config.imageBytesPerSession} bytes of images`));
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (decoding >= MAX_DECODING)
          return reply.code(503).header('retry-after', '2').send(apiError('BUSY', 'other images are being read; try again in a moment'));
        decoding++;
        let image;
        try {
          image = await processImage(body);
        } catch (e) {
          if (e instanceof ImageRefused) return reply.code(e.status).send(apiError(e.code, e.message));
          throw e;
        } finally {
          decoding--;
        }
        if (store.imageBytes(row.id) + image.data.length > ctx.config.imageBytesPerSession)
          return reply
            .code(413)
            .send(apiError('LIMIT_REACHED', `a session keeps at most ${ctx.config.imageBytesPerSession} bytes of images`));
        try {
          store.putImage(row.id, image);
        } catch (e) {
          req.log.error({ err: e, sessionId: row.id }, 'storing an image failed');
          return reply.code(503).send(apiError('READ_ONLY', 'the image could not be stored; try again later'));
        }
        req.log.info({ sessionId: row.id, bytes: image.data.length }, 'image stored');
        return reply.code(201).send({ imageId: image.id, width: image.width, height: image.height });
      },
    );

    app.get<{ Params: Params }>(
      '/api/sessions/:id/images/:imageId',
      { config: { rateLimit: { max: 600, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const notFound = () => reply.code(404).send(apiError('NOT_FOUND', 'no such image'));
        const imageId = req.params.imageId ?? '';
        const row = IMAGE_ID.test(imageId) ? store.sessionById(req.params.id) : undefined;
        if (!row) return notFound();
        const secret = bearer(req);
        const keyed = secret !== undefined && accessTo(row, secret, admin) !== undefined;
        if (!keyed) {
          // R-IMG-ACCESS: without a key, only what an info card shows everyone.
          const onCard = (rooms.state(row.id)?.agenda ?? []).some((a) => configImages(a.config).includes(imageId));
          if (!onCard) return notFound();
        }
        const image = store.imageData(row.id, imageId);
        if (!image) return notFound();
        return reply
          .header('content-type', image.mime)
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', 'inline')
          .send(image.data);
      },
    );
  };
