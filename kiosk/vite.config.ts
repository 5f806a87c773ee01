import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the Numerek server under /kiosk/ (see server/src/http/static-apps.ts).
export default defineConfig({
  base: '/kiosk/',
  plugins: [preact()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
