import { afterEach, describe, expect, it, vi } from 'vitest';
import { measuredClock } from './database-clock.ts';

/** This machine's clock, moved by hand, and a database server whose clock runs `ahead` of it. */
function machines(start: number, ahead: number, roundTripMs: number) {
  const m = {
    t: start,
    ahead,
    reads: 0,
    fail: false,
    local: () => m.t,
    // The server reads its clock halfway through the round trip.
    readServer: async () => {
      m.reads++;
      if (m.fail) throw new Error('connection lost');
      m.t += roundTripMs / 2;
      const server = m.t + m.ahead;
      m.t += roundTripMs / 2;
      return server;
    },
  };
  return m;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the database clock', () => {
  it('adds the offset to the database server’s clock, measured from the midpoint of the round trip', async () => {
    const m = machines(1_000_000, 5_000, 40);
    const clock = await measuredClock(m.readServer, { local: m.local });
    expect(clock.offsetMs).toBe(5_000);
    expect(m.reads).toBe(3);
    m.t = 2_000_000;
    expect(clock.now()).toBe(2_005_000);
    clock.stop();
  });

  it('takes the measurement with the shortest round trip', async () => {
    let t = 0;
    const trips = [
      { trip: 300, serverAt: 100 },
      { trip: 10, serverAt: 5 },
      { trip: 200, serverAt: 190 },
    ];
    let i = 0;
    // The server's clock is 1,000 ms ahead; its answer is delayed unevenly in the slow trips.
    const readServer = async () => {
      const { trip, serverAt } = trips[i++ % trips.length] ?? { trip: 0, serverAt: 0 };
      const server = t + serverAt + 1_000;
      t += trip;
      return server;
    };
    const clock = await measuredClock(readServer, { local: () => t });
    expect(clock.offsetMs).toBe(1_000);
    clock.stop();
  });

  it('measures again every 30 s, keeps the last offset when a measurement fails, and never runs backwards', async () => {
    vi.useFakeTimers();
    const m = machines(1_000_000, 5_000, 0);
    const clock = await measuredClock(m.readServer, { local: m.local });
    expect(clock.now()).toBe(1_005_000);

    // This machine's clock was corrected forward by 3 s: the offset shrinks at the next measurement.
    m.t += 3_000;
    m.ahead = 2_000;
    expect(clock.now()).toBe(1_008_000);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(clock.offsetMs).toBe(5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clock.offsetMs).toBe(2_000);
    // Read by the new offset the time would be 1,005,000: the clock waits there instead of going back.
    expect(clock.now()).toBe(1_008_000);
    m.t += 4_000;
    expect(clock.now()).toBe(1_009_000);

    m.fail = true;
    const reads = m.reads;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(m.reads).toBe(reads + 1);
    expect(clock.offsetMs).toBe(2_000);

    clock.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(m.reads).toBe(reads + 1);
  });
});
