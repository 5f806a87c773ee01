import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Served by the Numerek server under /kiosk/ (see server/src/http/static-apps.ts). Four pages:
// the kiosk itself, the citizen's ticket page that the QR code on every ticket opens (/t/<id>),
// the feedback tablet beside a counter (/feedback/) and the public booking page (/book/).
export default defineConfig({
  base: '/kiosk/',
  plugins: [preact()],
  build: {
    rollupOptions: {
      input: {
        kiosk: resolve(import.meta.dirname, 'index.html'),
        ticket: resolve(import.meta.dirname, 'ticket.html'),
        feedback: resolve(import.meta.dirname, 'feedback.html'),
        book: resolve(import.meta.dirname, 'book.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
});
