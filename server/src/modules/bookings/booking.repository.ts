import type {
  BookingOfficeSettings,
  BookingSettings,
  BookingSource,
  BookingStatus,
  Language,
} from '@numerek/shared';
import { OfficeCache } from '../../db/office-cache.ts';
import type { BookedRules } from '../queue/queue-policy.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';

export interface BookingRow {
  id: string;
  office_id: string;
  category_id: string;
  code: string;
  service_day: string;
  slot_at: number;
  slot_minutes: number;
  contact: string | null;
  language: Language;
  portal_id: string | null;
  source: BookingSource;
  status: BookingStatus;
  ticket_id: string | null;
  created_at: number;
  updated_at: number;
  checked_in_at: number | null;
  cancelled_at: number | null;
}

interface SettingsRow {
  category_id: string;
  enabled: number;
  slot_minutes: number;
  per_slot: number;
  days_from: number;
  days_ahead: number;
  walk_in_percent: number;
  weight: number;
  max_wait_minutes: number;
  check_in_before: number;
  check_in_after: number;
  contact_required: number;
}

/** A category that was never set up: no bookings, and the defaults the console starts from. */
export function defaultBookingSettings(categoryId: string): BookingSettings {
  return {
    categoryId,
    enabled: false,
    slotMinutes: 15,
    perSlot: 1,
    daysFrom: 1,
    daysAhead: 14,
    walkInPercent: 50,
    weight: 3,
    maxWaitMinutes: 5,
    checkInBeforeMinutes: 30,
    checkInAfterMinutes: 5,
    contactRequired: false,
  };
}

const toSettings = (r: SettingsRow): BookingSettings => ({
  categoryId: r.category_id,
  enabled: r.enabled === 1,
  slotMinutes: r.slot_minutes,
  perSlot: r.per_slot,
  daysFrom: r.days_from,
  daysAhead: r.days_ahead,
  walkInPercent: r.walk_in_percent,
  weight: r.weight,
  maxWaitMinutes: r.max_wait_minutes,
  checkInBeforeMinutes: r.check_in_before,
  checkInAfterMinutes: r.check_in_after,
  contactRequired: r.contact_required === 1,
});

/** Statuses whose slot stays taken: a no-show's and a checked-in booking's slot is not offered again. */
const HOLDS_SLOT = `status IN ('booked', 'checked_in', 'no_show')`;

/** The only place with booking SQL. Writes run inside the caller's write. */
export class BookingRepository extends Repository {
  /** Each office's rules for booked tickets, read by every call and estimate (see OfficeCache). */
  private readonly rules = new OfficeCache<ReadonlyMap<string, BookedRules>>();

  /** The booked tickets' weight and maximum wait of each category set up for bookings, by id. */
  async bookedRules(officeId: string): Promise<Record<string, BookedRules>> {
    const kept = await this.rules.get(officeId, async () => {
      const rows = await this.db.all<{ category_id: string; weight: number; max_wait_minutes: number }>(
        'SELECT category_id, weight, max_wait_minutes FROM booking_settings WHERE office_id = ?',
        [officeId],
      );
      return new Map(
        rows.map((r) => [r.category_id, { weight: r.weight, maxWaitMinutes: r.max_wait_minutes }]),
      );
    });
    return Object.fromEntries([...kept].map(([id, r]) => [id, { ...r }]));
  }

  forgetCached(scope?: CacheScope): void {
    this.rules.forget(scope);
  }

  async settingsOf(officeId: string): Promise<BookingSettings[]> {
    const rows = await this.db.all<SettingsRow>('SELECT * FROM booking_settings WHERE office_id = ?', [
      officeId,
    ]);
    return rows.map(toSettings);
  }

  async settings(categoryId: string): Promise<BookingSettings> {
    const r = await this.db.get<SettingsRow>('SELECT * FROM booking_settings WHERE category_id = ?', [
      categoryId,
    ]);
    return r ? toSettings(r) : defaultBookingSettings(categoryId);
  }

