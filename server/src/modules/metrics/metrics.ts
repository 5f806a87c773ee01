import { timingSafeEqual } from 'node:crypto';
import { PRINTER_STATES } from '@numerek/shared';
import proxyaddr from 'proxy-addr';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../../config/config.ts';
import type { WriteQueue } from '../../db/write-queue.ts';
import type { DomainBus } from '../../domain-events.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MetricsRepository } from './metrics.repository.ts';

/** The live connections of one socket.io namespace, as the realtime gateway counts them. */
export type SocketCounts = () => Array<{ namespace: string; sockets: number }>;

export interface MetricsDeps {
  config: Config;
  clock: Clock;
  bus: DomainBus;
  writes: WriteQueue;
  repo: MetricsRepository;
  sockets: SocketCounts;
  /** Called with a listener for the moment a call was handed to the displays' sockets. */
  onCallSent: (listener: (calledAt: number) => void) => void;
}

/**
 * What `/metrics` shows, in the Prometheus text format. Labels are ids of offices, categories,
 * counters and printers and nothing else: no ticket, no person, and no priority group (a count
 * per group would tell who declared one). Waiting counts and the longest wait are read from the
 * database when the page is scraped, so they are right after a restart.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly deps: MetricsDeps) {
    const registers = [this.registry];
    // Process memory, CPU, handles and the event loop's delay, under their usual names.
    collectDefaultMetrics({ register: this.registry });
    const issued = new Counter({
      name: 'numerek_tickets_issued_total',
      help: 'Tickets issued, per office and category.',
      labelNames: ['office', 'category'] as const,
      registers,
    });
    const called = new Counter({
      name: 'numerek_tickets_called_total',
      help: 'Tickets called (recalls not counted), per office and category.',
      labelNames: ['office', 'category'] as const,
      registers,
    });
    const calls = new Counter({
      name: 'numerek_counter_calls_total',
      help: 'Calls and recalls made at each counter.',
      labelNames: ['office', 'counter'] as const,
      registers,
    });
    const callToEmit = new Histogram({
      name: 'numerek_call_emit_seconds',
      help: 'From a call being made (its time on the server clock) to its event going out to the displays.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const writeTime = new Histogram({
      name: 'numerek_db_write_seconds',
      help: 'Database writes through the write queue, from being queued to being committed.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    const { bus, clock, repo } = deps;
    this.unsubscribe.push(
      bus.subscribe('ticket.issued', (e) => issued.inc({ office: e.officeId, category: e.categoryId })),
      bus.subscribe('ticket.called', (e) => {
        calls.inc({ office: e.officeId, counter: e.counterId });
        if (!e.recall) called.inc({ office: e.officeId, category: e.categoryId });
      }),
    );
    deps.onCallSent((calledAt) => callToEmit.observe(Math.max(0, clock.now() - calledAt) / 1000));
    // Every write is timed where it enters the queue; the queue's users hold this same object.
    const write = deps.writes.write.bind(deps.writes);
    deps.writes.write = (fn, opts) => {
      const done = writeTime.startTimer();
      const result = write(fn, opts);
      void result.then(
        () => done(),
        () => done(),
      );
      return result;
    };

    new Gauge({
      name: 'numerek_tickets_waiting',
      help: 'Tickets waiting now, per office and category.',
      labelNames: ['office', 'category'] as const,
      registers,
      async collect() {
        this.reset();
        for (const r of await repo.waiting())
          this.set({ office: r.office_id, category: r.category_id }, Number(r.waiting));
      },
    });
    new Gauge({
      name: 'numerek_longest_wait_seconds',
      help: 'How long the longest-waiting ticket has waited, per office and category (absent when none waits).',
      labelNames: ['office', 'category'] as const,
      registers,
      async collect() {
        this.reset();
        const now = clock.now();
        for (const r of await repo.waiting())
          this.set(
            { office: r.office_id, category: r.category_id },
            Math.max(0, (now - Number(r.oldest)) / 1000),
          );
      },
    });
    new Gauge({
      name: 'numerek_sockets',
      help: 'Live socket connections per namespace (/display, /counter, /console, /print-agent).',
      labelNames: ['namespace'] as const,
      registers,
      collect() {
        for (const n of deps.sockets()) this.set({ namespace: n.namespace }, n.sockets);
      },
    });
    new Gauge({
      name: 'numerek_printer_state',
      help: "1 for each printer's current state (ok, paper_near_end, paper_out, cover_open, offline, no_answer), 0 for the others.",
      labelNames: ['office', 'printer', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const p of await repo.printers())
          for (const state of PRINTER_STATES)
            this.set({ office: p.office_id, printer: p.id, state }, p.status === state ? 1 : 0);
      },
    });
  }

  /**
   * Whether a request may read the metrics: with the configured token as a Bearer token, or from
   * a configured address. Throws UNAUTHENTICATED (no or a wrong token) or FORBIDDEN (an address
   * not allowed, or nothing configured to allow anyone).
   */
  checkAccess(authorization: string | undefined, address: string): void {
    const { metricsToken, metricsAllow } = this.deps.config;
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (token !== undefined) {
      if (metricsToken && sameText(token, metricsToken)) return;
      throw new AppError('UNAUTHENTICATED', 'The metrics token is not the one configured in METRICS_TOKEN.');
    }
    if (metricsAllow.length && this.allowed(address)) return;
    if (metricsToken)
      throw new AppError(
        'UNAUTHENTICATED',
        'Send the token from METRICS_TOKEN as "Authorization: Bearer <token>".',
      );
    throw new AppError(
      'FORBIDDEN',
      'The metrics are readable with METRICS_TOKEN or from the addresses in METRICS_ALLOW; neither lets this request in.',
    );
  }

  private allowed = (address: string): boolean =>
    (this.matcher ??= proxyaddr.compile([...this.deps.config.metricsAllow]))(address, 0);
  private matcher: ((address: string, hop: number) => boolean) | null = null;

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
