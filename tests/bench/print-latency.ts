/**
 * Printing benchmark: the time from a kiosk's POST /api/tickets to the last byte of its ticket
 * at a fake Epson printer over real TCP (status checked before the job, as always), and the
 * gzip size of each app's JavaScript.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FakePrinter } from '@numerek/hardware';
import { createTestApp } from '@numerek/server/testing';
import { summarize, type LatencySummary } from './stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PrintLatencyResult {
  tickets: number;
  latency: LatencySummary;
}

/** Issues `count` tickets one after another from a kiosk whose printer is a fake on loopback. */
export async function measurePrintLatency(count = 200, warmup = 20): Promise<PrintLatencyResult> {
  const t = await createTestApp();
  const fake = await FakePrinter.start('ok');
  try {
    const printer = await t.request('admin', 'POST', '/api/admin/printers', {
      name: 'Bench',
      connection: fake.connection,
      codePage: 'cp852',
      paperWidth: 80,
    });
    const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json() as { id: string };
    await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
      printerId: (printer.json() as { id: string }).id,
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/tickets`;
    const headers = { ...t.headers('kiosk'), 'content-type': 'application/json' };
    const categories = Object.values(t.category).filter((_, i) => i !== 4); // F keeps weekday hours
    const samples: number[] = [];
    for (let i = 0; i < warmup + count; i++) {
      const printed = fake.nextJob(5000);
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ categoryId: categories[i % categories.length] }),
      });
      if (res.status !== 201) throw new Error(`issue answered ${res.status}: ${await res.text()}`);
      await printed;
      if (i >= warmup) samples.push(performance.now() - started);
    }
    return { tickets: count, latency: summarize(samples) };
  } finally {
    await t.close();
    await fake.close();
  }
}

/** Gzip size of an app's built JavaScript (builds it when there is no build yet). */
export function appScriptGzipBytes(app: 'kiosk' | 'display' | 'counter'): number {
  const assets = path.join(ROOT, app, 'dist', 'assets');
  if (!existsSync(assets))
    execFileSync('npm', ['run', 'build', `--workspace=@numerek/${app}`], { cwd: ROOT, stdio: 'ignore' });
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
}
