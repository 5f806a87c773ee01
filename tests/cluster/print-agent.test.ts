import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeEscPos, FakePrinter } from '@numerek/hardware';
import { obtainToken, pairingCodeOf, PrintAgent } from '@numerek/print-agent';
import { createTestApp, type TestApp } from '@numerek/server/testing';
import { startNode, type TestNode } from '@numerek/server/testing/nodes';
import { newDatabase } from '@numerek/server/testing/postgres';
import type { IssuedTicket, Printer } from '@numerek/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../realtime/support.ts';

/**
 * A print agent connects to one node of a central installation; a kiosk's ticket may be issued
 * through any other. The job's facts travel through the outbox (docs/decisions/0021-several-nodes.md),
 * so the agent's node hears of the job, and the issuing node of its outcome, from the database.
 */

const FAST = { statusTimeoutMs: 400, reconnectDelayMs: { initial: 50, max: 200 } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a print agent on several nodes', () => {
  let a: TestApp;
  let b: TestNode;
  let fake: FakePrinter;
  let dataDir: string;
  let agent: PrintAgent | null = null;

  beforeAll(async () => {
    a = await createTestApp({
      target: { engine: 'postgres', url: await newDatabase() },
      printerFactory: () => {
        throw new Error('no printer is driven from the server here');
      },
    });
    b = await startNode(a);
    fake = await FakePrinter.start('ok');
    dataDir = mkdtempSync(path.join(tmpdir(), 'numerek-agent-'));
  });
  afterAll(async () => {
    await agent?.close();
    await b?.close();
    await a?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a ticket issued through node A prints once through an agent connected to node B, which hears of the job from the database', async () => {
    const created = await a.request('admin', 'POST', '/api/admin/devices', {
      kind: 'print-agent',
      name: 'Komputer w holu',
    });
    expect(created.statusCode).toBe(201);
    const { id: agentId, pairingUrl } = created.json<{ id: string; pairingUrl: string }>();
    const added = await a.request('admin', 'POST', '/api/admin/printers', {
      name: 'Drukarka w holu',
      connection: fake.connection,
      codePage: 'cp852',
      paperWidth: 80,
      maxJobAgeSeconds: 30,
      agentId,
    });
    expect(added.statusCode).toBe(201);
    const printer = added.json<Printer>();
    const kiosk = (await a.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
    const assigned = await a.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
      printerId: printer.id,
    });
    expect(assigned.statusCode).toBe(200);

    const baseB = await listen(b.app);
    const token = await obtainToken({ url: baseB, dir: dataDir, code: pairingCodeOf(pairingUrl) });
    agent = new PrintAgent({ url: baseB, token, dataDir, allowLocal: true, printerOptions: FAST });
    const ready = new Promise<void>((resolve) => agent?.onReady(resolve));
    agent.start();
    await ready;

    // What each node hears of the job: B the new job that A stored, A the outcome that B stored.
    const queuedOnB: Array<{ jobId: string; remote: boolean }> = [];
    const settledOnA: Array<{ jobId: string; remote: boolean }> = [];
    b.app.services.bus.subscribe('print-job.queued', (e, m) =>
      queuedOnB.push({ jobId: e.jobId, remote: m.remote }),
    );
    a.app.services.bus.subscribe('print-job.settled', (e, m) =>
      settledOnA.push({ jobId: e.jobId, remote: m.remote }),
    );

    const issued = await a.request('kiosk', 'POST', '/api/tickets', { categoryId: a.category.A });
    expect(issued.statusCode).toBe(201);
    const ticket = issued.json<IssuedTicket>();
    expect(ticket.print).toEqual({ state: 'printed', reason: null });
    expect(fake.jobs).toHaveLength(1);
    expect(decodeEscPos(fake.jobs[0] ?? new Uint8Array()).text).toContain(ticket.code);

    const jobs = await a.db.all<{ id: string; state: string }>(
      'SELECT id, state FROM print_jobs WHERE ticket_id = ?',
      [ticket.id],
    );
    expect(jobs).toEqual([{ id: expect.any(String) as string, state: 'printed' }]);
    const jobId = jobs[0]?.id;
    expect(queuedOnB).toEqual([{ jobId, remote: true }]);
    await expect.poll(() => settledOnA).toEqual([{ jobId, remote: true }]);

    // Either node answers the kiosk's question about the print, and nothing prints again.
    const asked = await b.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/print`,
      headers: a.headers('kiosk'),
    });
    expect(asked.json()).toEqual({ state: 'printed', reason: null });
    await sleep(1500);
    expect(fake.jobs).toHaveLength(1);
  });

  it('a kiosk’s retry on node B prints a ticket once when node A stored it and died before storing its print job', async () => {
    // Node A "dies" between the ticket's commit and its print job: its print never starts.
    const printing = (a.app.services.tickets as unknown as { printing: { printTicket: unknown } }).printing;
    const real = printing.printTicket;
    printing.printTicket = () => new Promise(() => undefined);
    const key = 'node-died-before-the-print-job';
    const send = (app: TestApp['app']) =>
      app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: { ...a.headers('kiosk'), 'idempotency-key': key },
        payload: { categoryId: a.category.R },
      });
    try {
      const before = fake.jobs.length;
      const first = send(a.app);
      const stored = async () =>
        a.db.value('SELECT count(*) FROM idempotency_keys WHERE key = ?', [key]).then(Number);
      await expect.poll(stored).toBe(1);
      // The kiosk lost the answer and asks node B with the same key.
      const retry = await send(b.app);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const ticket = retry.json<IssuedTicket>();
      expect(ticket.print).toEqual({ state: 'printed', reason: null });
      expect(fake.jobs).toHaveLength(before + 1);
      expect(decodeEscPos(fake.jobs.at(-1) ?? new Uint8Array()).text).toContain(ticket.code);
      // Asked again, on either node: the print is stored now, and nothing prints again.
      const again = await send(b.app);
      expect(again.json<IssuedTicket>().print.state).toBe('printed');
      await sleep(500);
      expect(fake.jobs).toHaveLength(before + 1);
      void first;
    } finally {
      printing.printTicket = real;
    }
  });
});
