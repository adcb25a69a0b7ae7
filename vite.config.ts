import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const serverPort = Number(process.env.KRING_DEV_SERVER_PORT ?? 3001);

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // Keep every script external: the Content-Security-Policy forbids inline scripts.
    modulePreload: { polyfill: false },
    // Two pages: the phone's own (phone.html, for /j/CODE) and everything else.
    rollupOptions: { input: { index: path.resolve('client/index.html'), phone: path.resolve('client/phone.html') } },
    assetsInlineLimit: 0,
  },
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
});
