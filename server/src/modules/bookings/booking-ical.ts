import type { BookingRow } from './booking.repository.ts';

/**
 * A category's bookings as an iCalendar feed (RFC 5545) for the staff's calendars: one VEVENT per
 * booking, times in UTC, no contact and no name (a calendar is often shared); the summary gives the
 * category and the booking's code, which the client says at the counter.
 */
export function bookingsCalendar(input: {
  /** The installation's host, for the events' UIDs. */
  host: string;
  calendarName: string;
  category: { prefix: string; name: string };
  bookings: readonly BookingRow[];
  /** When the feed was made (DTSTAMP). */
  stamp: number;
}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Numerek//Bookings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(input.calendarName)}`,
  ];
  for (const b of input.bookings) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${b.id}@${input.host}`,
      `DTSTAMP:${utc(input.stamp)}`,
      `DTSTART:${utc(b.slot_at)}`,
      `DTEND:${utc(b.slot_at + b.slot_minutes * 60_000)}`,
      `SUMMARY:${text(`${input.category.prefix} ${input.category.name}: ${b.code}`)}`,
      `STATUS:${b.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** 20310602T081500Z */
function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
function text(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded (§3.1): CRLF and a space, never inside a character. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
