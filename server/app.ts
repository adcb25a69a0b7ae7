/**
 * buildApp(config): the Fastify app (security headers, REST, static client) with
 * Socket.IO attached to the same HTTP server. Tests start it on port 0.
 */
import { loadKinds } from '../shared/activities/registry.ts';
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import { Server } from 'socket.io';
import { MAX_HTTP_BUFFER_BYTES, type ClientToServer, type ServerToClient } from '../shared/protocol.ts';
import { Mailer } from './mail.ts';
import { AdminAuth } from './auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiError } from './routes/context.ts';
import { imageRoutes } from './routes/images.ts';
import { reportRoutes } from './routes/reports.ts';
import { sessionRoutes } from './routes/sessions.ts';
import type { Config } from './config.ts';
import { trustFunction } from './net.ts';
import { RoomElsewhereError, Rooms } from './rooms.ts';
import { attachSockets } from './socket.ts';
import { Store, type KringStore } from './store.ts';
import { PgStore } from './store-pg-sync.ts';
import { isStorageError } from './write-health.ts';
import { Cluster } from './cluster.ts';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import { createClient } from 'redis';

export interface BuildOptions {
  /** Where log lines go (default stdout); tests capture them to check that no secret leaks. */
  logStream?: { write(line: string): void };
  /** Overrides for @fastify/under-pressure (tests force pressure with a failing health check). */
  pressure?: Partial<FastifyUnderPressureOptions>;
  /** One of KRING_WORKERS processes behind one port (main.ts): its siblings are reached through the primary. */
  worker?: boolean;
}

/**
 * A request as it appears in log lines (R-LOG): method and path only. No client address,
 * no host (often an IP on a venue's network), no query string, and no join code.
 */
