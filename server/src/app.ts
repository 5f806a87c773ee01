import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply } from 'fastify';
import { ErrorResponse, HealthResponse, PROTOCOL_VERSION, ReadyResponse } from '@numerek/shared';
import { registerAuth } from './http/auth-hooks.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerOriginCheck } from './http/origin-check.ts';
import { databaseRateLimitStore } from './http/rate-limit-store.ts';
import { requestForLog } from './http/request-log.ts';
import { ok } from './http/route-helpers.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerStaticApps } from './http/static-apps.ts';
import { schemaController } from './http/validation.ts';
import type { App } from './http/types.ts';
import type { Db } from './db/database.ts';
import { installationSecret } from './db/installation-secrets.ts';
import { AppError } from './lib/app-error.ts';
import { backupRoutes } from './modules/backup/backup.routes.ts';
import { MetricsRepository } from './modules/metrics/metrics.repository.ts';
import { metricsRoutes } from './modules/metrics/metrics.routes.ts';
import { ServerMetrics } from './modules/metrics/metrics.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { categoryRoutes } from './modules/categories/category.routes.ts';
import { counterRoutes } from './modules/counters/counter.routes.ts';
import { deviceRoutes } from './modules/devices/device.routes.ts';
import { ConfigChanges } from './modules/devices/config-changes.ts';
import { printerRoutes } from './modules/printers/printer.routes.ts';
import { officeRoutes } from './modules/offices/office.routes.ts';
import { reportRoutes } from './modules/reports/report.routes.ts';
import { surveyRoutes } from './modules/survey/survey.routes.ts';
import { bookingRoutes } from './modules/bookings/booking.routes.ts';
import { bookingRequestRoutes } from './modules/booking-requests/booking-request.routes.ts';
import { EspeakEngine, type SpeechEngine } from './modules/speech/speech-engine.ts';
import { speechRoutes } from './modules/speech/speech.routes.ts';
import { CALL_ARRIVES_MS, SpeechService } from './modules/speech/speech.service.ts';
import { priorityGroupRoutes } from './modules/priority-groups/priority-group.routes.ts';
import { queueRoutes } from './modules/queue/queue.routes.ts';
import { ticketRoutes } from './modules/tickets/ticket.routes.ts';
import { userRoutes } from './modules/users/user.routes.ts';
import { attachFeedbackTablets } from './realtime/feedback.namespace.ts';
import { attachPrintAgents } from './realtime/print-agent.namespace.ts';
import { RealtimeGateway, type RealtimeOptions } from './realtime/realtime.gateway.ts';
import { RealtimeRepository } from './realtime/realtime.repository.ts';
import { Housekeeping } from './housekeeping.ts';
import { buildServices, type ServiceDeps, type Services } from './services.ts';

export interface AppDeps extends ServiceDeps {
  /** Serve the built front-ends (off in API tests). */
  serveApps?: boolean;
  /** Where the log goes (standard output when not given); tests read what the server logs. */
  logStream?: { write(line: string): void };
  /** Options of the realtime gateway (tests that fuzz a socket raise its event allowance). */
  realtime?: RealtimeOptions;
  /** The speech engine (eSpeak NG in a process of its own, loaded on first use, when not given). */
  speechEngine?: SpeechEngine;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    realtime: RealtimeGateway;
    /** The work done once per installation (retention, pruning); `main.ts` starts it. */
    housekeeping: Housekeeping;
    /** Speech for the hall and the kiosks (modules/speech). */
    speech: SpeechService;
  }
}

