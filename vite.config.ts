import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The React app lives in src/web; index.html at the repository root loads /src/web/main.tsx.
// report.html is a second, light entry (/src/web/report/main.tsx: React only) for the public
// hazard-report pages that citizens open on a phone. Both go to dist/web, which the Fastify
// server serves.
export default defineConfig({
  root: '.',
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { main: 'index.html', report: 'report.html' },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
