import {
  FEEDBACK_CLIENT_EVENTS,
  SURVEY_TABLET_SECONDS,
  type FeedbackClientEvents,
  type FeedbackServerEvents,
  type Language,
} from '@numerek/shared';
import type { Namespace, Server, Socket } from 'socket.io';
import type { DomainBus } from '../domain-events.ts';
import type { Clock } from '../lib/clock.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { DeviceService } from '../modules/devices/device.service.ts';
import type { SurveyService } from '../modules/survey/survey.service.ts';
import type { ServiceContext } from '../service-context.ts';
import { readHandshake } from './handshake.ts';
import { refusal } from './socket-helpers.ts';
import { DEFAULT_EVENT_LIMITS, guardEvents } from './socket-limits.ts';

export interface FeedbackSocketData {
  deviceId: string;
  officeId: string;
  /** The device token, kept to check it again (revocation, a new pairing). */
  token: string;
  /** The counter the tablet stands beside, while it asks at all. */
  counterId: string | null;
}

export type FeedbackNamespace = Namespace<
  FeedbackClientEvents,
  FeedbackServerEvents,
  Record<string, never>,
  FeedbackSocketData
>;
export type FeedbackSocket = Socket<
  FeedbackClientEvents,
  FeedbackServerEvents,
  Record<string, never>,
  FeedbackSocketData
>;

/** What the `/feedback` namespace uses of the rest of the server. */
export interface FeedbackDeps {
  auth: Pick<AuthService, 'resolve'>;
  /** Keeps a tablet's last-seen time while it connects and stays connected. */
  devices: Pick<DeviceService, 'seen'>;
  survey: Pick<SurveyService, 'tabletQuestion' | 'feedbackState'>;
  bus: DomainBus;
  clock: Clock;
  log: ServiceContext['log'];
}

/** How often the tablets' tokens are checked again (a revocation in this process is pushed at once). */
const RECHECK_MS = 30_000;
const KNOWN: ReadonlySet<string> = new Set<string>(FEEDBACK_CLIENT_EVENTS);

/**
 * `/feedback`: feedback tablets beside the counters connect with their device token (like a
 * paired display) and are told when the clerk of their counter finishes a visit, to ask how it
 * went for SURVEY_TABLET_SECONDS (docs/decisions/0030-visit-survey.md). A tablet that connects
 * again while its counter's question is still up gets it with the seconds left.
 */
export function attachFeedbackTablets(gw: { io: Server }, deps: FeedbackDeps): { close(): void } {
  const nsp = gw.io.of('/feedback') as FeedbackNamespace;
  /** The question each counter shows now, and when it was asked. */
  const asked = new Map<string, { ticketId: string; language: Language; at: number }>();
  const fail = (what: string) => (error: unknown) =>
    deps.log.error({ err: error }, `feedback tablets: ${what}`);

  const secondsLeft = (at: number): number =>
    Math.ceil((at + SURVEY_TABLET_SECONDS * 1000 - deps.clock.now()) / 1000);

  /** Tells a tablet what it is for now, and the question its counter shows, if any. */
  const refresh = async (socket: FeedbackSocket): Promise<void> => {
    const state = await deps.survey.feedbackState(socket.data.deviceId);
    socket.data.counterId = state.active ? (state.counter?.id ?? null) : null;
    socket.emit('feedback:state', state);
    const open = socket.data.counterId ? asked.get(socket.data.counterId) : undefined;
    // Asked again only while its time lasts and nobody has answered it meanwhile.
    if (open && secondsLeft(open.at) > 0 && (await deps.survey.tabletQuestion(open.ticketId))) {
      socket.emit('survey:ask', {
        ticketId: open.ticketId,
        language: open.language,
        seconds: secondsLeft(open.at),
      });
    }
  };

  /** Closes sockets whose token no longer works; tells the others their state again. */
  const recheck = async (officeId: string | null): Promise<void> => {
    for (const socket of [...nsp.sockets.values()]) {
      if (officeId !== null && socket.data.officeId !== officeId) continue;
      const actor = await deps.auth.resolve(undefined, socket.data.token);
      if (actor.kind !== 'device' || actor.id !== socket.data.deviceId) {
        socket.disconnect(true);
        continue;
      }
      deps.devices.seen(actor.id, actor.deviceKind);
      await refresh(socket);
    }
  };

  nsp.use(async (socket, next) => {
    try {
      const auth = readHandshake(socket.handshake.auth);
      if (!auth.token) {
        return next(
          refusal(
            'unauthenticated',
            'A feedback tablet connects with its token; pair it with a link from the console.',
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
                'This feedback tablet was revoked; add a new one in the console and pair it.',
              )
            : refusal(
                'device-invalid',
                'The tablet token is not valid; pair the tablet again from the console.',
              ),
        );
      }
      if (actor.deviceKind !== 'feedback') {
        return next(
          refusal('forbidden', 'This token is not a feedback tablet’s; pair the tablet with its own link.'),
        );
      }
      deps.devices.seen(actor.id, actor.deviceKind);
      socket.data = { deviceId: actor.id, officeId: actor.officeId, token: auth.token, counterId: null };
      return next();
    } catch (error) {
      return next(error instanceof Error ? error : new Error(String(error)));
    }
  });

  nsp.on('connection', (socket: FeedbackSocket) => {
    guardEvents(socket, KNOWN, DEFAULT_EVENT_LIMITS);
    refresh(socket).catch(fail('a tablet could not be told its state'));
  });

  const ask = async (officeId: string, ticketId: string, counterId: string): Promise<void> => {
    const tablets = [...nsp.sockets.values()].filter(
      (s) => s.data.officeId === officeId && s.data.counterId === counterId,
    );
    if (tablets.length === 0) return;
    const question = await deps.survey.tabletQuestion(ticketId);
    if (!question) return;
    asked.set(counterId, { ...question, at: deps.clock.now() });
    for (const socket of tablets) socket.emit('survey:ask', { ...question, seconds: SURVEY_TABLET_SECONDS });
  };

  const unsubscribe = [
    deps.bus.subscribe('ticket.changed', (e) => {
      if (e.state === 'finished' && e.counterId) {
        ask(e.officeId, e.ticketId, e.counterId).catch(fail('a tablet could not be asked'));
      }
    }),
    deps.bus.subscribe('config.changed', (e) => {
      if (e.entity === 'device' || e.entity === 'settings' || e.entity === 'counter') {
        recheck(e.officeId).catch(fail('tablets could not be checked'));
      }
    }),
  ];
  const timer = setInterval(() => {
    if (nsp.sockets.size > 0) recheck(null).catch(fail('tablets could not be checked'));
  }, RECHECK_MS);
  timer.unref();

  return {
    close() {
      clearInterval(timer);
      for (const off of unsubscribe) off();
    },
  };
}
