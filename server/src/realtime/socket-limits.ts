import type { ClientAddressOf } from '../http/client-address.ts';
import type { Ack } from '@numerek/shared';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io';
import { refusal } from './socket-helpers.ts';

/** How many events one socket may send. A display asks for a snapshot on connecting and after a gap. */
export interface EventLimits {
  /** Events a socket may send at once. */
  burst: number;
  /** Events it earns back per second. */
  perSecond: number;
  /** Refused events in a row after which the socket is disconnected. */
  refusalsBeforeDisconnect: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { burst: 20, perSecond: 5, refusalsBeforeDisconnect: 50 };

/**
 * Engine connections (the transport under every namespace socket) an address may hold, per
 * socket it may open: a connection refused in a namespace stays open until the client closes
 * it, and the margin lets such a client hear `too-many-connections` instead of a bare transport
 * error. Connections that never open a namespace are bounded by the same number.
 */
export const CONNECTIONS_PER_SOCKET = 4;

/** Open connections per client address. */
export class AddressCounts {
  private readonly counts = new Map<string, number>();

  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  add(address: string): void {
    this.counts.set(address, this.count(address) + 1);
  }

  remove(address: string): void {
    const left = this.count(address) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
  }

  /** Addresses with an open connection (for tests and diagnostics). */
  get size(): number {
    return this.counts.size;
  }
}

/**
 * A namespace middleware that refuses a socket whose address already holds `max` sockets (over
 * all namespaces), with `too-many-connections`; `counts` is kept by {@link countSockets}.
 */
export function capPerAddress(counts: AddressCounts, max: number, addressOf: ClientAddressOf) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    if (counts.count(addressOf(socket.request)) < max) return next();
    next(
      refusal(
        'too-many-connections',
        `This address already has ${max} open connections to Numerek, the most SOCKETS_PER_ADDRESS allows; close some screens or raise SOCKETS_PER_ADDRESS.`,
      ),
    );
  };
}

/** Counts a connected socket under its address until it disconnects. */
export function countSockets(counts: AddressCounts, socket: Socket, addressOf: ClientAddressOf): void {
  const address = addressOf(socket.request);
  counts.add(address);
  socket.once('disconnect', () => counts.remove(address));
}

/**
 * Guards every event a socket sends, before any handler runs: an unknown event is refused,
 * events beyond the socket's allowance (a token bucket) are refused with RATE_LIMITED, and a
 * socket that goes on sending after `refusalsBeforeDisconnect` refusals in a row is disconnected,
 * so a flood costs the server a few microseconds an event and then nothing. Refusals are told
 * in the acknowledgement, when the client asked for one.
 */
export function guardEvents(socket: Socket, known: ReadonlySet<string>, limits: EventLimits): void {
  let tokens = limits.burst;
  let last = performance.now();
  let refusedInARow = 0;
  socket.use(([event, ...args], next) => {
    const ack = args.at(-1);
    const refuse = (code: string, message: string) => {
      if (typeof ack === 'function')
        (ack as (r: Ack<never>) => void)({ ok: false, error: { code, message } });
    };
    const now = performance.now();
    tokens = Math.min(limits.burst, tokens + ((now - last) / 1000) * limits.perSecond);
    last = now;
    if (tokens < 1) {
      if (++refusedInARow >= limits.refusalsBeforeDisconnect) {
        socket.disconnect(true);
        return;
      }
      refuse('RATE_LIMITED', 'Too many requests on this connection; wait a moment before asking again.');
      return;
    }
    tokens -= 1;
    refusedInARow = 0;
    if (typeof event === 'string' && known.has(event)) return next();
    refuse('VALIDATION_FAILED', `Unknown event ${JSON.stringify(event)}.`);
  });
}
