import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEscPos, FakePrinter } from '@numerek/hardware';
import { obtainToken, pairingCodeOf, PrintAgent } from '@numerek/print-agent';
import { createTestApp, type TestApp } from '@numerek/server/testing';
import {
  PROTOCOL_VERSION,
  type Ack,
  type IssuedTicket,
  type Printer,
  type PrinterStatusEvent,
  type TicketPrint,
} from '@numerek/shared';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, listen, once, rebuildOver, refused } from '../realtime/support.ts';

// The real server on a real port, a real print agent connecting out to it over socket.io, and a
// fake Epson printer on real TCP that only the agent opens.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AGENT_MAIN = path.join(ROOT, 'print-agent/src/main.ts');
/** Short printer timeouts, so that faults settle quickly; the printer's own behaviour is unchanged. */
const FAST = { statusTimeoutMs: 400, reconnectDelayMs: { initial: 50, max: 200 } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type PrinterFactory = NonNullable<NonNullable<Parameters<typeof createTestApp>[0]>['printerFactory']>;

let t: TestApp;
let base: string;
let fake: FakePrinter;
let dataDir: string;
/** Connections the server's own drivers opened (never an agent's printer). */
let opened: string[];
const cleanup: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  opened = [];
  const recording: PrinterFactory = (spec) => {
    opened.push(spec.connection);
    throw new Error('this test drives no printer from the server');
  };
  t = await createTestApp({ printerFactory: recording });
  base = await listen(t.app);
  fake = await FakePrinter.start('ok');
  dataDir = mkdtempSync(path.join(tmpdir(), 'numerek-agent-'));
});

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await t.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A print agent device of the sample office, and its pairing code. */
async function addAgent(name = 'Komputer w holu'): Promise<{ id: string; code: string }> {
  const res = await t.request('admin', 'POST', '/api/admin/devices', { kind: 'print-agent', name });
  expect(res.statusCode).toBe(201);
  const { id, pairingUrl } = res.json<{ id: string; pairingUrl: string }>();
  expect(pairingUrl).toContain('/print-agent/#pair=');
  return { id, code: pairingCodeOf(pairingUrl) };
}

/** A printer reached through the agent, used by the sample kiosk. */
async function addAgentPrinter(agentId: string, maxJobAgeSeconds = 30): Promise<Printer> {
  const res = await t.request('admin', 'POST', '/api/admin/printers', {
    name: 'Drukarka w holu',
    connection: fake.connection,
    codePage: 'cp852',
    paperWidth: 80,
    maxJobAgeSeconds,
    agentId,
  });
  expect(res.statusCode).toBe(201);
  const printer = res.json<Printer>();
  const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
  const assigned = await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
    printerId: printer.id,
  });
  expect(assigned.statusCode).toBe(200);
  return printer;
}

/** Starts an agent in this process with the token its pairing code gives (or the one it keeps). */
async function startAgent(code: string | null, statusPollMs = 2000): Promise<PrintAgent> {
  const token = await obtainToken({ url: base, dir: dataDir, code });
  const agent = new PrintAgent({
    url: base,
    token,
    dataDir,
    allowLocal: true,
    statusPollMs,
    printerOptions: FAST,
  });
  const ready = new Promise<void>((resolve) => agent.onReady(resolve));
  agent.start();
  cleanup.push(() => agent.close());
  await ready;
  return agent;
}

async function issue(): Promise<IssuedTicket> {
  const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
  expect(res.statusCode).toBe(201);
  return res.json<IssuedTicket>();
}

async function printOf(ticketId: string): Promise<TicketPrint> {
  return (await t.request('kiosk', 'GET', `/api/tickets/${ticketId}/print`)).json<TicketPrint>();
}

const jobsOf = (ticketId: string) =>
  t.db.all<{ state: string; reason: string | null; uncertain: number }>(
    'SELECT state, reason, uncertain FROM print_jobs WHERE ticket_id = ?',
    [ticketId],
  );

const codesPrinted = () => fake.jobs.map((j) => /[A-Z]\d{3}/.exec(decodeEscPos(j).text)?.[0]);

