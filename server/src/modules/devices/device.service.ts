import {
  PAIRING_LINK_TTL_MS,
  type Device,
  type DeviceCreate,
  type DeviceKind,
  type DevicePaired,
  type DevicePatch,
  type DeviceWithPairingLink,
} from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import type { UserActor } from '../../actor.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { DeviceRepository } from './device.repository.ts';

/**
 * Kiosks, displays, print agents and feedback tablets: each holds a token (stored only hashed) that the console can
 * revoke. A device gets its token by using its pairing link once: the link carries a one-time code
 * that expires after {@link PAIRING_LINK_TTL_MS}, so a link seen in a log or a photo of the console
 * is not a credential (docs/decisions/0015-pairing-links.md).
 */
export class DeviceService {
  /** Per device, when this process last stored that it was seen (see {@link seen}). */
  private readonly seenWritten = new Map<string, number>();
  /** Devices seen and not stored yet, with when; stored together (see {@link seen}). */
  private readonly seenDue = new Map<string, number>();
  private seenTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly devices: DeviceRepository,
    /** Whether a printer exists in the office (the printers module answers). */
    private readonly printerExists: (officeId: string, printerId: string) => Promise<boolean> = async () =>
      false,
    /** How many printers a print agent drives (the print-agents module answers). */
    private readonly printersDrivenBy: (agentId: string) => Promise<number> = async () => 0,
    /** Whether a counter exists in the office (the counters module answers). */
    private readonly counterExists: (officeId: string, counterId: string) => Promise<boolean> = async () =>
      false,
  ) {}

  list(officeId: string): Promise<Device[]> {
    return this.devices.list(officeId);
  }

  /**
   * A kiosk, display or feedback tablet proved its token just now (a request, a socket that
   * connects or is checked again while connected): its last-seen time, which the console's
   * device list shows, is stored at most once a {@link LAST_SEEN_WRITE_MS} per device and process,
   * never waited for. The devices due within {@link SEEN_GATHER_MS} share one write, so a
   * busy kiosk costs no write per request and a hall of screens reconnecting or checked together
   * costs one. Print agents keep their own record (they are seen when their socket connects).
   */
  seen(deviceId: string, kind: DeviceKind): void {
    if (kind === 'print-agent') return;
    const now = this.ctx.clock.now();
    const last = this.seenWritten.get(deviceId);
    if (last !== undefined && now >= last && now - last < LAST_SEEN_WRITE_MS) return;
    if (this.seenWritten.size >= SEEN_REMEMBERED) this.seenWritten.clear();
    this.seenWritten.set(deviceId, now);
    this.seenDue.set(deviceId, now);
    if (!this.seenTimer) {
      this.seenTimer = setTimeout(() => this.storeSeen(), SEEN_GATHER_MS);
      this.seenTimer.unref();
    }
  }

  private storeSeen(): void {
    this.seenTimer = null;
    const due = [...this.seenDue];
    this.seenDue.clear();
    this.ctx.writes
      .write(async () => {
        for (const [id, at] of due) await this.devices.markSeen(id, at);
      })
      .catch((error: unknown) => {
        // Tried again at each device's next sign of life.
        for (const [id] of due) this.seenWritten.delete(id);
        this.ctx.log.warn(
          { err: error, devices: due.length },
          'devices’ last-seen times could not be stored',
        );
      });
  }

  /** The link that pairs a device: open it once on the kiosk or TV and it gets its own token. */
  pairingUrl(kind: Device['kind'], code: string): string {
    return `${this.ctx.config.publicUrl}/${kind}/#pair=${code}`;
  }

  async create(actor: UserActor, input: DeviceCreate): Promise<DeviceWithPairingLink> {
    const name = nameOf(input.name);
    const code = newToken();
    const now = this.ctx.clock.now();
    const device = await this.ctx.writes.write(async () => {
      const d: Device = {
        id: newId(),
        officeId: actor.officeId,
        kind: input.kind,
        name,
        printerId: null,
        revoked: false,
        createdAt: new Date(now).toISOString(),
        lastSeenAt: null,
        pairedAt: null,
        settings: null,
        counterId: null,
      };
      // Until its link is used the device holds a token nobody knows (the column is never empty).
      await this.devices.insert(d, hashToken(newToken()), now);
      await this.ctx.audit(actor, 'create', 'device', d.id, { kind: d.kind, name: d.name });
      await this.storePairingCode(actor, d.id, code, now);
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'device', id: d.id });
      return d;
    });
    return this.withLink(device, code, now);
  }

  /**
   * A new pairing link for a device, to pair it again (a new TV, a cleared browser). Nothing is
   * revoked yet: the device keeps working with its token until the new link is used, which then
   * replaces that token. An earlier link of the device that was not used stops working.
   */
  async newPairingLink(actor: UserActor, id: string): Promise<DeviceWithPairingLink> {
    const code = newToken();
    const now = this.ctx.clock.now();
    const device = await this.ctx.writes.write(async () => {
      const d = await this.findIn(actor, id);
      if (d.revoked) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          'A revoked device cannot be paired again; create a new device and pair it.',
          { reason: 'device_revoked' },
        );
      }
      await this.storePairingCode(actor, d.id, code, now);
      return d;
    });
    return this.withLink(device, code, now);
  }

  /**
   * A device uses its pairing link: the code, if it was never used and has not expired, becomes
   * the device's own token (replacing the one it had). A used, expired or unknown code changes
   * nothing; a used or expired one is audited, since someone tried a link that no longer works.
   */
  async pair(code: string): Promise<DevicePaired> {
    const codeHash = hashToken(code);
    const token = newToken();
    const outcome = await this.ctx.writes.write(async () => {
      const now = this.ctx.clock.now();
      const found = await this.devices.findPairingCode(codeHash);
      const device = found ? await this.devices.find(found.deviceId) : null;
      if (!found || !device) return { refused: 'PAIRING_CODE_UNKNOWN' as const };
      const who = { kind: 'anonymous' as const, officeId: device.officeId };
      const link = { linkBy: found.createdBy, linkCreatedAt: new Date(found.createdAt).toISOString() };
      const refused =
        found.usedAt !== null
          ? ('PAIRING_CODE_USED' as const)
          : found.expiresAt <= now || device.revoked
            ? ('PAIRING_CODE_EXPIRED' as const)
            : null;
      if (refused) {
        await this.ctx.audit(who, 'pair-refused', 'device', device.id, {
          ...link,
          reason: refused === 'PAIRING_CODE_USED' ? 'used' : 'expired',
        });
        return { refused };
      }
      await this.devices.markPairingCodeUsed(codeHash, now);
      await this.devices.replaceToken(device.id, hashToken(token), now);
      await this.ctx.audit(who, 'pair', 'device', device.id, {
        ...link,
        replacedToken: device.pairedAt !== null,
      });
      this.ctx.events.add('config.changed', {
        officeId: device.officeId,
        entity: 'device',
        id: device.id,
      });
      return { refused: null, device };
    });
    if (outcome.refused !== null) throw PAIRING_REFUSALS[outcome.refused]();
    // Sockets holding the device's old token are closed (the gateway checks credentials again).
    return { token };
  }

  private async storePairingCode(
    actor: UserActor,
    deviceId: string,
    code: string,
    now: number,
  ): Promise<void> {
    const expiresAt = now + PAIRING_LINK_TTL_MS;
    await this.devices.insertPairingCode(hashToken(code), {
      deviceId,
      createdBy: actor.id,
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
    await this.ctx.audit(actor, 'pairing-link', 'device', deviceId, {
      expiresAt: new Date(expiresAt).toISOString(),
    });
  }

  private async withLink(device: Device, code: string, now: number): Promise<DeviceWithPairingLink> {
    const pairingUrl = this.pairingUrl(device.kind, code);
    // Loaded with the first QR code drawn, not when the server starts.
    const { default: QRCode } = await import('qrcode');
    const pairingQrSvg = await QRCode.toString(pairingUrl, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
    });
    const pairingExpiresAt = new Date(now + PAIRING_LINK_TTL_MS).toISOString();
    return { ...device, pairingUrl, pairingQrSvg, pairingExpiresAt };
  }

  async update(actor: UserActor, id: string, patch: DevicePatch): Promise<Device> {
    const name = patch.name === undefined ? undefined : nameOf(patch.name);
    const device = await this.ctx.writes.write(async () => {
      const current = await this.findIn(actor, id);
      // A revoked device stays in the list for its history, under the name it had then.
      if (name !== undefined && current.revoked) {
        throw new AppError('ILLEGAL_TRANSITION', 'A revoked device cannot be renamed.', {
          reason: 'device_revoked',
          field: 'name',
        });
      }
      if (patch.printerId !== undefined && patch.printerId !== null && current.kind !== 'kiosk') {
        throw new AppError(
          'VALIDATION_FAILED',
          'Only a kiosk prints tickets; a display cannot have a printer.',
          { field: 'printerId' },
        );
      }
      if (patch.printerId && !(await this.printerExists(actor.officeId, patch.printerId)))
        throw notFound(`Printer ${patch.printerId}`);
      if (patch.settings !== undefined && current.kind !== 'display') {
        throw new AppError('VALIDATION_FAILED', 'Only a display has display settings.', {
          field: 'settings',
        });
      }
      if (patch.counterId !== undefined && patch.counterId !== null && current.kind !== 'feedback') {
        throw new AppError('VALIDATION_FAILED', 'Only a feedback tablet stands beside a counter.', {
          field: 'counterId',
        });
      }
      if (patch.counterId && !(await this.counterExists(actor.officeId, patch.counterId)))
        throw notFound(`Counter ${patch.counterId}`);
      if (patch.revoked === false && current.revoked) {
        throw new AppError(
          'ILLEGAL_TRANSITION',
          'A revoked device cannot be restored; create a new device and pair it.',
          { reason: 'device_revoked' },
        );
      }
      const revokedAt = patch.revoked
        ? ((await this.devices.revokedAt(id)) ?? this.ctx.clock.now())
        : await this.devices.revokedAt(id);
      const printerId = patch.printerId !== undefined ? patch.printerId : current.printerId;
      const settings = current.kind === 'display' ? (patch.settings ?? current.settings) : null;
      const counterId = patch.counterId !== undefined ? patch.counterId : current.counterId;
      await this.devices.update(id, {
        name: name ?? current.name,
        printerId,
        revokedAt,
        settings,
        counterId,
      });
      await this.ctx.audit(actor, patch.revoked ? 'revoke' : 'update', 'device', id, {
        fields: Object.keys(patch),
        ...(name !== undefined && name !== current.name ? { name: { from: current.name, to: name } } : {}),
      });
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'device', id });
      return (await this.devices.find(id)) as Device;
    });
    return device;
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(async () => {
      const device = await this.findIn(actor, id);
      const driven = device.kind === 'print-agent' ? await this.printersDrivenBy(id) : 0;
      if (driven > 0) {
        throw new AppError(
          'IN_USE',
          `This print agent drives ${driven} printer(s); connect them another way first, or revoke the agent instead.`,
          { reason: 'assigned', count: driven },
        );
      }
      if (await this.devices.isReferenced(id)) {
        throw new AppError(
          'IN_USE',
          'This kiosk has issued tickets that reports need; revoke it instead (PATCH with "revoked": true).',
          { reason: 'has_history' },
        );
      }
      await this.devices.delete(id);
      await this.ctx.audit(actor, 'delete', 'device', id);
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'device', id });
    });
  }

  /** A device by id (for the device itself). */
  async find(id: string): Promise<Device> {
    const d = await this.devices.find(id);
    if (!d) throw notFound(`Device ${id}`);
    return d;
  }

  private async findIn(actor: UserActor, id: string): Promise<Device> {
    const d = await this.devices.find(id);
    if (!d || d.officeId !== actor.officeId) throw notFound(`Device ${id}`);
    return d;
  }
}

