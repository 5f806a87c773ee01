import type { PrinterState } from '@numerek/shared';
import type { TicketJob, TicketPrinter } from '@numerek/hardware';

/** What an agent's printer asks of the print agents module. */
export interface AgentPrinting {
  print(printerId: string, job: TicketJob): Promise<void>;
  /** The state the printer's agent last reported. */
  storedStatus(printerId: string): Promise<PrinterState>;
}

/**
 * A printer that a print agent drives, as the printers module sees it: printing stores a job for
 * the agent and waits for its answer; the status is what the agent last reported (the server
 * cannot ask the printer itself, which is on the office's network).
 */
export class AgentPrinter implements TicketPrinter {
  constructor(
    private readonly agents: AgentPrinting,
    private readonly printerId: string,
  ) {}

  print(job: TicketJob): Promise<void> {
    return this.agents.print(this.printerId, job);
  }

  status(): Promise<PrinterState> {
    return this.agents.storedStatus(this.printerId);
  }
}
