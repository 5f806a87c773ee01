import type { TestApp } from '@numerek/server/testing';
import { expect } from 'vitest';

/**
 * Opens a category for bookings: weekdays from 08:00 to `close`, slots of 15 minutes with two
 * places each, none kept for walk-ins, bookable from today to a week ahead.
 */
export async function openForBookings(t: TestApp, categoryId: string, close = '17:00'): Promise<void> {
  const hours = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close }));
  const opened = await t.request('admin', 'PATCH', `/api/admin/categories/${categoryId}`, {
    openingHours: hours,
  });
  expect(opened.statusCode, opened.body).toBe(200);
  const set = await t.request('supervisor', 'PATCH', `/api/admin/bookings/settings/${categoryId}`, {
    enabled: true,
    slotMinutes: 15,
    perSlot: 2,
    walkInPercent: 0,
    daysFrom: 0,
    daysAhead: 7,
  });
  expect(set.statusCode, set.body).toBe(200);
}
