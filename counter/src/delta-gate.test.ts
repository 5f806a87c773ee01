import { describe, expect, it } from 'vitest';
import { DeltaGate } from './delta-gate.ts';

describe('the panel’s delta gate', () => {
  it('fetches for each new delta and drops one already reflected', () => {
    const gate = new DeltaGate();
    expect(gate.delta(null)).toBe(true);
    expect(gate.delta(1)).toBe(true);
    expect(gate.delta(2)).toBe(true);
    expect(gate.delta(2)).toBe(false);
  });

  it('holds deltas during an action and drops those its answer covers, also when they come late', () => {
    const gate = new DeltaGate();
    gate.delta(4);
    gate.begin();
    expect(gate.delta(5)).toBe(false);
    expect(gate.delta(6)).toBe(false);
    expect(gate.end(7)).toBe(false);
    // The socket's last delta of the action arrives after the HTTP answer.
    expect(gate.delta(7)).toBe(false);
    expect(gate.delta(8)).toBe(true);
  });

  it('fetches once after the answer for a delta the answer does not cover', () => {
    const gate = new DeltaGate();
    gate.begin();
    expect(gate.delta(3)).toBe(false);
    expect(gate.delta(4)).toBe(false);
    expect(gate.end(3)).toBe(true);
    expect(gate.delta(4)).toBe(false);
  });

  it('fetches after a failed action that held a delta, and after a resync during an action', () => {
    const gate = new DeltaGate();
    gate.begin();
    gate.delta(2);
    expect(gate.end(null)).toBe(true);
    gate.begin();
    expect(gate.end(null)).toBe(false);
    gate.begin();
    expect(gate.delta(null)).toBe(false);
    expect(gate.end(9)).toBe(true);
    expect(gate.delta(9)).toBe(false);
  });

  it('forgets the numbers after a resync, when a restarted server counts again from 1', () => {
    const gate = new DeltaGate();
    gate.delta(40);
    expect(gate.delta(null)).toBe(true);
    expect(gate.delta(1)).toBe(true);
  });
});
