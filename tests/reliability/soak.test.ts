import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  CounterActionResult,
  DisplayClientEvents,
  DisplayServerEvents,
  StaffClientEvents,
  StaffServerEvents,
} from '@numerek/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inspector, type ProcessFigures } from './inspector.ts';
import {
  connectReconnecting,
  LONG,
  pairDevice,
  request,
  runSeed,
  seededRandom,
  signInOffice,
  type Credentials,
  type Office,
  type Reply,
} from './office-clients.ts';
import { freePort, ServerProcess, sleep } from './server-process.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;
type StaffClient = Socket<StaffServerEvents, StaffClientEvents>;

/** Tickets of the warm-up (JIT, caches, prepared statements) and of the day itself. */
const WARMUP_TICKETS = LONG ? 1_000 : 200;
const DAY_TICKETS = LONG ? 15_000 : 1_200;
/** 50 live clients: hall displays, clerk panels (two per counter) and supervisors' consoles. */
const DISPLAYS = 30;
const PANELS_PER_COUNTER = 2;
const CONSOLES = 8;
const COUNTERS = [1, 2, 3, 4, 5, 6] as const;
/** Categories open around the clock in the sample office, without a daily limit. */
const PREFIXES = ['A', 'R', 'M', 'I'] as const;
/** One ticket in this many comes from the kiosk (and is printed); the rest from the reception desk. */
const KIOSK_SHARE = 10;
/** Clients that leave and come back (a TV switched off, a panel reloaded) every this many tickets. */
const CHURN_EVERY = 50;
const CHURN_CLIENTS = 5;
/** Handles of one kind (or file descriptors) that may happen to be open while they are counted. */
const HANDLE_SLACK = 2;
/** Memory after the day within this fraction of memory after the warm-up. */
const MEMORY_TOLERANCE = 0.1;

interface LiveClient {
  kind: 'display' | 'panel' | 'console';
  socket: Socket;
  /** Calls this client was told about. */
  calls: number;
}

interface Measure {
  figures: ProcessFigures;
  rss: number;
  fds: number;
}

/**
 * Soak test: a simulated office day at high speed through the real server process with 50 live
 * socket clients that come and go. Memory (V8 heap after a full collection, read through the
 * inspector) after the day stays within 10 % of what it was after a warm-up, and no timers,
 * sockets, file descriptors or event listeners are left behind.
 */
