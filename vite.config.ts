import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const serverPort = Number(process.env.KRING_DEV_SERVER_PORT ?? 3001);

export default defineConfig(({ command }) => ({
  root: 'client',
  plugins: [svelte()],
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
