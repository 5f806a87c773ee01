import { Type, type Static } from 'typebox';
import { PRINTER_STATES } from '../constants.ts';
import { Id, LanguageSchema, Timestamp } from './common.schema.ts';
import type { Ack } from './realtime.schema.ts';
import { CODE_PAGES, CUT_MODES, CYRILLIC_MODES } from './printer.schema.ts';

/**
 * The `/print-agent` namespace: a print agent, a small process on a computer in an office, pairs
 * like a kiosk, connects out to the server and drives the printers of that office's network that
 * the server cannot reach (docs/decisions/0019-print-agent.md).
 *
 * On connecting, the agent gets `printers` (its printers, with the time on the server's clock),
 * then a `job` for every print waiting for it; it answers each job once with `job:result` and
 * reports its printers' states with `printer:status`. A job carries its id and the time after
 * which it must not print (`expiresAt`, on the server's clock): the agent prints each id at most
 * once, whatever number of times it is sent.
 */

/** One printer the agent drives: where it is on the office's network and how it wants its bytes. */
export const AgentPrinter = Type.Object({
  id: Id,
  name: Type.String(),
  /** The address the agent opens: `tcp://192.168.1.50:9100`, `usb:/dev/usb/lp0`, `serial:/dev/ttyUSB0`. */
  connection: Type.String(),
  codePage: Type.Enum(CODE_PAGES),
  cyrillic: Type.Enum(CYRILLIC_MODES),
  paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)]),
  cut: Type.Enum(CUT_MODES),
  maxJobAgeSeconds: Type.Integer({ minimum: 1 }),
});
export type AgentPrinter = Static<typeof AgentPrinter>;

/** The agent's printers; sent on connecting and whenever one of them changes. */
export const AgentPrinters = Type.Object({
  /** Now on the server's clock: the agent measures `expiresAt` against it, not against its own clock. */
  serverTime: Timestamp,
  printers: Type.Array(AgentPrinter),
});
export type AgentPrinters = Static<typeof AgentPrinters>;

/** Everything printed on a ticket (the hardware package's `TicketJob`): no name, no priority, ever. */
export const PrintedTicket = Type.Object({
  /** The ticket's id, or `test` for a test print. */
  ticketId: Type.String({ maxLength: 64 }),
  code: Type.String({ maxLength: 16 }),
  categoryName: Type.String({ maxLength: 200 }),
  officeName: Type.String({ maxLength: 200 }),
  issuedAt: Timestamp,
  timeZone: Type.String({ maxLength: 64 }),
  peopleAhead: Type.Integer({ minimum: 0 }),
  estimatedWait: Type.Object({
    minMinutes: Type.Integer({ minimum: 0 }),
    maxMinutes: Type.Integer({ minimum: 0 }),
  }),
  /**
   * No counter may call the ticket now: printed instead of the wait. Absent from a server that
   * does not say so, and printed as the wait then.
   */
  nobodyServing: Type.Optional(Type.Boolean()),
  statusUrl: Type.String({ maxLength: 500 }),
  language: LanguageSchema,
  counters: Type.Array(Type.Object({ number: Type.Integer(), name: Type.String({ maxLength: 120 }) }), {
    maxItems: 100,
  }),
  interpreter: Type.Boolean(),
});
export type PrintedTicket = Static<typeof PrintedTicket>;

/** A print for the agent. The same job may come again (after a reconnect): it prints once. */
export const AgentJob = Type.Object({
  id: Id,
  printerId: Id,
  ticket: PrintedTicket,
  /** After this time on the server's clock the job must not print. */
  expiresAt: Timestamp,
  /** Now on the server's clock, when the job was sent. */
  serverTime: Timestamp,
});
export type AgentJob = Static<typeof AgentJob>;

/** What became of a print job: waiting, sent to the agent, or its outcome. */
export const PRINT_JOB_STATES = ['pending', 'sent', 'printed', 'failed', 'expired'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

/** Why a job did not print: the printer's state, no answer in time, or another error. */
export const PrintJobReason = Type.Union([
  Type.Enum(PRINTER_STATES),
  Type.Literal('timeout'),
  Type.Literal('error'),
  Type.Null(),
]);

/**
 * The agent's answer to a job: `printed`; `failed` with the reason (nothing was sent, or the
 * printer refused the rest); or `expired` when it came too late to print. `uncertain` marks a job
 * whose bytes may have gone out before the agent stopped: it counts as printed and never prints again.
 */
export const AgentJobResult = Type.Object(
  {
    id: Id,
    state: Type.Union([Type.Literal('printed'), Type.Literal('failed'), Type.Literal('expired')]),
    reason: PrintJobReason,
    uncertain: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type AgentJobResult = Static<typeof AgentJobResult>;

/** The job as the server holds it after a result. */
export const AgentJobState = Type.Object({ id: Id, state: Type.Enum(PRINT_JOB_STATES) });
export type AgentJobState = Static<typeof AgentJobState>;

/** A printer's state as the agent reads it (DLE EOT), sent on connecting and on every change. */
export const AgentPrinterStatus = Type.Object(
  { printerId: Id, state: Type.Enum(PRINTER_STATES) },
  { additionalProperties: false },
);
export type AgentPrinterStatus = Static<typeof AgentPrinterStatus>;

/** Server → print agent (`/print-agent` namespace). */
export interface PrintAgentServerEvents {
  printers: (p: AgentPrinters) => void;
  job: (j: AgentJob) => void;
}

/** Print agent → server. */
export interface PrintAgentClientEvents {
  'job:result': (payload: AgentJobResult, ack: (r: Ack<AgentJobState>) => void) => void;
  'printer:status': (payload: AgentPrinterStatus, ack: (r: Ack<AgentPrinterStatus>) => void) => void;
}
