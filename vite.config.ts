import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The React app lives in src/web; index.html at the repository root loads /src/web/main.tsx.
// The built app goes to dist/web, which the Fastify server serves.
export default defineConfig({
  root: '.',
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
