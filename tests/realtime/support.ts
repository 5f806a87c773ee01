import { MemoryPrinter } from '@numerek/hardware';
import { buildApp, fakeClock, openDatabase, type Db } from '@numerek/server';
import type { TestApp } from '@numerek/server/testing';
import { PROTOCOL_VERSION, type ConnectErrorData } from '@numerek/shared';
import type { AddressInfo } from 'node:net';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** Listens on a free port (or the given one) on 127.0.0.1 and returns the base URL. */
export async function listen(app: TestApp['app'], port = 0): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A real socket.io client; nothing is shared between clients (each has its own connection). */
export function connect<S extends Socket = Socket>(
  base: string,
  nsp: '/display' | '/counter' | '/console' | '/feedback',
  opts: {
    auth?: Record<string, unknown>;
    cookie?: string;
    reconnection?: boolean;
    /** Connect from this address of the machine (any of 127.0.0.0/8 reaches a server on 127.0.0.1). */
    localAddress?: string;
  } = {},
): S {
  const options: Partial<ManagerOptions & SocketOptions> = {
    auth: { protocol: PROTOCOL_VERSION, ...opts.auth },
    transports: ['websocket'],
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
  };
  return io(`${base}${nsp}`, options) as S;
}

/** The next occurrence of an event (rejects after `ms`). */
export function once<T>(socket: Socket, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** The connect error of a refused handshake. */
export function refused(socket: Socket, ms = 3000): Promise<Error & { data?: Partial<ConnectErrorData> }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect_error within ${ms} ms`)), ms);
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', (error: Error & { data?: Partial<ConnectErrorData> }) => {
      clearTimeout(timer);
      resolve(error);
    });
  });
}

/**
 * Builds the whole app again over the same SQLite file, as after a restart of the server: its
 * clock where `t`'s stopped, or at `now`; with `serveApps`, the browser apps too.
 */
export async function rebuildOver(
  t: TestApp,
  file: string,
  opts: { now?: string; serveApps?: boolean } = {},
): Promise<{ app: TestApp['app']; db: Db }> {
  const db = openDatabase(file);
  const app = await buildApp({
    config: t.config,
    db,
    clock: fakeClock(opts.now ?? t.clock.now()),
    printer: new MemoryPrinter(),
    passwordCost: { N: 2 ** 10 },
    serveApps: opts.serveApps ?? false,
  });
  return { app, db };
}
