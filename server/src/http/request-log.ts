import type { FastifyRequest } from 'fastify';

/** A path segment that looks like one of our ids or tokens (base64url, 128 bits or more). */
const ID_LIKE = /^[A-Za-z0-9_%-]{20,}$/;

/**
 * What the request log says about a request. A phone opens `/t/<ticket id>` and
 * `/api/tickets/<ticket id>` from its own address, so a log line with both would tie a person's
 * phone to a ticket (and through the ticket to a priority, a time, a counter). The log keeps the
 * address, which shows abuse, and drops the id instead: a route with parameters is logged as its
 * pattern (`/t/:id`), any other path with id-like segments replaced by `:id`, and never with its
 * query string.
 */
export function requestForLog(req: FastifyRequest): {
  method: string;
  url: string;
  host: string;
  remoteAddress: string;
  remotePort: number | undefined;
} {
  const pattern = req.routeOptions.url;
  const url =
    pattern !== undefined && pattern.includes('/:')
      ? pattern
      : (req.url.split('?')[0] ?? '')
          .split('/')
          .map((segment) => (ID_LIKE.test(segment) ? ':id' : segment))
          .join('/');
  return {
    method: req.method,
    url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket.remotePort,
  };
}