describe('soak: an office day at high speed with 50 live clients', () => {
  const seed = runSeed();
  const random = seededRandom(seed);
  let server: ServerProcess;
  let inspector: Inspector;
  let office: Office;
  const clients: LiveClient[] = [];
  const unexpected: string[] = [];
  let issued = 0;
  let served = 0;
  let churned = 0;
  let afterWarmup: Measure;
  let afterDay: Measure;

  beforeAll(
    async () => {
      process.stdout.write(
        `soak test: seed ${seed} (repeat with NUMEREK_SEED=${seed}), ${DAY_TICKETS} tickets\n`,
      );
      const inspectPort = await freePort();
      // The speech engine's worker (its own heap and some 50 file descriptors) unloads a second
      // after its last sentence, so each quiet measure below sees it unloaded: loaded at one and
      // not at another is not a leak, but a worker that never unloads, or leaves its files open, is.
      server = await ServerProcess.create({
        nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
        env: { SPEECH_IDLE_MS: '1000' },
      });
      await server.start();
      office = await signInOffice(server, server.firstStartSecrets(), COUNTERS.length);
      inspector = await Inspector.connect(inspectPort);
      const base = server.base;
      for (const [i, n] of COUNTERS.entries()) {
        const opened = await request(
          base,
          office.clerks[i] ?? null,
          'POST',
          `/api/counters/${office.counter[n]}/open`,
          {},
        );
        if (opened.status !== 200)
          throw new Error(`opening counter ${n} failed: ${JSON.stringify(opened.body)}`);
      }
      // Three paired TVs, ten sockets each (the same TV reconnecting counts as a new client).
      const displayTokens = [office.display.token];
      for (const name of ['Monitor – piętro 1', 'Monitor – piętro 2']) {
        const res = await request<{ pairingUrl: string }>(base, office.admin, 'POST', '/api/admin/devices', {
          kind: 'display',
          name,
        });
        if (res.status !== 201) throw new Error(`creating ${name} failed: ${JSON.stringify(res.body)}`);
        displayTokens.push(await pairDevice(base, res.body.pairingUrl));
      }

      const connectClient = (kind: LiveClient['kind'], index: number): LiveClient => {
        let socket: Socket;
        if (kind === 'display') {
          socket = connectReconnecting<DisplayClient>(base, '/display', {
            token: displayTokens[index % displayTokens.length] ?? '',
          });
        } else if (kind === 'console') {
          socket = connectReconnecting<StaffClient>(base, '/console', office.admin);
        } else {
          const c = index % COUNTERS.length;
          const counterId = office.counter[COUNTERS[c] ?? 1] ?? '';
          const panel = connectReconnecting<StaffClient>(
            base,
            '/counter',
            office.clerks[c] ?? { cookie: '' },
          );
          panel.on('connect', () => void panel.emitWithAck('counter:subscribe', { counterId }));
          socket = panel;
        }
        const client: LiveClient = { kind, socket, calls: 0 };
        socket.on('ticket:called', () => client.calls++);
        return client;
      };
      const kinds: Array<LiveClient['kind']> = [
        ...Array<'display'>(DISPLAYS).fill('display'),
        ...Array<'panel'>(COUNTERS.length * PANELS_PER_COUNTER).fill('panel'),
        ...Array<'console'>(CONSOLES).fill('console'),
      ];
      for (const [i, kind] of kinds.entries()) clients.push(connectClient(kind, i));
      await waitUntil(() => clients.every((c) => c.socket.connected), 'all 50 clients connected');

      const expectStatus = (what: string, res: Reply, status: number) => {
        if (res.status !== status) unexpected.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      };

      /** Issues `tickets` tickets while the counters call, serve and drain the queue. */
      const day = async (tickets: number) => {
        const target = issued + tickets;
        let issuing = true;
        const issuer = async () => {
          while (issued < target) {
            const n = issued++;
            const categoryId = office.category[PREFIXES[n % PREFIXES.length] ?? 'A'] ?? '';
            const who: Credentials = n % KIOSK_SHARE === 0 ? office.kiosk : office.admin;
            expectStatus('issue', await request(base, who, 'POST', '/api/tickets', { categoryId }), 201);
            if (n % CHURN_EVERY === 0 && issued < target - CHURN_EVERY) {
              // Some clients leave and others take their place; the office keeps 50 live clients.
              for (let k = 0; k < CHURN_CLIENTS; k++) {
                const i = Math.floor(random() * clients.length);
                const old = clients[i];
                if (!old) continue;
                old.socket.disconnect();
                clients[i] = connectClient(old.kind, i);
                churned++;
              }
            }
            await sleep(random() * 4);
          }
        };
        const clerk = async (c: number) => {
          const who = office.clerks[c] ?? null;
          const counterId = office.counter[COUNTERS[c] ?? 1] ?? '';
          const act = (action: string, body?: unknown) =>
            request<CounterActionResult>(base, who, 'POST', `/api/counters/${counterId}/${action}`, body);
          for (;;) {
            const next = await act('next');
            expectStatus('next', next, 200);
            if (!next.body.ticket) {
              if (!issuing) return;
              await sleep(15);
              continue;
            }
            const r = random();
            if (r < 0.05) {
              expectStatus('no-show', await act('no-show'), 200);
              continue;
            }
            if (r < 0.1) expectStatus('recall', await act('recall'), 200);
            expectStatus('start', await act('start'), 200);
            expectStatus('finish', await act('finish'), 200);
            served++;
            if (random() < 0.01) {
              expectStatus('pause', await act('pause', { reason: 'break' }), 200);
              await sleep(30);
              expectStatus('resume', await act('resume'), 200);
            }
          }
        };
        const clerks = COUNTERS.map((_, c) => clerk(c));
        await Promise.all([issuer(), issuer(), issuer()]);
        issuing = false;
        await Promise.all(clerks);
      };

      /** Quiet office: clients connected, HTTP keep-alive connections closed, a full collection. */
      let measured = 0;
      const measure = async (): Promise<Measure> => {
        await waitUntil(() => clients.every((c) => c.socket.connected), 'all 50 clients connected');
        await sleep(6000);
        let figures = await inspector.figures();
        // The speech worker (its message port) finishes the calls it was rendering ahead, then
        // unloads a second later; one that never does shows as a leak below.
        for (let waited = 0; figures.resources.MessagePort && waited < 15_000; waited += 500) {
          await sleep(500);
          figures = await inspector.figures();
        }
        // NUMEREK_HEAP_SNAPSHOTS=<folder>: each measure also writes a heap snapshot there, to compare in DevTools.
        const snapshots = process.env.NUMEREK_HEAP_SNAPSHOTS;
        if (snapshots)
          writeFileSync(
            path.join(snapshots, `soak-${++measured}.heapsnapshot`),
            await inspector.heapSnapshot(),
          );
        return { figures, rss: server.rssBytes(), fds: server.openFds() };
      };

      const started = performance.now();
      await day(WARMUP_TICKETS);
      afterWarmup = await measure();
      // Read at midday too: a leak grows in both halves of the day, settling in only in the first.
      let dayMs = -performance.now();
      await day(DAY_TICKETS / 2);
      dayMs += performance.now();
      const midday = await measure();
      dayMs -= performance.now();
      await day(DAY_TICKETS / 2);
      dayMs += performance.now();
      afterDay = await measure();

      const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
      const row = (m: Measure) =>
        `heap ${mb(m.figures.heapUsed)}/${mb(m.figures.heapTotal)}, external ${mb(m.figures.external)}, RSS ${mb(m.rss)} MB, ${m.fds} fds`;
      process.stdout.write(
        `soak test: ${DAY_TICKETS} tickets, ${served} served, ${churned} clients replaced, ` +
          `${Math.round((performance.now() - started) / 1000)} s in all (day ${Math.round(dayMs / 1000)} s)\n` +
          `  after warm-up: ${row(afterWarmup)}\n  at midday:     ${row(midday)}\n  after the day: ${row(afterDay)}\n` +
          `  handles ${JSON.stringify(afterWarmup.figures.resources)} → ${JSON.stringify(afterDay.figures.resources)}\n`,
      );
    },
    (LONG ? 30 : 5) * 60_000,
  );

  afterAll(async () => {
    for (const c of clients) c.socket.disconnect();
    inspector?.close();
    await server?.dispose();
  });

  it('answers every action of the day with success', () => {
    expect(unexpected).toEqual([]);
    expect(issued).toBe(WARMUP_TICKETS + DAY_TICKETS);
    expect(served).toBeGreaterThan((WARMUP_TICKETS + DAY_TICKETS) * 0.8);
  });

  it('tells every one of the 50 live clients about calls, also those that reconnected during the day', () => {
    expect(clients).toHaveLength(50);
    expect(churned).toBeGreaterThan(0);
    expect(clients.filter((c) => c.calls === 0).map((c) => c.kind)).toEqual([]);
  });

  // Retained memory is the V8 heap after a full collection. RSS is printed but not held to 10 %:
  // the allocator keeps pages it has freed, so RSS can rise by a quarter with the heap flat.
  it('keeps memory (the heap after a full collection) after the day within 10 % of after the warm-up', () => {
    expect(afterDay.figures.heapUsed).toBeLessThanOrEqual(
      afterWarmup.figures.heapUsed * (1 + MEMORY_TOLERANCE),
    );
  });

  it('leaves no timers, sockets, file descriptors or event listeners behind', () => {
    const before = afterWarmup.figures.resources;
    const after = afterDay.figures.resources;
    // The same 50 clients are connected at both moments, so the counts match; a leak over a day
    // of tickets and reconnections would show as hundreds, a handle that happens to be open at
    // the moment of reading as one or two.
    const grown = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .map((kind) => ({ kind, before: before[kind] ?? 0, after: after[kind] ?? 0 }))
      .filter((k) => k.after > k.before + HANDLE_SLACK);
    expect(grown).toEqual([]);
    expect(afterDay.fds).toBeLessThanOrEqual(afterWarmup.fds + HANDLE_SLACK);
    // Node.js warns when an emitter collects more listeners than expected.
    expect(server.log).not.toMatch(/MaxListenersExceededWarning|memory leak/i);
  });
});

async function waitUntil(ok: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`not ${what} within ${ms} ms`);
    await sleep(20);
  }
}
