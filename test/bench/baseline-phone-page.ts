/**
 * The baseline of *Phone first render*: the bare Socket.IO server (baseline-server.ts,
 * unchanged: plain `http` + Socket.IO, `hello` acked at once) with the least a static
 * server does in front of it. This script wraps the HTTP handler that baseline-server.ts
 * creates, then loads that script as it is:
 *
 * - `GET /j/<lang>`: a bare phone page in that language (`lang`, `dir`): a heading, and a
 *   paragraph with the phone's waiting text (`phone.waiting`, from the catalogues), hidden
 *   until the server acked the page's `hello`; it loads only the Socket.IO client bundle
 *   and connects with the client's defaults (polling first, then the upgrade), as Kring's
 *   phone does;
 * - `GET /socket.io.min.js`: that bundle (socket.io-client's own `dist/socket.io.min.js`).
 *
 * Files go out as they are, without compression (as Kring sends its client), with
 * `cache-control: no-cache` on the page (as Kring's phone.html). Everything else is
 * baseline-server.ts's (`/api/health`, 404).
 *
 * Usage: node --import tsx test/bench/lib/guard.ts test/bench/baseline-phone-page.ts (PORT, HOST).
 */
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { translate } from '../../shared/i18n/index.ts';
import { dirOf, LANGUAGES } from '../../shared/i18n/languages.ts';

/** socket.io-client's browser bundle (its package exports do not list `dist/`: found from the package's entry). */
function clientBundle(): Buffer {
  let dir = path.dirname(createRequire(import.meta.url).resolve('socket.io-client'));
  while (!fs.existsSync(path.join(dir, 'dist', 'socket.io.min.js'))) {
    if (path.dirname(dir) === dir) throw new Error('socket.io-client/dist/socket.io.min.js not found');
    dir = path.dirname(dir);
  }
  return fs.readFileSync(path.join(dir, 'dist', 'socket.io.min.js'));
}
const bundle = clientBundle();

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The bare phone page: shows the waiting text once the server has acked its hello. */
const page = (lang: string) => `<!doctype html>
<html lang="${lang}" dir="${dirOf(lang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Kring</title>
  </head>
  <body>
    <h1>Kring</h1>
    <p id="waiting" hidden>${escape(translate(lang, 'phone.waiting'))}</p>
    <script src="/socket.io.min.js"></script>
    <script>
      const socket = io({ path: '/socket.io' });
      socket.on('connect', () =>
        socket.emit('hello', { v: 1, role: 'participant', code: 'BENCH0' }, () => {
          document.getElementById('waiting').hidden = false;
        }),
      );
    </script>
  </body>
</html>
`;
const pages = new Map<string, Buffer>(LANGUAGES.map((lang) => [lang, Buffer.from(page(lang))]));
/** The bundle compressed as Kring's build compresses its own (brotli 11, gzip 9), so transfers compare like with like. */
const bundleBr = zlib.brotliCompressSync(bundle, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
const bundleGz = zlib.gzipSync(bundle, { level: 9 });

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET') return false;
  const lang = /^\/j\/([a-z]{2})$/.exec(url.pathname)?.[1];
  const body = url.pathname === '/socket.io.min.js' ? bundle : lang ? pages.get(lang) : undefined;
  if (!body) return false;
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const encoding = body !== bundle ? undefined : /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
  const sent = encoding === 'br' ? bundleBr : encoding === 'gzip' ? bundleGz : body;
  res.writeHead(200, {
    'content-type': body === bundle ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
    'content-length': sent.length,
    'cache-control': body === bundle ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(encoding && { 'content-encoding': encoding, vary: 'accept-encoding' }),
  });
  res.end(sent);
  return true;
}

// baseline-server.ts calls http.createServer(handler) once: put the static files in front of its handler.
const createServer = http.createServer;
http.createServer = ((handler: Handler) =>
  createServer((req, res) => {
    if (!serveStatic(req, res)) handler(req, res);
  })) as typeof http.createServer;

await import('./baseline-server.ts');
