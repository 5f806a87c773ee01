import type { PrintOutcome } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { PRINT_MEMORY_MS, PrintTracker } from './print-tracker.ts';

/** A print whose outcome the test decides. */
function printing(): { promise: Promise<PrintOutcome>; settle: (o: PrintOutcome) => void; fail: () => void } {
  let settle: (o: PrintOutcome) => void = () => undefined;
  let fail: () => void = () => undefined;
  const promise = new Promise<PrintOutcome>((resolve, reject) => {
    settle = resolve;
    fail = () => reject(new Error('the printer broke'));
  });
  return { promise, settle, fail };
}

const PRINTED: PrintOutcome = { state: 'printed', reason: null };

describe('PrintTracker', () => {
  it('answers pending after the bound, then the outcome once it is stored, never before', async () => {
    const tracker = new PrintTracker();
    const job = printing();
    const stored: PrintOutcome[] = [];
    let finishStoring = (): void => undefined;
    tracker.track('t1', 'kiosk-1', job.promise, async (o) => {
      await new Promise<void>((resolve) => (finishStoring = resolve));
      stored.push(o);
    });
    expect(await tracker.within('t1', 20)).toEqual({ state: 'pending', reason: null });
    job.settle(PRINTED);
    // Known but not yet stored: still pending to anyone asking.
    expect(await tracker.within('t1', 20)).toEqual({ state: 'pending', reason: null });
    const asked = tracker.within('t1', 5_000);
    finishStoring();
    expect(await asked).toEqual(PRINTED);
    expect(stored).toEqual([PRINTED]);
    expect(await tracker.within('t1', 0)).toEqual(PRINTED);
    expect(tracker.deviceOf('t1')).toBe('kiosk-1');
  });

  it('knows nothing of a print it does not hold, and tells a print that threw as failed', async () => {
    const tracker = new PrintTracker();
    expect(await tracker.within('unknown', 10)).toBeNull();
    expect(tracker.deviceOf('unknown')).toBeNull();
    const job = printing();
    tracker.track('t2', 'kiosk-1', job.promise, async () => undefined);
    job.fail();
    expect(await tracker.within('t2', 1_000)).toEqual({ state: 'failed', reason: 'error' });
  });

  it('releases everyone waiting when the server closes, and drains the outcomes being stored', async () => {
    const tracker = new PrintTracker();
    const job = printing();
    let stored = false;
    tracker.track('t3', 'kiosk-1', job.promise, async () => {
      await new Promise((r) => setTimeout(r, 50));
      stored = true;
    });
    const waiting = tracker.within('t3', 60_000);
    tracker.releaseAll();
    expect(await waiting).toEqual({ state: 'pending', reason: null });
    job.settle(PRINTED);
    await tracker.drain();
    expect(stored).toBe(true);
    // A print whose printer never answers holds the drain up only for its bound.
    tracker.track('t4', 'kiosk-1', new Promise<PrintOutcome>(() => undefined), async () => undefined);
    const started = performance.now();
    await tracker.drain(100);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('forgets prints started longer ago than PRINT_MEMORY_MS', async () => {
    let now = 0;
    const tracker = new PrintTracker(() => now);
    tracker.track('old', 'kiosk-1', Promise.resolve(PRINTED), async () => undefined);
    now = PRINT_MEMORY_MS + 1;
    tracker.track('new', 'kiosk-1', Promise.resolve(PRINTED), async () => undefined);
    expect(tracker.deviceOf('old')).toBeNull();
    expect(await tracker.within('new', 1_000)).toEqual(PRINTED);
  });
});
