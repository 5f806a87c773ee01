import {
  AgentJobResult,
  AgentPrinterStatus,
  PRINT_AGENT_CLIENT_EVENTS,
  type PrintAgentClientEvents,
  type PrintAgentServerEvents,
} from '@numerek/shared';
import type { Namespace, Server, Socket } from 'socket.io';
import { Compile } from 'typebox/compile';
import type { DomainBus } from '../domain-events.ts';
import type { Clock } from '../lib/clock.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { PrintAgentService } from '../modules/print-agents/print-agent.service.ts';
import { AGENT_GONE_MS } from '../modules/print-agents/print-agent.service.ts';
import type { ServiceContext } from '../service-context.ts';
import { readHandshake } from './handshake.ts';
import { onCommand, refusal } from './socket-helpers.ts';
import { guardEvents, type EventLimits } from './socket-limits.ts';

export interface PrintAgentSocketData {
  agentId: string;
  officeId: string;
  /** The device token, kept to check it again (revocation, a new pairing). */
  token: string;
}

export type PrintAgentNamespace = Namespace<
  PrintAgentClientEvents,
  PrintAgentServerEvents,
  Record<string, never>,
  PrintAgentSocketData
>;
export type PrintAgentSocket = Socket<
  PrintAgentClientEvents,
  PrintAgentServerEvents,
  Record<string, never>,
  PrintAgentSocketData
>;

/** What the `/print-agent` namespace uses of the rest of the server. */
export interface PrintAgentDeps {
  auth: Pick<AuthService, 'resolve'>;
  agents: Pick<
    PrintAgentService,
    'printersOf' | 'jobsToSend' | 'settle' | 'reportStatus' | 'connected' | 'away'
  >;
  bus: DomainBus;
  clock: Clock;
  log: ServiceContext['log'];
}

/** How often the jobs waiting for this process's agents are read (jobs stored by other processes). */
export const PRINT_AGENT_POLL_MS = 1000;

/**
 * An agent answers every ticket of its office and reports its printers: a busy morning, or the
 * jobs of a reconnection, is far more than a display's few requests. Still bounded, so a stolen
 * token cannot flood the server.
 */
export const PRINT_AGENT_EVENT_LIMITS: EventLimits = {
  burst: 200,
  perSecond: 50,
  refusalsBeforeDisconnect: 500,
};

const KNOWN: ReadonlySet<string> = new Set(PRINT_AGENT_CLIENT_EVENTS);
const checkResult = Compile(AgentJobResult);
const checkStatus = Compile(AgentPrinterStatus);

/**
 * `/print-agent`: print agents connect out to the server with their device token (like a paired
 * display) and receive their office's print jobs (docs/decisions/0019-print-agent.md).
 *
 * An agent gets its printers, then every job waiting for it; after that, each new job as it is
 * stored, whichever process stored it (its `print-job.queued` fact reaches every process, decision
 * 0021; the jobs are also read every {@link PRINT_AGENT_POLL_MS}, so none waits for a lost one).
 * One connection per agent: a newer one replaces an older one here, so two copies of an agent
 * never both receive the same job from this process.
 */