export function loggedRequest(req: { method: string; url: string }) {
  const path = req.url.split('?')[0].replace(/^\/(j|api\/join)\/[^/]+/, '/$1/…');
  return { method: req.method, url: path };
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  // The server judges every kind's commands: it holds every kind, whole, from the start.
  await loadKinds();
  const app = Fastify({
    // The same trust function as the sockets' (net.ts): req.ip is the first untrusted
    // address from the right of X-Forwarded-For, and every per-address limit keys on it.
    trustProxy: config.trustProxy === false ? false : trustFunction(config.trustProxy),
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // No machine name in every line; requests without their address (R-LOG).
      base: { pid: process.pid },
      serializers: { req: loggedRequest },
      // Keys live in URL fragments and socket messages, never in requests; redact anyway.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'key', 'token', '*.key', '*.token'],
    },
    bodyLimit: 64 * 1024,
  });
  // R-LEASE: a session run by another process answers 503 BUSY in our error shape; every
  // other error goes on to Fastify's own handler.
  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof RoomElsewhereError) return reply.code(503).header('retry-after', '5').send(apiError('BUSY', error.message));
    // The database is away (R-PG-AWAY): nothing was changed; try again in a moment.
    if (isStorageError(error))
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(apiError('BUSY', 'the server cannot reach its storage now; try again in a moment'));
    throw error;
  });
  // Several machines share PostgreSQL (DATABASE_URL); otherwise the SQLite file in the data folder.
  const store: KringStore = config.databaseUrl ? new PgStore(config.databaseUrl) : new Store(config.dataDir, config.sqliteSync);
  const io = new Server<ClientToServer, ServerToClient>(app.server, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    serveClient: false,
    // Phones on weak Wi-Fi: tolerate slow pongs before declaring a socket gone.
    pingInterval: 20_000,
    pingTimeout: 25_000,
  });
  // Several nodes (REDIS_URL, issue 14): frames reach an audience's sockets on every node
  // through the Redis Streams adapter, and a session's owner serves the other nodes'
  // sockets (cluster.ts). A frame then goes to the whole room at once: chunks name local
  // sockets only.
  // KRING_WORKERS without Redis: the workers of one machine talk through their primary
  // (@socket.io/cluster-adapter), with the same forwarding.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, app.log) : undefined;
  if (redis) io.adapter(createAdapter(redis, { streamName: 'kring' }));
  else if (options.worker) io.adapter(createClusterAdapter());
  const shared = !!redis || !!options.worker;
  const rooms = new Rooms(store, io, shared ? { ...config, frameChunk: Number.POSITIVE_INFINITY } : config, app.log);
  const cluster = shared ? new Cluster(io, rooms, store, config, app.log) : undefined;
  attachSockets(io, rooms, store, config, app.log, () => app.isUnderPressure(), cluster);

  await app.register(underPressure, {
    // Load shedding (R-PRESSURE): when the event loop lags this much (ms, averaged over a
    // second; default 1000, 0 off), HTTP answers 503 BUSY at once and new sockets are
    // refused, instead of queueing work the server cannot do.
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: 5,
    pressureHandler: (_req, reply) => {
      reply.code(503).header('retry-after', '5');
      // A returned body is sent by the plugin (its type only admits void).
      return apiError('BUSY', 'the server is overloaded; try again in a moment') as unknown as void;
    },
    ...options.pressure,
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // blob: the console and the report page show photos fetched with the key (R-IMG-ACCESS).
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The board is often opened on a second screen from a link; no cross-origin embedding.
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });

  app.get('/api/health', async () => ({ ok: true }));
  // "Mail the report" only when SMTP is configured (README); nothing is ever sent otherwise.
  const mailer = config.smtp ? new Mailer(config.smtp) : undefined;
  const routes = { config, store, rooms, admin: new AdminAuth(store, config, app.log), mailer };
  await app.register(sessionRoutes(routes));
  await app.register(reportRoutes(routes));
  await app.register(adminRoutes(routes));
  await app.register(imageRoutes(routes));

  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && hasClient) {
      // A phone gets its own small page (phone.html); every other view the full one.
      const page = req.url.startsWith('/j/') && hasPhonePage ? 'phone.html' : 'index.html';
      return reply.header('cache-control', 'no-cache').sendFile(page);
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
  });

  const hasClient = fs.existsSync(path.join(config.clientDir, 'index.html'));
  const hasPhonePage = fs.existsSync(path.join(config.clientDir, 'phone.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: config.clientDir,
      wildcard: false,
      // The build writes .br and .gz beside each text file (vite.config.ts): sent to browsers that accept them.
      preCompressed: true,
      // Our own cache headers (the plugin's default would set max-age=0 on everything).
      cacheControl: false,
      setHeaders(res, file) {
        // Hashed names, and catalogues fetched with their content version: never stale.
        if (file.includes(`${path.sep}assets${path.sep}`) || file.includes(`${path.sep}i18n${path.sep}`)) {
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        } else {
          res.setHeader('cache-control', 'no-cache');
        }
      },
    });
  } else {
    app.log.warn({ clientDir: config.clientDir }, 'client not built; run `npm run build`');
  }

  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
    cluster?.close();
    rooms.close();
    store.close();
    mailer?.close();
    // Pending messages to other nodes go out first; a Redis that is away is not waited for long.
    if (redis) {
      const closed = redis.close().catch(() => undefined);
      const waited = await Promise.race([closed.then(() => true), new Promise<false>((r) => setTimeout(r, 2000, false).unref())]);
      if (!waited) redis.destroy();
    }
  });

  return { app, io, rooms, store };
}

/**
 * The Redis client of a node (REDIS_URL). It reconnects by itself when Redis goes away and
 * comes back; meanwhile it says so once, not at every attempt.
 */
async function connectRedis(url: string, log: { warn(o: object, m: string): void; info(o: object, m: string): void }) {
  const client = createClient({ url });
  let down = false;
  client.on('error', (err: Error & { code?: string }) => {
    if (down) return;
    down = true;
    log.warn({ code: err.code ?? err.name }, 'Redis: the connection failed; reconnecting');
  });
  client.on('ready', () => {
    if (down) log.info({}, 'Redis: connected again');
    down = false;
  });
  await client.connect();
  return client;
}
