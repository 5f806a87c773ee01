/**
 * Calendar arithmetic in an office's time zone, with Intl only (no time-zone database package).
 * Service days and opening hours are local to the office, whatever the server's TZ.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LocalTime {
  /** YYYY-MM-DD: the service day. */
  date: string;
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minutes: number;
}

export function localTime(ms: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAY[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
  };
}

/** The service day a moment belongs to, in the office's time zone: numbering restarts each day. */
export function serviceDay(ms: number, timeZone: string): string {
  return localTime(ms, timeZone).date;
}

/** A moment's local wall-clock time, "HH:MM", in an office's time zone. */
export function clockOf(ms: number, timeZone: string): string {
  const minutes = Math.floor(localTime(ms, timeZone).minutes);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "HH:MM" → minutes since midnight. */
export function clockToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** `day` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * The instant of a wall-clock time ("HH:MM") on a day in an office's time zone. Across a
 * daylight-saving change the offset is read again at the result, so 09:00 is 09:00 in summer too.
 */
export function zonedInstant(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const wanted = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + clockToMinutes(hhmm) * 60_000;
  const offsetAt = (ms: number) => {
    const local = localTime(ms, timeZone);
    const [ly, lm, ld] = local.date.split('-').map(Number);
    const asUtc = Date.UTC(ly ?? 1970, (lm ?? 1) - 1, ld ?? 1) + Math.round(local.minutes * 60_000);
    return asUtc - ms;
  };
  const first = wanted - offsetAt(wanted);
  return wanted - offsetAt(first);
}
