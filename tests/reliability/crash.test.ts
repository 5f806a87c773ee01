import {
  COUNTER_LIST_LIMIT,
  type Counter,
  type CounterActionResult,
  type CounterDetail,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type DisplaySnapshot,
  type IssuedTicket,
  type StaffClientEvents,
  type StaffServerEvents,
} from '@numerek/shared';
import Database from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectReconnecting,
  LONG,
  request,
  runSeed,
  seededRandom,
  signInOffice,
  type Credentials,
  type Reply,
  type Office,
} from './office-clients.ts';
import { ServerProcess, sleep } from './server-process.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;
type StaffClient = Socket<StaffServerEvents, StaffClientEvents>;

/** Kills (SIGKILL) under load, each followed by a restart over the same data. */
const ROUNDS = LONG ? 100 : 20;
/** How long the office works between a restart and the next kill, chosen at random. */
const LOAD_MS: readonly [number, number] = LONG ? [500, 5000] : [500, 1800];
const KIOSKS = 6;
/** Counters worked by one clerk each (counter 6 serves every category). */
const COUNTERS = [1, 2, 3, 6] as const;
/** Categories open around the clock in the sample office, without a daily limit. */
const PREFIXES = ['A', 'R', 'M', 'I'] as const;
/** Displays and counters show the current state this soon after the server answers again. */
const RECONNECT_TARGET_MS = 2000;

interface AckedTicket {
  id: string;
  code: string;
  categoryId: string;
}
interface AckedCall {
  ticketId: string;
  code: string;
  counterId: string;
}
interface Reconnect {
  round: number;
  restartMs: number;
  display: number;
  panel: number;
  console: number;
}

