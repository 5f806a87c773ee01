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
  // Stored settings are merged over the defaults, so a setting added later gets its default.
  settings:
    r.kind === 'display'
      ? {
          ...DEFAULT_DISPLAY_SETTINGS,
          ...(r.settings ? (JSON.parse(r.settings) as Partial<DisplaySettings>) : {}),
        }
      : null,
});

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
