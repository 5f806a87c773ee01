import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How often, while the server stops, connections that fell idle are looked for and closed. */
const SWEEP_EVERY_MS = 50;

/**
 * The HTTP server's connections, followed from the moment they are accepted (make it before the
 * server listens), so that a stop can close every one of them.
 *
 * Node.js's server waits, as it closes, for every connection to end. It closes those kept alive
 * between two requests (`closeIdleConnections`), but not one that was opened and never carried a
 * request: it counts that one as a request under way, and the check that would time it out stops
 * when the server closes. Browsers open such connections ahead of the requests they expect to
 * make, and an HTTP client may leave one open when the request it was for went away: each held
 * the stop for as long as its client kept it open. Nor does it close the connections handed over
 * to WebSockets, which the realtime gateway closes itself and a client that does not answer could
 * hold open.
 */
export class ConnectionDrain {
  private readonly open = new Set<Socket>();

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
    });
  }

  /** Connections open now, of every kind. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Closes the connections that carry no request now: kept alive between two requests, or opened
   * and never used (nothing read from them yet). A request under way, and a WebSocket, keep theirs.
   */
  closeUnused(): void {
    this.server.closeIdleConnections();
    for (const socket of this.open) if (socket.bytesRead === 0) socket.destroy();
  }

  /** Closes every connection still open, requests under way and WebSockets too; answers how many. */
  closeAll(): number {
    const left = this.open.size;
    for (const socket of this.open) socket.destroy();
    return left;
  }

  /**
   * For a stop: closes unused connections now and each one as it falls idle (Node.js closes those
   * idle when the server closes, not those whose request is answered later), and after `graceMs`
   * every connection left, and any still accepted, telling `onForced` how many were left then
   * (when any). Returns the function that ends this, once the server has closed.
   */
  drain(graceMs: number, onForced: (left: number) => void): () => void {
    let graceOver = false;
    const sweep = () => {
      if (graceOver) this.closeAll();
      else this.closeUnused();
    };
    sweep();
    const every = setInterval(sweep, SWEEP_EVERY_MS);
    const force = setTimeout(() => {
      graceOver = true;
      const left = this.closeAll();
      if (left > 0) onForced(left);
    }, graceMs);
    return () => {
      clearInterval(every);
      clearTimeout(force);
    };
  }
}
