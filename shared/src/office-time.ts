/**
 * Times as a person reads them, always on the office's clock: a central administrator in another
 * zone, or a computer or phone set to the wrong zone, sees the same hour the hall display and the
 * printed ticket show.
 */

/** Which parts of a moment to write. */
export type TimeParts = 'time' | 'timeWithSeconds' | 'dateTime' | 'longDateTime';

const OPTIONS: Record<TimeParts, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit' },
  timeWithSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  dateTime: { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
  longDateTime: {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  },
};

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string, parts: TimeParts, timeZone: string | null): Intl.DateTimeFormat {
  const id = `${locale} ${parts} ${timeZone ?? ''}`;
  let format = formats.get(id);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...OPTIONS[parts], ...(timeZone ? { timeZone } : {}) });
    } catch {
      // A zone this browser does not know: its own clock is the nearest it can tell.
      format = new Intl.DateTimeFormat(locale, OPTIONS[parts]);
    }
    formats.set(id, format);
  }
  return format;
}

/**
 * A moment (an ISO timestamp, epoch milliseconds or a Date) written in the language's way on the
 * clock of `timeZone` (IANA, e.g. "Europe/Warsaw"); null: the reader's own clock, for what belongs
 * to no office (a backup of a whole city's installation).
 */
export function officeTime(
  locale: string,
  at: string | number | Date,
  timeZone: string | null,
  parts: TimeParts = 'dateTime',
): string {
  const moment = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(moment.getTime())) return String(at);
  return formatFor(locale, parts, timeZone).format(moment);
}
