import { clockOf } from '../../lib/office-time.ts';
import { csvField } from '../reports/report-csv.ts';
import type { BookingRow } from './booking.repository.ts';

const BOM = '\uFEFF';
const EOL = '\r\n';

const HEADER = ['day', 'time', 'category', 'code', 'status', 'source', 'portal_id', 'contact', 'checked_in'];

/**
 * The bookings as CSV for a Polish Excel (docs/decisions/0008): UTF-8 with a byte-order mark,
 * `;` between fields, CRLF line ends, text that could run as a formula escaped. Times are the
 * office's local ones. The headings are the protocol's words, for scripts as much as for people.
 */
export function bookingsCsv(
  rows: readonly BookingRow[],
  prefixOf: (categoryId: string) => string,
  timeZone: string,
): string {
  const lines = [HEADER.join(';')];
  for (const r of rows) {
    lines.push(
      [
        r.service_day,
        clockOf(r.slot_at, timeZone),
        prefixOf(r.category_id),
        r.code,
        r.status,
        r.source,
        r.portal_id,
        r.contact,
        r.checked_in_at === null ? null : clockOf(r.checked_in_at, timeZone),
      ]
        .map((v) => csvField(v))
        .join(';'),
    );
  }
  return BOM + lines.join(EOL) + EOL;
}
