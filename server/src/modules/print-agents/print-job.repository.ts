import type { PrintedTicket, PrintJobState } from '@numerek/shared';
import { Repository } from '../../db/repository.ts';

/** Why a job did not print, as stored (see `PrintJobReason`). */
export type PrintJobReason = string | null;

/** One print through an agent, as stored. */
export interface PrintJob {
  id: string;
  officeId: string;
  printerId: string;
  agentId: string;
  /** The ticket printed; null for a test print. */
  ticketId: string | null;
  ticket: PrintedTicket;
  createdAt: number;
  expiresAt: number;
  state: PrintJobState;
  reason: PrintJobReason;
  /** The agent stopped while the job's bytes may have been going out: counted as printed. */
  uncertain: boolean;
  updatedAt: number;
}

interface Row {
  id: string;
  office_id: string;
  printer_id: string;
  agent_id: string;
  ticket_id: string | null;
  job: string;
  created_at: number;
  expires_at: number;
  state: PrintJobState;
  reason: string | null;
  uncertain: number;
  updated_at: number;
}

const toJob = (r: Row): PrintJob => ({
  id: r.id,
  officeId: r.office_id,
  printerId: r.printer_id,
  agentId: r.agent_id,
  ticketId: r.ticket_id,
  ticket: JSON.parse(r.job) as PrintedTicket,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  state: r.state,
  reason: r.reason,
  uncertain: r.uncertain === 1,
  updatedAt: r.updated_at,
});

/** The states a job leaves only forward; a settled job never prints again. */
export const SETTLED: ReadonlySet<PrintJobState> = new Set(['printed', 'failed', 'expired']);

/**
 * Print jobs of the print agents. Every change is one conditional UPDATE that moves a job's
 * state forward only, so processes that race over a job (two server processes, a result and an
 * expiry) agree on one outcome: whichever statement changed the row won, and the others change
 * nothing.
 */
export class PrintJobRepository extends Repository {
  async insert(job: PrintJob): Promise<void> {
    await this.db.run(
      `INSERT INTO print_jobs (id, office_id, printer_id, agent_id, ticket_id, job, created_at, expires_at, state, reason, uncertain, updated_at)
       VALUES (@id, @officeId, @printerId, @agentId, @ticketId, @job, @createdAt, @expiresAt, @state, NULL, 0, @createdAt)`,
      {
        id: job.id,
        officeId: job.officeId,
        printerId: job.printerId,
        agentId: job.agentId,
        ticketId: job.ticketId,
        job: JSON.stringify(job.ticket),
        createdAt: job.createdAt,
        expiresAt: job.expiresAt,
        state: job.state,
      },
    );
  }

  async find(id: string): Promise<PrintJob | null> {
    const r = await this.db.get<Row>('SELECT * FROM print_jobs WHERE id = ?', [id]);
    return r ? toJob(r) : null;
  }

  /** The newest print job of a ticket, if it was printed through an agent. */
  async latestOfTicket(ticketId: string): Promise<PrintJob | null> {
    const r = await this.db.get<Row>(
      'SELECT * FROM print_jobs WHERE ticket_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
      [ticketId],
    );
    return r ? toJob(r) : null;
  }

  /** An agent's jobs in these states that may still print at `now`, oldest first. */
  async openFor(agentId: string, states: readonly ('pending' | 'sent')[], now: number): Promise<PrintJob[]> {
    const wanted = states.map((s) => `'${s}'`).join(', ');
    return (
      await this.db.all<Row>(
        `SELECT * FROM print_jobs WHERE agent_id = ? AND state IN (${wanted}) AND expires_at > ? ORDER BY created_at, id`,
        [agentId, now],
      )
    ).map(toJob);
  }

  /**
   * Marks a job sent, if it may still print: true when it was waiting or already sent (a job is
   * sent again after a reconnect: the agent prints each id once), false when it has settled or
   * expired meanwhile.
   */
  async markSent(id: string, now: number): Promise<boolean> {
    const { changes } = await this.db.run(
      `UPDATE print_jobs SET state = 'sent', updated_at = ? WHERE id = ? AND state IN ('pending', 'sent') AND expires_at > ?`,
      [now, id, now],
    );
    return changes === 1;
  }

  /**
   * Stores the agent's answer. A job settles once; the one exception is an agent that printed a
   * job in time while the server, not hearing back, had given it up as expired: the paper is the
   * truth, so `printed` replaces `expired`.
   */
  async settle(
    id: string,
    agentId: string,
    outcome: { state: 'printed' | 'failed' | 'expired'; reason: PrintJobReason; uncertain: boolean },
    now: number,
  ): Promise<boolean> {
    const from = outcome.state === 'printed' ? `'pending', 'sent', 'expired'` : `'pending', 'sent'`;
    const { changes } = await this.db.run(
      `UPDATE print_jobs SET state = @state, reason = @reason, uncertain = @uncertain, updated_at = @now
        WHERE id = @id AND agent_id = @agentId AND state IN (${from})`,
      {
        id,
        agentId,
        state: outcome.state,
        reason: outcome.state === 'printed' ? null : outcome.reason,
        uncertain: outcome.uncertain ? 1 : 0,
        now,
      },
    );
    return changes === 1;
  }

  /** Whether any job is due to expire at `now` (read before writing, so idle sweeps write nothing). */
  async anyDue(now: number, sentGraceMs: number): Promise<boolean> {
    return Boolean(
      await this.db.value(
        `SELECT EXISTS (SELECT 1 FROM print_jobs
          WHERE (state = 'pending' AND expires_at <= ?) OR (state = 'sent' AND expires_at <= ?))`,
        [now, now - sentGraceMs],
      ),
    );
  }

  /**
   * Gives up the jobs that can no longer print: waiting ones at their expiry, sent ones
   * `sentGraceMs` later (the agent may be confirming a job it started in time). Answers them.
   */
  async expireDue(now: number, sentGraceMs: number): Promise<Array<{ id: string; officeId: string }>> {
    const rows = await this.db.all<{ id: string; office_id: string }>(
      `UPDATE print_jobs SET state = 'expired', reason = 'timeout', updated_at = ?
        WHERE (state = 'pending' AND expires_at <= ?) OR (state = 'sent' AND expires_at <= ?)
        RETURNING id, office_id`,
      [now, now, now - sentGraceMs],
    );
    return rows.map((r) => ({ id: r.id, officeId: r.office_id }));
  }

  /** Forgets settled jobs last changed before `before`. */
  /** Whether {@link pruneSettled} has anything to delete (read first, so an idle node writes nothing). */
  async anySettledBefore(before: number): Promise<boolean> {
    return Boolean(
      await this.db.value(
        `SELECT EXISTS (SELECT 1 FROM print_jobs
          WHERE state IN ('printed', 'failed', 'expired') AND updated_at < ?)`,
        [before],
      ),
    );
  }

  async pruneSettled(before: number): Promise<number> {
    const { changes } = await this.db.run(
      `DELETE FROM print_jobs WHERE state IN ('printed', 'failed', 'expired') AND updated_at < ?`,
      [before],
    );
    return changes;
  }

  /** Records that a print agent was connected at `at` (shown in the console's device list). */
  async markAgentSeen(agentId: string, at: number): Promise<void> {
    await this.db.run(`UPDATE devices SET last_seen_at = ? WHERE id = ? AND kind = 'print-agent'`, [
      at,
      agentId,
    ]);
  }
}
