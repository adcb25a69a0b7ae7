import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const serverPort = Number(process.env.KRING_DEV_SERVER_PORT ?? 3001);

/**
 * The UI catalogues as data: every `shared/i18n/<lang>/<area>.json` but the server's is
 * served as `/i18n/<lang>/<area>.json` (copied, minified, into dist/i18n/ by the build;
 * from shared/i18n/ by the dev server). The client learns the areas and the catalogues'
 * version (a content hash, which busts caches) from two build-time constants.
 */
const I18N_DIR = path.resolve('shared/i18n');
const catalogueFiles = () =>
  fs
    .readdirSync(I18N_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(I18N_DIR, d.name))
        .filter((f) => f.endsWith('.json') && f !== 'server.json')
        .map((f) => `${d.name}/${f}`),
    )
    .sort();
const i18nAreas = () => [...new Set(catalogueFiles().map((f) => f.slice(f.indexOf('/') + 1, -'.json'.length)))];
function i18nVersion() {
  const h = crypto.createHash('sha256');
  for (const f of catalogueFiles()) h.update(f).update(fs.readFileSync(path.join(I18N_DIR, f)));
  return h.digest('hex').slice(0, 10);
}
/**
 * Every text file of the build also as .br and .gz beside it (Node's own zlib, at build
 * time), which the server sends to browsers that accept them (@fastify/static
 * `preCompressed`): a phone on slow venue Wi-Fi downloads ~48 KiB instead of ~141.
 */
function precompress(): Plugin {
  const TEXT = /\.(js|css|html|json|svg|txt)$/;
  return {
    name: 'kring-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? path.resolve('dist');
      for (const name of Object.keys(bundle)) {
        if (!TEXT.test(name)) continue;
        const file = path.join(dir, name);
        const raw = fs.readFileSync(file);
        if (raw.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

function catalogues(): Plugin {
  return {
    name: 'kring-catalogues',
    configureServer(server) {
      server.middlewares.use('/i18n/', (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '');
        if (!catalogueFiles().includes(rel)) return next();
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(fs.readFileSync(path.join(I18N_DIR, rel)));
      });
    },
    generateBundle() {
      if (this.environment?.name === 'phone') return; // the client build writes them once
      for (const rel of catalogueFiles()) {
        const json = JSON.stringify(JSON.parse(fs.readFileSync(path.join(I18N_DIR, rel), 'utf8')));
        this.emitFile({ type: 'asset', fileName: `i18n/${rel}`, source: json });
      }
    },
  };
}

export default defineConfig(({ command }) => ({
  root: 'client',
  plugins: [svelte(), catalogues(), precompress()],
  define: {
    __I18N_AREAS__: JSON.stringify(i18nAreas()),
    __I18N_VERSION__: JSON.stringify(i18nVersion()),
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // Keep every script external: the Content-Security-Policy forbids inline scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // Two pages, built one after the other into dist/: everything else (index.html) and the
  // phone's own (phone.html, for /j/CODE). Built on its own, the phone's page carries only
  // what its own modules use (of the Svelte runtime too) and shares no chunk with the others.
  ...(command === 'build' && {
    environments: {
      client: { build: { rollupOptions: { input: { index: path.resolve('client/index.html') } } } },
      phone: {
        consumer: 'client' as const,
        build: { emptyOutDir: false, rollupOptions: { input: { phone: path.resolve('client/phone.html') } } },
      },
    },
    builder: {
      async buildApp(builder) {
        await builder.build(builder.environments.client);
        await builder.build(builder.environments.phone);
      },
    },
  }),
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/socket.io': { target: `http://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
}));
