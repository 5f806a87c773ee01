import { createTestApp, type TestApp } from '@numerek/server/testing';
import { CONNECT_ERROR_CODES, ERROR_CODES, PROTOCOL_VERSION, type Ack } from '@numerek/shared';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, databaseSnapshot, type Namespace } from '../security/support.ts';
import { connect, listen, once } from './support.ts';

/**
 * Whatever a client sends over a socket — well-formed calls, wrong types, huge strings, nested
 * junk, binary, unknown events, calls without an acknowledgement or with a value where the
 * acknowledgement should be — the server answers every acknowledged call with a result, refuses
 * the malformed ones with a 4xx error code and a message, writes nothing, and keeps serving.
 * The server runs in this process, so an unhandled rejection or exception would show here.
 *
 * Set FUZZ_SEED to replay a failing run (fast-check prints the seed and the counterexample).
 */

const RUNS = process.env.FUZZ_RUNS === undefined ? 150 : Number(process.env.FUZZ_RUNS);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PARAMS = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Names socket.io keeps for itself: a client cannot emit them. */
const RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

let t: TestApp;
let base: string;
const sockets = new Map<Namespace, Socket>();
const crashes: unknown[] = [];
const onRejection = (reason: unknown) => crashes.push(reason);
const onException = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  // The fuzzer sends hundreds of events a second on each socket, far past what a screen sends;
  // the event allowance itself is tested in tests/security/socket-flood.test.ts.
  t = await createTestApp({
    realtime: { events: { burst: 1_000_000, perSecond: 1_000_000, refusalsBeforeDisconnect: 1_000_000 } },
  });
  base = await listen(t.app);
  const open = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {});
  expect(open.statusCode).toBe(200);
  for (const [nsp, opts] of [
    ['/display', { auth: { token: (t.headers('display').authorization ?? '').slice(7) } }],
    ['/counter', { cookie: t.headers('clerk').cookie }],
    ['/console', { cookie: t.headers('supervisor').cookie }],
  ] as const) {
    const socket = connect(base, nsp, opts);
    await once(socket, 'connect');
    sockets.set(nsp, socket);
  }
});
afterAll(async () => {
  for (const s of sockets.values()) s.disconnect();
  await t.close();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

const socketOf = (nsp: Namespace): Socket => {
  const s = sockets.get(nsp);
  if (!s) throw new Error(`no socket on ${nsp}`);
  return s;
};

// --- what clients send ---------------------------------------------------------------------------

/** Strings up to 12 KB, under the 16 KB message limit (larger messages are tested on their own). */
const hugeString = fc
  .tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 1000, max: 3000 }))
  .map(([s, n]) => s.repeat(n).slice(0, 12_000));
const nearId = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a b',
    'ą',
    '../etc/passwd',
    "'; DROP TABLE tickets; --",
    'x'.repeat(65),
    '\u0000',
  ),
  fc.string({ maxLength: 80 }),
);
const binary = fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a));
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: binary },
  { weight: 1, arbitrary: fc.record({ blob: binary, nested: fc.array(binary, { maxLength: 3 }) }) },
  // Prototype pollution attempts.
  {
    weight: 1,
    arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":true},"counterId":"x"}') as unknown),
  },
  {
    weight: 1,
    arbitrary: fc.constant(JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown),
  },
);

/** Messages stay under the 16 KB limit (measured as JSON, which overstates binary fourfold). */
const fits = (args: unknown[]) => Buffer.byteLength(JSON.stringify(args)) < 15_000;
const junkArgs = (min: number) => fc.array(junk, { minLength: min, maxLength: 3 }).filter(fits);

/** Arguments for `counter:subscribe`: the right shape, near misses and junk. */
const subscribeArgs = fc.oneof(
  fc.constant(null).map(() => [{ counterId: t.counter[1] }]),
  fc.constant(null).map(() => [{ counterId: t.counter[4] }]),
  nearId.map((counterId) => [{ counterId }]),
  fc.constantFrom('unknown-counter', 'A'.repeat(64)).map((counterId) => [{ counterId }]),
  fc.tuple(fc.string(), junk).map(([key, value]) => [{ counterId: t.counter[1], [key || 'extra']: value }]),
  junk.map((value) => [{ counterId: value }]),
  junkArgs(0),
);
const noArgs = fc.oneof({ weight: 2, arbitrary: fc.constant([] as unknown[]) }, junkArgs(1));