/**
 * The composition root: builds the services (services.ts) over config, database, clock and
 * printer, puts the HTTP routes and the realtime gateway on top, and returns the Fastify app (not
 * listening). Tests build the whole app with it.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    // Behind a reverse proxy every client shares the proxy's address; TRUST_PROXY says whose
    // X-Forwarded-For to believe, so rate limits and sign-in limits see the real client.
    trustProxy: deps.config.trustProxy,
    logger:
      deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            // Request lines never pair a phone's address with the ticket id in its URL.
            serializers: { req: requestForLog },
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    bodyLimit: 64 * 1024,
    schemaController: schemaController(),
    // The router answers a malformed address itself; give it the same error body as everything else.
    frameworkErrors: (error, _req, reply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A value in the address is too long; ids are at most 64 characters.'
          : 'The address contains an invalid %-escape.';
      void (reply as unknown as FastifyReply)
        .status(400)
        .send({ error: { code: 'VALIDATION_FAILED', message } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Bodies are JSON only: anything else is a 415 that says so.
  app.removeContentTypeParser('text/plain');

  const services = buildServices(deps, app.log);
  app.decorate('services', services);

  registerErrorHandling(app);
  await app.register(cookie);
  registerSecurityHeaders(app, deps.config.cookieSecure);
  registerOriginCheck(app, deps.config);
  await app.register(rateLimit, {
    global: false,
    // On PostgreSQL several nodes may serve one office: the limits are counted in the database.
    ...(deps.db.engine === 'postgres' ? { store: databaseRateLimitStore(deps.db) } : {}),
    errorResponseBuilder: (_req, context) =>
      new AppError('RATE_LIMITED', `Too many requests; try again in ${context.after}.`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }) as unknown as object,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Numerek API',
        version: `1.0.0 (protocol ${PROTOCOL_VERSION})`,
        description: 'Queue management for public offices.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'numerek_session' },
          deviceToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  registerAuth(app, services.auth, (device) => services.devices.seen(device.id, device.deviceKind));

  app.get(
    '/api/health',
    { config: { access: ['public'] }, schema: { tags: ['health'], response: ok(HealthResponse) } },
    () => ({ status: 'ok' as const }),
  );
  // Readiness, for a load balancer: 200 only while this process reaches its database.
  app.get(
    '/api/ready',
    {
      config: { access: ['public'] },
      schema: { tags: ['health'], response: { ...ok(ReadyResponse), 503: ErrorResponse } },
    },
    async () => {
      if (!(await reachesDatabase(services.ctx.db, READY_TIMEOUT_MS)))
        throw new AppError(
          'NOT_READY',
          'This server cannot reach its database; send requests to another one.',
        );
      return { status: 'ready' as const };
    },
  );
  app.get('/api/openapi.json', { config: { access: ['public'] }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  authRoutes(app, services.auth, services.users, deps.config);
  officeRoutes(app, services.offices, services.auditLog, services.users);
  categoryRoutes(app, services.categories, services.queueStatus, services.offices);
  priorityGroupRoutes(app, services.priorityGroups, services.offices);
  userRoutes(app, services.users);
  const configChanges = new ConfigChanges(services.bus);
  app.addHook('preClose', async () => configChanges.releaseAll());
  deviceRoutes(
    app,
    services.devices,
    async (deviceId) => {
      const device = await services.devices.find(deviceId);
      const office = await services.offices.resolve(device.officeId, undefined);
      const printer = device.printerId
        ? await services.printers.get(device.officeId, device.printerId)
        : null;
      return {
        id: device.id,
        kind: device.kind,
        name: device.name,
        office: { id: office.id, name: office.name, timeZone: office.timeZone },
        printer: printer ? { id: printer.id, name: printer.name, status: printer.status } : null,
      };
    },
    configChanges,
    deps.config,
  );
  counterRoutes(
    app,
    {
      counters: services.counters,
      sessions: services.counterSessions,
      detail: services.counterDetail,
      workflow: services.workflow,
    },
    services.idempotency,
    (officeId) => services.ctx.events.storedSeq(officeId),
  );
  ticketRoutes(app, services.tickets, deps.config, services.idempotency);
  queueRoutes(app, services.queueStatus, services.offices);
  printerRoutes(app, services.printers, services.offices);
  reportRoutes(app, services.reports);
  surveyRoutes(app, services.survey);
  bookingRequestRoutes(app, services.bookingRequests);
  bookingRoutes(app, services.bookings);
  app.addHook('onClose', async () => services.mailer.close());
  backupRoutes(app, services.backups);
  if (deps.serveApps !== false) await registerStaticApps(app);
  // Speech (decision 0031): the engine loads with the first sentence, not at start-up.
  const speech = new SpeechService(deps.speechEngine ?? new EspeakEngine(deps.config.speechIdleMs), app.log, {
    // Other nodes may make calls on PostgreSQL: a display's request may come before their fact.
    callArrivesMs: deps.db.engine === 'postgres' ? CALL_ARRIVES_MS : 0,
  });
  app.decorate('speech', speech);
  app.addHook('onClose', async () => speech.close());
  speechRoutes(app, speech);
  // Socket.io on the same port: the realtime gateway maps domain events to displays and panels.
  const callKeySecret = await installationSecret(deps.db, services.writes, 'call-keys', deps.clock.now());
  attachRealtime(app, services, callKeySecret, deps.realtime);
  // A call's sentences are rendered as its displays receive it, after it was committed.
  app.realtime.onCallShown((shown) => speech.callShown(shown));
  // Prometheus metrics for the office's IT (docs/operations/metrics.md).
  const metrics = new ServerMetrics({
    config: deps.config,
    clock: deps.clock,
    bus: services.bus,
    writes: services.writes,
    repo: new MetricsRepository(deps.db),
    sockets: () =>
      ['/display', '/counter', '/console', '/print-agent'].map((namespace) => ({
        namespace,
        sockets: app.realtime.io.of(namespace).sockets.size,
      })),
    onCallSent: (listener) => app.realtime.onCallSent(listener),
  });
  metricsRoutes(app, metrics);
  app.addHook('onClose', async () => metrics.close());

  const housekeeping = new Housekeeping(services);
  app.decorate('housekeeping', housekeeping);
  app.addHook('preClose', async () => housekeeping.stop());
  services.writes.start();
  // From here on this node hears every node's facts (and its own) in each office's order.
  await services.ctx.events.start();
  app.addHook('preClose', async () => services.tickets.releasePrintWaiters());
  app.addHook('onClose', async () => {
    await services.printers.stop();
    // Stopping the printers settles every print; store their outcomes before the database closes.
    await services.tickets.settlePrints();
    await services.writes.drain();
    await services.ctx.events.stop();
  });
  return app;
}

/** How long the readiness check waits for the database. */
const READY_TIMEOUT_MS = 2000;

