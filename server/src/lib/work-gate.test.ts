import { describe, expect, it } from 'vitest';
import { WorkGate } from './work-gate.ts';

/** A task that finishes when told to. */
function task<T>(value: T) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { run: async () => (await done, value), finish };
}

describe('WorkGate', () => {
  it('runs at most `concurrency` tasks at once, in arrival order, and refuses beyond the queue', async () => {
    const gate = new WorkGate(1, 2, 100);
    const tasks = [task('a'), task('b'), task('c'), task('d')];
    const started: string[] = [];
    const results = tasks.slice(0, 3).map((t, i) =>
      gate.tryRun(async () => {
        started.push('abc'[i] ?? '');
        return t.run();
      }),
    );
    expect(gate.tryRun(tasks[3]!.run)).toBeNull();
    await Promise.resolve();
    expect(started).toEqual(['a']);
    expect(gate.load).toEqual({ running: 1, waiting: 2 });
    tasks[0]!.finish();
    expect(await results[0]).toBe('a');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b']);
    // A newcomer takes the free place in the queue, not the running slot.
    const late = task('e');
    const lateResult = gate.tryRun(late.run);
    expect(lateResult).not.toBeNull();
    expect(gate.load).toEqual({ running: 1, waiting: 2 });
    for (const t of [tasks[1], tasks[2], late]) t!.finish();
    expect(await Promise.all([results[1], results[2], lateResult])).toEqual(['b', 'c', 'e']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a task fails', async () => {
    const gate = new WorkGate(1, 0, 100);
    await expect(gate.tryRun(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.tryRun(async () => 'next')).toBe('next');
  });

  it('tells a refused caller how many seconds the work ahead should take (at least one)', () => {
    const gate = new WorkGate(2, 8, 500);
    expect(gate.retryAfterSeconds()).toBe(1);
    const never = new Promise<void>(() => undefined);
    for (let i = 0; i < 10; i++) void gate.tryRun(() => never);
    expect(gate.tryRun(() => never)).toBeNull();
    // 10 tasks of 0.5 s, two at a time.
    expect(gate.retryAfterSeconds()).toBe(3);
  });
});