const ARGS: Record<string, fc.Arbitrary<unknown[]>> = {
  'counter:subscribe': subscribeArgs,
  'sync:request': noArgs,
};

/** What the shared schemas accept for each event (the oracle of the properties below). */
function wellFormed(event: string, args: unknown[]): boolean {
  if (event === 'sync:request') return args.length === 0;
  const [payload] = args;
  return (
    args.length === 1 &&
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload) &&
    !Buffer.isBuffer(payload) &&
    Object.keys(payload).length === 1 &&
    typeof (payload as { counterId?: unknown }).counterId === 'string' &&
    ID.test((payload as { counterId: string }).counterId)
  );
}

/** The arguments as the server receives them: JSON drops undefined fields and turns NaN into null. */
const asReceived = (args: unknown[]): unknown[] => JSON.parse(JSON.stringify(args)) as unknown[];

/** What a call answers on each namespace. */
function expectedAnswer(nsp: Namespace, event: string, sent: unknown[]): true | string {
  const args = asReceived(sent);
  if (!wellFormed(event, args)) return 'VALIDATION_FAILED';
  if (event !== 'counter:subscribe') return true;
  // The console follows the whole office; following one counter is for /counter.
  if (nsp === '/console') return 'VALIDATION_FAILED';
  const known = Object.values(t.counter).includes((args[0] as { counterId: string }).counterId);
  return known ? true : 'NOT_FOUND';
}

function expectRefusal(r: Ack<unknown>, code: string, what: string): void {
  expect(r.ok, what).toBe(false);
  if (r.ok) return;
  expect(r.error.code, what).toBe(code);
  const status = ERROR_CODES[r.error.code as keyof typeof ERROR_CODES];
  expect(status, `${what}: ${r.error.code}`).toBeGreaterThanOrEqual(400);
  expect(status, `${what}: ${r.error.code}`).toBeLessThan(500);
  expect(r.error.message.trim().length, what).toBeGreaterThan(5);
}

/** The socket still answers: a well-formed sync:request is acknowledged. */
async function stillServing(nsp: Namespace, what: string): Promise<void> {
  const socket = socketOf(nsp);
  expect(socket.connected, `${what}: the server dropped the socket`).toBe(true);
  const r = (await socket.timeout(3000).emitWithAck('sync:request')) as Ack<unknown>;
  expect(r.ok, what).toBe(true);
}

const show = (args: unknown[]) =>
  JSON.stringify(args, (_k, v: unknown) => (Buffer.isBuffer(v) ? `<${v.length} bytes>` : v))?.slice(0, 200);

// --- the properties -----------------------------------------------------------------------------

for (const nsp of Object.keys(CLIENT_EVENTS) as Namespace[]) {
  describe(`socket fuzzing of ${nsp}`, () => {
    for (const event of CLIENT_EVENTS[nsp]) {
      it(`${event}: every acknowledged call gets a result; malformed ones a 4xx error; nothing is written`, async () => {
        const before = await databaseSnapshot(t);
        const args = ARGS[event];
        if (!args) throw new Error(`no arguments for ${event}`);
        await fc.assert(
          fc.asyncProperty(args, async (a) => {
            const what = `${nsp} ${event} ${show(a)}`;
            const r = (await socketOf(nsp)
              .timeout(3000)
              .emitWithAck(event, ...a)) as Ack<unknown>;
            const expected = expectedAnswer(nsp, event, a);
            if (expected === true) expect(r, what).toMatchObject({ ok: true });
            else expectRefusal(r, expected, what);
          }),
          PARAMS,
        );
        expect(await databaseSnapshot(t), 'a socket event changed the database').toBe(before);
        await stillServing(nsp, event);
      });

      it(`${event}: calls without an acknowledgement, or with a value in its place, are ignored`, async () => {
        const before = await databaseSnapshot(t);
        await fc.assert(
          fc.asyncProperty(junkArgs(0), async (a) => {
            socketOf(nsp).emit(event, ...a);
            await stillServing(nsp, `${nsp} ${event} ${show(a)} without an ack`);
          }),
          { ...PARAMS, numRuns: Math.ceil(RUNS / 3) },
        );
        expect(await databaseSnapshot(t)).toBe(before);
      });
    }

    it('unknown events, and server events sent by a client, are refused in the ack', async () => {
      const names = fc.oneof(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.constantFrom('ticket:called', 'queue:snapshot', 'session:expired', 'config:changed', '__proto__'),
      );
      await fc.assert(
        fc.asyncProperty(
          names.filter((n) => !RESERVED.has(n) && !(CLIENT_EVENTS[nsp] as readonly string[]).includes(n)),
          junkArgs(0),
          async (name, a) => {
            const r = (await socketOf(nsp)
              .timeout(3000)
              .emitWithAck(name, ...a)) as Ack<unknown>;
            expectRefusal(r, 'VALIDATION_FAILED', `${nsp} ${JSON.stringify(name)}`);
          },
        ),
        { ...PARAMS, numRuns: Math.ceil(RUNS / 3) },
      );
      await stillServing(nsp, 'after unknown events');
    });
  });
}

