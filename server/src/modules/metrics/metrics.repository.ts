import { Repository } from '../../db/repository.ts';

export interface WaitingRow {
  office_id: string;
  category_id: string;
  waiting: number;
  /** When the longest-waiting ticket of the category was issued (ms since the epoch). */
  oldest: number;
}

export interface PrinterRow {
  office_id: string;
  id: string;
  status: string;
}

/** The reads `/metrics` makes when it is scraped: counts only, nothing about a person. */
export class MetricsRepository extends Repository {
  /** Tickets waiting now, per office and category, with the oldest one's issue time. */
  waiting(): Promise<WaitingRow[]> {
    return this.db.all<WaitingRow>(
      `SELECT office_id, category_id, COUNT(*) AS waiting, MIN(issued_at) AS oldest
         FROM tickets WHERE state = 'waiting' GROUP BY office_id, category_id`,
    );
  }

  /** Every printer's last known state. */
  printers(): Promise<PrinterRow[]> {
    return this.db.all<PrinterRow>(`SELECT office_id, id, status FROM printers`);
  }
}
