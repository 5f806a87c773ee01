/** The signed-in user's office's time zone (IANA); null: the computer's own (a central administrator). */
let officeZone: string | null = null;

/** Set by the console from the signed-in user (`Me.officeTimeZone`). */
export function setOfficeTimeZone(timeZone: string | null): void {
  officeZone = timeZone;
}

/** The zone whose clock the console shows times on (null: the computer's own). */
export function currentOfficeZone(): string | null {
  return officeZone;
}

/**
 * Follows whoever is signed in on this page: an office's user counts days in the office's zone;
 * a central administrator, or nobody, in the computer's. Called on every sign-in and sign-out,
 * so a central administrator who signs in after an office's user on the same page does not keep
 * that office's zone.
 */
export function followSignedIn(me: { officeTimeZone: string | null } | null): void {
  setOfficeTimeZone(me?.officeTimeZone ?? null);
}

/**
 * Today's date (YYYY-MM-DD) as the office counts its days, in its own time zone: a report or a
 * day of bookings opens on the office's today, also on a computer set to another zone.
 */
export function officeToday(now: Date = new Date(), timeZone: string | null = officeZone): string {
  try {
    return now.toLocaleDateString('sv-SE', timeZone ? { timeZone } : {});
  } catch {
    // A zone this browser does not know: its own day is the nearest it can tell.
    return now.toLocaleDateString('sv-SE');
  }
}
