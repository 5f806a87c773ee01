import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Config } from '../config/config.ts';
import { clientAddressOf } from '../http/client-address.ts';
import type { DisplayNamespace, StaffNamespace } from './realtime.types.ts';
import {
  AddressCounts,
  capPerAddress,
  CONNECTIONS_PER_SOCKET,
  countSockets,
  guardEvents,
  type EventLimits,
} from './socket-limits.ts';

export interface SocketServer {
  io: Server;
  display: DisplayNamespace;
  counter: StaffNamespace;
  console: StaffNamespace;
  /** Sockets per client address, over all namespaces. */
  socketsByAddress: AddressCounts;
}

/**
 * The socket.io server on the API's HTTP server, with its three namespaces typed by their event
 * maps, each client address held to SOCKETS_PER_ADDRESS sockets (and the engine connections
 * under them), and a main namespace that refuses whatever is sent to it.
 */
export function createSocketServer(
  server: HttpServer,
  config: Pick<Config, 'socketsPerAddress' | 'trustProxy'>,
  eventLimits: EventLimits,
): SocketServer {
  const perAddress = config.socketsPerAddress;
  // Behind a trusted reverse proxy, each real client is counted, not the proxy.
  const addressOf = clientAddressOf(config.trustProxy);
  const socketsByAddress = new AddressCounts();
  const connectionsByAddress = new AddressCounts();
  const io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // A client that hears no ping for pingInterval + pingTimeout (4 s) drops the connection,
    // so a TV that silently loses the network shows "offline" within 5 s (D6).
    pingInterval: 1500,
    pingTimeout: 2500,
    allowRequest: (req, answer) =>
      answer(
        'Too many connections from this address.',
        connectionsByAddress.count(addressOf(req)) < perAddress * CONNECTIONS_PER_SOCKET,
      ),
  });
  io.engine.on('connection', (conn: { request: IncomingMessage; once(e: 'close', f: () => void): void }) => {
    const address = addressOf(conn.request);
    connectionsByAddress.add(address);
    conn.once('close', () => connectionsByAddress.remove(address));
  });
  // Every namespace, before its own checks: one address holds at most SOCKETS_PER_ADDRESS sockets.
  for (const name of ['/', '/display', '/counter', '/console', '/print-agent', '/feedback']) {
    const nsp = io.of(name);
    nsp.use(capPerAddress(socketsByAddress, perAddress, addressOf));
    nsp.on('connection', (socket: Socket) => countSockets(socketsByAddress, socket, addressOf));
  }
  // The main namespace serves nothing: whatever a socket sends there is refused.
  io.of('/').on('connection', (socket: Socket) => guardEvents(socket, new Set(), eventLimits));
  return {
    io,
    // socket.io types a Server by one set of event maps; this one serves a set per namespace, so
    // each namespace is given its own here, once (every emit and handler is then checked by it).
    display: io.of('/display') as DisplayNamespace,
    counter: io.of('/counter') as StaffNamespace,
    console: io.of('/console') as StaffNamespace,
    socketsByAddress,
  };
}