  async saveSettings(officeId: string, s: BookingSettings): Promise<void> {
    this.rules.changed();
    await this.db.run(
      `INSERT INTO booking_settings (category_id, office_id, enabled, slot_minutes, per_slot, days_from, days_ahead,
         walk_in_percent, weight, max_wait_minutes, check_in_before, check_in_after, contact_required)
       VALUES (@category, @office, @enabled, @slot, @per, @from, @ahead, @walkIn, @weight, @maxWait, @before, @after, @contact)
       ON CONFLICT (category_id) DO UPDATE SET enabled = excluded.enabled, slot_minutes = excluded.slot_minutes,
         per_slot = excluded.per_slot, days_from = excluded.days_from, days_ahead = excluded.days_ahead,
         walk_in_percent = excluded.walk_in_percent, weight = excluded.weight,
         max_wait_minutes = excluded.max_wait_minutes, check_in_before = excluded.check_in_before,
         check_in_after = excluded.check_in_after, contact_required = excluded.contact_required`,
      {
        category: s.categoryId,
        office: officeId,
        enabled: s.enabled ? 1 : 0,
        slot: s.slotMinutes,
        per: s.perSlot,
        from: s.daysFrom,
        ahead: s.daysAhead,
        walkIn: s.walkInPercent,
        weight: s.weight,
        maxWait: s.maxWaitMinutes,
        before: s.checkInBeforeMinutes,
        after: s.checkInAfterMinutes,
        contact: s.contactRequired ? 1 : 0,
      },
    );
  }

  find(id: string): Promise<BookingRow | undefined> {
    return this.db.get<BookingRow>('SELECT * FROM bookings WHERE id = ?', [id]);
  }

  /** The office's live booking with this code, if any. */
  byCode(officeId: string, code: string): Promise<BookingRow | undefined> {
    return this.db.get<BookingRow>(
      "SELECT * FROM bookings WHERE office_id = ? AND code = ? AND status = 'booked'",
      [officeId, code],
    );
  }

  /**
   * The code of the ticket that the office's booking with this code got when it was checked in on
   * `day`, if one was (the latest, should two of the day's bookings have shared the code in turn).
   */
  async checkedInTicketCode(officeId: string, code: string, day: string): Promise<string | undefined> {
    const r = await this.db.get<{ code: string }>(
      `SELECT t.code FROM bookings b JOIN tickets t ON t.id = b.ticket_id
        WHERE b.office_id = ? AND b.code = ? AND b.service_day = ? AND b.status = 'checked_in'
        ORDER BY b.checked_in_at DESC, b.id LIMIT 1`,
      [officeId, code, day],
    );
    return r?.code;
  }

  byPortalId(officeId: string, portalId: string): Promise<BookingRow | undefined> {
    return this.db.get<BookingRow>('SELECT * FROM bookings WHERE office_id = ? AND portal_id = ?', [
      officeId,
      portalId,
    ]);
  }

  /** Whether a live booking of the office holds this code. */
  async codeTaken(officeId: string, code: string): Promise<boolean> {
    return (await this.byCode(officeId, code)) !== undefined;
  }

  /** Places taken per slot start (epoch ms) of a category's day. */
  async takenOn(categoryId: string, day: string): Promise<Map<number, number>> {
    const rows = await this.db.all<{ slot_at: number; n: number }>(
      `SELECT slot_at, count(*) AS n FROM bookings WHERE category_id = ? AND service_day = ? AND ${HOLDS_SLOT}
       GROUP BY slot_at`,
      [categoryId, day],
    );
    return new Map(rows.map((r) => [r.slot_at, r.n]));
  }

  /** Places taken per day of a category between two days (inclusive). */
  async takenPerDay(categoryId: string, from: string, to: string): Promise<Map<string, Map<number, number>>> {
    const rows = await this.db.all<{ service_day: string; slot_at: number; n: number }>(
      `SELECT service_day, slot_at, count(*) AS n FROM bookings
       WHERE category_id = ? AND service_day >= ? AND service_day <= ? AND ${HOLDS_SLOT}
       GROUP BY service_day, slot_at`,
      [categoryId, from, to],
    );
    const out = new Map<string, Map<number, number>>();
    for (const r of rows) {
      const day = out.get(r.service_day) ?? new Map<number, number>();
      day.set(r.slot_at, r.n);
      out.set(r.service_day, day);
    }
    return out;
  }

