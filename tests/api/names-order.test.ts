import { createTestApp, type TestApp } from '@numerek/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Lists that people read are in the order they expect, the same on SQLite (which sorts text by its
 * bytes) and on PostgreSQL (by the database's collation): Polish alphabetical, numbers by value.
 */

const NAMES = ['Zielony ekran', 'TV 10', 'łazienka', 'Lampa', 'TV 2', 'Ćma'];
const EXPECTED = ['Ćma', 'Lampa', 'łazienka', 'TV 2', 'TV 10', 'Zielony ekran'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the order of names in the console’s lists', () => {
  it('lists an office’s devices by kind, then by name in Polish alphabetical order with numbers by value', async () => {
    for (const name of NAMES) {
      const res = await t.request('supervisor', 'POST', '/api/admin/devices', { kind: 'display', name });
      expect(res.statusCode, res.body).toBe(201);
    }
    const listed = (await t.request('supervisor', 'GET', '/api/admin/devices')).json<
      Array<{ kind: string; name: string }>
    >();
    expect(listed.filter((d) => NAMES.includes(d.name)).map((d) => d.name)).toEqual(EXPECTED);
    const kinds = listed.map((d) => d.kind);
    expect(kinds).toEqual([...kinds].sort());
  });

  it('lists an office’s printers by name in Polish alphabetical order with numbers by value', async () => {
    for (const [i, name] of NAMES.entries()) {
      const res = await t.request('admin', 'POST', '/api/admin/printers', {
        name,
        connection: `tcp://127.0.0.1:${9100 + i}`,
        codePage: 'cp852',
        paperWidth: 80,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const listed = (await t.request('supervisor', 'GET', '/api/admin/printers')).json<
      Array<{ name: string }>
    >();
    expect(listed.filter((p) => NAMES.includes(p.name)).map((p) => p.name)).toEqual(EXPECTED);
  });
});
