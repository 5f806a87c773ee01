import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { Config } from '../config/config.ts';

/** The address of the client behind a request, as the HTTP limits see it. */
export type ClientAddressOf = (req: IncomingMessage) => string;

/**
 * The client's address under TRUST_PROXY, the same rule Fastify applies to `request.ip`, for
 * what is counted outside Fastify's routes (socket connections per address): behind a trusted
 * reverse proxy, the address it forwarded; otherwise the connection's own.
 */
export function clientAddressOf(trust: Config['trustProxy']): ClientAddressOf {
  const trusted =
    typeof trust === 'function'
      ? trust
      : typeof trust === 'boolean'
        ? () => trust
        : proxyaddr.compile(trust.split(',').map((a) => a.trim()));
  return (req) => proxyaddr(req, trusted);
}
