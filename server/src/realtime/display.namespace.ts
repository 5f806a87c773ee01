import { DEFAULT_DISPLAY_SETTINGS, DISPLAY_CLIENT_EVENTS } from '@numerek/shared';
import { AppError } from '../lib/app-error.ts';
import { readHandshake } from './handshake.ts';
import type { DisplayNamespace, Streams } from './realtime.types.ts';
import { onCommand, refusal } from './socket-helpers.ts';

const KNOWN: ReadonlySet<string> = new Set(DISPLAY_CLIENT_EVENTS);

/**
 * `/display`: public and read-only. A display token (from the pairing link) selects that
 * display's office, name and settings; an invalid or revoked token is refused, so a TV that was
 * unpaired in the console stops showing the hall.
 *
 * Unlike /counter and /console, any origin may connect: the token travels in the handshake's
 * `auth`, never in a cookie a browser would add on its own, so a page of another site can only
 * use a token it already holds, and it sees nothing the hall's screen does not show anyway.
 */
export function registerDisplayNamespace(nsp: DisplayNamespace, gw: Streams): void {
  const deps = gw.deps;

  nsp.use(async (socket, next) => {
    try {
      const auth = readHandshake(socket.handshake.auth);
      if (auth.token) {
        const actor = await deps.auth.resolve(undefined, auth.token);
        if (actor.kind !== 'device') {
          const revoked = actor.kind === 'anonymous' && actor.problem?.reason === 'device_revoked';
          return next(
            revoked
              ? refusal(
                  'device-revoked',
                  'This display was revoked; pair it again with a new link from the console.',
                )
              : refusal(
                  'device-invalid',
                  'The display token is not valid; pair the display again from the console.',
                ),
          );
        }
        if (actor.deviceKind !== 'display') {
          return next(
            refusal('forbidden', 'This is a kiosk token; pair the TV with a display link from the console.'),
          );
        }
        deps.devices.seen(actor.id, actor.deviceKind);
        // Gone since its token was checked: the defaults, until the next check closes the socket.
        const device = await deps.devices.find(actor.id).catch(() => null);
        socket.data = {
          officeId: actor.officeId,
          deviceId: actor.id,
          token: auth.token,
          name: actor.name,
          settings: device?.settings ?? DEFAULT_DISPLAY_SETTINGS,
          room: '',
        };
        return next();
      }
      const offices = await deps.offices.list();
      const office = auth.officeId ? offices.find((o) => o.id === auth.officeId) : offices[0];
      if (!office) return next(refusal('bad-handshake', 'No such office; check the display link.'));
      socket.data = {
        officeId: office.id,
        deviceId: null,
        token: null,
        name: office.name,
        settings: DEFAULT_DISPLAY_SETTINGS,
        room: '',
      };
      return next();
    } catch (error) {
      return next(error instanceof Error ? error : new Error(String(error)));
    }
  });

  nsp.on('connection', (socket) => {
    gw.guardEvents(socket, KNOWN);
    gw.sendSnapshot(socket, true).catch((error: unknown) => {
      deps.log.error({ err: error }, 'realtime gateway: a display snapshot could not be sent');
    });
    onCommand(socket, 'sync:request', null, async () => {
      const fresh = await gw.displaySnapshot(socket.data);
      if (!fresh) throw new AppError('NOT_FOUND', 'The office of this display no longer exists.');
      return fresh;
    });
  });
}
