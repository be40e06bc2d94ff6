// The console's build. Run from the repository root with `vite build console` (the root argument
// makes Vite read this file and write console/dist).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the console works wherever the server mounts it (hash routing keeps every
  // page at the same path).
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server's CSP allows scripts only from 'self': no inline module preload polyfill.
    modulePreload: { polyfill: false },
    // Small assets must stay files too (img-src allows data:, but keep one rule for all).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
});
