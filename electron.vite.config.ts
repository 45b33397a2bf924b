import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The worker threads are entries of their own, so the packaged app has a file to start
        // them from (electron/core/worker-url.ts); chunks sit beside them, where that looks.
        input: {
          index: resolve('electron/main/index.ts'),
          'csv-worker': resolve('electron/core/reports/export/csv-worker.ts'),
          'integrity-worker': resolve('electron/core/journal/integrity-worker.ts'),
          'push-worker': resolve('electron/core/headoffice/push-worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but 'electron': bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      // electron-vite leaves the renderer unminified by default; the window loads it from disk, but
      // its size is a budget (design.md §8: <= 150 KB gzipped), and minified it is half as large.
      minify: true,
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