/** Lets the clients' loops run, or holds them at their next step (while the server restarts). */
class Gate {
  private opened = false;
  private waiting: Array<() => void> = [];
  open(): void {
    this.opened = true;
    for (const w of this.waiting.splice(0)) w();
  }
  close(): void {
    this.opened = false;
  }
  pass(): Promise<void> {
    return this.opened ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** The state a reconnected client shows, and when it had it. */
interface Seen<T> {
  value: T;
  at: number;
}

/**
 * Crash test through the real server process: kiosks issue tickets and clerks call, start and
 * finish at four counters while the server is killed with SIGKILL at random moments and started
 * again over the same SQLite file. Like the kiosk and the clerk panel, they send an
 * Idempotency-Key with each press and repeat a press whose answer was lost with the same key.
 * Every answer a client received must still be true afterwards, and the hall display, a clerk
 * panel and the console reconnect on their own and show the current state within 2 s of the
 * server answering again.
 */
describe('crash: SIGKILL under load and restart over the same data', () => {
  const seed = runSeed();
  const random = seededRandom(seed);
  let server: ServerProcess;
  let office: Office;
  const acked: AckedTicket[] = [];
  const calls: AckedCall[] = [];
  const unexpected: string[] = [];
  const reconnects: Reconnect[] = [];
  const stateMismatches: string[] = [];
  let lostRequests = 0;
  /** Answers repeated from a first attempt whose answer a kill cut off. */
  let replays = 0;
  /** Presses still waiting for an answer when the last kill came. */
  const unanswered = { issues: 0, calls: 0 };
  const sockets: Socket[] = [];

  beforeAll(
    async () => {
      process.stdout.write(`crash test: seed ${seed} (repeat with NUMEREK_SEED=${seed}), ${ROUNDS} rounds\n`);
      server = await ServerProcess.create({ built: true });
      await server.start();
      office = await signInOffice(server, server.firstStartSecrets(), COUNTERS.length);
      for (const [i, n] of COUNTERS.entries()) {
        const opened = await request(
          server.base,
          office.clerks[i] ?? null,
          'POST',
          `/api/counters/${office.counter[n]}/open`,
          {},
        );
        if (opened.status !== 200)
          throw new Error(`opening counter ${n} failed: ${JSON.stringify(opened.body)}`);
      }
      const base = server.base;
      const panelCounter = office.counter[1] ?? '';
      const panelClerk = office.clerks[0] ?? { cookie: '' };

      // What a reconnected display, clerk panel and console show, as their apps fetch it.
      let displaySeen: Seen<DisplaySnapshot> | null = null;
      let panelSeen: Seen<CounterDetail> | null = null;
      let consoleSeen: Seen<Counter[]> | null = null;
      const displaySocket = connectReconnecting<DisplayClient>(base, '/display', office.display);
      displaySocket.on('queue:snapshot', (s) => (displaySeen = { value: s, at: performance.now() }));
      const panelSocket = connectReconnecting<StaffClient>(base, '/counter', panelClerk);
      panelSocket.on('connect', () => {
        void panelSocket
          .timeout(5000)
          .emitWithAck('counter:subscribe', { counterId: panelCounter })
          .then(() => request<CounterDetail>(base, panelClerk, 'GET', `/api/counters/${panelCounter}`))
          .then((r) => {
            if (r.status === 200) panelSeen = { value: r.body, at: performance.now() };
          })
          .catch(() => undefined);
      });
      const consoleSocket = connectReconnecting<StaffClient>(base, '/console', office.admin);
      consoleSocket.on('connect', () => {
        void consoleSocket
          .timeout(5000)
          .emitWithAck('sync:request')
          .then(() => request<Counter[]>(base, office.admin, 'GET', '/api/counters'))
          .then((r) => {
            if (r.status === 200) consoleSeen = { value: r.body, at: performance.now() };
          })
          .catch(() => undefined);
      });
      sockets.push(displaySocket, panelSocket, consoleSocket);

      const gate = new Gate();
      let finished = false;
      let inFlight = 0;
      /** One step of a client; a connection the killed server dropped is an unanswered request. */
      const step = async (fn: () => Promise<void>) => {
        inFlight++;
        try {
          await fn();
        } catch {
          lostRequests++;
          await sleep(20);
        } finally {
          inFlight--;
        }
      };
      const expectStatus = (what: string, res: Reply, allowed: number) => {
        if (res.status !== allowed) unexpected.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.replayed) replays++;
      };

      // A kiosk press has one key; when the answer is lost, the kiosk asks again with the same key.
      const kiosk = async (k: number) => {
        let presses = 0;
        let press: { key: string; categoryId: string } | null = null;
        while (!finished) {
          await gate.pass();
          if (finished) break;
          const prefix = PREFIXES[Math.floor(random() * PREFIXES.length)] ?? 'A';
          const current = (press ??= {
            key: `kiosk-${k}-${seed}-${++presses}`,
            categoryId: office.category[prefix] ?? '',
          });
          await step(async () => {
            const res = await request<IssuedTicket>(
              base,
              office.kiosk,
              'POST',
              '/api/tickets',
              { categoryId: current.categoryId },
              { key: current.key },
            );
            press = null;
            expectStatus('issue', res, 201);
            if (res.status === 201)
              acked.push({ id: res.body.id, code: res.body.code, categoryId: current.categoryId });
          });
          await sleep(random() * 15);
        }
        if (press) unanswered.issues++;
      };
      // A clerk presses next, start, finish; a press whose answer was lost is repeated with its key.
      const clerk = async (c: number, who: Credentials, counterId: string) => {
        const cycle = ['next', 'start', 'finish'] as const;
        let presses = 0;
        let at = 0;
        let press: { key: string; action: (typeof cycle)[number] } | null = null;
        while (!finished) {
          await gate.pass();
          if (finished) break;
          const current = (press ??= {
            key: `counter-${c}-${seed}-${++presses}`,
            action: cycle[at % 3] ?? 'next',
          });
          await step(async () => {
            const res = await request<CounterActionResult>(
              base,
              who,
              'POST',
              `/api/counters/${counterId}/${current.action}`,
              undefined,
              { key: current.key },
            );
            press = null;
            expectStatus(current.action, res, 200);
            if (res.status !== 200) return;
            const ticket = res.body.ticket;
            if (current.action === 'next' && !ticket) return sleep(30);
            if (current.action === 'next' && ticket)
              calls.push({ ticketId: ticket.id, code: ticket.code, counterId });
            at++;
          });
        }
        if (press?.action === 'next') unanswered.calls++;
      };
      const loops = [
        ...Array.from({ length: KIOSKS }, (_, k) => kiosk(k + 1)),
        ...COUNTERS.map((n, i) => clerk(n, office.clerks[i] ?? null, office.counter[n] ?? '')),
      ];

      const waitFor = async <T>(read: () => Seen<T> | null, what: string): Promise<Seen<T>> => {
        const deadline = performance.now() + 20_000;
        for (;;) {
          const seen = read();
          if (seen) return seen;
          if (performance.now() > deadline) throw new Error(`the ${what} did not reconnect within 20 s`);
          await sleep(5);
        }
      };

      for (let round = 1; round <= ROUNDS + 1; round++) {
        gate.open();
        await sleep(LOAD_MS[0] + random() * (LOAD_MS[1] - LOAD_MS[0]));
        await server.kill();
        gate.close();
        while (inFlight > 0) await sleep(5);
        // The last kill is left as it is: the checks below read the file the crash left behind.
        if (round > ROUNDS) break;

        displaySeen = panelSeen = consoleSeen = null;
        const killedAt = performance.now();
        const answeredAt = await server.start();
        const [d, p, c] = await Promise.all([
          waitFor(() => displaySeen, 'display'),
          waitFor(() => panelSeen, 'clerk panel'),
          waitFor(() => consoleSeen, 'console'),
        ]);
        reconnects.push({
          round,
          restartMs: answeredAt - killedAt,
          display: d.at - answeredAt,
          panel: p.at - answeredAt,
          console: c.at - answeredAt,
        });
        // Nobody acts while the clients reconnect, so what they show must equal the file.
        stateMismatches.push(
          ...compareWithDatabase(server.databaseFile, round, d.value, p.value, c.value, panelCounter),
        );
      }
      finished = true;
      gate.open();
      await Promise.all(loops);
      for (const s of sockets) s.disconnect();

      const worst = (k: 'display' | 'panel' | 'console' | 'restartMs') =>
        Math.round(Math.max(...reconnects.map((r) => r[k])));
      process.stdout.write(
        `crash test: ${ROUNDS + 1} kills, ${ROUNDS} restarts; ${acked.length} tickets and ${calls.length} calls acknowledged, ` +
          `${lostRequests} requests cut off by a kill, ${replays} answers replayed to a retry; restart up to ${worst('restartMs')} ms; ` +
          `current state shown after the server answered: display ≤ ${worst('display')} ms, ` +
          `clerk panel ≤ ${worst('panel')} ms, console ≤ ${worst('console')} ms\n`,
      );
    },
    (LONG ? 40 : 12) * 60_000,
  );

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.dispose();
  });

