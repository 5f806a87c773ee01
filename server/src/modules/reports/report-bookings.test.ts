import { describe, expect, it } from 'vitest';
import { bookingLines, groupBookings, type BookingFact } from './report-bookings.ts';

const SLOT = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const fact = (over: Partial<BookingFact>): BookingFact => ({
  serviceDay: '2026-03-02',
  categoryId: 'a',
  status: 'checked_in',
  slotAt: SLOT,
  calledAt: SLOT + 2 * MIN,
  ...over,
});

describe('the bookings in a report', () => {
  it('counts booked, checked in and no-shows per category and day, and the minutes from slot to call', () => {
    const facts: BookingFact[] = [
      fact({ calledAt: SLOT - MIN }),
      fact({ calledAt: SLOT + 2 * MIN }),
      fact({ calledAt: SLOT + 10 * MIN }),
      fact({ calledAt: null }),
      fact({ status: 'no_show', calledAt: null }),
      fact({ status: 'cancelled', calledAt: null }),
      fact({ status: 'booked', serviceDay: '2026-03-03', calledAt: null }),
      fact({ categoryId: 'b', calledAt: SLOT + 4 * MIN }),
    ];
    const lines = bookingLines(
      groupBookings(facts),
      new Map([
        ['a', 'A Dowody'],
        ['b', 'B Paszporty'],
      ]),
    );
    expect(lines.map((l) => [l.day, l.label, l.booked, l.checkedIn, l.noShow])).toEqual([
      ['2026-03-02', 'A Dowody', 5, 4, 1],
      ['2026-03-02', 'B Paszporty', 1, 1, 0],
      ['2026-03-03', 'A Dowody', 1, 0, 0],
    ]);
    // Called a minute early, 2 and 10 minutes late: mean 3.7, median 2, p90 10.
    expect(lines[0]?.slotToCall).toEqual({ count: 3, mean: 3.7, median: 2, p90: 10, max: 10 });
    expect(lines[2]?.slotToCall.count).toBe(0);
  });

  it('gives the same lines from a day’s stored groups as from its bookings', () => {
    const facts = [fact({}), fact({ calledAt: SLOT + 7 * MIN }), fact({ status: 'no_show', calledAt: null })];
    const names = new Map([['a', 'A']]);
    const groups = groupBookings(facts);
    const stored = JSON.parse(JSON.stringify(groups)) as typeof groups;
    expect(bookingLines(stored, names)).toEqual(bookingLines(groups, names));
    // A day split between stored groups and live bookings (never the case, but harmless) adds up.
    expect(bookingLines([...groups, ...groups], names)[0]).toMatchObject({
      booked: 6,
      checkedIn: 4,
      noShow: 2,
    });
  });
});
