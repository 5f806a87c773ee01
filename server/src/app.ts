import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply } from 'fastify';
import { HealthResponse, PROTOCOL_VERSION } from '@numerek/shared';
import { pruneVirtualArchive, type TicketPrinter } from '@numerek/hardware';
import type { Config } from './config/config.ts';
import type { Db } from './db/database.ts';
import { WriteQueue } from './db/write-queue.ts';
import { createDomainBus, type DomainBus } from './domain-events.ts';
import { registerAuth } from './http/auth-hooks.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerOriginCheck } from './http/origin-check.ts';
import { requestForLog } from './http/request-log.ts';
import { ok } from './http/route-helpers.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerStaticApps } from './http/static-apps.ts';
import { schemaController } from './http/validation.ts';
import type { App } from './http/types.ts';
import type { Clock } from './lib/clock.ts';
import { AppError } from './lib/app-error.ts';
import { PASSWORD_COST, PasswordHasher } from './lib/passwords.ts';
import { AuditRepository } from './modules/audit/audit.repository.ts';
import { backupRoutes } from './modules/backup/backup.routes.ts';
import { BackupService } from './modules/backup/backup.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { SessionRepository } from './modules/auth/session.repository.ts';
import { categoryRoutes } from './modules/categories/category.routes.ts';
import { CategoryRepository } from './modules/categories/category.repository.ts';
import { CategoryService } from './modules/categories/category.service.ts';
import { CounterDetailService } from './modules/counters/counter-detail.service.ts';
import { CounterSessionService } from './modules/counters/counter-session.service.ts';
import { CounterSteps } from './modules/counters/counter-step.ts';
import { CounterWorkflowService } from './modules/counters/counter-workflow.service.ts';
import { CounterRepository } from './modules/counters/counter.repository.ts';
import { counterRoutes } from './modules/counters/counter.routes.ts';
import { CounterService } from './modules/counters/counter.service.ts';
import { DeviceRepository } from './modules/devices/device.repository.ts';
import { deviceRoutes } from './modules/devices/device.routes.ts';
import { DeviceService } from './modules/devices/device.service.ts';
import { ConfigChanges } from './modules/devices/config-changes.ts';
import { IdempotencyRepository } from './modules/idempotency/idempotency.repository.ts';
import { IdempotencyService } from './modules/idempotency/idempotency.service.ts';
import { OfficeRepository } from './modules/offices/office.repository.ts';
import { PrinterRepository } from './modules/printers/printer.repository.ts';
import { printerRoutes } from './modules/printers/printer.routes.ts';
import {
  hardwarePrinterFactory,
  PrinterService,
  type PrinterFactory,
} from './modules/printers/printer.service.ts';
import { officeRoutes } from './modules/offices/office.routes.ts';
import { ReportRepository } from './modules/reports/report.repository.ts';
import { reportRoutes } from './modules/reports/report.routes.ts';
import { ReportService } from './modules/reports/report.service.ts';
import { OfficeService } from './modules/offices/office.service.ts';
import { PriorityGroupRepository } from './modules/priority-groups/priority-group.repository.ts';
import { priorityGroupRoutes } from './modules/priority-groups/priority-group.routes.ts';
import { PriorityGroupService } from './modules/priority-groups/priority-group.service.ts';
import { QueueStatusService } from './modules/queue/queue-status.service.ts';
import { queueRoutes } from './modules/queue/queue.routes.ts';
import { QueueService } from './modules/queue/queue.service.ts';
import { TicketRepository } from './modules/tickets/ticket.repository.ts';
import { ticketRoutes } from './modules/tickets/ticket.routes.ts';
import { TicketService } from './modules/tickets/ticket.service.ts';
import { UserRepository } from './modules/users/user.repository.ts';
import { userRoutes } from './modules/users/user.routes.ts';
import { UserService } from './modules/users/user.service.ts';
import { createServiceContext, type ServiceContext } from './service-context.ts';
import { attachRealtime, type RealtimeOptions } from './realtime/realtime.gateway.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Prints for kiosks without a printer of their own: the virtual printer, or a memory printer in tests. */
  printer: TicketPrinter;
  /** Builds a live printer from its stored settings (defaults to the hardware package's drivers). */
  printerFactory?: PrinterFactory;
  /** scrypt cost; tests lower it to keep account creation quick. */
  passwordCost?: { N: number };
  /** Serve the built front-ends (off in API tests). */
  serveApps?: boolean;
  /** Where the log goes (standard output when not given); tests read what the server logs. */
  logStream?: { write(line: string): void };
  /** Options of the realtime gateway (tests that fuzz a socket raise its event allowance). */
  realtime?: RealtimeOptions;
}