/**
 * A device's name as stored: without the spaces around it. The schema takes 1 to
 * `TEXT_LIMITS.deviceName` characters; a name of spaces alone is refused as empty, since nobody
 * could tell the device by it in the list.
 */
function nameOf(typed: string): string {
  const name = typed.trim();
  if (!name) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The name is only spaces; enter a name people can tell the device by.',
      {
        field: 'name',
        reason: 'empty',
      },
    );
  }
  return name;
}

/** A device's last-seen time is stored at most this often (per device and process). */
export const LAST_SEEN_WRITE_MS = 60_000;
/** How long the devices seen are gathered before they are stored in one write. */
export const SEEN_GATHER_MS = 200;
/** More devices than an installation has: past this many, the throttle forgets them all and starts again. */
const SEEN_REMEMBERED = 10_000;

/** Why a pairing code was refused, in words a person setting up the device can act on. */
const PAIRING_REFUSALS = {
  PAIRING_CODE_UNKNOWN: () =>
    new AppError(
      'PAIRING_CODE_UNKNOWN',
      'This pairing link is not valid; make a new one in the console (Devices) and open it on the device.',
    ),
  PAIRING_CODE_USED: () =>
    new AppError(
      'PAIRING_CODE_USED',
      'This pairing link was already used; make a new one in the console (Devices) to pair the device again.',
    ),
  PAIRING_CODE_EXPIRED: () =>
    new AppError(
      'PAIRING_CODE_EXPIRED',
      'This pairing link has expired; make a new one in the console (Devices) and use it within 24 hours.',
    ),
} as const;
