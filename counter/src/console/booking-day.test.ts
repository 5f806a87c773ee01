import type { BookingDayPlan, StaffBooking } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { bookingsOf, dayTotals, officeTime, slotRows } from './booking-day.ts';

const DAY = '2026-12-08';
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

function booking(id: string, time: string, status: StaffBooking['status'], categoryId = 'a'): StaffBooking {
  return {
    id,
    code: '123456',
    categoryId,
    day: DAY,
    // The same instant written with an offset, as a portal may have sent it.
    at: at(time).replace('.000Z', '+00:00'),
    time,
    slotMinutes: 15,
    status,
    language: 'pl',
    manageUrl: `/book/?booking=${id}`,
    source: 'public',
    portalId: null,
    contact: null,
    checkedInAt: null,
    ticketId: null,
    updatedAt: at('07:00'),
  };
}

const PLAN: BookingDayPlan = {
  day: DAY,
  slots: [
    { categoryId: 'a', at: at('08:15'), time: '08:15', places: 0, booked: 0 },
    { categoryId: 'a', at: at('08:00'), time: '08:00', places: 2, booked: 2 },
    { categoryId: 'b', at: at('08:00'), time: '08:00', places: 1, booked: 0 },
    { categoryId: 'a', at: at('08:30'), time: '08:30', places: 1, booked: 2 },
  ],
  bookings: [
    booking('1', '08:00', 'checked_in'),
    booking('2', '08:00', 'no_show'),
    booking('3', '08:00', 'cancelled'),
    booking('4', '08:30', 'booked'),
    booking('5', '08:30', 'booked'),
    booking('6', '08:00', 'booked', 'b'),
  ],
};

describe('a category’s booked slots of a day', () => {
  it('lists the category’s slots in time order, with check-ins, no-shows and free places', () => {
    expect(slotRows(PLAN, 'a')).toEqual([
      {
        at: at('08:00'),
        time: '08:00',
        places: 2,
        booked: 2,
        checkedIn: 1,
        noShow: 1,
        free: 0,
        walkIn: false,
      },
      {
        at: at('08:15'),
        time: '08:15',
        places: 0,
        booked: 0,
        checkedIn: 0,
        noShow: 0,
        free: 0,
        walkIn: true,
      },
      // The portal booked past the slot's places: nothing is free, not less than nothing.
      {
        at: at('08:30'),
        time: '08:30',
        places: 1,
        booked: 2,
        checkedIn: 0,
        noShow: 0,
        free: 0,
        walkIn: false,
      },
    ]);
  });

  it('lists only the category’s bookings, cancelled ones included, by slot', () => {
    expect(bookingsOf(PLAN, 'a').map((b) => b.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(bookingsOf(PLAN, 'b').map((b) => b.id)).toEqual(['6']);
  });

  it('adds up the day', () => {
    expect(dayTotals(slotRows(PLAN, 'a'))).toEqual({ places: 3, booked: 4, free: 0 });
    expect(dayTotals([])).toEqual({ places: 0, booked: 0, free: 0 });
  });
});

describe('a booking’s times in the office’s time zone', () => {
  it('reads the office’s offset from the slot, in winter, in summer, east and west of UTC', () => {
    // Warsaw in December (UTC+1): checked in at 07:50 UTC is 08:50 in the office.
    expect(officeTime({ at: '2026-12-08T08:00:00.000Z', time: '09:00' }, '2026-12-08T07:50:00.000Z')).toBe(
      '08:50',
    );
    // Warsaw in July (UTC+2).
    expect(officeTime({ at: '2026-07-07T06:00:00.000Z', time: '08:00' }, '2026-07-07T05:45:00.000Z')).toBe(
      '07:45',
    );
    // West of UTC; and far east of it, where a check-in before midnight UTC is the next day's morning.
    expect(officeTime({ at: '2026-12-08T13:00:00.000Z', time: '08:00' }, '2026-12-08T12:55:00.000Z')).toBe(
      '07:55',
    );
    expect(officeTime({ at: '2026-12-08T23:30:00.000Z', time: '10:30' }, '2026-12-08T23:10:00.000Z')).toBe(
      '10:10',
    );
  });
});
