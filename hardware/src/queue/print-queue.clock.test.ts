import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { POLISH_JOB } from '../layout/__golden__/golden-cases.ts';
import { TransportEvents, type PrinterTransport } from '../transports/transport.ts';
import { PrintQueue } from './print-queue.ts';

/** A clock that moves only when the test says so. */
class ManualClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; fn: () => void }> = [];

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }

  /** Moves to the next timer and fires it, letting promises settle first. */
  async step(): Promise<boolean> {
    await new Promise((r) => setImmediate(r));
    const next = this.timers.sort((a, b) => a.at - b.at)[0];
    if (!next) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.time = Math.max(this.time, next.at);
    next.fn();
    return true;
  }
}

/** A printer that accepts the connection and bytes but answers with a scripted state byte set. */
class ScriptedTransport implements PrinterTransport {
  readonly canRead = true;
  isOpen = false;
  readonly written: number[][] = [];
  private readonly events = new TransportEvents();

  constructor(private readonly reply: () => readonly number[] | null) {}

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.written.push([...bytes]);
    const n = bytes[0] === 0x10 && bytes[1] === 0x04 ? (bytes[2] ?? 0) : 0;
    const reply = this.reply();
    if (n > 0 && reply) queueMicrotask(() => this.events.emitData(Uint8Array.of(reply[n - 1] ?? 0)));
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    this.isOpen = false;
    this.events.emitClose();
  }
}

const profile = { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 80, cut: 'full' } as const;
const isJob = (w: number[]) => w[0] === 0x1b && w[1] === 0x40;

describe('PrintQueue with a manual clock', () => {
  it('gives up on a silent printer after the default 30 s, in no real time, sending nothing', async () => {
    const clock = new ManualClock();
    const transports: ScriptedTransport[] = [];
    const queue = new PrintQueue(
      () => {
        const t = new ScriptedTransport(() => null);
        transports.push(t);
        return t;
      },
      { profile, clock },
    );
    let outcome: unknown = 'pending';
    queue.print(POLISH_JOB).then(
      () => (outcome = 'printed'),
      (e: unknown) => (outcome = e),
    );
    while (outcome === 'pending' && (await clock.step()));
    expect(outcome).toMatchObject({ name: 'PrintError', reason: 'no_answer' });
    expect(clock.now()).toBeGreaterThanOrEqual(30_000);
    expect(clock.now()).toBeLessThan(32_000);
    expect(transports.flatMap((t) => t.written).filter(isJob)).toEqual([]);
    expect(transports.length).toBeGreaterThan(3); // reconnected with backoff
  });

  it('waits for a refill within the max age when asked to, then prints once', async () => {
    const clock = new ManualClock();
    let paperOut = true;
    const transport = new ScriptedTransport(() =>
      paperOut ? [0x1a, 0x32, 0x12, 0x7e] : [0x12, 0x12, 0x12, 0x12],
    );
    const queue = new PrintQueue(() => transport, { profile, clock, waitWhileNotReady: true });
    let outcome: unknown = 'pending';
    queue.print(POLISH_JOB).then(
      () => (outcome = 'printed'),
      (e: unknown) => (outcome = e),
    );
    while (outcome === 'pending' && clock.now() < 10_000 && (await clock.step()));
    expect(outcome).toBe('pending');
    expect(transport.written.filter(isJob)).toEqual([]);
    paperOut = false;
    while (outcome === 'pending' && (await clock.step()));
    expect(outcome).toBe('printed');
    expect(transport.written.filter(isJob)).toHaveLength(1);
    expect(clock.now()).toBeLessThan(30_000);
  });
});
