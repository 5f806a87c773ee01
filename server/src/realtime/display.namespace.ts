import {
  DEFAULT_DISPLAY_SETTINGS,
  HandshakeAuth,
  PROTOCOL_OUTDATED,
  PROTOCOL_VERSION,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type DisplaySettings,
} from '@numerek/shared';
import type { Namespace, Socket } from 'socket.io';
import { Compile } from 'typebox/compile';
import { AppError } from '../lib/app-error.ts';
import type { RealtimeGateway } from './realtime.gateway.ts';
import { describeInvalid, onCommand, refusal } from './socket-helpers.ts';

export interface DisplaySocketData {
  officeId: string;
  /** The paired display device, or null for an unpaired (default) display. */
  deviceId: string | null;
  /** The device token, kept to check it again (revocation). */
  token: string | null;
  name: string;
  settings: DisplaySettings;
  /** The room of this display's stream (office + filter). */
  room: string;
}

export type DisplayNamespace = Namespace<
  DisplayClientEvents,
  DisplayServerEvents,
  Record<string, never>,
  DisplaySocketData
>;
export type DisplaySocket = Socket<
  DisplayClientEvents,
  DisplayServerEvents,
  Record<string, never>,
  DisplaySocketData
>;

export const checkHandshake = Compile(HandshakeAuth);

/**
 * Validates the handshake's `auth`, including the protocol version: an outdated page is told
 * `protocol-outdated` (and reloads itself) before anything else is checked.
 */
export function readHandshake(auth: unknown): HandshakeAuth {
  const protocol = (auth as { protocol?: unknown } | null)?.protocol;
  if (protocol !== PROTOCOL_VERSION) {
    throw refusal('protocol-outdated', PROTOCOL_OUTDATED);
  }
  if (!checkHandshake.Check(auth)) {
    throw refusal('bad-handshake', `The handshake is not valid: ${describeInvalid(checkHandshake, auth)}`);
  }
  return auth;
}

/**
 * `/display`: public and read-only. A display token (from the pairing link) selects that
 * display's office, name and settings; an invalid or revoked token is refused, so a TV that was
 * unpaired in the console stops showing the hall.
 *
 * Unlike /counter and /console, any origin may connect: the token travels in the handshake's
 * `auth`, never in a cookie a browser would add on its own, so a page of another site can only
 * use a token it already holds, and it sees nothing the hall's screen does not show anyway.
 */
export function registerDisplayNamespace(gw: RealtimeGateway): DisplayNamespace {
  // One Server serves four event maps; each namespace is typed by its own.
  const nsp = gw.io.of('/display') as unknown as DisplayNamespace;
  const services = gw.services;

  nsp.use((socket, next) => {
    try {
      const auth = readHandshake(socket.handshake.auth);
      if (auth.token) {
        const actor = services.auth.resolve(undefined, auth.token);
        if (actor.kind !== 'device') {
          const revoked = actor.kind === 'anonymous' && /revoked/i.test(actor.problem ?? '');
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
        const device = services.devices.list(actor.officeId).find((d) => d.id === actor.id);
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
      const offices = services.offices.list();
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
    gw.joinDisplayStream(socket);
    const snapshot = gw.displaySnapshot(socket.data);
    if (snapshot) socket.emit('queue:snapshot', snapshot);
    gw.guardEvents(socket, KNOWN);
    onCommand(socket, 'sync:request', null, () => {
      const fresh = gw.displaySnapshot(socket.data);
      if (!fresh) throw new AppError('NOT_FOUND', 'The office of this display no longer exists.');
      return fresh;
    });
  });
  return nsp;
}

const KNOWN = new Set<string>(['sync:request'] satisfies Array<keyof DisplayClientEvents>);
