import path from 'node:path';
import { pruneVirtualArchive, type TicketPrinter } from '@numerek/hardware';
import type { Config } from './config/config.ts';
import { markWrites } from './db/cache-guard.ts';
import { Outbox, type OutboxOptions } from './db/outbox.ts';
import { createWriteQueue, SqliteDb, type Db } from './db/database.ts';
import { holdsCache } from './db/repository.ts';
import type { WriteQueue } from './db/write-queue.ts';
import { createDomainBus, type DomainBus } from './domain-events.ts';
import type { Clock } from './lib/clock.ts';
import { PASSWORD_COST, PasswordHasher } from './lib/passwords.ts';
import { AuditRepository } from './modules/audit/audit.repository.ts';
import { BookingRepository } from './modules/bookings/booking.repository.ts';
import { BookingService } from './modules/bookings/booking.service.ts';
import { BookingRequestRepository } from './modules/booking-requests/booking-request.repository.ts';
import { BookingRequestService } from './modules/booking-requests/booking-request.service.ts';
import { noMailer, type Mailer } from './modules/mail/mailer.ts';
import { SmtpMailer } from './modules/mail/smtp-mailer.ts';
import { BackupService } from './modules/backup/backup.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { SessionRepository } from './modules/auth/session.repository.ts';
import { CategoryRepository } from './modules/categories/category.repository.ts';
import { CategoryService } from './modules/categories/category.service.ts';
import { CounterDetailService } from './modules/counters/counter-detail.service.ts';
import { CounterSessionService } from './modules/counters/counter-session.service.ts';
import { CounterSteps } from './modules/counters/counter-step.ts';
import { CounterWorkflowService } from './modules/counters/counter-workflow.service.ts';
import { CounterRepository } from './modules/counters/counter.repository.ts';
import { CounterService } from './modules/counters/counter.service.ts';
import { DeviceRepository } from './modules/devices/device.repository.ts';
import { DeviceService } from './modules/devices/device.service.ts';
import { IdempotencyRepository } from './modules/idempotency/idempotency.repository.ts';
import { IdempotencyService } from './modules/idempotency/idempotency.service.ts';
import { OfficeRepository } from './modules/offices/office.repository.ts';
import { OfficeService } from './modules/offices/office.service.ts';
import { PrintAgentService } from './modules/print-agents/print-agent.service.ts';
import { PrintJobRepository } from './modules/print-agents/print-job.repository.ts';
import { PrinterRepository } from './modules/printers/printer.repository.ts';
import {
  hardwarePrinterFactory,
  PrinterService,
  type PrinterFactory,
} from './modules/printers/printer.service.ts';
import { PriorityGroupRepository } from './modules/priority-groups/priority-group.repository.ts';
import { PriorityGroupService } from './modules/priority-groups/priority-group.service.ts';
import { QueueStatusService } from './modules/queue/queue-status.service.ts';
import { QueueService } from './modules/queue/queue.service.ts';
import { ReportRepository } from './modules/reports/report.repository.ts';
import { ReportService } from './modules/reports/report.service.ts';
import { SurveyRepository } from './modules/survey/survey.repository.ts';
import { SurveyService } from './modules/survey/survey.service.ts';
import { TicketRepository } from './modules/tickets/ticket.repository.ts';
import { TicketService } from './modules/tickets/ticket.service.ts';
import { UserRepository } from './modules/users/user.repository.ts';
import { UserService } from './modules/users/user.service.ts';
import { createServiceContext, type ServiceContext } from './service-context.ts';

/**
 * The domain's composition: repositories and services over one database, with no HTTP and no
 * sockets. The HTTP app (app.ts) and the realtime gateway are built on top of it; the seed and
 * the command line use it alone.
 */

export interface ServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Prints for kiosks without a printer of their own: the virtual printer, or a memory printer in tests. */
  printer: TicketPrinter;
  /** Builds a live printer from its stored settings (defaults to the hardware package's drivers). */
  printerFactory?: PrinterFactory;
  /** scrypt cost; tests lower it to keep account creation quick. */
  passwordCost?: { N: number };
  /** How this node follows the other nodes' facts on PostgreSQL (see db/outbox.ts). */
  outbox?: OutboxOptions;
  /** E-mail to clients (the office's SMTP server from `config.mail` when not given; none without it). */
  mailer?: Mailer;
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
  printAgents: PrintAgentService;
  auditLog: AuditRepository;
  reports: ReportService;
  idempotency: IdempotencyService;
  backups: BackupService;
  survey: SurveyService;
  bookings: BookingService;
  bookingRequests: BookingRequestService;
  mailer: Mailer;
}

