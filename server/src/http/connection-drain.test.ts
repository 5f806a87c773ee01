import { Agent, createServer, get, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionDrain } from './connection-drain.ts';

const GRACE_MS = 400;

let server: Server | null = null;
const clients: Socket[] = [];
let agent: Agent | null = null;

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.destroy();
  agent?.destroy();
  agent = null;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A server that answers `/slow?ms=…` after that long and anything else at once; upgrades are kept open. */
async function start(): Promise<{ server: Server; port: number; drain: ConnectionDrain }> {
  const s = createServer((req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    setTimeout(() => res.end('ok'), ms);
  });
  // Like the realtime gateway: the connection is handed over and stays open.
  s.on('upgrade', (_req, socket: Socket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
  });
  const drain = new ConnectionDrain(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  server = s;
  return { server: s, port: (s.address() as AddressInfo).port, drain };
}

/** A TCP connection to `port`, open and given nothing to send. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    socket.once('error', reject);
    clients.push(socket);
  });
}

function closed(socket: Socket): Promise<number> {
  return new Promise((resolve) => socket.once('close', () => resolve(performance.now())));
}

/** GET through `agent`; resolves with the body once it has been read. */
function fetchText(port: number, path: string, via: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: via }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve(body));
    }).once('error', reject);
  });
}

function serverClosed(s: Server): Promise<number> {
  return new Promise((resolve) => s.close(() => resolve(performance.now())));
}

/** Resolves once the server has accepted `count` connections. */
async function accepted(drain: ConnectionDrain, count: number): Promise<void> {
  while (drain.size < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('ConnectionDrain', () => {
  it('lets the server close at once with a connection opened and never used, and one kept alive', async () => {
    const { server: s, port, drain } = await start();
    agent = new Agent({ keepAlive: true });
    expect(await fetchText(port, '/', agent)).toBe('ok');
    const unused = await open(port);
    await accepted(drain, 2);
    const unusedClosed = closed(unused);

    const started = performance.now();
    let forced = 0;
    const done = drain.drain(GRACE_MS, (left) => (forced = left));
    const at = await serverClosed(s);
    done();

    expect(at - started).toBeLessThan(GRACE_MS / 2);
    expect(await unusedClosed).toBeLessThan(started + GRACE_MS / 2);
    expect(forced).toBe(0);
    expect(drain.size).toBe(0);
  });

  it('answers a request under way within the grace, then closes its connection', async () => {
    const { server: s, port, drain } = await start();
    agent = new Agent({ keepAlive: true });
    const answer = fetchText(port, '/slow?ms=150', agent);
    await accepted(drain, 1);
    // The request has reached the server before the stop.
    await new Promise((resolve) => setTimeout(resolve, 50));

    let forced = 0;
    const done = drain.drain(GRACE_MS, (left) => (forced = left));
    const started = performance.now();
    const at = await serverClosed(s);
    done();

    expect(await answer).toBe('ok');
    expect(at - started).toBeLessThan(GRACE_MS);
    expect(forced).toBe(0);
  });

  it('closes, after the grace, a request that takes longer and a handed-over connection, and says how many', async () => {
    const { server: s, port, drain } = await start();
    agent = new Agent({ keepAlive: true });
    const slow = fetchText(port, '/slow?ms=60000', agent).catch((error: unknown) => error);
    const upgraded = await open(port);
    upgraded.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    await new Promise<void>((resolve) => upgraded.once('data', () => resolve()));
    await accepted(drain, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));

    let forced = 0;
    const done = drain.drain(GRACE_MS, (left) => (forced = left));
    const started = performance.now();
    // Neither is closed as unused.
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS / 2));
    expect(drain.size).toBe(2);
    const at = await serverClosed(s);
    done();

    expect(at - started).toBeGreaterThanOrEqual(GRACE_MS - 20);
    expect(at - started).toBeLessThan(GRACE_MS + 1000);
    expect(forced).toBe(2);
    expect(await slow).toBeInstanceOf(Error);
  });
});