describe('socket fuzzing of the handshake and the limits', () => {
  it('any handshake auth is refused with a known code and a message, or accepted when it is valid', async () => {
    const auth = fc
      .oneof(
        fc.record({ protocol: fc.constant(PROTOCOL_VERSION), token: junk }, { requiredKeys: ['protocol'] }),
        fc.record(
          { protocol: fc.constant(PROTOCOL_VERSION), officeId: junk },
          { requiredKeys: ['protocol'] },
        ),
        fc.record({ protocol: junk, token: fc.string() }),
        fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 4 }),
      )
      .filter((a) => fits([a])); // a larger handshake is dropped unanswered: the test after this one
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Namespace>('/display', '/counter', '/console'),
        auth,
        async (nsp, a) => {
          const socket = connect(base, nsp, { auth: a as Record<string, unknown> });
          // The helper adds the current protocol unless the generated auth brings its own.
          const result = await new Promise<{ ok: true } | { ok: false; code: unknown; message: string }>(
            (resolve) => {
              // Neither is a failure of its own, named with the auth that caused it (and the run's
              // seed), rather than the whole test's timeout.
              const silent = setTimeout(
                () =>
                  resolve({ ok: false, code: 'no-answer', message: 'neither connected nor refused in 5 s' }),
                5000,
              );
              socket.once('connect', () => {
                clearTimeout(silent);
                resolve({ ok: true });
              });
              socket.once('connect_error', (e: Error & { data?: { code?: unknown } }) => {
                clearTimeout(silent);
                resolve({ ok: false, code: e.data?.code, message: e.message });
              });
            },
          );
          socket.disconnect();
          const what = `${nsp} ${show([a])}`;
          if (!result.ok) {
            if (result.message !== 'protocol-outdated') {
              expect(CONNECT_ERROR_CODES as readonly unknown[], what).toContain(result.code);
            }
            expect(result.message.length, what).toBeGreaterThan(5);
          } else {
            // Only /display takes a handshake without a session; it was a valid one.
            expect(nsp, what).toBe('/display');
          }
        },
      ),
      { ...PARAMS, numRuns: Math.ceil(RUNS / 3), endOnFailure: true },
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('a handshake over the 16 KB limit drops only that connection, unanswered; the server keeps serving', async () => {
    const greedy = connect(base, '/display', { auth: { token: 'x'.repeat(100_000) } });
    const closed = new Promise<string>((resolve) => greedy.io.once('close', (reason) => resolve(reason)));
    let connected = false;
    greedy.once('connect', () => (connected = true));
    expect(await closed).toMatch(/transport (close|error)/);
    expect(connected).toBe(false);
    greedy.disconnect();
    for (const nsp of Object.keys(CLIENT_EVENTS) as Namespace[])
      await stillServing(nsp, 'after a huge handshake');
  });

  it('a message over the 16 KB limit drops only that connection; the server keeps serving', async () => {
    const before = await databaseSnapshot(t);
    const greedy = connect(base, '/counter', { cookie: t.headers('clerk').cookie });
    await once(greedy, 'connect');
    const dropped = once<string>(greedy, 'disconnect');
    greedy.emit('counter:subscribe', { counterId: 'x'.repeat(100_000) }, () => undefined);
    expect(await dropped).toMatch(/transport (close|error)/);
    greedy.disconnect();
    for (const nsp of Object.keys(CLIENT_EVENTS) as Namespace[])
      await stillServing(nsp, 'after a huge message');
    expect(await databaseSnapshot(t)).toBe(before);
  });

  it('leaves no unhandled rejection or exception, no polluted prototype, and the server answering HTTP', async () => {
    expect(crashes).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(t.app.server.listening).toBe(true);
  });
});
