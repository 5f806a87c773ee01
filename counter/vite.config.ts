import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the Numerek server under /counter/ (see server/src/http/static-apps.ts).
export default defineConfig({
  base: '/counter/',
  plugins: [preact()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