/** Whether `SELECT 1` answers within `timeoutMs`. */
async function reachesDatabase(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([db.value('SELECT 1').then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Attaches the realtime gateway to the app's HTTP server with the parts of the services it uses.
 * Clients are disconnected before Fastify closes the server, so closing never waits on a socket.
 */
function attachRealtime(
  app: App,
  services: Services,
  callKeySecret: Buffer,
  opts: RealtimeOptions | undefined,
): void {
  const gateway = new RealtimeGateway(
    app.server,
    {
      config: services.ctx.config,
      clock: services.ctx.clock,
      log: services.ctx.log,
      bus: services.bus,
      writes: services.writes,
      db: services.ctx.db,
      events: services.ctx.events,
      repo: new RealtimeRepository(services.ctx.db),
      auth: services.auth,
      offices: services.offices,
      counters: services.counters,
      categories: services.categories,
      devices: services.devices,
      parseCookie: (header) => app.parseCookie(header),
      callKeySecret,
    },
    opts,
  );
  app.decorate('realtime', gateway);
  // Print agents connect on the same server, in their own namespace; their jobs are swept here.
  const printAgents = attachPrintAgents(gateway, {
    auth: services.auth,
    agents: services.printAgents,
    bus: services.bus,
    clock: services.ctx.clock,
    log: services.ctx.log,
  });
  services.printAgents.start();
  app.addHook('preClose', async () => {
    printAgents.close();
    await services.printAgents.stop();
  });
  // Feedback tablets beside the counters, in their own namespace (the visit survey).
  const feedback = attachFeedbackTablets(gateway, {
    auth: services.auth,
    devices: services.devices,
    survey: services.survey,
    bus: services.bus,
    clock: services.ctx.clock,
    log: services.ctx.log,
  });
  app.addHook('preClose', (done) => {
    feedback.close();
    gateway.close();
    done();
  });
}
