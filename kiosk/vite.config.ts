import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Served by the Numerek server under /kiosk/ (see server/src/http/static-apps.ts). Two pages:
// the kiosk itself, and the citizen's ticket page that the QR code on every ticket opens (/t/<id>).
export default defineConfig({
  base: '/kiosk/',
  plugins: [preact()],
  build: {
    rollupOptions: {
      input: {
        kiosk: resolve(import.meta.dirname, 'index.html'),
        ticket: resolve(import.meta.dirname, 'ticket.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