/** Builds the services over a database (also used by the seed and the command line). */
export function buildServices(deps: ServiceDeps, log: ServiceContext['log']): Services {
  const { db, clock, config } = deps;
  const passwordCost = deps.passwordCost ?? PASSWORD_COST;
  // One gate for every password hashed or checked on behalf of a request.
  const passwords = new PasswordHasher(passwordCost);
  const bus = createDomainBus();
  // Facts are numbered and stored inside the writes that cause them, and published on every node.
  const events = new Outbox(db, bus, log, deps.outbox);
  // The engine's write queue, with each write marked so that caches know when it has settled.
  const writes = markWrites(events.wrap(createWriteQueue(db)));
  const auditLog = new AuditRepository(db);
  const ctx = createServiceContext({
    config,
    db,
    writes,
    clock,
    bus,
    events,
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
    bookings: new BookingRepository(db),
  };
  // A repository that keeps database state in memory drops it whenever a write is rolled back,
  // and what another node's change may have made stale (see Outbox.onBehind).
  for (const repo of Object.values(repos)) {
    if (!holdsCache(repo)) continue;
    writes.onRollback(() => repo.forgetCached());
    events.onBehind((scope) => repo.forgetCached(scope));
  }
  // The virtual printer's files: one folder per service day, kept for RETENTION_DAYS.
  const printedDir = path.join(config.dataDir, 'printed');
  // Printers in offices the server cannot reach print through a print agent there.
  const printAgents: PrintAgentService = new PrintAgentService(
    ctx,
    new PrintJobRepository(db),
    repos.printers,
    repos.devices,
    (printerId, state): Promise<void> => printers.recordStatus(printerId, state),
  );
  const printers: PrinterService = new PrinterService(
    ctx,
    repos.printers,
    deps.printerFactory ?? hardwarePrinterFactory(printedDir, config.printerAllowLocal),
    deps.printer,
    printAgents,
  );
  const queue = new QueueService(
    repos.tickets,
    repos.categories,
    repos.counters,
    repos.offices,
    repos.bookings,
  );
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
      printerOf: async (deviceId) => (await repos.devices.find(deviceId))?.printerId ?? null,
      printerName: async (printerId) => (await repos.printers.find(printerId))?.name ?? null,
      storedPrint: (ticketId, waitMs) => printAgents.printOfTicket(ticketId, waitMs),
      agentDriven: async (printerId) => Boolean((await repos.printers.find(printerId))?.agentId),
    },
  );
  // Deactivating an account closes the counter it has open, in the same write.
  const counterSessions = new CounterSessionService(ctx, steps, repos.counters);
  const users = new UserService(ctx, repos.users, repos.sessions, passwords, repos.offices, counterSessions);
  // The visit survey (docs/decisions/0030-visit-survey.md).
  const survey = new SurveyService(ctx, new SurveyRepository(db), {
    timeZoneOf: async (officeId) => (await repos.offices.find(officeId))?.timeZone ?? null,
    deviceOf: async (deviceId) => {
      const d = await repos.devices.find(deviceId);
      return d ? { officeId: d.officeId, counterId: d.counterId } : null;
    },
    counterOf: async (counterId) => {
      const c = await repos.counters.find(counterId);
      return c ? { id: c.id, name: c.name, number: c.number, active: c.active } : null;
    },
  });
  // Bookings (docs/decisions/0033-bookings.md): a check-in issues its ticket through the tickets module.
  const mailer = deps.mailer ?? (config.mail ? new SmtpMailer(config.mail) : noMailer);
  const bookings = new BookingService(
    ctx,
    repos.bookings,
    repos.categories,
    repos.offices,
    tickets,
    mailer.enabled,
  );
  // Where the office has a mail server, public bookings are confirmed with an e-mailed code.
  const bookingRequests = new BookingRequestService(
    ctx,
    new BookingRequestRepository(db),
    bookings,
    repos.bookings,
    repos.categories,
    repos.offices,
    mailer,
  );
  return {
    ctx,
    bus,
    writes,
    survey,
    bookings,
    bookingRequests,
    mailer,
    offices: new OfficeService(ctx, repos.offices),
    categories: new CategoryService(ctx, repos.categories),
    priorityGroups: new PriorityGroupService(ctx, repos.groups),
    users,
    devices: new DeviceService(
      ctx,
      repos.devices,
      (officeId, id) => printers.exists(officeId, id),
      (agentId) => printAgents.printersDrivenBy(agentId),
      async (officeId, counterId) => (await repos.counters.find(counterId))?.officeId === officeId,
    ),
    printers,
    printAgents,
    auditLog,
    auth: new AuthService(ctx, repos.users, repos.sessions, repos.devices, passwords, passwordCost, (u) =>
      users.meOf(u),
    ),
    counters: new CounterService(ctx, repos.counters, repos.categories),
    counterSessions,
    counterDetail: new CounterDetailService(clock, steps, repos.tickets, queue),
    workflow: new CounterWorkflowService(
      ctx,
      steps,
      repos.counters,
      repos.tickets,
      repos.categories,
      queue,
      repos.offices,
    ),
    queue,
    queueStatus: new QueueStatusService(
      clock,
      queue,
      repos.tickets,
      repos.categories,
      repos.counters,
      repos.offices,
      repos.bookings,
    ),
    tickets,
    idempotency: new IdempotencyService(writes, clock, new IdempotencyRepository(db)),
    // Reports and retention (issue 6); retention deletes tickets, so it clears the cached queues.
    reports: new ReportService(
      ctx,
      new ReportRepository(db),
      repos.offices,
      () => repos.tickets.forgetCached(),
      (firstKeptDay) => pruneVirtualArchive(printedDir, firstKeptDay),
      (input) => survey.report(input),
    ),
    backups: new BackupService(ctx, db instanceof SqliteDb ? db.raw : null, async () =>
      (await repos.offices.list()).map((o) => o.id),
    ),
  };
}
