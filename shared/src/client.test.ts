import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, isUnreachable } from './client.ts';
import { DevicePairing, isPairingUnreachable, type PairingStorage } from './pairing.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server | null = null;
const seen: Seen[] = [];

/** A real HTTP server on a free port that answers with `handler`; its origin. */
async function serve(handler: Handler): Promise<string> {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function stop(): Promise<void> {
  const running = server;
  server = null;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(stop);

/** A port nothing listens on: a server that was there and is gone. */
async function closedOrigin(): Promise<string> {
  const origin = await serve(() => undefined);
  await stop();
  return origin;
}

describe('ApiClient', () => {
  it('sends JSON with the given headers, `{}` for a POST without a body, and nothing with a GET', async () => {
    const baseUrl = await serve((req, res) => send(res, 200, { echo: req.url }));
    const client = new ApiClient({ baseUrl, headers: { authorization: 'Bearer t' } });
    expect(await client.json('GET', '/api/a')).toEqual({ echo: '/api/a' });
    expect(await client.json('POST', '/api/b')).toEqual({ echo: '/api/b' });
    expect(await client.json('POST', '/api/c', { body: { x: 1 } })).toEqual({ echo: '/api/c' });
    expect(seen.map((r) => [r.method, r.body, r.headers['content-type'] ?? null])).toEqual([
      ['GET', '', null],
      ['POST', '{}', 'application/json'],
      ['POST', '{"x":1}', 'application/json'],
    ]);
    expect(seen.every((r) => r.headers.authorization === 'Bearer t')).toBe(true);
    expect(seen.every((r) => r.headers['idempotency-key'] === undefined)).toBe(true);
  });

  it('answers undefined for 204 and the text of an SVG', async () => {
    const baseUrl = await serve((req, res) =>
      req.url === '/none' ? res.writeHead(204).end() : res.writeHead(200).end('<svg/>'),
    );
    const client = new ApiClient({ baseUrl });
    expect(await client.json('DELETE', '/none')).toBeUndefined();
    expect(await client.text('GET', '/qr.svg')).toBe('<svg/>');
  });

  it("turns an error body into an ApiError with its status, code, message and params, and a validation error's field", async () => {
    const baseUrl = await serve((req, res) =>
      req.url === '/invalid'
        ? send(res, 400, {
            error: {
              code: 'VALIDATION_FAILED',
              message: 'Invalid "names.pl" in the body: x.',
              params: { field: 'names.pl' },
            },
          })
        : req.url === '/limited'
          ? send(res, 429, {
              error: {
                code: 'RATE_LIMITED',
                message: 'Too many requests; try again in 12 s.',
                params: { retryAfterSeconds: 12, nested: { no: 1 }, list: [1], none: null },
              },
            })
          : send(res, 409, { error: { code: 'COUNTER_BUSY', message: 'Finish the current client first.' } }),
    );
    const client = new ApiClient({ baseUrl });
    const invalid = await client.json('POST', '/invalid').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', params: { field: 'names.pl' } });
    expect((invalid as ApiError).field).toBe('names.pl');
    // The values a sentence needs, numbers as numbers; anything that is not a value is left out.
    const limited = await client.json('POST', '/limited').catch((e: unknown) => e);
    expect((limited as ApiError).params).toEqual({ retryAfterSeconds: 12 });
    expect((limited as ApiError).field).toBeNull();
    const busy = await client.json('POST', '/busy').catch((e: unknown) => e);
    expect(busy).toMatchObject({
      status: 409,
      code: 'COUNTER_BUSY',
      message: 'Finish the current client first.',
    });
    expect((busy as ApiError).params).toEqual({});
    expect(isUnreachable(busy)).toBe(false);
  });

  it("describes in the app's words an answer without an error body, and no answer at all", async () => {
    const describe = (status: number) => (status === 0 ? 'offline' : `failed ${status}`);
    const baseUrl = await serve((_req, res) => res.writeHead(502).end('<html>Bad gateway</html>'));
    const proxy = await new ApiClient({ baseUrl, describe }).json('GET', '/x').catch((e: unknown) => e);
    expect(proxy).toMatchObject({ status: 502, code: 'INTERNAL', message: 'failed 502' });
    expect(isUnreachable(proxy)).toBe(true);

    const gone = await closedOrigin();
    const offline = await new ApiClient({ baseUrl: gone, describe })
      .json('GET', '/x')
      .catch((e: unknown) => e);
    expect(offline).toMatchObject({ status: 0, code: 'NETWORK', message: 'offline' });
    expect(isUnreachable(offline)).toBe(true);
  });

  it('tells the app of every 401, with the URL asked', async () => {
    const baseUrl = await serve((_req, res) =>
      send(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'x' } }),
    );
    const urls: string[] = [];
    const client = new ApiClient({ baseUrl, onUnauthenticated: (url) => urls.push(url) });
    await expect(client.json('GET', '/api/me')).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(urls).toEqual(['/api/me']);
  });

  it('sends an action with one fresh Idempotency-Key, retried with it while the answer is lost', async () => {
    let calls = 0;
    const baseUrl = await serve((_req, res) => {
      calls++;
      // The first answer never comes in time, the second is a server failure, the third is the answer.
      if (calls === 1) setTimeout(() => send(res, 200, { late: true }), 10_000);
      else if (calls === 2) send(res, 503, { error: { code: 'INTERNAL', message: 'restarting' } });
      else send(res, 200, { done: true });
    });
    const client = new ApiClient({ baseUrl });
    const answer = await client.action(
      'POST',
      '/api/tickets',
      { categoryId: 'c' },
      {
        timeoutMs: 1_500,
        retryDelaysMs: [10, 10],
      },
    );
    expect(answer).toEqual({ done: true });
    const keys = seen.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);

    await client.action('POST', '/api/tickets', {}, { timeoutMs: 5_000, retryDelaysMs: [] });
    expect(seen.at(-1)?.headers['idempotency-key']).not.toBe(keys[0]);
  });

  it('never retries an action the server refused', async () => {
    const baseUrl = await serve((_req, res) =>
      send(res, 409, { error: { code: 'COUNTER_BUSY', message: 'Finish the current client first.' } }),
    );
    const client = new ApiClient({ baseUrl });
    await expect(
      client.action('POST', '/api/counters/c1/next', {}, { timeoutMs: 5_000, retryDelaysMs: [10, 10] }),
    ).rejects.toMatchObject({ status: 409, code: 'COUNTER_BUSY' });
    expect(seen).toHaveLength(1);
  });
});