describe('printing through a print agent', () => {
  it('a kiosk ticket prints once on the office printer, which only the agent opens', async () => {
    const agent = await addAgent();
    const printer = await addAgentPrinter(agent.id);
    expect(printer.agentId).toBe(agent.id);
    await startAgent(agent.code);

    const ticket = await issue();
    expect(ticket.print).toEqual({ state: 'printed', reason: null });
    await expect.poll(() => fake.jobs.length).toBe(1);
    const decoded = decodeEscPos(fake.jobs[0] ?? new Uint8Array());
    expect(decoded.text).toContain(ticket.code);
    expect(decoded.qr).toEqual([ticket.statusUrl]);
    expect(await printOf(ticket.id)).toEqual({ state: 'printed', reason: null });
    expect(await jobsOf(ticket.id)).toEqual([{ state: 'printed', reason: null, uncertain: 0 }]);

    // Nothing more comes out later, and the server never opened the printer's address itself.
    await sleep(1500);
    expect(fake.jobs).toHaveLength(1);
    expect(opened).toEqual([]);
    const devices = (await t.request('supervisor', 'GET', '/api/admin/devices')).json<
      Array<{ id: string; kind: string; lastSeenAt: string | null }>
    >();
    expect(devices.find((d) => d.id === agent.id)).toMatchObject({ kind: 'print-agent' });
    expect(devices.find((d) => d.id === agent.id)?.lastSeenAt).not.toBeNull();
  });

  it('a test print from the console comes out through the agent', async () => {
    const agent = await addAgent();
    const printer = await addAgentPrinter(agent.id);
    await startAgent(agent.code);
    const res = await t.request('supervisor', 'POST', `/api/admin/printers/${printer.id}/test`);
    expect(res.json()).toEqual({ state: 'printed', reason: null });
    await expect.poll(() => fake.jobs.length).toBe(1);
    expect(decodeEscPos(fake.jobs[0] ?? new Uint8Array()).text.replace(/\s+/g, ' ')).toContain(
      'zażółć gęślą jaźń',
    );
  });

  it('jobs stored while the agent is away print when it comes back in time; late ones never print and the kiosk hears they did not', async () => {
    const agent = await addAgent();
    await addAgentPrinter(agent.id, 30);

    // Away: the kiosk shows the ticket at once and learns the print's outcome later.
    const early = await issue();
    expect(early.print).toEqual({ state: 'pending', reason: null });
    const kioskAsks = printOf(early.id);
    await startAgent(agent.code);
    expect(await kioskAsks).toEqual({ state: 'printed', reason: null });
    expect(codesPrinted()).toEqual([early.code]);

    // Away again, past the printer's maximum job age: the job expires and is never sent.
    for (const c of cleanup.splice(0)) await c();
    const late = await issue();
    expect(late.print).toEqual({ state: 'pending', reason: null });
    t.clock.advance(31_000);
    await expect.poll(async () => (await jobsOf(late.id))[0]?.state, { timeout: 5000 }).toBe('expired');
    expect(await printOf(late.id)).toEqual({ state: 'failed', reason: 'timeout' });

    await startAgent(null);
    // In time again: a new ticket prints, and the late one never does.
    const next = await issue();
    expect(next.print).toEqual({ state: 'printed', reason: null });
    await sleep(1000);
    expect(codesPrinted()).toEqual([early.code, next.code]);
  });

  it('the jobs of a busy morning, stored while the agent was away, all print when it comes back, each once', async () => {
    const agent = await addAgent();
    await addAgentPrinter(agent.id, 60);
    await startAgent(agent.code);
    for (const c of cleanup.splice(0)) await c();
    // Thirty kiosk presses at once: each answer says the ticket is still printing.
    const tickets = await Promise.all(Array.from({ length: 30 }, () => issue()));
    expect(new Set(tickets.map((x) => x.print.state))).toEqual(new Set(['pending']));
    await startAgent(null);
    await expect.poll(() => fake.jobs.length, { timeout: 20_000 }).toBe(30);
    for (const ticket of tickets)
      expect(await printOf(ticket.id)).toEqual({ state: 'printed', reason: null });
    expect(codesPrinted().sort()).toEqual(tickets.map((x) => x.code).sort());
    // And the next ones print as they are issued, at the rate a kiosk can issue them.
    for (let i = 0; i < 30; i++) expect((await issue()).print).toEqual({ state: 'printed', reason: null });
    expect(fake.jobs).toHaveLength(60);
  });

  it('an agent killed mid-job and started again with the same data folder does not print the job twice', async () => {
    const agent = await addAgent();
    await addAgentPrinter(agent.id, 60);
    const env = {
      ...process.env,
      NUMEREK_URL: base,
      NUMEREK_AGENT_DATA: dataDir,
      PRINTER_ALLOW_LOCAL: 'true',
    };

    const first = runAgent({ ...env, NUMEREK_PAIRING: agent.code });
    await first.ready;
    // The printer takes the job and then stops answering: the agent, waiting for it to confirm
    // the job, is killed with the ticket already on paper.
    fake.changeStateDuringNextJob('silent');
    const ticket = issue();
    await expect.poll(() => fake.jobs.length, { timeout: 5000 }).toBe(1);
    first.child.kill('SIGKILL');
    await first.exited;
    expect((await ticket).print.state).toBe('pending');
    expect((await jobsOf((await ticket).id))[0]?.state).toBe('sent');

    fake.setState('ok');
    const second = runAgent(env);
    await second.ready;
    // The server sends the job again; the agent's journal says it may be on paper: never again.
    await expect
      .poll(async () => (await jobsOf((await ticket).id))[0], { timeout: 5000 })
      .toEqual({ state: 'printed', reason: null, uncertain: 1 });
    expect(await printOf((await ticket).id)).toEqual({ state: 'printed', reason: null });
    await sleep(1500);
    expect(fake.jobs).toHaveLength(1);

    // The restarted agent prints new tickets as before.
    const next = await issue();
    expect(next.print).toEqual({ state: 'printed', reason: null });
    expect(fake.jobs).toHaveLength(2);
  });

  it('a ticket issued through one server process prints once through an agent connected to another', async () => {
    // Two server processes on one database, as in a central installation.
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-two-'));
    const file = path.join(dir, 'numerek.db');
    const a = await createTestApp({ file });
    const b = await rebuildOver(a, file);
    cleanup.push(async () => {
      await b.app.close();
      await b.db.close();
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const baseB = await listen(b.app);
    const created = await a.request('admin', 'POST', '/api/admin/devices', {
      kind: 'print-agent',
      name: 'Agent',
    });
    const code = pairingCodeOf(created.json<{ pairingUrl: string }>().pairingUrl);
    const printer = (
      await a.request('admin', 'POST', '/api/admin/printers', {
        name: 'Drukarka',
        connection: fake.connection,
        codePage: 'cp852',
        paperWidth: 80,
        maxJobAgeSeconds: 30,
        agentId: created.json<{ id: string }>().id,
      })
    ).json<Printer>();
    const kiosk = (await a.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
    await a.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, { printerId: printer.id });

    const token = await obtainToken({ url: baseB, dir: dataDir, code });
    const agent = new PrintAgent({ url: baseB, token, dataDir, allowLocal: true, printerOptions: FAST });
    const ready = new Promise<void>((resolve) => agent.onReady(resolve));
    agent.start();
    cleanup.push(() => agent.close());
    await ready;

    const issued = await a.request('kiosk', 'POST', '/api/tickets', { categoryId: a.category.A });
    expect(issued.statusCode).toBe(201);
    const ticket = issued.json<IssuedTicket>();
    // Process B sends the job and stores the agent's answer; process A reads it.
    await expect.poll(() => fake.jobs.length, { timeout: 5000 }).toBe(1);
    const asked = await b.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/print`,
      headers: a.headers('kiosk'),
    });
    expect(asked.json()).toEqual({ state: 'printed', reason: null });
    await sleep(1500);
    expect(fake.jobs).toHaveLength(1);
  });

  it('a paper-out on the office printer reaches the console, and its recovery too; an agent gone 10 s leaves its printers not answering', async () => {
    const agent = await addAgent();
    const printer = await addAgentPrinter(agent.id);
    const consoleSocket = connect(base, '/console', { cookie: t.headers('supervisor').cookie });
    cleanup.push(() => void consoleSocket.disconnect());
    const states: PrinterStatusEvent[] = [];
    consoleSocket.on('printer:status', (e: PrinterStatusEvent) => states.push(e));
    await once(consoleSocket, 'connect');
    await startAgent(agent.code, 200);
    await expect.poll(() => states.at(-1)?.state).toBe('ok');

    fake.setState('paper_out');
    await expect.poll(() => states.at(-1)).toMatchObject({ printerId: printer.id, state: 'paper_out' });
    const listed = (await t.request('supervisor', 'GET', '/api/admin/printers')).json<Printer[]>();
    expect(listed.find((p) => p.id === printer.id)?.status).toBe('paper_out');
    // A ticket issued meanwhile is not printed, and nothing stale comes out after the refill.
    const ticket = await issue();
    expect(ticket.print).toEqual({ state: 'failed', reason: 'paper_out' });
    fake.setState('ok');
    await expect.poll(() => states.at(-1)?.state).toBe('ok');
    await sleep(300);
    expect(fake.jobs).toHaveLength(0);

    // The agent stops (its computer is switched off): after 10 s its printers are not answering.
    const stopped = Date.now();
    for (const c of cleanup.splice(1)) await c();
    await expect.poll(() => states.at(-1)?.state, { timeout: 15_000 }).toBe('no_answer');
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(9_000);
  });

  it('a printer the server reaches directly prints as before, with no print agent involved', async () => {
    await t.close();
    t = await createTestApp();
    const res = await t.request('admin', 'POST', '/api/admin/printers', {
      name: 'Drukarka przy wejściu',
      connection: fake.connection,
      codePage: 'cp852',
      paperWidth: 80,
      maxJobAgeSeconds: 5,
    });
    expect(res.json<Printer>()).toMatchObject({ agentId: null, status: 'ok' });
    const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
      printerId: res.json<Printer>().id,
    });
    const ticket = await issue();
    expect(ticket.print).toEqual({ state: 'printed', reason: null });
    expect(fake.jobs).toHaveLength(1);
    expect(await t.db.value('SELECT count(*) FROM print_jobs')).toBe(0);
  });

  it('an agent revoked in the console is disconnected and refused from then on', async () => {
    const agent = await addAgent();
    await addAgentPrinter(agent.id);
    const running = await startAgent(agent.code);
    const fatal = new Promise<string>((resolve) => running.onFatal((code) => resolve(code)));
    const revoked = await t.request('supervisor', 'PATCH', `/api/admin/devices/${agent.id}`, {
      revoked: true,
    });
    expect(revoked.statusCode).toBe(200);
    expect(await fatal).toBe('device-revoked');
  });
});

describe('the /print-agent namespace refuses what is not an agent’s', () => {
  function agentSocket(token: string | undefined): Socket {
    const socket = io(`${base}/print-agent`, {
      auth: { protocol: PROTOCOL_VERSION, ...(token === undefined ? {} : { token }) },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    cleanup.push(() => void socket.disconnect());
    return socket;
  }
  const bearer = (who: 'kiosk' | 'display') => (t.headers(who).authorization ?? '').slice('Bearer '.length);

  it('a token of another kind of device, or none, or a revoked one cannot connect', async () => {
    expect((await refused(agentSocket(bearer('kiosk')))).data?.code).toBe('forbidden');
    expect((await refused(agentSocket(bearer('display')))).data?.code).toBe('forbidden');
    expect((await refused(agentSocket(undefined))).data?.code).toBe('unauthenticated');
    expect((await refused(agentSocket('not-a-token-of-this-server'))).data?.code).toBe('device-invalid');
    const agent = await addAgent();
    const token = await obtainToken({ url: base, dir: dataDir, code: agent.code });
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${agent.id}`, { revoked: true });
    expect((await refused(agentSocket(token))).data?.code).toBe('device-revoked');
  });

  it('a print agent’s token opens nothing else: no tickets, no display', async () => {
    const agent = await addAgent();
    const token = await obtainToken({ url: base, dir: dataDir, code: agent.code });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { authorization: `Bearer ${token}` },
      payload: { categoryId: t.category.A },
    });
    expect(res.statusCode).toBe(403);
    const display = connect(base, '/display', { auth: { token } });
    cleanup.push(() => void display.disconnect());
    expect((await refused(display)).data?.code).toBe('forbidden');
  });

  it('bad events are refused with a code, and another agent’s jobs and printers are not found', async () => {
    const other = await addAgent('Drugi komputer');
    const printer = await addAgentPrinter(other.id);
    const otherAgent = await startAgent(other.code);
    const ticket = await issue();
    expect(ticket.print.state).toBe('printed');
    await otherAgent.close();
    const jobId = await t.db.value<string>('SELECT id FROM print_jobs WHERE ticket_id = ?', [ticket.id]);

    const mine = await addAgent('Mój komputer');
    const token = await obtainToken({
      url: base,
      dir: mkdtempSync(path.join(tmpdir(), 'numerek-agent-')),
      code: mine.code,
    });
    const socket = agentSocket(token);
    await once(socket, 'printers');
    const ask = async (event: string, ...args: unknown[]) =>
      (await socket.timeout(3000).emitWithAck(event, ...args)) as Ack<unknown>;
    const codeOf = (a: Ack<unknown>) => (a.ok ? 'ok' : a.error.code);

    expect(codeOf(await ask('job:result', {}))).toBe('VALIDATION_FAILED');
    expect(
      codeOf(await ask('job:result', { id: jobId, state: 'printed', reason: null, uncertain: 'no' })),
    ).toBe('VALIDATION_FAILED');
    expect(
      codeOf(await ask('job:result', { id: jobId, state: 'printed', reason: null, uncertain: false })),
    ).toBe('NOT_FOUND');
    expect(codeOf(await ask('printer:status', { printerId: printer.id, state: 'on_fire' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(await ask('printer:status', { printerId: printer.id, state: 'paper_out' }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await ask('sync:request'))).toBe('VALIDATION_FAILED');
    // Nothing of the other agent's job or printer changed.
    expect(await jobsOf(ticket.id)).toEqual([{ state: 'printed', reason: null, uncertain: 0 }]);
  });
});

describe('the console’s rules for printers behind an agent', () => {
  it('only an administrator chooses the agent, which must be a print agent of the office; a used agent is not deleted', async () => {
    const agent = await addAgent();
    const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
    const body = {
      name: 'Drukarka',
      connection: 'tcp://192.168.1.50:9100',
      codePage: 'cp852',
      paperWidth: 80,
    } as const;
    const notAgent = await t.request('admin', 'POST', '/api/admin/printers', { ...body, agentId: kiosk.id });
    expect(notAgent.statusCode).toBe(400);
    expect(notAgent.json().error).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'agentId' } });
    const ok = await t.request('admin', 'POST', '/api/admin/printers', { ...body, agentId: agent.id });
    expect(ok.statusCode).toBe(201);
    const id = ok.json<Printer>().id;
    const bySupervisor = await t.request('supervisor', 'PATCH', `/api/admin/printers/${id}`, {
      agentId: null,
    });
    expect(bySupervisor.statusCode).toBe(403);
    const removed = await t.request('admin', 'DELETE', `/api/admin/devices/${agent.id}`);
    expect(removed.statusCode).toBe(409);
    expect(removed.json().error).toMatchObject({ code: 'IN_USE', params: { reason: 'assigned', count: 1 } });
  });
});

/** The agent as its own process (`npm run print-agent`), ready once the server gave it its printers. */
function runAgent(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', AGENT_MAIN], { cwd: ROOT, env, stdio: 'pipe' });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not get ready:\n${out}`)), 20_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready: printing for the server')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, ready, exited };
}
