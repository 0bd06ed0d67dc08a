import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // web/public holds the placeholder the API serves before a build; it is not part of the app.
  publicDir: false,
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:4000', '/openapi.json': 'http://localhost:4000' } },
});
