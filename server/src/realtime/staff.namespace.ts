import { CounterSubscribe, SESSION_COOKIE, STAFF_CLIENT_EVENTS } from '@numerek/shared';
import { Compile } from 'typebox/compile';
import { foreignOrigin, trustedOrigins } from '../http/origin-check.ts';
import { AppError } from '../lib/app-error.ts';
import { readHandshake } from './handshake.ts';
import type { StaffNamespace, Streams } from './realtime.types.ts';
import { counterRoom, officeRoom } from './rooms.ts';
import { onCommand, refusal } from './socket-helpers.ts';

const checkSubscribe = Compile(CounterSubscribe);
const KNOWN: ReadonlySet<string> = new Set(STAFF_CLIENT_EVENTS);

/**
 * `/counter` (clerk panels) and `/console` (supervisors and administrators). The session cookie
 * is checked at the handshake; a panel follows one counter with `counter:subscribe`, a console
 * follows its whole office.
 */
export function registerStaffNamespaces(
  { counter, console }: { counter: StaffNamespace; console: StaffNamespace },
  gw: Streams,
): void {
  const trusted = trustedOrigins(gw.deps.config);
  const checkSession = (nsp: StaffNamespace): void => {
    const name = nsp.name;
    nsp.use(async (socket, next) => {
      try {
        readHandshake(socket.handshake.auth);
        // The session cookie rides along with any page's handshake: a page of another site must
        // not open a staff socket in the name of whoever is signed in.
        const foreign = foreignOrigin(socket.handshake.headers, trusted);
        if (foreign) return next(refusal('forbidden-origin', foreign));
        const header = socket.handshake.headers.cookie;
        const token = header ? gw.deps.parseCookie(header)[SESSION_COOKIE] : undefined;
        const actor = await gw.deps.auth.resolve(token, undefined);
        // The central administrator follows no office's queues live: no office's stream is theirs.
        if (actor.kind === 'central')
          return next(
            refusal(
              'forbidden',
              'A central administrator belongs to no office; the panels and the console follow one office.',
            ),
          );
        if (actor.kind !== 'user' || !token) {
          const problem = actor.kind === 'anonymous' ? actor.problem : undefined;
          return next(
            refusal(
              'unauthenticated',
              problem?.message ?? 'Sign in first: this needs a staff session.',
              problem?.reason,
            ),
          );
        }
        if (actor.passwordChangeRequired) {
          return next(
            refusal(
              'password-change-required',
              'Choose your own new password first (POST /api/auth/password); it was set by someone else.',
            ),
          );
        }
        if (name === '/console' && actor.role === 'clerk') {
          return next(
            refusal(
              'forbidden',
              'The console needs a supervisor or administrator; your role (clerk) may not use it.',
            ),
          );
        }
        socket.data = {
          officeId: actor.officeId,
          userId: actor.id,
          role: actor.role,
          sessionToken: token,
          counterId: null,
        };
        return next();
      } catch (error) {
        return next(error instanceof Error ? error : new Error(String(error)));
      }
    });
  };
  checkSession(counter);
  checkSession(console);

  counter.on('connection', (socket) => {
    gw.guardEvents(socket, KNOWN);
    onCommand(socket, 'counter:subscribe', checkSubscribe, async (p) => {
      const exists = (await gw.deps.counters.list(socket.data.officeId)).some((c) => c.id === p.counterId);
      if (!exists) throw new AppError('NOT_FOUND', `Counter ${p.counterId} was not found in your office.`);
      if (socket.data.counterId && socket.data.counterId !== p.counterId) {
        await socket.leave(counterRoom(socket.data.counterId));
      }
      socket.data.counterId = p.counterId;
      await socket.join(counterRoom(p.counterId));
      gw.noteRoom(counter, counterRoom(p.counterId), socket.data.officeId);
      return { seq: gw.streamSeq(socket.data.officeId) };
    });
    onCommand(socket, 'sync:request', null, () => ({ seq: gw.streamSeq(socket.data.officeId) }));
  });

  console.on('connection', (socket) => {
    void socket.join(officeRoom(socket.data.officeId));
    gw.noteRoom(console, officeRoom(socket.data.officeId), socket.data.officeId);
    gw.guardEvents(socket, KNOWN);
    onCommand(socket, 'counter:subscribe', checkSubscribe, () => {
      throw new AppError(
        'VALIDATION_FAILED',
        'The console follows the whole office; counter:subscribe is for /counter.',
        { field: 'counterId' },
      );
    });
    onCommand(socket, 'sync:request', null, () => ({ seq: gw.streamSeq(socket.data.officeId) }));
  });
}
