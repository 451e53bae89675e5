import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.env.LIKENESS_URL ?? 'http://127.0.0.1:3000';

/**
 * The admin dashboard: a React SPA served by the core-server at /admin (src/http/dashboard.route.ts).
 * `npm run build:dashboard` writes dist/; `npm run dev:dashboard` serves it with hot reload and proxies
 * the API and the socket to a running server (LIKENESS_URL, default http://127.0.0.1:3000).
 */
export default defineConfig({
  root: here,
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // The SDK's index also exports Node-only helpers (the browser-script bundler); the dashboard needs only the typed client.
    alias: [{ find: /^@likeness\/sdk$/, replacement: path.resolve(here, '../../plugins/src/client.ts') }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/socket.io'].map((p) => [
        p,
        {
          target,
          ws: p === '/socket.io',
          changeOrigin: true,
          // The server refuses cookie writes from a foreign Origin; present the proxied one.
          configure: (proxy: { on(event: 'proxyReq', cb: (req: { setHeader(k: string, v: string): void }) => void): void }) =>
            proxy.on('proxyReq', (req) => req.setHeader('origin', target)),
        },
      ]),
    ),
  },
});
