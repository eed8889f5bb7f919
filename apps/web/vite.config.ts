import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at /; in development `npm run dev -w @citygov/web` proxies the API.
// Vite requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/open311': 'http://127.0.0.1:8080' },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1500,
  },
});
