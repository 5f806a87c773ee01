import type { BookingSettings, BookingSettingsPatch } from '@numerek/shared';
import { BOOKING_SETTING_LIMITS, type BookingNumberSetting } from '@numerek/shared/booking';

/** The number fields of a category's booking settings, in the form's order. */
export const BOOKING_NUMBER_FIELDS: readonly BookingNumberSetting[] = Object.freeze(
  Object.keys(BOOKING_SETTING_LIMITS) as BookingNumberSetting[],
);

/** A category's booking settings as the form holds them: the numbers as typed. */
export interface BookingSettingsDraft {
  enabled: boolean;
  contactRequired: boolean;
  numbers: Record<BookingNumberSetting, string>;
}

export function bookingDraftOf(s: BookingSettings): BookingSettingsDraft {
  const numbers = Object.fromEntries(BOOKING_NUMBER_FIELDS.map((f) => [f, String(s[f])]));
  return {
    enabled: s.enabled,
    contactRequired: s.contactRequired,
    numbers: numbers as Record<BookingNumberSetting, string>,
  };
}

const whole = (v: string): number => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);

/**
 * The fields that are not a whole number within the API's bounds. The rule that joins two fields
 * (the last bookable day not before the first) is the server's, which names `daysAhead`.
 */
export function outOfRange(d: BookingSettingsDraft): BookingNumberSetting[] {
  return BOOKING_NUMBER_FIELDS.filter((f) => {
    const n = whole(d.numbers[f]);
    const [min, max] = BOOKING_SETTING_LIMITS[f];
    return !(n >= min && n <= max);
  });
}

/** The settings to send, once every field is in range. */
export function bookingPatchOf(d: BookingSettingsDraft): BookingSettingsPatch {
  const patch: BookingSettingsPatch = { enabled: d.enabled, contactRequired: d.contactRequired };
  for (const f of BOOKING_NUMBER_FIELDS) patch[f] = whole(d.numbers[f]);
  return patch;
}
