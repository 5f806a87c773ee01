import { EventEmitter } from 'node:events';

/**
 * A typed in-process bus for domain events. Services publish facts after they are committed;
 * the realtime gateway and other listeners subscribe. Services never know who listens. Each fact
 * comes with `Meta`: where it stands in its stream (see domain-events.ts).
 */
export class EventBus<Events extends { [K in keyof Events]: unknown }, Meta = undefined> {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends keyof Events & string>(name: K, payload: Events[K], meta: Meta): void {
    this.emitter.emit(name, payload, meta);
  }

  subscribe<K extends keyof Events & string>(
    name: K,
    listener: (payload: Events[K], meta: Meta) => void,
  ): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  listenerCount(name: keyof Events & string): number {
    return this.emitter.listenerCount(name);
  }
}
