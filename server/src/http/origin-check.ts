import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { Config } from '../config/config.ts';
import { AppError } from '../lib/app-error.ts';
import type { App } from './types.ts';

/** Methods that change something; GET and HEAD never do, so they are never refused for their origin. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who a browser page may act from: whole origins, and host names a page's own address may use. */
export interface TrustedOrigins {
  /** PUBLIC_URL's origin and ALLOWED_ORIGINS. */
  readonly origins: ReadonlySet<string>;
  /** PUBLIC_URL's host name and ALLOWED_HOSTS, lower case, without port. */
  readonly hosts: ReadonlySet<string>;
}

type OriginConfig = Pick<Config, 'publicUrl' | 'allowedOrigins'> & Partial<Pick<Config, 'allowedHosts'>>;

/**
 * The origins a browser page may send state-changing requests from: the server's public address
 * and every address in ALLOWED_ORIGINS; and the host names under which a page of the server's own
 * (Origin equal to the Host it was sent to) is trusted: PUBLIC_URL's and ALLOWED_HOSTS.
 */
export function trustedOrigins(config: OriginConfig): TrustedOrigins {
  return {
    origins: new Set([new URL(config.publicUrl).origin, ...config.allowedOrigins]),
    hosts: new Set([new URL(config.publicUrl).hostname.toLowerCase(), ...(config.allowedHosts ?? [])]),
  };
}

/** `host[:port]` (or `[v6]:port`) without the port, lower case. */
function hostName(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

/**
 * Whether a page whose Origin is the Host it was sent to may be trusted under that Host. A
 * page's Host is chosen by whoever owns its name: a DNS-rebinding page at evil.example, its name
 * pointed at this server, sends `Origin: http://evil.example` to `Host: evil.example`. So only
 * names the office configured count, and addresses (an office reaching the server by its IP),
 * which no rebinding page can have as its origin.
 */
function trustedHost(host: string, trusted: TrustedOrigins): boolean {
  const name = hostName(host);
  return trusted.hosts.has(name) || name === 'localhost' || isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

/**
 * Why a request from a browser page of another site must be refused, or null when it may pass.
 *
 * Only browsers send `Origin` (and `Sec-Fetch-Site`); kiosks, displays and scripts that send
 * neither pass, since cross-site request forgery needs a browser that adds the victim's cookie.
 * The session cookie is SameSite=Strict already; this check is the second, independent guard.
 */
export function foreignOrigin(headers: IncomingHttpHeaders, trusted: TrustedOrigins): string | null {
  const origin = headers.origin;
  if (origin === undefined) {
    return headers['sec-fetch-site'] === 'cross-site'
      ? 'This request comes from a page of another site; open Numerek from its own address.'
      : null;
  }
  if (trusted.origins.has(origin)) return null;
  // "null" (a sandboxed frame, a file) and other non-URLs never match.
  const host = URL.canParse(origin) ? new URL(origin).host : '';
  if (host !== '' && host === headers.host?.toLowerCase() && trustedHost(host, trusted)) return null;
  return (
    `Requests from pages at ${JSON.stringify(origin)} are not accepted; open Numerek at ` +
    `${[...trusted.origins][0] ?? 'its own address'}, or add that origin to ALLOWED_ORIGINS ` +
    `(or its host name to ALLOWED_HOSTS).`
  );
}

/**
 * Refuses state-changing requests (POST, PUT, PATCH, DELETE) sent by a browser page of another
 * origin with 403 FORBIDDEN_ORIGIN, before the caller is resolved or the body is read.
 */
export function registerOriginCheck(app: App, config: OriginConfig): void {
  const trusted = trustedOrigins(config);
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const problem = foreignOrigin(request.headers, trusted);
    if (problem) throw new AppError('FORBIDDEN_ORIGIN', problem);
  });
}
