import { defineConfig } from 'vite';
import { precompressed } from './scripts/precompress.ts';

// JSX through esbuild's automatic runtime: @vitejs/plugin-react would only add hot reload, and its
// types pull in the workspace's newer vite (vitest's), which does not type-check against vite 7.
// The server serves dist/ itself (same origin as the API, so the session cookie and CSRF token just
// work); `vite dev` proxies /api to a running `homeroom serve` for working on screens.
export default defineConfig({
  plugins: [precompressed()],
  esbuild: { jsx: 'automatic' },
  // public/ holds the page the server shows when the app is not built; it is not part of the app.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      // React Query marks its modules "use client" for server-component bundlers; meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || (warning.message.includes('sourcemap') && warning.message.includes('resolve original location'))) return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': process.env.HOMEROOM_API ?? 'http://127.0.0.1:3000' } },
});
