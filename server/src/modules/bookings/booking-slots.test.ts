import { describe, expect, it } from 'vitest';
import { checkInWindow, daySlots, newBookingCode } from './booking-slots.ts';

const HOURS = [
  { day: 1, open: '08:00', close: '12:00' },
  { day: 1, open: '13:00', close: '14:10' },
  { day: 2, open: '08:00', close: '09:00' },
];

describe('the slots of a day', () => {
  it('lies whole slots inside each opening interval, and none on a closed day or without fixed hours', () => {
    const slots = daySlots(HOURS, 1, { slotMinutes: 30, perSlot: 2, walkInPercent: 0 });
    expect(slots.map((s) => s.time)).toEqual([
      '08:00',
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:00',
      '13:30',
    ]);
    expect(slots.every((s) => s.places === 2)).toBe(true);
    expect(daySlots(HOURS, 3, { slotMinutes: 30, perSlot: 1, walkInPercent: 0 })).toEqual([]);
    expect(daySlots(null, 1, { slotMinutes: 30, perSlot: 1, walkInPercent: 0 })).toEqual([]);
  });

  it('keeps the walk-ins’ share of the slots, spread evenly over the day', () => {
    const slots = daySlots(HOURS, 1, { slotMinutes: 15, perSlot: 1, walkInPercent: 50 });
    expect(slots).toHaveLength(20);
    expect(slots.filter((s) => s.places > 0)).toHaveLength(10);
    // Every other slot: no run of walk-in slots at one end of the day.
    expect(slots.map((s) => s.places).join('')).toBe('01'.repeat(10));
    const most = daySlots(HOURS, 1, { slotMinutes: 15, perSlot: 1, walkInPercent: 70 });
    expect(most.filter((s) => s.places > 0)).toHaveLength(6);
    expect(
      daySlots(HOURS, 1, { slotMinutes: 15, perSlot: 1, walkInPercent: 100 }).some((s) => s.places),
    ).toBe(false);
  });
});

describe('the check-in window', () => {
  const slot = Date.UTC(2031, 5, 2, 8, 15);
  const min = 60_000;
  it('opens the given minutes before the slot and closes the given minutes after, ends included', () => {
    expect(checkInWindow(slot, 30, 5, slot - 31 * min)).toBe('early');
    expect(checkInWindow(slot, 30, 5, slot - 30 * min)).toBe('open');
    expect(checkInWindow(slot, 30, 5, slot + 5 * min)).toBe('open');
    expect(checkInWindow(slot, 30, 5, slot + 5 * min + 1)).toBe('late');
  });
});

describe('a booking code', () => {
  it('is six digits, leading zeros kept', () => {
    expect(newBookingCode(() => 0.000042)).toBe('000042');
    expect(newBookingCode(() => 0.9999999)).toBe('999999');
  });
});
