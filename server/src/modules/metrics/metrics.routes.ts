import type { App } from '../../http/types.ts';
import type { ServerMetrics } from './metrics.ts';

/**
 * `GET /metrics`: the Prometheus text format, for a monitoring system with METRICS_TOKEN or at an
 * address in METRICS_ALLOW (docs/operations/metrics.md); 401 or 403 with a code otherwise.
 */
export function metricsRoutes(app: App, metrics: ServerMetrics): void {
  app.get('/metrics', { config: { access: ['public'] }, schema: { hide: true } }, async (req, reply) => {
    metrics.checkAccess(req.headers.authorization, req.ip);
    const text = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}
