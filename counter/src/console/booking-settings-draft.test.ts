import { BOOKING_SETTING_LIMITS, type BookingSettings } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import {
  BOOKING_NUMBER_FIELDS,
  bookingDraftOf,
  bookingPatchOf,
  outOfRange,
} from './booking-settings-draft.ts';

const SETTINGS: BookingSettings = {
  categoryId: 'c1',
  enabled: true,
  slotMinutes: 15,
  perSlot: 2,
  daysFrom: 1,
  daysAhead: 14,
  walkInPercent: 30,
  weight: 3,
  maxWaitMinutes: 5,
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 5,
  contactRequired: false,
};

describe('the booking settings form', () => {
  it('sends back what it was given when nothing was changed', () => {
    const { categoryId, ...rest } = SETTINGS;
    expect(categoryId).toBe('c1');
    expect(outOfRange(bookingDraftOf(SETTINGS))).toEqual([]);
    expect(bookingPatchOf(bookingDraftOf(SETTINGS))).toEqual(rest);
  });

  it('has a field for every number the API bounds', () => {
    expect([...BOOKING_NUMBER_FIELDS].sort()).toEqual(Object.keys(BOOKING_SETTING_LIMITS).sort());
  });

  it('names the fields that are empty, not whole numbers, or outside the bounds', () => {
    const d = bookingDraftOf(SETTINGS);
    d.numbers.slotMinutes = '4';
    d.numbers.perSlot = '';
    d.numbers.walkInPercent = '12.5';
    d.numbers.weight = '11';
    d.numbers.daysFrom = ' 0 ';
    d.numbers.checkInAfterMinutes = '-1';
    expect(outOfRange(d)).toEqual([
      'slotMinutes',
      'perSlot',
      'walkInPercent',
      'weight',
      'checkInAfterMinutes',
    ]);
  });

  it('accepts both ends of every bound', () => {
    for (const end of [0, 1] as const) {
      const d = bookingDraftOf(SETTINGS);
      for (const f of BOOKING_NUMBER_FIELDS) d.numbers[f] = String(BOOKING_SETTING_LIMITS[f][end]);
      expect(outOfRange(d)).toEqual([]);
    }
  });
});
