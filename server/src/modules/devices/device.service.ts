import QRCode from 'qrcode';
import type { Device, DeviceCreate, DevicePatch, DeviceWithToken } from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import type { UserActor } from '../../http/actor.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { DeviceRepository } from './device.repository.ts';

/** Kiosks and displays: each holds a token (stored only hashed) that the console can revoke. */
export class DeviceService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly devices: DeviceRepository,
    /** Whether a printer exists in the office (the printers module answers). */
    private readonly printerExists: (officeId: string, printerId: string) => boolean = () => false,
  ) {}

  list(officeId: string): Device[] {
    return this.devices.list(officeId);
  }

  /** The link that pairs a device: open it once on the kiosk or TV and it keeps the token. */
  pairingUrl(kind: Device['kind'], token: string): string {
    return `${this.ctx.config.publicUrl}/${kind}/#pair=${token}`;
  }

  async create(actor: UserActor, input: DeviceCreate): Promise<DeviceWithToken> {
    const token = newToken();
    const device = await this.ctx.writes.write(() => {
      const d: Device = {
        id: newId(),
        officeId: actor.officeId,
        kind: input.kind,
        name: input.name,
        printerId: null,
        revoked: false,
        createdAt: new Date(this.ctx.clock.now()).toISOString(),
        lastSeenAt: null,
        settings: null,
      };
      this.devices.insert(d, hashToken(token), this.ctx.clock.now());
      this.ctx.audit(actor, 'create', 'device', d.id, { kind: d.kind, name: d.name });
      return d;
    });
    this.ctx.bus.publish('config.changed', { officeId: actor.officeId, entity: 'device', id: device.id });
    const pairingUrl = this.pairingUrl(device.kind, token);
    const pairingQrSvg = await QRCode.toString(pairingUrl, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
    });
    return { ...device, token, pairingUrl, pairingQrSvg };
  }

  async update(actor: UserActor, id: string, patch: DevicePatch): Promise<Device> {
    const device = await this.ctx.writes.write(() => {
      const current = this.findIn(actor, id);
      if (patch.printerId !== undefined && patch.printerId !== null && current.kind !== 'kiosk') {
        throw new AppError(
          'VALIDATION_FAILED',
          'Only a kiosk prints tickets; a display cannot have a printer.',
        );
      }
      if (patch.printerId && !this.printerExists(actor.officeId, patch.printerId))
        throw notFound(`Printer ${patch.printerId}`);
      if (patch.settings !== undefined && current.kind !== 'display') {
        throw new AppError('VALIDATION_FAILED', 'Only a display has display settings.');
      }
      if (patch.revoked === false && current.revoked) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          'A revoked device cannot be restored; create a new device and pair it.',
        );
      }
      const revokedAt = patch.revoked
        ? (this.devices.revokedAt(id) ?? this.ctx.clock.now())
        : this.devices.revokedAt(id);
      const printerId = patch.printerId !== undefined ? patch.printerId : current.printerId;
      const settings = current.kind === 'display' ? (patch.settings ?? current.settings) : null;
      this.devices.update(id, { name: patch.name ?? current.name, printerId, revokedAt, settings });
      this.ctx.audit(actor, patch.revoked ? 'revoke' : 'update', 'device', id, {
        fields: Object.keys(patch),
      });
      return this.devices.find(id) as Device;
    });
    this.ctx.bus.publish('config.changed', { officeId: actor.officeId, entity: 'device', id });
    return device;
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(() => {
      this.findIn(actor, id);
      if (this.devices.isReferenced(id)) {
        throw new AppError(
          'IN_USE',
          'This kiosk has issued tickets that reports need; revoke it instead (PATCH with "revoked": true).',
        );
      }
      this.devices.delete(id);
      this.ctx.audit(actor, 'delete', 'device', id);
    });
    this.ctx.bus.publish('config.changed', { officeId: actor.officeId, entity: 'device', id });
  }

  /** A device by id (for the device itself). */
  find(id: string): Device {
    const d = this.devices.find(id);
    if (!d) throw notFound(`Device ${id}`);
    return d;
  }

  private findIn(actor: UserActor, id: string): Device {
    const d = this.devices.find(id);
    if (!d || d.officeId !== actor.officeId) throw notFound(`Device ${id}`);
    return d;
  }
}
