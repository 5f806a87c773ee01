import { DEFAULT_DISPLAY_SETTINGS, type Device } from '@numerek/shared';
import type { DisplayNamespace, StaffNamespace, Streams } from './realtime.types.ts';

/** The streams whose sockets are checked, with the namespaces that hold them. */
export interface CredentialedStreams extends Streams {
  readonly display: DisplayNamespace;
  readonly counter: StaffNamespace;
  readonly console: StaffNamespace;
}

/**
 * Checks every socket's credentials again: a revoked display, an expired session or a
 * deactivated user is disconnected (staff are told `session:expired` first, with why); a display whose
 * settings changed gets them with a fresh snapshot; a display still connected counts as seen.
 */
export async function recheckCredentials(gw: CredentialedStreams): Promise<void> {
  const auth = gw.deps.auth;
  const devicesOf = new Map<string, Map<string, Device>>();
  const findDevice = async (officeId: string, id: string) => {
    let devices = devicesOf.get(officeId);
    if (!devices) {
      devices = new Map((await gw.deps.devices.list(officeId)).map((d) => [d.id, d]));
      devicesOf.set(officeId, devices);
    }
    return devices.get(id);
  };
  for (const socket of [...gw.display.sockets.values()]) {
    const { token, deviceId } = socket.data;
    if (!token || !deviceId) continue;
    const actor = await auth.resolve(undefined, token);
    if (actor.kind !== 'device' || actor.id !== deviceId) {
      socket.disconnect(true);
      continue;
    }
    // A display stays seen while it is connected (stored at most once a minute).
    gw.deps.devices.seen(deviceId, actor.deviceKind);
    const device = await findDevice(actor.officeId, deviceId);
    const settings = device?.settings ?? DEFAULT_DISPLAY_SETTINGS;
    if (
      JSON.stringify(settings) !== JSON.stringify(socket.data.settings) ||
      device?.name !== socket.data.name
    ) {
      socket.data.settings = settings;
      socket.data.name = device?.name ?? socket.data.name;
      await gw.sendSnapshot(socket, true);
    }
  }
  for (const nsp of [gw.counter, gw.console]) {
    for (const socket of [...nsp.sockets.values()]) {
      const actor = await auth.resolve(socket.data.sessionToken, undefined);
      const allowed =
        actor.kind === 'user' &&
        actor.id === socket.data.userId &&
        !actor.passwordChangeRequired &&
        (nsp !== gw.console || actor.role !== 'clerk');
      if (!allowed) {
        // The panel of a deactivated account says so, not that the session expired.
        const deactivated = await auth.isDeactivated(socket.data.userId);
        socket.emit('session:expired', { reason: deactivated ? 'account_deactivated' : 'session_expired' });
        socket.disconnect(true);
      }
    }
  }
}