  /** Live bookings of a contact from `now` on. */
  async liveOfContact(officeId: string, contact: string, now: number): Promise<number> {
    return (
      (await this.db.value<number>(
        "SELECT count(*) FROM bookings WHERE office_id = ? AND contact = ? AND status = 'booked' AND slot_at >= ?",
        [officeId, contact, now],
      )) ?? 0
    );
  }

  async insert(b: BookingRow): Promise<void> {
    await this.db.run(
      `INSERT INTO bookings (id, office_id, category_id, code, service_day, slot_at, slot_minutes, contact, language,
         portal_id, source, status, ticket_id, created_at, updated_at, checked_in_at, cancelled_at)
       VALUES (@id, @office_id, @category_id, @code, @service_day, @slot_at, @slot_minutes, @contact, @language,
         @portal_id, @source, @status, @ticket_id, @created_at, @updated_at, @checked_in_at, @cancelled_at)`,
      { ...b },
    );
  }

  /** Moves a live booking to another slot (or category), or changes its contact. */
  async move(
    id: string,
    to: {
      categoryId: string;
      day: string;
      slotAt: number;
      slotMinutes: number;
      contact: string | null;
      language: Language;
    },
    now: number,
  ): Promise<void> {
    await this.db.run(
      `UPDATE bookings SET category_id = ?, service_day = ?, slot_at = ?, slot_minutes = ?, contact = ?, language = ?,
         updated_at = ? WHERE id = ?`,
      [to.categoryId, to.day, to.slotAt, to.slotMinutes, to.contact, to.language, now, id],
    );
  }

  /** Cancels a live booking; answers whether it was live. */
  async cancel(id: string, now: number): Promise<boolean> {
    const r = await this.db.run(
      "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ? AND status = 'booked'",
      [now, now, id],
    );
    return r.changes > 0;
  }

  /** Marks a live booking checked in with its ticket; answers whether it was live. */
  async checkIn(id: string, ticketId: string, now: number): Promise<boolean> {
    const r = await this.db.run(
      "UPDATE bookings SET status = 'checked_in', ticket_id = ?, checked_in_at = ?, updated_at = ? WHERE id = ? AND status = 'booked'",
      [ticketId, now, now, id],
    );
    return r.changes > 0;
  }