  const open = () => new Database(server.databaseFile);

  it('answers every press, and its retry after a kill with the same key, with the first attempt’s result', () => {
    expect(unexpected).toEqual([]);
    expect(acked.length).toBeGreaterThan(ROUNDS);
    expect(calls.length).toBeGreaterThan(ROUNDS);
    expect(replays).toBeGreaterThan(0);
  });

  it('keeps every ticket whose 201 reached a kiosk, with its number and category', () => {
    const db = open();
    try {
      const find = db.prepare<[string], { code: string; category_id: string }>(
        'SELECT code, category_id FROM tickets WHERE id = ?',
      );
      const missing = acked.filter((t) => {
        const row = find.get(t.id);
        return !row || row.code !== t.code || row.category_id !== t.categoryId;
      });
      expect(missing).toEqual([]);
      // A retried press never issued a second ticket: at most the presses cut off by the last kill
      // (never answered) left a ticket no kiosk heard of.
      const issued = db
        .prepare<[], number>('SELECT COUNT(*) FROM tickets WHERE issued_by_device_id IS NOT NULL')
        .pluck()
        .get();
      expect(issued).toBeGreaterThanOrEqual(acked.length);
      expect(issued).toBeLessThanOrEqual(acked.length + unanswered.issues);
    } finally {
      db.close();
    }
  });

  it('never repeats a number in a category and service day, in the file or in the answers', () => {
    const db = open();
    try {
      const repeated = db
        .prepare(
          `SELECT category_id, service_day, number, COUNT(*) AS n FROM tickets
            WHERE parent_ticket_id IS NULL GROUP BY category_id, service_day, number HAVING n > 1`,
        )
        .all();
      expect(repeated).toEqual([]);
      const day = db.prepare<[string], string>('SELECT service_day FROM tickets WHERE id = ?').pluck();
      const keys = acked.map((t) => `${t.categoryId} ${day.get(t.id) ?? '?'} ${t.code}`);
      expect(keys.length - new Set(keys).size).toBe(0);
    } finally {
      db.close();
    }
  });

