import {
  DEFAULT_DISPLAY_SETTINGS,
  type Device,
  type DeviceKind,
  type DisplaySettings,
} from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

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

export class DeviceRepository extends Repository {
  private readonly byId;
  private readonly byToken;
  private readonly tokenCache = new Map<string, Device>();
  constructor(db: Db) {
    super(db);
    this.byId = db.prepare<[string], Row>('SELECT * FROM devices WHERE id = ?');
    this.byToken = db.prepare<[string], Row>('SELECT * FROM devices WHERE token_hash = ?');
  }

  find(id: string): Device | null {
    const r = this.byId.get(id);
    return r ? toDevice(r) : null;
  }

  /**
   * The device holding a token, revoked or not. Asked on every kiosk request, so answers are
   * kept in memory; every change to a device goes through this repository and clears them, so a
   * revocation takes effect at once.
   */
  findByTokenHash(hash: string): Device | null {
    const cached = this.tokenCache.get(hash);
    if (cached !== undefined) return cached;
    const r = this.byToken.get(hash);
    const device = r ? toDevice(r) : null;
    if (device) this.tokenCache.set(hash, device);
    return device;
  }

  list(officeId: string): Device[] {
    return this.sql<[string], Row>('SELECT * FROM devices WHERE office_id = ? ORDER BY kind, name')
      .all(officeId)
      .map(toDevice);
  }

  insert(d: Device, tokenHash: string, now: number): void {
    this.tokenCache.clear();
    this.sql(
      'INSERT INTO devices (id, office_id, kind, name, token_hash, printer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(d.id, d.officeId, d.kind, d.name, tokenHash, d.printerId, now);
  }

  update(
    id: string,
    fields: {
      name: string;
      printerId: string | null;
      revokedAt: number | null;
      settings: DisplaySettings | null;
    },
  ): void {
    this.tokenCache.clear();
    this.sql('UPDATE devices SET name = ?, printer_id = ?, revoked_at = ?, settings = ? WHERE id = ?').run(
      fields.name,
      fields.printerId,
      fields.revokedAt,
      fields.settings === null ? null : JSON.stringify(fields.settings),
      id,
    );
  }

  /** Gives the device a new token (its old one stops working at once). */
  replaceToken(id: string, tokenHash: string, pairedAt: number): void {
    this.tokenCache.clear();
    this.sql('UPDATE devices SET token_hash = ?, paired_at = ? WHERE id = ?').run(tokenHash, pairedAt, id);
  }

  /**
   * Stores a new pairing code of a device. The device's earlier codes that were not used end now
   * (only its newest link works), and codes long past are deleted.
   */
  insertPairingCode(codeHash: string, code: PairingCode): void {
    this.sql(
      'UPDATE device_pairing_codes SET expires_at = ? WHERE device_id = ? AND used_at IS NULL AND expires_at > ?',
    ).run(code.createdAt, code.deviceId, code.createdAt);
    this.sql('DELETE FROM device_pairing_codes WHERE expires_at < ?').run(code.createdAt - KEEP_OLD_CODES_MS);
    this.sql(
      'INSERT INTO device_pairing_codes (code_hash, device_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ).run(codeHash, code.deviceId, code.createdBy, code.createdAt, code.expiresAt);
  }

  findPairingCode(codeHash: string): PairingCode | null {
    const r = this.sql<
      [string],
      {
        device_id: string;
        created_by: string | null;
        created_at: number;
        expires_at: number;
        used_at: number | null;
      }
    >('SELECT * FROM device_pairing_codes WHERE code_hash = ?').get(codeHash);
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

  markPairingCodeUsed(codeHash: string, at: number): void {
    this.sql('UPDATE device_pairing_codes SET used_at = ? WHERE code_hash = ?').run(at, codeHash);
  }

  revokedAt(id: string): number | null {
    return (this.sql('SELECT revoked_at FROM devices WHERE id = ?').pluck().get(id) as number | null) ?? null;
  }

  isReferenced(id: string): boolean {
    return (
      this.sql('SELECT EXISTS (SELECT 1 FROM tickets WHERE issued_by_device_id = ?)').pluck().get(id) === 1
    );
  }

  delete(id: string): void {
    this.tokenCache.clear();
    this.sql('DELETE FROM devices WHERE id = ?').run(id);
  }
}
