import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config/config.ts';
import { AppError } from '../lib/app-error.ts';
import type { App } from './types.ts';

/** Methods that change something; GET and HEAD never do, so they are never refused for their origin. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The origins a browser page may send state-changing requests from: the server's public address
 * and every address in ALLOWED_ORIGINS. The address the request came to (its Host) is accepted
 * as well, in `foreignOrigin`, so a server reached by IP, by name or through a proxy that keeps
 * the Host works without configuration.
 */
export function trustedOrigins(config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): ReadonlySet<string> {
  return new Set([new URL(config.publicUrl).origin, ...config.allowedOrigins]);
}

/**
 * Why a request from a browser page of another site must be refused, or null when it may pass.
 *
 * Only browsers send `Origin` (and `Sec-Fetch-Site`); kiosks, displays and scripts that send
 * neither pass, since cross-site request forgery needs a browser that adds the victim's cookie.
 * The session cookie is SameSite=Strict already; this check is the second, independent guard.
 */
export function foreignOrigin(headers: IncomingHttpHeaders, trusted: ReadonlySet<string>): string | null {
  const origin = headers.origin;
  if (origin === undefined) {
    return headers['sec-fetch-site'] === 'cross-site'
      ? 'This request comes from a page of another site; open Numerek from its own address.'
      : null;
  }
  if (trusted.has(origin)) return null;
  // "null" (a sandboxed frame, a file) and other non-URLs never match.
  const host = URL.canParse(origin) ? new URL(origin).host : '';
  if (host !== '' && host === headers.host?.toLowerCase()) return null;
  return (
    `Requests from pages at ${JSON.stringify(origin)} are not accepted; open Numerek at ` +
    `${[...trusted][0] ?? 'its own address'}, or add that origin to ALLOWED_ORIGINS.`
  );
}

/**
 * Refuses state-changing requests (POST, PUT, PATCH, DELETE) sent by a browser page of another
 * origin with 403 FORBIDDEN_ORIGIN, before the caller is resolved or the body is read.
 */
export function registerOriginCheck(app: App, config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): void {
  const trusted = trustedOrigins(config);
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const problem = foreignOrigin(request.headers, trusted);
    if (problem) throw new AppError('FORBIDDEN_ORIGIN', problem);
  });
}
