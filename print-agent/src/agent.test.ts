import { createServer, type Server as HttpServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakePrinter } from '@numerek/hardware';
import type {
  AgentJob,
  AgentJobResult,
  AgentPrinter,
  AgentPrinterStatus,
  PrintedTicket,
} from '@numerek/shared';
import { Server, type Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrintAgent } from './agent.ts';
import { Journal } from './journal.ts';

// The agent against a scripted socket.io server (the real server's flows are in
// tests/printing/print-agent.test.ts) and a fake printer on real TCP.

const DAY = 24 * 60 * 60 * 1000;
/** The server's clock runs a week ahead of the agent's: the agent must go by the server's. */
const SERVER_AHEAD_MS = 7 * DAY;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const TICKET: PrintedTicket = {
  ticketId: 't1',
  code: 'A017',
  categoryName: 'Dowody osobiste',
  officeName: 'Urząd',
  issuedAt: '2026-11-23T08:00:00.000Z',
  timeZone: 'Europe/Warsaw',
  peopleAhead: 2,
  estimatedWait: { minMinutes: 5, maxMinutes: 10 },
  statusUrl: 'https://numerek.example/t/t1',
  language: 'pl',
  counters: [],
  interpreter: false,
};

let http: HttpServer;
let server: Server;
let url: string;
let fake: FakePrinter;
let dir: string;
let agents: PrintAgent[];
let sockets: Socket[];
const results: AgentJobResult[] = [];
const statuses: AgentPrinterStatus[] = [];
/** Whether the scripted server confirms results (a server that dies before it stores one does not). */
let confirm = true;

const serverNow = () => Date.now() + SERVER_AHEAD_MS;
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  results.length = 0;
  statuses.length = 0;
  confirm = true;
  agents = [];
  sockets = [];
  fake = await FakePrinter.start('ok');
  dir = mkdtempSync(path.join(tmpdir(), 'numerek-agent-unit-'));
  http = createServer();
  server = new Server(http);
  server.of('/print-agent').on('connection', (socket) => {
    sockets.push(socket);
    socket.on('job:result', (r: AgentJobResult, ack: (a: unknown) => void) => {
      results.push(r);
      if (confirm) ack({ ok: true, data: { id: r.id, state: r.state } });
    });
    socket.on('printer:status', (s: AgentPrinterStatus, ack: (a: unknown) => void) => {
      statuses.push(s);
      ack({ ok: true, data: s });
    });
    socket.emit('printers', { serverTime: iso(serverNow()), printers: [printer()] });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const a of agents) await a.close();
  await server.close();
  await fake.close();
});

function printer(): AgentPrinter {
  return {
    id: 'p1',
    name: 'Drukarka',
    connection: fake.connection,
    codePage: 'cp852',
    cyrillic: 'wpc1251',
    paperWidth: 80,
    cut: 'full',
    maxJobAgeSeconds: 30,
  };
}

async function startAgent(): Promise<PrintAgent> {
  const agent = new PrintAgent({
    url,
    token: 'token',
    dataDir: dir,
    allowLocal: true,
    statusPollMs: 100,
    printerOptions: { statusTimeoutMs: 300, reconnectDelayMs: { initial: 50, max: 200 } },
  });
  agents.push(agent);
  const ready = new Promise<void>((resolve) => agent.onReady(resolve));
  agent.start();
  await ready;
  return agent;
}

function job(id: string, expiresInMs: number): AgentJob {
  const now = serverNow();
  return { id, printerId: 'p1', ticket: TICKET, expiresAt: iso(now + expiresInMs), serverTime: iso(now) };
}

const send = (j: AgentJob) => sockets.at(-1)?.emit('job', j);

describe('the print agent', () => {
  it('prints a job once however many times it is sent, and answers each time with the one outcome', async () => {
    await startAgent();
    send(job('j1', 10_000));
    send(job('j1', 10_000));
    await expect.poll(() => results.length).toBe(1);
    send(job('j1', 10_000));
    await expect.poll(() => results.length).toBe(2);
    await sleep(300);
    expect(fake.jobs).toHaveLength(1);
    expect(results).toEqual([
      { id: 'j1', state: 'printed', reason: null, uncertain: false },
      { id: 'j1', state: 'printed', reason: null, uncertain: false },
    ]);
  });

  it('goes by the server’s clock: a job past its time there is refused, one still in time prints, whatever the agent’s own clock says', async () => {
    await startAgent();
    send(job('late', -1000));
    send(job('in-time', 10_000));
    await expect.poll(() => results.length).toBe(2);
    expect(results.find((r) => r.id === 'late')).toEqual({
      id: 'late',
      state: 'expired',
      reason: 'timeout',
      uncertain: false,
    });
    expect(results.find((r) => r.id === 'in-time')?.state).toBe('printed');
    expect(fake.jobs).toHaveLength(1);
  });

  it('a printer out of paper fails the job at once, and nothing of it prints after the refill', async () => {
    fake.setState('paper_out');
    await startAgent();
    send(job('j', 10_000));
    await expect
      .poll(() => results[0])
      .toEqual({ id: 'j', state: 'failed', reason: 'paper_out', uncertain: false });
    fake.setState('ok');
    await sleep(300);
    expect(fake.jobs).toHaveLength(0);
    expect(fake.held).toHaveLength(0);
  });

  it('reports each printer’s state on connecting and when it changes', async () => {
    await startAgent();
    await expect.poll(() => statuses.at(-1)).toEqual({ printerId: 'p1', state: 'ok' });
    fake.setState('cover_open');
    await expect.poll(() => statuses.at(-1)).toEqual({ printerId: 'p1', state: 'cover_open' });
  });

  it('tells an outcome the server did not confirm again on the next connection', async () => {
    confirm = false;
    await startAgent();
    send(job('j', 10_000));
    await expect.poll(() => results.length).toBe(1);
    confirm = true;
    sockets.at(-1)?.disconnect(true);
    await expect.poll(() => results.length, { timeout: 5000 }).toBe(2);
    expect(results[1]).toEqual(results[0]);
    expect(fake.jobs).toHaveLength(1);
  });

  it('after a crash mid-job, answers that job as printed (uncertain) and never prints it', async () => {
    const journal = Journal.open(dir);
    journal.start('cut-short');
    journal.close();
    await startAgent();
    // Told at once on connecting, and again when the server sends the job anew.
    await expect
      .poll(() => results[0])
      .toEqual({ id: 'cut-short', state: 'printed', reason: null, uncertain: true });
    send(job('cut-short', 10_000));
    await expect.poll(() => results.length).toBe(2);
    await sleep(300);
    expect(fake.jobs).toHaveLength(0);
  });

  it('a job for a printer it does not drive fails without printing', async () => {
    await startAgent();
    sockets.at(-1)?.emit('job', { ...job('j', 10_000), printerId: 'elsewhere' });
    await expect
      .poll(() => results[0])
      .toEqual({ id: 'j', state: 'failed', reason: 'error', uncertain: false });
  });
});