export interface Services {
  ctx: ServiceContext;
  bus: DomainBus;
  writes: WriteQueue;
  offices: OfficeService;
  categories: CategoryService;
  priorityGroups: PriorityGroupService;
  users: UserService;
  devices: DeviceService;
  auth: AuthService;
  counters: CounterService;
  counterSessions: CounterSessionService;
  counterDetail: CounterDetailService;
  workflow: CounterWorkflowService;
  queue: QueueService;
  queueStatus: QueueStatusService;
  tickets: TicketService;
  printers: PrinterService;
  auditLog: AuditRepository;
  reports: ReportService;
  idempotency: IdempotencyService;
  backups: BackupService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Builds the services over a database (also used by the seed and the command line). */
export function buildServices(deps: AppDeps, log: ServiceContext['log']): Services {
  const { db, clock, config } = deps;
  const passwordCost = deps.passwordCost ?? PASSWORD_COST;
  // One gate for every password hashed or checked on behalf of a request.
  const passwords = new PasswordHasher(passwordCost);
  const writes = new WriteQueue(db);
  const bus = createDomainBus();
  const auditLog = new AuditRepository(db);
  const ctx = createServiceContext({
    config,
    db,
    writes,
    clock,
    bus,
    log,
    auditLog,
  });
  const repos = {
    offices: new OfficeRepository(db),
    categories: new CategoryRepository(db),
    groups: new PriorityGroupRepository(db),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    devices: new DeviceRepository(db),
    counters: new CounterRepository(db),
    tickets: new TicketRepository(db),
    printers: new PrinterRepository(db),
  };
  // In-memory copies of database state are dropped whenever a write is rolled back.
  writes.onRollback(() => {
    repos.tickets.forgetCachedQueues();
    repos.counters.forgetCached();
    repos.users.forgetCached();
    repos.sessions.forgetCached();
  });
  // The virtual printer's files: one folder per service day, kept for RETENTION_DAYS.
  const printedDir = path.join(config.dataDir, 'printed');
  const printers = new PrinterService(
    ctx,
    repos.printers,
    deps.printerFactory ?? hardwarePrinterFactory(printedDir, config.printerAllowLocal),
    deps.printer,
  );
  const queue = new QueueService(repos.tickets, repos.categories, repos.counters, repos.offices);
  const steps = new CounterSteps(ctx, repos.counters, repos.tickets);
  const tickets = new TicketService(
    ctx,
    queue,
    repos.tickets,
    repos.categories,
    repos.groups,
    repos.counters,
    repos.offices,
    {
      printTicket: (printerId, job) => printers.printTicket(printerId, job),
      printerOf: (deviceId) => repos.devices.find(deviceId)?.printerId ?? null,
      printerName: (printerId) => repos.printers.find(printerId)?.name ?? null,
    },
  );
  return {
    ctx,
    bus,
    writes,
    offices: new OfficeService(ctx, repos.offices),
    categories: new CategoryService(ctx, repos.categories),
    priorityGroups: new PriorityGroupService(ctx, repos.groups),
    users: new UserService(ctx, repos.users, repos.sessions, passwords),
    devices: new DeviceService(ctx, repos.devices, (officeId, id) => printers.exists(officeId, id)),
    printers,
    auditLog,
    auth: new AuthService(ctx, repos.users, repos.sessions, repos.devices, passwords, passwordCost),
    counters: new CounterService(ctx, repos.counters, repos.categories),
    counterSessions: new CounterSessionService(steps, repos.counters),
    counterDetail: new CounterDetailService(clock, steps, repos.tickets, queue),
    workflow: new CounterWorkflowService(ctx, steps, repos.counters, repos.tickets, repos.categories, queue),
    queue,
    queueStatus: new QueueStatusService(
      clock,
      queue,
      repos.tickets,
      repos.categories,
      repos.counters,
      repos.offices,
    ),
    tickets,
    idempotency: new IdempotencyService(writes, clock, new IdempotencyRepository(db)),
    // Reports and retention (issue 6); retention deletes tickets, so it clears the cached queues.
    reports: new ReportService(
      ctx,
      new ReportRepository(db),
      repos.offices,
      () => repos.tickets.forgetCachedQueues(),
      (firstKeptDay) => pruneVirtualArchive(printedDir, firstKeptDay),
    ),
    backups: new BackupService(ctx),
  };
}

/**
 * The composition root: wires config, database, clock and printer into the services and the
 * HTTP routes, and returns the Fastify app (not listening). Tests build the whole app with it.
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
    errorResponseBuilder: (_req, context) =>
      new AppError('RATE_LIMITED', `Too many requests; try again in ${context.after}.`) as unknown as object,
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
  registerAuth(app, services.auth);

  app.get(
    '/api/health',
    { config: { access: ['public'] }, schema: { tags: ['health'], response: ok(HealthResponse) } },
    () => ({ status: 'ok' as const }),
  );
  app.get('/api/openapi.json', { config: { access: ['public'] }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  authRoutes(app, services.auth, services.users, deps.config);
  officeRoutes(app, services.offices, services.auditLog);
  categoryRoutes(app, services.categories, services.queueStatus, services.offices);
  priorityGroupRoutes(app, services.priorityGroups, services.offices);
  userRoutes(app, services.users);
  const configChanges = new ConfigChanges(services.bus);
  app.addHook('preClose', async () => configChanges.releaseAll());
  deviceRoutes(
    app,
    services.devices,
    (deviceId) => {
      const device = services.devices.find(deviceId);
      const office = services.offices.resolve(device.officeId, undefined);
      const printer = device.printerId ? services.printers.get(device.officeId, device.printerId) : null;
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
    (officeId, counterId) => app.realtime.counterStreamSeq(officeId, counterId),
  );
  ticketRoutes(app, services.tickets, deps.config, services.idempotency);
  queueRoutes(app, services.queueStatus, services.offices);
  printerRoutes(app, services.printers, services.offices);
  reportRoutes(app, services.reports);
  backupRoutes(app, services.backups);
  if (deps.serveApps !== false) await registerStaticApps(app);
  // Socket.io on the same port: the realtime gateway maps domain events to displays and panels.
  attachRealtime(app, deps.realtime);

  services.writes.startCheckpoints();
  app.addHook('preClose', async () => services.tickets.releasePrintWaiters());
  app.addHook('onClose', async () => {
    await services.printers.stop();
    // Stopping the printers settles every print; store their outcomes before the database closes.
    await services.tickets.settlePrints();
    services.writes.flush();
    services.writes.stopCheckpoints();
    services.writes.checkpoint();
  });
  return app;
}
