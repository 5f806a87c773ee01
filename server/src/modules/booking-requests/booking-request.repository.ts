import type { Language } from '@numerek/shared';
import { Repository } from '../../db/repository.ts';

export interface BookingRequestRow {
  id: string;
  office_id: string;
  category_id: string;
  slot_at: number;
  contact: string;
  language: Language;
  code_hash: string;
  tries: number;
  expires_at: number;
  created_at: number;
}

/** The only place with booking-request SQL. Writes run inside the caller's write. */
export class BookingRequestRepository extends Repository {
  find(id: string): Promise<BookingRequestRow | undefined> {
    return this.db.get<BookingRequestRow>('SELECT * FROM booking_requests WHERE id = ?', [id]);
  }

  async insert(r: BookingRequestRow): Promise<void> {
    await this.db.run(
      `INSERT INTO booking_requests (id, office_id, category_id, slot_at, contact, language, code_hash, tries,
         expires_at, created_at)
       VALUES (@id, @office_id, @category_id, @slot_at, @contact, @language, @code_hash, @tries, @expires_at, @created_at)`,
      { ...r },
    );
  }

  async countTry(id: string): Promise<void> {
    await this.db.run('UPDATE booking_requests SET tries = tries + 1 WHERE id = ?', [id]);
  }

  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM booking_requests WHERE id = ?', [id]);
  }

  /** Live requests to one address, so one address cannot be flooded with codes. */
  async liveOfContact(contact: string, now: number): Promise<number> {
    return (
      (await this.db.value<number>(
        'SELECT count(*) FROM booking_requests WHERE contact = ? AND expires_at > ?',
        [contact, now],
      )) ?? 0
    );
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.run('DELETE FROM booking_requests WHERE expires_at <= ?', [now]);
  }
}
