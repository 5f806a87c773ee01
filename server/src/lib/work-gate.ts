import { performance } from 'node:perf_hooks';

/**
 * Runs at most `concurrency` tasks at once and keeps at most `queueLength` more waiting; a task
 * beyond that is refused at once (`tryRun` returns null) instead of waiting behind the others.
 * It also learns how long a task takes, to tell a refused caller when to come back.
 */
export class WorkGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private averageMs: number;

  constructor(
    readonly concurrency: number,
    readonly queueLength: number,
    /** How long a task is expected to take before any has been timed. */
    expectedMs: number,
  ) {
    if (concurrency < 1 || queueLength < 0)
      throw new RangeError('a gate needs concurrency ≥ 1 and a queue ≥ 0');
    this.averageMs = expectedMs;
  }

  /** Tasks running now and waiting for their turn. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` now or after those ahead of it; null when the gate is full. */
  tryRun<T>(task: () => Promise<T>): Promise<T> | null {
    if (this.running >= this.concurrency && this.waiting.length >= this.queueLength) return null;
    return this.run(task);
  }

  /** Whole seconds until everything running and waiting now is likely done (at least 1). */
  retryAfterSeconds(): number {
    const ahead = this.running + this.waiting.length;
    return Math.max(1, Math.ceil((ahead * this.averageMs) / this.concurrency / 1000));
  }

  private async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      // The slot passes straight to the next waiting task, so a newcomer can never jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
