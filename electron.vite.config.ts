import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/shared/csp';

/** Puts the strict CSP into the built index.html (the dev server gets it from the shell instead). */
function cspMeta(): Plugin {
  return {
    name: 'rapport-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/shell/index.ts'),
          webhost: resolve(__dirname, 'src/main/webhost/cli.ts'),
          // The core (vault, SQL, services) runs in this worker thread, never on the main thread.
          coreWorker: resolve(__dirname, 'src/main/api/coreWorker.ts'),
        },
      },
    },
  },
  preload: {
    // Sandboxed preloads cannot require node_modules: bundle everything into one file.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