  it('keeps each day’s number series and its tickets together: no number skipped or handed out ahead', () => {
    const db = open();
    try {
      // The last number of a series is allocated in the ticket's own transaction, so after any
      // crash it equals the highest ticket number, and the numbers run 1, 2, 3… without a gap.
      const series = db
        .prepare(
          `SELECT s.category_id, s.service_day, s.last_number,
                  MAX(t.number) AS highest, COUNT(t.id) AS tickets
             FROM ticket_series s
             LEFT JOIN tickets t ON t.category_id = s.category_id AND t.service_day = s.service_day
                                AND t.parent_ticket_id IS NULL
            GROUP BY s.category_id, s.service_day`,
        )
        .all() as Array<{ last_number: number; highest: number | null; tickets: number }>;
      expect(series.length).toBeGreaterThan(0);
      const broken = series.filter((s) => s.highest !== s.last_number || s.tickets !== s.last_number);
      expect(broken).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('never calls a ticket at two counters, and every acknowledged call is recorded', () => {
    const db = open();
    try {
      const twice = db
        .prepare(
          `SELECT ticket_id, COUNT(*) AS calls, COUNT(DISTINCT counter_id) AS counters FROM ticket_events
            WHERE type = 'called' GROUP BY ticket_id HAVING calls > 1 OR counters > 1`,
        )
        .all();
      expect(twice).toEqual([]);
      const called = db.prepare<[string, string], number>(
        `SELECT COUNT(*) FROM ticket_events WHERE type = 'called' AND ticket_id = ? AND counter_id = ?`,
      );
      const unrecorded = calls.filter((c) => called.pluck().get(c.ticketId, c.counterId) !== 1);
      expect(unrecorded).toEqual([]);
      // A retried "next" never called a second client.
      const allCalls = db
        .prepare<[], number>(`SELECT COUNT(*) FROM ticket_events WHERE type = 'called'`)
        .pluck()
        .get();
      expect(allCalls).toBeGreaterThanOrEqual(calls.length);
      expect(allCalls).toBeLessThanOrEqual(calls.length + unanswered.calls);
      // A ticket being served is the current ticket of its counter, and no counter has two.
      const stray = db
        .prepare(
          `SELECT t.code, t.state FROM tickets t LEFT JOIN counters c ON c.id = t.counter_id
            WHERE t.state IN ('called', 'serving') AND (c.current_ticket_id IS NULL OR c.current_ticket_id <> t.id)`,
        )
        .all();
      expect(stray).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('leaves a database file that passes PRAGMA integrity_check and foreign_key_check', () => {
    const db = open();
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('shows the current state on the display, a clerk panel and the console within 2 s of every restart, reconnecting as the apps do', () => {
    expect(reconnects).toHaveLength(ROUNDS);
    expect(stateMismatches).toEqual([]);
    const late = reconnects.filter((r) => Math.max(r.display, r.panel, r.console) > RECONNECT_TARGET_MS);
    expect(late).toEqual([]);
  });
});

/** What the reconnected clients show, compared with the database file; returns the differences. */
function compareWithDatabase(
  file: string,
  round: number,
  snapshot: DisplaySnapshot,
  detail: CounterDetail,
  counters: Counter[],
  panelCounterId: string,
): string[] {
  const db = new Database(file, { readonly: true });
  const problems: string[] = [];
  const differ = (what: string, shown: unknown, stored: unknown) => {
    if (JSON.stringify(shown) !== JSON.stringify(stored))
      problems.push(
        `round ${round}, ${what}: shown ${JSON.stringify(shown)}, stored ${JSON.stringify(stored)}`,
      );
  };
  try {
    const waiting = new Map(
      db
        .prepare<[], { category_id: string; n: number }>(
          `SELECT category_id, COUNT(*) AS n FROM tickets WHERE state = 'waiting' GROUP BY category_id`,
        )
        .all()
        .map((r) => [r.category_id, r.n]),
    );
    for (const w of snapshot.waiting)
      differ(`display: waiting in ${w.prefix}`, w.waiting, waiting.get(w.categoryId) ?? 0);
    const latest = db
      .prepare<[], string>(
        `SELECT t.code FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
          WHERE e.type IN ('called', 'recalled') ORDER BY e.at DESC, e.id DESC LIMIT 1`,
      )
      .pluck()
      .get();
    differ('display: latest call', snapshot.calls[0]?.code ?? null, latest ?? null);

    const stored = new Map(
      db
        .prepare<
          [],
          { id: string; state: string; current_ticket_id: string | null; serving_category_ids: string }
        >('SELECT id, state, current_ticket_id, serving_category_ids FROM counters')
        .all()
        .map((c) => [c.id, c]),
    );
    for (const c of counters) {
      differ(
        `console: counter ${c.number}`,
        [c.state, c.currentTicketId],
        [stored.get(c.id)?.state, stored.get(c.id)?.current_ticket_id],
      );
    }
    const mine = stored.get(panelCounterId);
    differ('clerk panel: current ticket', detail.ticket?.id ?? null, mine?.current_ticket_id ?? null);
    const serving = JSON.parse(mine?.serving_category_ids ?? '[]') as string[];
    const queued = serving.reduce((sum, id) => sum + (waiting.get(id) ?? 0), 0);
    differ(
      'clerk panel: waiting',
      detail.waitingCounts.reduce((n, c) => n + c.waiting, 0),
      queued,
    );
    differ('clerk panel: listed', detail.waiting.length, Math.min(queued, COUNTER_LIST_LIMIT));
  } finally {
    db.close();
  }
  return problems;
}
