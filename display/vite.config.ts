import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the Numerek server under /display/ (see server/src/http/static-apps.ts).
export default defineConfig({
  base: '/display/',
  plugins: [preact()],
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
