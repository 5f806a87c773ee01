import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerFavicons } from './favicon.ts';
import type { App } from './types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const APPS = ['kiosk', 'display', 'counter'] as const;

const NOT_BUILT = (name: string) =>
  `<!doctype html><html lang="en"><title>Numerek</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><p>The ${name} app is not built yet: run <code>npm run build</code>.</p></html>`;

/**
 * Serves the built front-ends under /kiosk/, /display/ and /counter/ from one port, and the icon
 * they all link to. An app that has not been built yet answers with a page that says how to build it.
 */
export async function registerStaticApps(app: App, root = ROOT): Promise<void> {
  registerFavicons(app);
  let first = true;
  for (const name of APPS) {
    const dist = path.join(root, name, 'dist');
    if (existsSync(path.join(dist, 'index.html'))) {
      await app.register(fastifyStatic, {
        root: dist,
        prefix: `/${name}/`,
        decorateReply: first,
        wildcard: true,
      });
      first = false;
    } else {
      app.get(`/${name}/*`, (_req, reply) =>
        reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT(name)),
      );
    }
    app.get(`/${name}`, (_req, reply) => reply.redirect(`/${name}/`));
  }
  app.get('/', (_req, reply) => reply.redirect('/counter/'));

  // The address in every ticket's QR code: the citizen's ticket page, part of the kiosk build.
  const ticketPage = path.join(root, 'kiosk', 'dist', 'ticket.html');
  app.get('/t/:id', (_req, reply) => {
    if (!existsSync(ticketPage)) {
      return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT('kiosk'));
    }
    return reply.header('cache-control', 'no-cache').sendFile('ticket.html', path.dirname(ticketPage));
  });

  // The feedback tablet beside a counter (its pairing link opens /feedback/), part of the kiosk build.
  const feedbackPage = path.join(root, 'kiosk', 'dist', 'feedback.html');
  app.get('/feedback', (_req, reply) => reply.redirect('/feedback/'));
  app.get('/feedback/', (_req, reply) => {
    if (!existsSync(feedbackPage)) {
      return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT('kiosk'));
    }
    return reply.header('cache-control', 'no-cache').sendFile('feedback.html', path.dirname(feedbackPage));
  });

  // The public booking page, and the page its link opens to see or cancel a booking (/book/?booking=<id>).
  const bookPage = path.join(root, 'kiosk', 'dist', 'book.html');
  app.get('/book', (req, reply) => reply.redirect(`/book/${req.url.slice('/book'.length)}`));
  app.get('/book/', (_req, reply) => {
    if (!existsSync(bookPage)) {
      return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT('kiosk'));
    }
    return reply.header('cache-control', 'no-cache').sendFile('book.html', path.dirname(bookPage));
  });
}