export function attachPrintAgents(gw: { io: Server }, deps: PrintAgentDeps): { close(): void } {
  const nsp = gw.io.of('/print-agent') as PrintAgentNamespace;
  const byAgent = new Map<string, PrintAgentSocket>();
  const awayTimers = new Set<NodeJS.Timeout>();

  const fail = (what: string) => (error: unknown) => deps.log.error({ err: error }, `print agents: ${what}`);

  const send = async (socket: PrintAgentSocket, reconnected: boolean, only?: string): Promise<void> => {
    for (const job of await deps.agents.jobsToSend(socket.data.agentId, reconnected, only)) {
      socket.emit('job', job);
    }
  };

  /** Closes sockets whose token no longer works; sends the others their printers again. */
  const recheck = async (officeId: string | null, resendPrinters: boolean): Promise<void> => {
    for (const socket of [...byAgent.values()]) {
      if (officeId !== null && socket.data.officeId !== officeId) continue;
      const actor = await deps.auth.resolve(undefined, socket.data.token);
      if (actor.kind !== 'device' || actor.id !== socket.data.agentId) {
        socket.disconnect(true);
        continue;
      }
      if (resendPrinters) socket.emit('printers', await deps.agents.printersOf(socket.data.agentId));
    }
  };

  nsp.use(async (socket, next) => {
    try {
      const auth = readHandshake(socket.handshake.auth);
      if (!auth.token) {
        return next(
          refusal(
            'unauthenticated',
            'A print agent connects with its token; pair it with a link from the console.',
          ),
        );
      }
      const actor = await deps.auth.resolve(undefined, auth.token);
      if (actor.kind !== 'device') {
        const revoked = actor.kind === 'anonymous' && actor.problem?.reason === 'device_revoked';
        return next(
          revoked
            ? refusal(
                'device-revoked',
                'This print agent was revoked; add a new one in the console and pair it.',
              )
            : refusal(
                'device-invalid',
                'The print agent token is not valid; pair the agent again from the console.',
              ),
        );
      }
      if (actor.deviceKind !== 'print-agent') {
        return next(
          refusal('forbidden', 'This token is not a print agent’s; pair the agent with its own link.'),
        );
      }
      socket.data = { agentId: actor.id, officeId: actor.officeId, token: auth.token };
      return next();
    } catch (error) {
      return next(error instanceof Error ? error : new Error(String(error)));
    }
  });

  nsp.on('connection', (socket: PrintAgentSocket) => {
    const { agentId } = socket.data;
    guardEvents(socket, KNOWN, PRINT_AGENT_EVENT_LIMITS);
    byAgent.get(agentId)?.disconnect(true);
    byAgent.set(agentId, socket);
    onCommand(socket, 'job:result', checkResult, (result) => deps.agents.settle(agentId, result));
    onCommand(socket, 'printer:status', checkStatus, async (status) => {
      await deps.agents.reportStatus(agentId, status.printerId, status.state);
      return status;
    });
    socket.on('disconnect', () => {
      if (byAgent.get(agentId) !== socket) return;
      byAgent.delete(agentId);
      const since = deps.clock.now();
      const timer = setTimeout(() => {
        awayTimers.delete(timer);
        if (!byAgent.has(agentId)) deps.agents.away(agentId, since).catch(fail('marking an agent away'));
      }, AGENT_GONE_MS);
      timer.unref();
      awayTimers.add(timer);
    });
    void (async () => {
      await deps.agents.connected(agentId);
      socket.emit('printers', await deps.agents.printersOf(agentId));
      await send(socket, true);
    })().catch(fail('an agent could not be sent its printers and jobs'));
  });

  const unsubscribe = [
    deps.bus.subscribe('print-job.queued', (e) => {
      const socket = byAgent.get(e.agentId);
      if (socket) send(socket, false, e.jobId).catch(fail('a job could not be sent'));
    }),
    deps.bus.subscribe('config.changed', (e) => {
      if (e.entity === 'device' || e.entity === 'printer') {
        recheck(e.officeId, true).catch(fail('agents could not be checked'));
      }
    }),
  ];

  // Jobs stored by another process, and tokens revoked through another process.
  let polling = false;
  const poll = setInterval(() => {
    if (polling || byAgent.size === 0) return;
    polling = true;
    void (async () => {
      await recheck(null, false);
      for (const socket of [...byAgent.values()]) await send(socket, false);
    })()
      .catch(fail('waiting jobs could not be read'))
      .finally(() => (polling = false));
  }, PRINT_AGENT_POLL_MS);
  poll.unref();

  return {
    close() {
      clearInterval(poll);
      for (const timer of awayTimers) clearTimeout(timer);
      awayTimers.clear();
      for (const off of unsubscribe) off();
    },
  };
}
