import {
  DEFAULT_DISPLAY_SETTINGS,
  type Device,
  type DeviceKind,
  type DisplaySettings,
} from '@numerek/shared';
import { CacheGuard } from '../../db/cache-guard.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';
import { sortedByName } from '../../lib/names.ts';

interface Row {
  id: string;
  office_id: string;
  kind: DeviceKind;
  name: string;
  token_hash: string;
  printer_id: string | null;
  revoked_at: number | null;
  last_seen_at: number | null;
  paired_at: number | null;
  created_at: number;
  settings: string | null;
  counter_id: string | null;
}
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const toDevice = (r: Row): Device => ({
  id: r.id,
  officeId: r.office_id,
  kind: r.kind,
  name: r.name,
  printerId: r.printer_id,
  revoked: r.revoked_at !== null,
  createdAt: new Date(r.created_at).toISOString(),
  lastSeenAt: iso(r.last_seen_at),
  pairedAt: iso(r.paired_at),
  // Stored settings are merged over the defaults, so a setting added later gets its default.
  settings:
    r.kind === 'display'
      ? {
          ...DEFAULT_DISPLAY_SETTINGS,
          ...(r.settings ? (JSON.parse(r.settings) as Partial<DisplaySettings>) : {}),
        }
      : null,
  counterId: r.counter_id ?? null,
});

/** A pairing link's code, as stored (the code itself only as its hash). */
export interface PairingCode {
  deviceId: string;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** Used and expired codes are kept this long, so a device can say which it met; then deleted. */
const KEEP_OLD_CODES_MS = 30 * 24 * 60 * 60 * 1000;

interface PairingCodeRow {
  device_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export class DeviceRepository extends Repository {
  private readonly tokenCache = new Map<string, Device>();
  private readonly guard = new CacheGuard();

  async find(id: string): Promise<Device | null> {
    const r = await this.db.get<Row>('SELECT * FROM devices WHERE id = ?', [id]);
    return r ? toDevice(r) : null;
  }

  /**
   * The device holding a token, revoked or not. Asked on every kiosk request, so answers are
   * kept in memory; every change to a device goes through this repository and clears them, so a
   * revocation takes effect at once.
   */
  async findByTokenHash(hash: string): Promise<Device | null> {
    const cached = this.tokenCache.get(hash);
    if (cached !== undefined) return cached;
    const token = this.guard.begin();
    const r = await this.db.get<Row>('SELECT * FROM devices WHERE token_hash = ?', [hash]);
    const device = r ? toDevice(r) : null;
    if (device && this.guard.mayKeep(token)) this.tokenCache.set(hash, device);
    return device;
  }

  /** Drops the devices kept in memory (on every change, after a rolled-back write, or another node's change). */
  forgetCached(scope?: CacheScope): void {
    // Another node's queue changed, not its devices.
    if (scope?.queueOnly) return;
    this.guard.touch();
    this.tokenCache.clear();
  }

  async list(officeId: string): Promise<Device[]> {
    const rows = await this.db.all<Row>('SELECT * FROM devices WHERE office_id = ? ORDER BY kind, id', [
      officeId,
    ]);
    // By kind (kinds are ASCII words), then by name as people read it.
    return sortedByName(rows.map(toDevice), (d) => d.name).sort((a, b) =>
      a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0,
    );
  }

  async insert(d: Device, tokenHash: string, now: number): Promise<void> {
    this.forgetCached();
    await this.db.run(
      'INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [d.id, d.officeId, d.kind, d.name, tokenHash, d.printerId, now],
    );
  }

  async update(
    id: string,
    fields: {
      name: string;
      printerId: string | null;
      revokedAt: number | null;
      settings: DisplaySettings | null;
      counterId: string | null;
    },
  ): Promise<void> {
    this.forgetCached();
    await this.db.run(
      'UPDATE devices SET name = ?, printer_id = ?, revoked_at = ?, settings = ?, counter_id = ? WHERE id = ?',
      [
        fields.name,
        fields.printerId,
        fields.revokedAt,
        fields.settings === null ? null : JSON.stringify(fields.settings),
        fields.counterId,
        id,
      ],
    );
  }

  /** Gives the device a new token (its old one stops working at once). */
  async replaceToken(id: string, tokenHash: string, pairedAt: number): Promise<void> {
    this.forgetCached();
    await this.db.run('UPDATE devices SET token_hash = ?, paired_at = ? WHERE id = ?', [
      tokenHash,
      pairedAt,
      id,
    ]);
  }

  /**
   * Stores a new pairing code of a device. The device's earlier codes that were not used end now
   * (only its newest link works), and codes long past are deleted.
   */
  async insertPairingCode(codeHash: string, code: PairingCode): Promise<void> {
    await this.db.run(
      'UPDATE device_pairing_codes SET expires_at = ? WHERE device_id = ? AND used_at IS NULL AND expires_at > ?',
      [code.createdAt, code.deviceId, code.createdAt],
    );
    await this.db.run('DELETE FROM device_pairing_codes WHERE expires_at < ?', [
      code.createdAt - KEEP_OLD_CODES_MS,
    ]);
    await this.db.run(
      'INSERT INTO device_pairing_codes (code_hash, device_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [codeHash, code.deviceId, code.createdBy, code.createdAt, code.expiresAt],
    );
  }

  async findPairingCode(codeHash: string): Promise<PairingCode | null> {
    const r = await this.db.get<PairingCodeRow>('SELECT * FROM device_pairing_codes WHERE code_hash = ?', [
      codeHash,
    ]);
    return r
      ? {
          deviceId: r.device_id,
          createdBy: r.created_by,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          usedAt: r.used_at,
        }
      : null;
  }

  async markPairingCodeUsed(codeHash: string, at: number): Promise<void> {
    await this.db.run('UPDATE device_pairing_codes SET used_at = ? WHERE code_hash = ?', [at, codeHash]);
  }

  /**
   * Records that a kiosk, display or feedback tablet was seen at `at` (never moving the time back,
   * should another node have stored a later one). The devices kept in memory by token are not
   * dropped: they answer who holds a token, not when it was last seen.
   */
  async markSeen(id: string, at: number): Promise<void> {
    await this.db.runLater(
      `UPDATE devices SET last_seen_at = ?
        WHERE id = ? AND kind <> 'print-agent' AND (last_seen_at IS NULL OR last_seen_at < ?)`,
      [at, id, at],
    );
  }

  async revokedAt(id: string): Promise<number | null> {
    return (await this.db.value<number | null>('SELECT revoked_at FROM devices WHERE id = ?', [id])) ?? null;
  }

  async isReferenced(id: string): Promise<boolean> {
    return Boolean(
      await this.db.value('SELECT EXISTS (SELECT 1 FROM tickets WHERE issued_by_device_id = ?)', [id]),
    );
  }

  async delete(id: string): Promise<void> {
    this.forgetCached();
    await this.db.run('DELETE FROM devices WHERE id = ?', [id]);
  }
}