  /** The live bookings whose check-in window closed before `now`, each with its category's window. */
  async overdue(now: number): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(
      `SELECT b.* FROM bookings b LEFT JOIN booking_settings s ON s.category_id = b.category_id
       WHERE b.status = 'booked' AND b.slot_at + coalesce(s.check_in_after, 5) * 60000 < ?`,
      [now],
    );
  }

  /**
   * The live bookings of `categoryIds` not yet checked in whose client may still come (the check-in
   * window has not closed at `now`) and whose slot starts by `until`: the wait estimate counts them.
   */
  async due(
    officeId: string,
    categoryIds: readonly string[],
    now: number,
    until: number,
  ): Promise<Array<{ id: string; categoryId: string; slotAt: number }>> {
    if (categoryIds.length === 0) return [];
    // The office's live bookings by slot (index bookings_open); no check-in window is 2 hours long.
    const rows = await this.db.all<{ id: string; category_id: string; slot_at: number }>(
      `SELECT b.id, b.category_id, b.slot_at FROM bookings b LEFT JOIN booking_settings s ON s.category_id = b.category_id
       WHERE b.office_id = ? AND b.status = 'booked' AND b.slot_at >= ? AND b.slot_at <= ?
         AND b.category_id IN (${categoryIds.map(() => '?').join(', ')})
         AND b.slot_at + coalesce(s.check_in_after, 5) * 60000 >= ?
       ORDER BY b.slot_at, b.id`,
      [officeId, now - 2 * 60 * 60_000, until, ...categoryIds, now],
    );
    return rows.map((r) => ({ id: r.id, categoryId: r.category_id, slotAt: Number(r.slot_at) }));
  }

  async markNoShow(id: string, now: number): Promise<boolean> {
    const r = await this.db.run(
      "UPDATE bookings SET status = 'no_show', updated_at = ? WHERE id = ? AND status = 'booked'",
      [now, id],
    );
    return r.changes > 0;
  }

  /** An office's bookings of a day, optionally of one category, by slot. */
  ofDay(officeId: string, day: string, categoryId?: string): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(
      `SELECT * FROM bookings WHERE office_id = @office AND service_day = @day
       ${categoryId === undefined ? '' : 'AND category_id = @category'} ORDER BY slot_at, created_at, id`,
      { office: officeId, day, ...(categoryId === undefined ? {} : { category: categoryId }) },
    );
  }

  /** An office's bookings between two days (inclusive), optionally of one category. */
  between(officeId: string, from: string, to: string, categoryId?: string): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(
      `SELECT * FROM bookings WHERE office_id = @office AND service_day >= @from AND service_day <= @to
       ${categoryId === undefined ? '' : 'AND category_id = @category'} ORDER BY slot_at, created_at, id`,
      { office: officeId, from, to, ...(categoryId === undefined ? {} : { category: categoryId }) },
    );
  }

  /** The portal's bookings changed since a time (check-ins, no-shows, cancellations, moves). */
  portalChangedSince(officeId: string, since: number): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(
      `SELECT * FROM bookings WHERE office_id = ? AND portal_id IS NOT NULL AND updated_at > ?
       ORDER BY updated_at, id`,
      [officeId, since],
    );
  }

  // ---- the kiosk's wrong codes (held here, so every node slows the same kiosk) ----

  /** A kiosk's wrong codes in a row and until when it is slowed down (none: not slowed). */
  async wrongCodes(deviceId: string): Promise<{ count: number; pausedUntil: number } | undefined> {
    const r = await this.db.get<{ wrong_codes: number; paused_until: number }>(
      'SELECT wrong_codes, paused_until FROM check_in_pauses WHERE device_id = ?',
      [deviceId],
    );
    return r ? { count: r.wrong_codes, pausedUntil: Number(r.paused_until) } : undefined;
  }

  async saveWrongCodes(deviceId: string, count: number, pausedUntil: number): Promise<void> {
    await this.db.run(
      `INSERT INTO check_in_pauses (device_id, wrong_codes, paused_until) VALUES (?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET wrong_codes = excluded.wrong_codes, paused_until = excluded.paused_until`,
      [deviceId, count, pausedUntil],
    );
  }

  /** A kiosk checked a booking in: its wrong codes start again from none. */
  async clearWrongCodes(deviceId: string): Promise<void> {
    await this.db.run('DELETE FROM check_in_pauses WHERE device_id = ?', [deviceId]);
  }

  // ---- a category's calendar feed ----

  /** Makes the category's feed address anew (the old one stops working). */
  async saveFeed(categoryId: string, officeId: string, tokenHash: string, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO booking_feeds (category_id, office_id, token_hash, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (category_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
      [categoryId, officeId, tokenHash, now],
    );
  }

  /** The category a feed address belongs to, by the hash of its secret. */
  feedByHash(tokenHash: string): Promise<{ category_id: string; office_id: string } | undefined> {
    return this.db.get('SELECT category_id, office_id FROM booking_feeds WHERE token_hash = ?', [tokenHash]);
  }

  // ---- the office's booking rules ----

  async officeSettings(officeId: string): Promise<BookingOfficeSettings> {
    const r = await this.db.get<{ phone_check_in: number }>(
      'SELECT phone_check_in FROM booking_office_settings WHERE office_id = ?',
      [officeId],
    );
    return { phoneCheckIn: r?.phone_check_in === 1 };
  }

  async saveOfficeSettings(officeId: string, s: BookingOfficeSettings): Promise<void> {
    await this.db.run(
      `INSERT INTO booking_office_settings (office_id, phone_check_in) VALUES (?, ?)
       ON CONFLICT (office_id) DO UPDATE SET phone_check_in = excluded.phone_check_in`,
      [officeId, s.phoneCheckIn ? 1 : 0],
    );
  }

  /** The office's live bookings of a day that were given a phone number, by slot. */
  withPhoneOn(officeId: string, day: string): Promise<BookingRow[]> {
    return this.db.all<BookingRow>(
      `SELECT * FROM bookings WHERE office_id = ? AND service_day = ? AND status = 'booked'
         AND contact IS NOT NULL AND contact NOT LIKE '%@%' ORDER BY slot_at, id`,
      [officeId, day],
    );
  }
}
