import type { Alignment } from '../escpos/encoder.ts';
import type { TicketJob } from '../ticket-printer.ts';
import { TICKET_LABELS } from './ticket-labels.ts';

/** One paragraph of a ticket; renderers wrap it to their width. */
export type TicketBlock =
  | { kind: 'text'; text: string; align: Alignment; bold: boolean; role: TextRole }
  | { kind: 'qr'; data: string }
  | { kind: 'space' };

/** What a paragraph is, so each renderer can pick its own size for it. */
export const TEXT_ROLES = ['office', 'category', 'code', 'detail', 'note'] as const;
export type TextRole = (typeof TEXT_ROLES)[number];

/** `dd.MM.yyyy HH:mm` in the office's time zone (the same on every ticket language). */
export function formatIssuedAt(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} ${get('hour')}:${get('minute')}`;
}

/** `YYYY-MM-DD` of issue in the office's time zone (the service day, for file names). */
export function issueDay(iso: string, timeZone: string): string {
  const [date] = formatIssuedAt(iso, timeZone).split(' ');
  const [d, m, y] = (date ?? '').split('.');
  return `${y}-${m}-${d}`;
}

function waitRange(job: TicketJob, unit: string): string {
  const { minMinutes, maxMinutes } = job.estimatedWait;
  const min = Math.max(0, Math.round(minMinutes));
  const max = Math.max(min, Math.round(maxMinutes));
  return min === max ? `${min} ${unit}` : `${min}\u2013${max} ${unit}`;
}

/**
 * What a ticket says, in order, in the ticket's language: office, category, the code, date and
 * time, people ahead and the wait range (or, while no counter may call the ticket, that nobody
 * serves the matter now and the client will be called when a counter opens), where to go, the interpreter note, the QR code and the
 * privacy line. Pure; the ESC/POS layout and the PDF render the same blocks.
 */
export function ticketContent(job: TicketJob): TicketBlock[] {
  const l = TICKET_LABELS[job.language];
  const text = (t: string, role: TextRole, bold = false): TicketBlock => ({
    kind: 'text',
    text: t,
    align: 'center',
    bold,
    role,
  });
  const blocks: TicketBlock[] = [
    text(job.officeName, 'office', true),
    text(job.categoryName, 'category'),
    { kind: 'space' },
    text(job.code, 'code', true),
    { kind: 'space' },
    text(formatIssuedAt(job.issuedAt, job.timeZone), 'detail'),
    text(l.peopleAhead(job.peopleAhead), 'detail'),
    text(job.nobodyServing === true ? l.nobodyServing : l.estimatedWait(waitRange(job, l.minutes)), 'detail'),
    text(
      job.counters.length > 0 ? l.counters(job.counters.map((c) => c.number)) : l.watchDisplay,
      'detail',
      true,
    ),
  ];
  if (job.interpreter) blocks.push(text(l.interpreter, 'detail', true));
  blocks.push(
    { kind: 'space' },
    { kind: 'qr', data: job.statusUrl },
    text(l.followOnPhone, 'note'),
    { kind: 'space' },
    text(l.privacy, 'note'),
  );
  return blocks;
}