class MemoryStorage implements PairingStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('DevicePairing', () => {
  it("takes a link's code out of the address bar and keeps it until it is used", () => {
    const storage = new MemoryStorage();
    const replaced: string[] = [];
    const bar = (hash: string) => ({
      location: { hash, pathname: '/kiosk/', search: '?x=1' },
      history: { replaceState: (_d: null, _u: string, url: string) => void replaced.push(url) },
    });
    const pairing = new DevicePairing('kiosk', storage);
    expect(pairing.takeCode(bar(''))).toBeNull();
    expect(pairing.takeCode(bar('#pair=ab%2Dcd'))).toBe('ab-cd');
    expect(replaced).toEqual(['/kiosk/?x=1']);
    expect(storage.items.get('numerek.kiosk.pairingCode')).toBe('ab-cd');
    expect(pairing.takeCode(bar(''))).toBe('ab-cd');
  });

  it('exchanges a code once for the token, forgets a refused code, and keeps it while the server is busy', async () => {
    let answer: [number, unknown] = [503, { error: { code: 'INTERNAL', message: 'x' } }];
    const baseUrl = await serve((_req, res) => send(res, ...answer));
    const storage = new MemoryStorage();
    const pairing = new DevicePairing('display', storage, new ApiClient({ baseUrl }));
    storage.setItem('numerek.display.token', 'old');
    storage.setItem('numerek.display.pairingCode', 'c1');

    const busy = await pairing.use('c1').catch((e: unknown) => e);
    expect(isPairingUnreachable(busy)).toBe(true);
    answer = [429, { error: { code: 'RATE_LIMITED', message: 'x' } }];
    const throttled = await pairing.use('c1').catch((e: unknown) => e);
    expect(isPairingUnreachable(throttled)).toBe(true);
    expect(pairing.waitingCode()).toBe('c1');

    answer = [410, { error: { code: 'PAIRING_CODE_USED', message: 'x' } }];
    expect(await pairing.use('c1')).toEqual({ refused: 'PAIRING_CODE_USED' });
    expect(pairing.waitingCode()).toBeNull();
    expect(pairing.token()).toBe('old');

    answer = [200, { token: 'new' }];
    expect(await pairing.use('c2')).toEqual({ token: 'new' });
    expect(pairing.token()).toBe('new');
    expect(seen.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { code: 'c1' },
      { code: 'c1' },
      { code: 'c1' },
      { code: 'c2' },
    ]);
    pairing.forgetToken();
    expect(pairing.token()).toBeNull();
  });
});
